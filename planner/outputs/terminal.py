"""What a planner reads on the terminal after a solve: ten seconds, no scrolling for the gist.

Per plan the cost and its parts; per group today's and plan 1's non-local count against the
target; plan 1's moves as "who: from → to".
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from planner.outputs.printable import printable
from planner.outputs.tables import group_rows, holdings, moves, released
from planner.solve.plan import Plan
from planner.solve.problem import PlanningProblem
from planner.solve.strategy import Progress

MAX_MOVES_SHOWN = 40


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
        f"{printable(scenario.name)} — as of {scenario.as_of.isoformat()}: "
        f"{len(problem.seats)} seats in {len(problem.groups)} group(s), "
        f"{len(problem.officials)} officials",
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
                plan.status,
                bound,
            ]
        )
    lines += text_table(
        ["plan", "cost", "changes", "km", "preference", "vacancies", "status", "bound"], rows
    )
    if asked and len(plans) < asked:
        why = (
            "no further plan differs enough from these"
            if exhausted
            else "time ran out before more were found"
        )
        lines.append(f"{len(plans)} of {asked} plans: {why}.")
    first = plans[0]
    held = holdings(problem, first)
    lines += ["", "Non-local holders per group (today → plan 1, required):"]
    grows = []
    for g in group_rows(problem, first, held):
        ok = "ok" if g["nonlocal_after"] >= g["required"] else "SHORT"
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
    lines += text_table(["group", "seats", "today", "plan 1", "required", "changes", ""], grows)
    plan_moves = moves(problem, first)
    lines += ["", f"Plan 1 moves ({len(plan_moves)}):"]
    for who, origin, target in plan_moves[:MAX_MOVES_SHOWN]:
        lines.append(f"  {printable(who)}: {printable(origin)} → {printable(target)}")
    if len(plan_moves) > MAX_MOVES_SHOWN:
        lines.append(f"  … and {len(plan_moves) - MAX_MOVES_SHOWN} more (see plans.csv)")
    gone = released(problem, first)
    if gone:
        lines.append(f"Released for other duties in plan 1: {len(gone)} (see released.csv)")
    for warning in problem.warnings:
        lines.append(f"Warning: {warning}")
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
        best = f" · best cost {p.best:g}" if p.best is not None else ""
        bound = f" · bound {p.bound:g}" if p.bound is not None else ""
        unit = "parts solved" if p.phase == "plan 1" else "plans ranked"
        sys.stderr.write(f"\r{p.phase}: {p.done}/{p.total} {unit}{best}{bound}   ")
        if p.done >= p.total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
