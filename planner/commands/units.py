"""``planner units --province NAME --era 2025|2023 [--with-former] --out FILE`` (contract
section 12): the real administrative tree, with coordinates, from the official list.

Needs the optional extra ``pip install -e '.[geo]'``; without it the command says so (exit 2).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from planner.domain.words import level_word
from planner.errors import BadInput, Problem
from planner.geo.files import check_target, write_whole
from planner.i18n import N_, _
from planner.outputs.files import write_csv

HELP = N_("Write the administrative tree of a province (or the country) as units.csv.")


def units(
    province: Annotated[
        str,
        typer.Option(
            "--province", help=N_('a province or city, e.g. "Hà Nội", "ha noi", "HN"; or "all"')
        ),
    ],
    era: Annotated[
        str, typer.Option("--era", help=N_("2023 (before 1 July 2025, with districts) or 2025"))
    ],
    out: Annotated[Path, typer.Option("--out", help=N_("the units.csv to write"))],
    with_former: Annotated[
        bool,
        typer.Option(
            "--with-former", help=N_("(era 2025) add the former communes under their new units")
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("replace an existing file"))] = False,
) -> None:
    """Write the administrative tree of a province (or the country) as units.csv."""
    from planner.geo import source
    from planner.geo.units import COLUMNS, build_units

    if era not in source.ERAS:
        raise BadInput(
            Problem("--era", None, None, _("expected 2023 or 2025, not {era!r}").format(era=era))
        )
    check_target(out, force)
    rows = build_units(province, era, with_former)
    write_whole(out, lambda path: write_csv(path, COLUMNS, (row.cells() for row in rows)))
    counts = Counter((row.level, row.status) for row in rows)
    summary = ", ".join(
        (_("{level}: {n:,}") if status == "current" else _("{level} (former): {n:,}")).format(
            n=n, level=level_word(level)
        )
        for (level, status), n in counts.items()
    )
    typer.echo(
        _("{path}: {summary}; era {era}, from {source}").format(
            path=out, summary=summary, era=era, source=source.source_note()
        )
    )
