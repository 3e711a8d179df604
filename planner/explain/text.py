"""The explanation as a planner reads it on the terminal: short sentences, their own names."""

from __future__ import annotations

from models.engines import Status
from models.families import Family
from planner.domain.words import role_title, rule_name
from planner.explain.explanation import Explanation, Lever, Reach
from planner.explain.words import family_phrase, percent
from planner.i18n import _, ngettext
from planner.outputs.status import plan_quality
from planner.solve.problem import PlanningProblem


def _short_line(r: Reach) -> str:
    fields = {
        "group": r.name,
        "ratio": percent(r.ratio),
        "reachable": r.max_reachable,
        "seats": r.seats,
        "required": r.required,
    }
    if r.role is None:
        line = _(
            "{group} cannot reach {ratio}: at most {reachable} of {seats} seats can go to "
            "non-locals ({required} required)."
        ).format(**fields)
    else:
        line = _(
            "{group}, {role} seats, cannot reach {ratio}: at most {reachable} of {seats} {role} "
            "seats can go to non-locals ({required} required)."
        ).format(role=role_title(r.role), **fields)
    if not r.proven:
        line += " " + _(
            "(Time ran out before this was proven: {reachable} is an upper bound; the best plan "
            "found has {best}.)"
        ).format(reachable=r.max_reachable, best=r.best_found if r.best_found is not None else 0)
    return line


def _why(r: Reach) -> str | None:
    facts = []
    if r.local_must_stay:
        facts.append(
            ngettext(
                "{n} seat is held by locals who must stay",
                "{n} seats are held by locals who must stay",
                r.local_must_stay,
            ).format(n=r.local_must_stay)
        )
    if r.no_nonlocal_candidate:
        facts.append(
            ngettext(
                "{n} seat no non-local may take",
                "{n} seats no non-local may take",
                r.no_nonlocal_candidate,
            ).format(n=r.no_nonlocal_candidate)
        )
    if r.nonlocal_candidates < r.required:
        facts.append(
            ngettext(
                "only {n} non-local may take any of these seats",
                "only {n} non-locals may take any of these seats",
                r.nonlocal_candidates,
            ).format(n=r.nonlocal_candidates)
        )
    return _("Why: {facts}.").format(facts="; ".join(facts)) if facts else None


def _headroom_line(r: Reach) -> str:
    role = None if r.role is None else role_title(r.role)
    if r.max_reachable is None:
        if role is None:
            return _("{group} has no plan even without targets.").format(group=r.name)
        return _("{group}, {role} seats, has no plan even without targets.").format(
            group=r.name, role=role
        )
    fields = {
        "group": r.name,
        "reachable": r.max_reachable,
        "seats": r.seats,
        "share": percent(round(r.max_ratio or 0.0, 4)),
        "ratio": percent(r.ratio),
        "required": r.required,
        "highest": f"{r.highest_target:g}",
    }
    if role is None:
        line = _(
            "{group}: up to {reachable} of {seats} seats ({share}); target {ratio} needs "
            "{required}; highest target it can take: {highest}."
        ).format(**fields)
    else:
        line = _(
            "{group}, {role} seats: up to {reachable} of {seats} {role} seats ({share}); target "
            "{ratio} needs {required}; highest target it can take: {highest}."
        ).format(role=role, **fields)
    if not r.proven:
        line += " " + _("(Upper bound: time ran out before it was proven.)")
    return line


def _lever_line(lever: Lever) -> str:
    if lever.outcome == "plan":
        sure = plan_quality(Status.OPTIMAL if lever.proven else Status.FEASIBLE)
        changes = lever.changes or 0
        if lever.vacancies:
            return _(
                "{options}: gives a plan, cost {cost} ({changes}, {vacancies}; {quality})."
            ).format(
                options=lever.command_line,
                cost=lever.cost,
                changes=ngettext("{n} change", "{n} changes", changes).format(n=changes),
                vacancies=ngettext("{n} vacancy", "{n} vacancies", lever.vacancies).format(
                    n=lever.vacancies
                ),
                quality=sure,
            )
        return _("{options}: gives a plan, cost {cost} ({changes}; {quality}).").format(
            options=lever.command_line,
            cost=lever.cost,
            changes=ngettext("{n} change", "{n} changes", changes).format(n=changes),
            quality=sure,
        )
    words = {
        "no_plan": _("{options}: still no plan."),
        "unknown": _("{options}: no plan found in the time left."),
        "not_checked": _("{options}: not checked (no time left)."),
    }
    text = words.get(lever.outcome)
    if text is None:
        return f"{lever.command_line}: {lever.outcome}"
    return text.format(options=lever.command_line)


def render_text(explanation: Explanation, problem: PlanningProblem) -> str:
    """The same facts as ``infeasibility.json``, in plain words."""
    e = explanation
    name = e.scenario or problem.scenario.name
    lines: list[str] = []
    if e.status == "feasible":
        lines.append(
            _('"{scenario}" has a plan: every rule and every target can be met.').format(
                scenario=name
            )
        )
        lines.append("")
        lines.append(
            _(
                "Headroom (the most non-local holders each target could have on its own, "
                "every other rule kept):"
            )
        )
        lines += [f"  - {_headroom_line(r)}" for r in e.reach]
        if any(r.shared for r in e.reach):
            lines.append(
                _(
                    "Targets that share seats or officials compete for them, so they may "
                    "not all reach these at once."
                )
            )
    else:
        if e.status == "unknown":
            lines.append(
                _('Could not decide in the time given whether "{scenario}" has a plan.').format(
                    scenario=name
                )
            )
        else:
            lines.append(_('"{scenario}" has no plan that keeps every rule.').format(scenario=name))
        lines += _infeasible_lines(e, problem)
    if e.notes:
        lines.append("")
        lines += [_("Note: {note}.").format(note=note) for note in e.notes]
    return "\n".join(lines) + "\n"


def _infeasible_lines(e: Explanation, problem: PlanningProblem) -> list[str]:
    lines: list[str] = []
    if e.groups:
        lines.append("")
        lines.append(
            _(
                "Targets that cannot be reached (the most non-locals any plan can have "
                "when no target is enforced but every other rule holds):"
            )
        )
        for r in e.groups:
            lines.append(f"  - {_short_line(r)}")
            why = _why(r)
            if why:
                lines.append(f"    {why}")
    if e.unplannable:
        names = sorted({r.name for r in e.unplannable})
        lines.append("")
        lines.append(
            _("No plan exists even without targets for: {groups}.").format(groups=", ".join(names))
        )
    families = e.conflict_families
    if families:
        lines.append("")
        lines.append(
            _("Rules that conflict (relaxing any one of them would remove the conflict):")
            if all(c.minimal for c in e.conflicts)
            else _("Rules that conflict:")
        )
        lines += [f"  - {family_phrase(f, problem)}" for f in families]
        if len(e.conflicts) > 1:
            for c in e.conflicts:
                lines.append(
                    "    "
                    + _("in {groups}: {rules}").format(
                        groups=", ".join(problem.tree.name_of(g) for g in c.group_ids),
                        rules=", ".join(rule_name(f.label) for f in c.families),
                    )
                )
        if Family.TARGET in families and not e.groups and not e.unplannable:
            lines.append(
                "  "
                + _(
                    "Each target can be reached on its own, but not all at once: they "
                    "compete for the same officials."
                )
            )
        elif Family.TARGET not in families and e.status == "infeasible":
            lines.append(
                "  " + _("The targets are not the cause: there is no plan even without them.")
            )
    said = {(r.group_id, r.role) for r in e.groups}  # their "Why" line says it already
    causes = [
        c
        for c in e.causes
        if c.kind != "local_must_stay" or (c.group_id, c.details.get("role")) not in said
    ]
    if causes:
        lines.append("")
        lines.append(_("Found in the data:"))
        lines += [f"  - {c.message}" for c in causes]
    if e.levers:
        lines.append("")
        lines.append(_("What would give a plan (each change checked by solving again):"))
        lines += [f"  - {_lever_line(lever)}" for lever in e.levers]
    elif e.status == "infeasible" and families:
        lines.append("")
        lines.append(
            _(
                "No scenario setting relaxes these rules; the data behind them (planning "
                "lists, qualifications, pins, ...) would have to change."
            )
        )
    return lines
