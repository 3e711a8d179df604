"""``planner generate KIND DIR``: a synthetic, ready-to-run scenario folder (seeded).

The same generator as ``python -m planner.generate``; without ``--seed`` a bundled kind uses its
bundled seed, so the bundled scenarios can be regenerated exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.errors import BadInput, Problem
from planner.generate.presets import KINDS
from planner.i18n import N_, _

HELP = N_("Generate a synthetic scenario folder (data/*.csv and scenario.toml).")
#: values of the help texts' fields (planner.cli formats them after translating)
HELP_FIELDS = {"kinds": ", ".join(KINDS)}


def generate(
    kind: Annotated[str, typer.Argument(help=N_("which preset: {kinds}"))],
    out_dir: Annotated[Path, typer.Argument(help=N_("folder to write (must not exist yet)"))],
    seed: Annotated[
        int | None,
        typer.Option("--seed", help=N_("random seed (default: the kind's bundled seed)")),
    ] = None,
    scale: Annotated[
        float, typer.Option("--scale", help=N_("multiply every group's commune count, e.g. 0.1"))
    ] = 1.0,
    check: Annotated[
        bool, typer.Option("--check", help=N_("also print each group's reachable share"))
    ] = False,
) -> None:
    """Generate a synthetic scenario folder (data/*.csv and scenario.toml)."""
    if kind not in KINDS:
        raise BadInput(
            Problem(
                "KIND",
                None,
                None,
                _("unknown kind {kind!r}; one of: {kinds}").format(
                    kind=kind, kinds=", ".join(KINDS)
                ),
            )
        )
    if out_dir.exists() and any(out_dir.iterdir()) if out_dir.is_dir() else out_dir.exists():
        raise BadInput(
            Problem(
                str(out_dir),
                None,
                None,
                _("already exists and is not empty; nothing was written. Choose a new folder"),
            )
        )
    from planner.generate.__main__ import main as generate_main  # pandas: only when it runs

    argv = [kind, str(out_dir), "--scale", repr(scale)]
    if seed is not None:
        argv += ["--seed", str(seed)]
    if check:
        argv.append("--check")
    raise typer.Exit(generate_main(argv))
