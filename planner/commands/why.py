"""``planner why SCENARIO OFFICIAL SEAT``: why can't this official hold this seat?

The question a planner asks when a name they expected is missing from every plan. The answer
comes from :func:`planner.rules.plain.why`, the plain statement of the rules, never from a solver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import Overrides, overrides_options
from planner.errors import BadInput, Problem
from planner.i18n import N_, _
from planner.inputs.consistency import load_checked
from planner.outputs.printable import printable
from planner.rules.plain import RuleContext
from planner.rules.plain import why as reasons_why

HELP = N_("Say every rule that keeps OFFICIAL out of SEAT (or that nothing does).")


def why(
    scenario: Annotated[Path, typer.Argument(help=N_("scenario.toml (or a previous run.json)"))],
    official: Annotated[str, typer.Argument(help=N_("official_id"))],
    seat: Annotated[str, typer.Argument(help=N_("seat_id"))],
    target: Overrides.TARGET = None,
    set_: Overrides.SET = None,
) -> None:
    """Say every rule that keeps OFFICIAL out of SEAT (or that nothing does)."""
    targets, sets = overrides_options(target, set_)
    loaded, dataset, tree = load_checked(scenario, targets=targets, sets=sets)
    ctx = RuleContext.build(loaded, dataset, tree)
    problems = []
    if official not in ctx.everyone:
        problems.append(
            Problem(
                "officials.csv",
                None,
                "official_id",
                _("unknown official {official}").format(official=repr(official)),
            )
        )
    if seat not in {s.seat_id for s in dataset.seats}:
        problems.append(
            Problem("seats.csv", None, "seat_id", _("unknown seat {seat}").format(seat=repr(seat)))
        )
    if problems:
        raise BadInput(problems)
    person = ctx.everyone[official]
    reasons = reasons_why(ctx, official, seat)
    if not reasons:
        typer.echo(
            _(
                "{name} ({official}) may hold seat {seat}: no rule of this pair forbids it "
                "(targets, kinship and caps depend on the whole plan)."
            ).format(name=person.name, official=official, seat=seat)
        )
        return
    typer.echo(
        _("{name} ({official}) may not hold seat {seat}:").format(
            name=printable(person.name), official=official, seat=seat
        )
    )
    for reason in reasons:
        typer.echo(f"  - {reason}")
