"""What a planner reads on the terminal after a solve: ten seconds, no scrolling for the gist.

Per plan the cost and its parts; per group today's and plan 1's non-local count against the
target; plan 1's moves as "who: from → to".
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table

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
    """Columns aligned for a terminal (numbers to the right, text to the left), drawn by rich
    as plain text so that it also reads in a log file or a pasted e-mail."""
    numeric = [
        bool(rows) and all(r[i][:1].isdigit() or r[i][:1] == "-" or not r[i] for r in rows)
        for i in range(len(headers))
    ]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for header, right in zip(headers, numeric, strict=True):
        table.add_column(header, justify="right" if right else "left", no_wrap=True)
    for r in rows:
        table.add_row(*r)
    console = Console(width=10_000, record=True, color_system=None, file=io.StringIO())
    console.print(table)
    return [line.rstrip() for line in console.export_text().splitlines() if line.strip()]


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
    """A live progress bar on stderr while solving (rich; only on a terminal, drawn at most 4
    times a second, without a background thread, and gone when the phase is complete)."""
    enabled = sys.stderr.isatty() if enabled is None else enabled
    bar = RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[extra]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
        disable=not enabled,
    )
    state: dict[str, Any] = {"task": None, "phase": None, "last": 0.0}

    def show(p: Progress) -> None:
        if not enabled:
            return
        phase = _(PHASE_WORDS[p.phase]) if p.phase in PHASE_WORDS else p.phase
        unit = _("parts solved") if p.phase == "plan 1" else _("plans ranked")
        best = _("best cost {cost}").format(cost=f"{p.best:g}") if p.best is not None else ""
        bound = _("bound {bound}").format(bound=f"{p.bound:g}") if p.bound is not None else ""
        extra = " · ".join(x for x in (best, bound) if x)
        if state["phase"] != p.phase:
            if state["task"] is None:
                bar.start()
            else:
                bar.remove_task(state["task"])
            state["task"] = bar.add_task(f"{phase} ({unit})", total=p.total, extra=extra)
            state["phase"] = p.phase
        bar.update(state["task"], completed=p.done, total=p.total, extra=extra)
        now = time.time()
        if now - state["last"] >= 0.25 or p.done >= p.total:
            state["last"] = now
            bar.refresh()
        if p.done >= p.total and p.phase != "plan 1":
            bar.stop()
            state["task"], state["phase"] = None, None

    return show
