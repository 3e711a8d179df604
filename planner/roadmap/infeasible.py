"""No roadmap (contract section 10): which batches and groups fall short, by how much, and
which levers would give one.

For every batch of a part with no roadmap and every target there, section 7's maximum: the
most non-local holders that batch can have when no target of any batch is enforced but every
other rule of every batch holds. The levers are checked by solving the roadmap again: one
more batch (in the longest gap between dates), a final date a year later, and no
intermediate ramp (``ramp = "none"``). :func:`render_text` says the same as the file, in the
reader's language (the file keeps the contract's codes and English lever names).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np

from models.engines import Status
from planner.domain.words import lever_words, ramp_words, role_title, rule_name
from planner.i18n import _
from planner.roadmap.run import JointResult, Setup, max_reachable, solve_joint, with_roadmap
from planner.roadmap.table import Roadmap


def shortfalls(
    setup: Setup, result: JointResult, *, engine: str, time_limit_s: float
) -> list[dict[str, Any]]:
    """Per batch, the targets that cannot be met, with their maxima."""
    joint = setup.joint
    seat_index = {s: i for i, s in enumerate(setup.stay_problems[0].seat_ids)}
    stuck = np.concatenate(result.infeasible_parts) if result.infeasible_parts else np.zeros(0)
    out = []
    deadline = time.perf_counter() + time_limit_s
    for k, day in enumerate(setup.dates):
        groups = []
        for t in setup.targets:
            seats = np.array([seat_index[s] for s in t.seat_ids], dtype=np.int64)
            if not np.isin(seats, stuck).any() or t.required[k] <= 0:
                continue
            part = next(p for p in result.infeasible_parts if np.isin(seats, p).any())
            best = max_reachable(
                joint,
                k,
                seats,
                part=part,
                engine=engine,
                time_limit_s=max(deadline - time.perf_counter(), 1.0),
            )
            if best is None or best < t.required[k]:
                groups.append(
                    {
                        "group_id": t.group_id,
                        "role": t.role,
                        "seats": len(t.seat_ids),
                        "required": t.required[k],
                        "max_reachable": best,
                    }
                )
        if groups:
            out.append({"batch": k + 1, "date": day.isoformat(), "groups": groups})
    return out


def levers(setup: Setup, *, engine: str, time_limit_s: float) -> list[dict[str, Any]]:
    """Each lever with the roadmap it tries and whether that roadmap exists (solved again)."""
    roadmap = setup.roadmap
    dates = [setup.scenario.as_of, *roadmap.batches]
    gaps = [(b - a, i) for i, (a, b) in enumerate(itertools.pairwise(dates))]
    _gap, widest = max(gaps)
    middle = dates[widest] + (dates[widest + 1] - dates[widest]) / 2
    tries = []
    if middle not in roadmap.batches and middle > setup.scenario.as_of:
        tries.append(
            ("one more batch", Roadmap(tuple(sorted({*roadmap.batches, middle})), roadmap.ramp))
        )
    later = roadmap.batches[-1] + timedelta(days=365)
    tries.append(("a later final date", Roadmap((*roadmap.batches[:-1], later), roadmap.ramp)))
    if roadmap.ramp != "none" and len(roadmap.batches) > 1:
        tries.append(("a lower intermediate ramp", replace(roadmap, ramp="none")))
    out = []
    share = time_limit_s / max(len(tries), 1)
    for name, candidate in tries:
        variant = with_roadmap(setup, candidate)
        result = solve_joint(variant.joint, engine=engine, time_limit_s=share)
        out.append(
            {
                "lever": name,
                "batches": [d.isoformat() for d in candidate.batches],
                "ramp": candidate.ramp,
                "feasible": result.status in (Status.OPTIMAL, Status.FEASIBLE),
                "status": str(result.status),
                "total_cost": result.cost,
            }
        )
    return out


def conflicts(setup: Setup, *, engine: str, time_limit_s: float) -> list[str]:
    """The rule families that, relaxed alone, give a roadmap (always with ``target``)."""
    joint = setup.joint
    out = ["target"]
    relaxed = {
        "tenure": replace(joint, stay=np.zeros_like(joint.stay)),
        "batch_cap": replace(joint, max_changes_per_group=0),
        "one_new_head": replace(joint, one_new_head_per_unit=False),
    }
    share = time_limit_s / len(relaxed)
    for family, variant in relaxed.items():
        if (
            variant is joint
            or (family == "batch_cap" and joint.max_changes_per_group == 0)
            or (family == "one_new_head" and not joint.one_new_head_per_unit)
        ):
            continue
        if family == "tenure" and not joint.stay.any():
            continue
        result = solve_joint(variant, engine=engine, time_limit_s=share)
        if result.status in (Status.OPTIMAL, Status.FEASIBLE):
            out.append(family)
    return out


def _who(setup: Setup, group_id: str, role: str | None) -> str:
    name = setup.stay_problems[0].tree.name_of(group_id)
    return name if role is None else f"{name}, {role_title(role)}"


def render_text(data: dict[str, Any], setup: Setup) -> str:
    """The no-roadmap answer (the ``infeasibility.json`` object ``data``) in plain words."""
    lines = [_("No roadmap reaches the targets:")]
    for batch in data["batches"]:
        for g in batch["groups"]:
            fields = {
                "k": batch["batch"],
                "date": batch["date"],
                "group": _who(setup, g["group_id"], g["role"]),
                "required": g["required"],
                "seats": g["seats"],
            }
            if g["max_reachable"] is None:
                text = _(
                    "Batch {k} ({date}), {group}: {required} of {seats} seats must go to "
                    "non-locals, but this batch has no plan even without targets."
                ).format(**fields)
            else:
                text = _(
                    "Batch {k} ({date}), {group}: {required} of {seats} seats must go to "
                    "non-locals; at most {best} can."
                ).format(best=g["max_reachable"], **fields)
            lines.append(f"  - {text}")
    lines.append("")
    lines.append(
        _("Rules that conflict: {rules}.").format(
            rules=", ".join(rule_name(label) for label in data["conflicts"])
        )
    )
    if data["levers"]:
        lines.append("")
        lines.append(_("What would give a roadmap (each change checked by solving again):"))
    for lever in data["levers"]:
        name = lever["lever"]
        ramp = lever["ramp"]
        fields = {
            "lever": lever_words(name),
            "dates": ", ".join(lever["batches"]),
            "ramp": ramp_words(ramp),
        }
        if lever["feasible"]:
            text = _(
                "{lever} (batches {dates}; {ramp}): gives a roadmap, total cost {cost}."
            ).format(cost=lever["total_cost"], **fields)
        elif lever["status"] == str(Status.UNKNOWN):
            text = _("{lever} (batches {dates}; {ramp}): not decided in the time given.").format(
                **fields
            )
        else:
            text = _("{lever} (batches {dates}; {ramp}): still no roadmap.").format(**fields)
        lines.append(f"  - {text}")
    return "\n".join(lines)
