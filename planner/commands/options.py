"""Options shared by the commands that run a scenario (contract section 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.i18n import N_

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
) -> tuple[list[str], list[str]]:
    sets = list(set_ or [])
    if pins is not None:
        sets.append(f"pins={str(pins.resolve())!r}".replace("'", '"'))
    return list(target or []), sets


def solve_overrides(
    *, plans: int | None = None, time_limit: float | None = None, seed: int | None = None
) -> list[str]:
    out = []
    if plans is not None:
        out.append(f"plans.count={plans}")
    if time_limit is not None:
        out.append(f"plans.time_limit_s={time_limit}")
    if seed is not None:
        out.append(f"plans.seed={seed}")
    return out
