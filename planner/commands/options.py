"""Options shared by the commands that run a scenario (contract section 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.i18n import N_
from planner.inputs.scenario import Override, Setting

OUT_HELP = N_(
    "output folder: created, or replaced when the run is complete if the planner wrote it "
    "before (then its own files are replaced and files you added are kept); an existing "
    "folder the planner did not write, a file, or the scenario's own folder is refused"
)


class Overrides:
    TARGET = Annotated[
        list[str] | None,
        typer.Option("--target", help=N_("R sets target.min_nonlocal_ratio; GROUP=R one group's")),
    ]
    SET = Annotated[
        list[str] | None,
        typer.Option("--set", help=N_("SECTION.KEY=VALUE (TOML value syntax), repeatable")),
    ]
    PINS = Annotated[
        Path | None,
        typer.Option("--pins", help=N_("pins.csv: seat_id, official_id, keep/forbid")),
    ]


def overrides_options(
    target: list[str] | None, set_: list[str] | None, pins: Path | None = None
) -> tuple[list[str], list[Override]]:
    """The user's ``--target`` and ``--set`` texts (parsed by the scenario loader), and
    ``--pins`` as a typed setting."""
    sets: list[Override] = list(set_ or [])
    if pins is not None:
        sets.append(Setting("pins", str(pins.resolve())))
    return list(target or []), sets


def solve_overrides(
    *, plans: int | None = None, time_limit: float | None = None, seed: int | None = None
) -> list[Override]:
    """The solve options as typed settings, checked by the scenario loader like the file."""
    given = {"plans.count": plans, "plans.time_limit_s": time_limit, "plans.seed": seed}
    return [Setting(key, value) for key, value in given.items() if value is not None]
