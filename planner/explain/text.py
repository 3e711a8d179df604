"""The explanation as a planner reads it on the terminal: short sentences, their own names."""

from __future__ import annotations

from models.engines import Status
from models.families import Family
from planner.explain.explanation import Explanation, Lever, Reach
from planner.explain.words import count, family_phrase, percent, role_seats
from planner.outputs.status import plan_quality
from planner.solve.problem import PlanningProblem


def _target_name(r: Reach) -> str:
    return r.name if r.role is None else f"{r.name}, {role_seats(r.role)},"


def _short_line(r: Reach) -> str:
    seats = "seats" if r.role is None else role_seats(r.role)
    line = (
        f"{_target_name(r)} cannot reach {percent(r.ratio)}: at most {r.max_reachable} of "
        f"{r.seats} {seats} can go to non-locals ({r.required} required)."
    )
    if not r.proven:
        line += (
            f" (Time ran out before this was proven: {r.max_reachable} is an upper bound;"
            f" the best plan found has {r.best_found if r.best_found is not None else 0}.)"
        )
    return line


def _why(r: Reach) -> str | None:
    facts = []
    if r.local_must_stay:
        held = "is" if r.local_must_stay == 1 else "are"
        facts.append(f"{count(r.local_must_stay, 'seat')} {held} held by locals who must stay")
    if r.no_nonlocal_candidate:
        facts.append(f"{count(r.no_nonlocal_candidate, 'seat')} no non-local may take")
    if r.nonlocal_candidates < r.required:
        facts.append(
            f"only {count(r.nonlocal_candidates, 'non-local')} may take any of these seats"
        )
    return ("Why: " + "; ".join(facts) + ".") if facts else None


def _headroom_line(r: Reach) -> str:
    seats = "seats" if r.role is None else role_seats(r.role)
    if r.max_reachable is None:
        return f"{_target_name(r)} has no plan even without targets."
    bound = "" if r.proven else " (upper bound; time ran out)"
    ratio = r.max_ratio or 0.0
    return (
        f"{_target_name(r)}: up to {r.max_reachable} of {r.seats} {seats} "
        f"({percent(round(ratio, 4))}){bound}; target {percent(r.ratio)} needs "
        f"{r.required}; highest target it can take: {r.highest_target:g}."
    )


def _lever_line(lever: Lever) -> str:
    if lever.outcome == "plan":
        sure = plan_quality(Status.OPTIMAL if lever.proven else Status.FEASIBLE)
        extra = f", {count(lever.vacancies, 'vacancy', 'vacancies')}" if lever.vacancies else ""
        return (
            f"{lever.command_line}: gives a plan, cost {lever.cost} "
            f"({count(lever.changes or 0, 'change')}{extra}; {sure})."
        )
    words = {
        "no_plan": "still no plan.",
        "unknown": "no plan found in the time left.",
        "not_checked": "not checked (no time left).",
    }
    return f"{lever.command_line}: {words.get(lever.outcome, lever.outcome)}"


def render_text(explanation: Explanation, problem: PlanningProblem) -> str:
    """The same facts as ``infeasibility.json``, in plain words."""
    e = explanation
    name = e.scenario or problem.scenario.name
    lines: list[str] = []
    if e.status == "feasible":
        lines.append(f'"{name}" has a plan: every rule and every target can be met.')
        lines.append("")
        lines.append(
            "Headroom (the most non-local holders each target could have on its own, "
            "every other rule kept):"
        )
        lines += [f"  - {_headroom_line(r)}" for r in e.reach]
        if any(r.shared for r in e.reach):
            lines.append(
                "Targets that share seats or officials compete for them, so they may "
                "not all reach these at once."
            )
    else:
        if e.status == "unknown":
            lines.append(f'Could not decide in the time given whether "{name}" has a plan.')
        else:
            lines.append(f'"{name}" has no plan that keeps every rule.')
        lines += _infeasible_lines(e, problem)
    if e.notes:
        lines.append("")
        lines += [f"Note: {note}." for note in e.notes]
    return "\n".join(lines) + "\n"


def _infeasible_lines(e: Explanation, problem: PlanningProblem) -> list[str]:
    lines: list[str] = []
    if e.groups:
        lines.append("")
        lines.append(
            "Targets that cannot be reached (the most non-locals any plan can have "
            "when no target is enforced but every other rule holds):"
        )
        for r in e.groups:
            lines.append(f"  - {_short_line(r)}")
            why = _why(r)
            if why:
                lines.append(f"    {why}")
    if e.unplannable:
        names = sorted({r.name for r in e.unplannable})
        lines.append("")
        lines.append("No plan exists even without targets for: " + ", ".join(names) + ".")
    families = e.conflict_families
    if families:
        lines.append("")
        lines.append(
            "Rules that conflict (relaxing any one of them would remove the conflict):"
            if all(c.minimal for c in e.conflicts)
            else "Rules that conflict:"
        )
        lines += [f"  - {family_phrase(f, problem)}" for f in families]
        if len(e.conflicts) > 1:
            for c in e.conflicts:
                groups = ", ".join(problem.tree.name_of(g) for g in c.group_ids)
                lines.append(f"    in {groups}: {', '.join(f.label for f in c.families)}")
        if Family.TARGET in families and not e.groups and not e.unplannable:
            lines.append(
                "  Each target can be reached on its own, but not all at once: they "
                "compete for the same officials."
            )
        elif Family.TARGET not in families and e.status == "infeasible":
            lines.append("  The targets are not the cause: there is no plan even without them.")
    said = {(r.group_id, r.role) for r in e.groups}  # their "Why" line says it already
    causes = [
        c
        for c in e.causes
        if c.kind != "local_must_stay" or (c.group_id, c.details.get("role")) not in said
    ]
    if causes:
        lines.append("")
        lines.append("Found in the data:")
        lines += [f"  - {c.message}" for c in causes]
    if e.levers:
        lines.append("")
        lines.append("What would give a plan (each change checked by solving again):")
        lines += [f"  - {_lever_line(lever)}" for lever in e.levers]
    elif e.status == "infeasible" and families:
        lines.append("")
        lines.append(
            "No scenario setting relaxes these rules; the data behind them (planning "
            "lists, qualifications, pins, ...) would have to change."
        )
    return lines
