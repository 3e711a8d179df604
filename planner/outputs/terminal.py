"""What a planner reads on the terminal after a solve: ten seconds, no scrolling for the gist.

Per plan the cost and its parts; per group today's and plan 1's non-local count against the
target; plan 1's moves as "who: from → to".
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from planner.i18n import N_, _, pgettext
from planner.outputs.printable import printable
from planner.outputs.tables import group_rows, holdings, moves, released
from planner.solve.plan import Plan
from planner.solve.problem import PlanningProblem
from planner.solve.strategy import Progress

MAX_MOVES_SHOWN = 40

#: Solver statuses as a person reads them (ranking.csv keeps the words of the contract).
#: The English interface shows the contract's words as they are.
STATUS_WORDS = {
    "OPTIMAL": N_("OPTIMAL"),
    "FEASIBLE": N_("FEASIBLE"),
    "INFEASIBLE": N_("INFEASIBLE"),
    "UNKNOWN": N_("UNKNOWN"),
}

#: The phases of :class:`planner.solve.strategy.Progress`.
PHASE_WORDS = {"plan 1": N_("plan 1"), "ranking": N_("ranking")}


def status_word(status: str) -> str:
    text = STATUS_WORDS.get(status)
    return status if text is None else _(text)


def text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Columns aligned for a terminal: numbers to the right, text to the left."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append(
            "  ".join(
                c.rjust(w) if c[:1].isdigit() or c[:1] == "-" else c.ljust(w)
                for c, w in zip(r, widths, strict=True)
            ).rstrip()
        )
    return out


def summary(
    problem: PlanningProblem, plans: list[Plan], *, exhausted: bool = False, asked: int = 0
) -> str:
    scenario = problem.scenario
    lines = [
        _(
            "{name} — as of {date}: {seats} seats in {groups} group(s), {officials} officials"
        ).format(
            name=printable(scenario.name),
            date=scenario.as_of.isoformat(),
            seats=len(problem.seats),
            groups=len(problem.groups),
            officials=len(problem.officials),
        ),
        "",
    ]
    rows = []
    for plan in plans:
        bound = "" if plan.bound is None or plan.status == "OPTIMAL" else f"{plan.bound:g}"
        rows.append(
            [
                str(plan.rank),
                str(plan.cost),
                str(plan.parts.changes),
                str(plan.parts.distance_km),
                str(plan.parts.preference),
                str(plan.parts.vacancies),
                status_word(plan.status),
                bound,
            ]
        )
    lines += text_table(
        [
            _("plan"),
            _("cost"),
            _("changes"),
            _("km"),
            _("preference"),
            _("vacancies"),
            _("status"),
            _("bound"),
        ],
        rows,
    )
    if asked and len(plans) < asked:
        why = (
            _("no further plan differs enough from these")
            if exhausted
            else _("time ran out before more were found")
        )
        lines.append(_("{n} of {asked} plans: {why}.").format(n=len(plans), asked=asked, why=why))
    first = plans[0]
    held = holdings(problem, first)
    lines += ["", _("Non-local holders per group (today → plan 1, required):")]
    grows = []
    for g in group_rows(problem, first, held):
        ok = _("ok") if g["nonlocal_after"] >= g["required"] else _("SHORT")
        grows.append(
            [
                printable(g["group_name"]),
                str(g["seats"]),
                str(g["nonlocal_before"]),
                str(g["nonlocal_after"]),
                str(g["required"]),
                str(g["changes"]),
                ok,
            ]
        )
    lines += text_table(
        [
            _("group"),
            _("seats"),
            _("today"),
            _("plan 1"),
            pgettext("count", "required"),
            _("changes"),
            "",
        ],
        grows,
    )
    plan_moves = moves(problem, first)
    lines += ["", _("Plan 1 moves ({n}):").format(n=len(plan_moves))]
    for who, origin, target in plan_moves[:MAX_MOVES_SHOWN]:
        lines.append(f"  {printable(who)}: {printable(origin)} → {printable(target)}")
    if len(plan_moves) > MAX_MOVES_SHOWN:
        more = len(plan_moves) - MAX_MOVES_SHOWN
        lines.append("  " + _("… and {n} more (see plans.csv)").format(n=more))
    gone = released(problem, first)
    if gone:
        lines.append(
            _("Released for other duties in plan 1: {n} (see released.csv)").format(n=len(gone))
        )
    for warning in problem.warnings:
        lines.append(_("Warning: {warning}").format(warning=warning))
    return "\n".join(lines)


def progress_printer(enabled: bool | None = None) -> Callable[[Progress], None]:
    """A one-line live display on stderr (only on a terminal, at most 4 updates a second)."""
    enabled = sys.stderr.isatty() if enabled is None else enabled
    last = [0.0]

    def show(p: Progress) -> None:
        if not enabled:
            return
        now = time.time()
        if now - last[0] < 0.25 and p.done < p.total:
            return
        last[0] = now
        best = (
            " · " + _("best cost {cost}").format(cost=f"{p.best:g}") if p.best is not None else ""
        )
        bound = (
            " · " + _("bound {bound}").format(bound=f"{p.bound:g}") if p.bound is not None else ""
        )
        unit = _("parts solved") if p.phase == "plan 1" else _("plans ranked")
        phase = _(PHASE_WORDS[p.phase]) if p.phase in PHASE_WORDS else p.phase
        sys.stderr.write(f"\r{phase}: {p.done}/{p.total} {unit}{best}{bound}   ")
        if p.done >= p.total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
