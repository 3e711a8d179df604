"""The validator: a plan is checked against the contract, not trusted because a solver made it.

A solver answers for the model it was given; a mistake in building that model (a missing row,
a wrong bit, a dense index off by one) yields plans that look optimal and break a rule. So every
plan is re-read here in the planners' terms -- seat ids, official ids, the domain data -- and
every hard rule of contract section 4 is checked directly with :mod:`planner.rules.plain`, and the
cost of section 5 is recomputed from scratch. Nothing here calls a solver or reads the dense
:class:`~models.instance.Instance`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.families import Family
from models.instance import Weights
from models.objective import CostParts
from planner.domain.targets import required_count
from planner.errors import ExitCode, PlannerError
from planner.i18n import _
from planner.rules.plain import (
    RuleContext,
    is_local,
    keep_refusals,
    placement_refusals,
    years_fewer,
)
from planner.solve.plan import Plan

Holders = Mapping[str, str | None]


@dataclass(frozen=True)
class Violation:
    """One broken rule, worded for a planner, with the ids it concerns."""

    family: Family
    message: str
    seat_id: str | None = None
    official_id: str | None = None
    group_id: str | None = None

    def __str__(self) -> str:
        return f"[{self.family.label}] {self.message}"


@dataclass(frozen=True)
class CheckReport:
    violations: tuple[Violation, ...]
    parts: CostParts
    cost: int

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def families(self) -> set[Family]:
        return {v.family for v in self.violations}


class InvalidPlan(PlannerError):
    """A plan breaks hard rules or misstates its cost: a bug, never written out.

    The one error for a plan the validator rejects, raised alike by :func:`assert_valid` (tests)
    and by the run (:func:`planner.solve.run.validate_plans`); the message lists every
    violation, one per line, then every cost mismatch.
    """

    exit_code = ExitCode.BAD_INPUT

    def __init__(
        self,
        violations: tuple[Violation, ...],
        rank: int | None = None,
        mismatches: Sequence[str] = (),
    ) -> None:
        self.violations = violations
        self.mismatches = tuple(mismatches)
        head = f"plan {rank}" if rank is not None else "the plan"
        lines = [f"  - {v}" for v in violations] + [f"  - {m}" for m in self.mismatches]
        what = f"breaks {len(violations)} rule(s)" if violations else "fails validation"
        super().__init__(f"{head} {what} (a bug; nothing written):\n" + "\n".join(lines))


def weights(ctx: RuleContext) -> Weights:
    """The scenario's ``[objective]`` section: the weights of the cost parts."""
    return ctx.scenario.objective


def _holders(plan: Plan | Holders) -> Holders:
    return plan.holders if isinstance(plan, Plan) else plan


def cost_parts(ctx: RuleContext, plan: Plan | Holders) -> CostParts:
    """Section 5's parts from the domain data: changes, whole km of new placements, the
    holders' preference scores for their seat's unit, empty seats, and the incumbents who
    hold no seat in the plan and whose retirement date is after as_of.

    Only seats in scope held by officials taking part are costed; anything else is a
    violation the validator reports, not a cost.
    """
    changes = km = score = vacancies = 0
    holders = _holders(plan)
    for seat_id, seat in ctx.seats.items():
        holder = holders.get(seat_id)
        if holder is None:
            vacancies += 1
            continue
        if holder not in ctx.officials:
            continue
        official = ctx.officials[holder]
        score += ctx.preference(holder, seat)
        if ctx.incumbent[seat_id] != holder:
            changes += 1
            km += ctx.whole_km(official, seat)
    placed = {h for s, h in holders.items() if h is not None and s in ctx.seats}
    released = sum(
        1
        for official_id in ctx.held
        if official_id not in placed and ctx.release_charged(ctx.officials[official_id])
    )
    return CostParts(
        changes=changes,
        distance_km=km,
        preference=score,
        vacancies=vacancies,
        released=released,
    )


def check_plan(ctx: RuleContext, plan: Plan | Holders) -> CheckReport:
    """Every violation of contract section 4 (and of the pins) in ``plan``, and its cost."""
    holders = _holders(plan)
    out: list[Violation] = []
    out += _structure(ctx, holders)
    out += _tenure(ctx, holders)
    out += _pairs(ctx, holders)
    out += _pins(ctx, holders)
    out += _targets(ctx, holders)
    out += _kinship(ctx, holders)
    out += _caps(ctx, holders)
    parts = cost_parts(ctx, holders)
    return CheckReport(tuple(out), parts, parts.cost(weights(ctx)))


def assert_valid(ctx: RuleContext, plan: Plan | Holders) -> CheckReport:
    """:func:`check_plan`, raising :class:`InvalidPlan` when any rule is broken."""
    report = check_plan(ctx, plan)
    if report.violations:
        raise InvalidPlan(report.violations, plan.rank if isinstance(plan, Plan) else None)
    return report


def cost_mismatches(ctx: RuleContext, plan: Plan) -> list[str]:
    """Where the plan's reported cost or parts differ from the ones recomputed here."""
    parts = cost_parts(ctx, plan)
    cost = parts.cost(weights(ctx))
    problems = []
    for name in ("changes", "distance_km", "preference", "vacancies", "released"):
        reported, actual = getattr(plan.parts, name), getattr(parts, name)
        if reported != actual:
            problems.append(f"plan {plan.rank}: {name} reported {reported}, recomputed {actual}")
    if plan.cost != cost:
        problems.append(f"plan {plan.rank}: cost reported {plan.cost}, recomputed {cost}")
    if plan.parts.cost(weights(ctx)) != plan.cost:
        problems.append(
            f"plan {plan.rank}: cost {plan.cost} is not the weighted sum of its "
            f"own parts ({plan.parts.cost(weights(ctx))})"
        )
    return problems


def assert_cost_reported(ctx: RuleContext, plan: Plan) -> None:
    """Raise AssertionError when :func:`cost_mismatches` finds anything."""
    problems = cost_mismatches(ctx, plan)
    if problems:
        raise AssertionError("\n".join(problems))


# --------------------------------------------------------------------------------------------
# rule by rule


def _structure(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rules 1 and 2: each seat in scope exactly once, each official at most once."""
    out = []
    allow = ctx.scenario.rules.allow_vacancies
    for seat_id in ctx.seats:
        group = ctx.seat_group[seat_id]
        if seat_id not in holders:
            out.append(
                Violation(
                    Family.SEAT_FILLED,
                    f"seat {seat_id} is missing from the plan",
                    seat_id,
                    None,
                    group,
                )
            )
        elif holders[seat_id] is None and not allow:
            out.append(
                Violation(
                    Family.SEAT_FILLED,
                    f"seat {seat_id} (group {group}) is left empty and vacancies are not allowed",
                    seat_id,
                    None,
                    group,
                )
            )
    for seat_id, holder in holders.items():
        if seat_id not in ctx.seats:
            out.append(
                Violation(
                    Family.SEAT_FILLED,
                    f"seat {seat_id} is not in the scope of this scenario",
                    seat_id,
                    holder,
                )
            )
        elif holder is not None and holder not in ctx.officials:
            group = ctx.seat_group[seat_id]
            if holder in ctx.everyone:
                other = ctx.everyone[holder].current_seat_id
                out.append(
                    Violation(
                        Family.ONE_SEAT,
                        f"official {holder} in seat {seat_id} holds seat {other}, "
                        "outside the scope, and takes no part in the plan",
                        seat_id,
                        holder,
                        group,
                    )
                )
            else:
                out.append(
                    Violation(
                        Family.SEAT_FILLED,
                        f"seat {seat_id} is given to unknown official {holder}",
                        seat_id,
                        holder,
                        group,
                    )
                )
    count = Counter(h for s, h in holders.items() if h is not None and s in ctx.seats)
    for official_id, n in count.items():
        if n > 1:
            seats = sorted(s for s, h in holders.items() if h == official_id)
            out.append(
                Violation(
                    Family.ONE_SEAT,
                    f"official {official_id} holds {n} seats: {', '.join(seats)}",
                    None,
                    official_id,
                )
            )
    return out


def _tenure(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rule 3, the "must keep" half; the "must leave" half is a keep refusal (see _pairs)."""
    out = []
    rules = ctx.scenario.rules
    for official_id, seat_id in ctx.held.items():
        official = ctx.officials[official_id]
        if ctx.must_keep(official) and holders.get(seat_id) != official_id:
            now = holders.get(seat_id)
            out.append(
                Violation(
                    Family.TENURE,
                    _(
                        "official {official} must keep seat {seat} ({years}) but the plan "
                        "gives it to {holder}"
                    ).format(
                        official=official_id,
                        seat=seat_id,
                        years=years_fewer(official.years_in_post, rules.min_years_before_move),
                        holder=now or _("no one"),
                    ),
                    seat_id,
                    official_id,
                    ctx.seat_group[seat_id],
                )
            )
    return out


def _pairs(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rule 4 for each new placement; rule 3 (must leave) and forbidding pins for each keep."""
    out = []
    for seat_id, holder in holders.items():
        if holder is None or seat_id not in ctx.seats or holder not in ctx.officials:
            continue
        keep = ctx.incumbent[seat_id] == holder
        refusals = (
            keep_refusals(ctx, holder, seat_id)
            if keep
            else placement_refusals(ctx, holder, seat_id)
        )
        verb = "may not keep" if keep else "may not be placed in"
        for refusal in refusals:
            out.append(
                Violation(
                    refusal.family,
                    f"official {holder} {verb} seat {seat_id}: {refusal.reason}",
                    seat_id,
                    holder,
                    ctx.seat_group[seat_id],
                )
            )
    return out


def _pins(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Keep pins (forbidding pins are pair refusals). Pins naming a seat outside the scope or
    an official who takes no part concern no plan and are ignored, as the model does."""
    out = []
    for pin in ctx.keep_pins():
        if pin.seat_id not in ctx.seats or pin.official_id not in ctx.officials:
            continue
        if holders.get(pin.seat_id) != pin.official_id:
            out.append(
                Violation(
                    Family.PIN,
                    f"the committee pinned {pin.official_id} to seat {pin.seat_id} "
                    f"but the plan gives it to {holders.get(pin.seat_id) or 'no one'}",
                    pin.seat_id,
                    pin.official_id,
                    ctx.seat_group[pin.seat_id],
                )
            )
    return out


def _nonlocal(ctx: RuleContext, holders: Holders, seat_id: str) -> bool:
    holder = holders.get(seat_id)
    if holder is None or holder not in ctx.officials:
        return False
    return not is_local(ctx, holder, seat_id)


def _targets(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rule 5: per group, and per role inside a group where ``target.roles`` sets a ratio."""
    target = ctx.scenario.target
    by_group: dict[str, list[str]] = defaultdict(list)
    for seat_id, group in ctx.seat_group.items():
        by_group[str(group)].append(seat_id)
    out = []
    for group, seat_ids in by_group.items():
        rows: list[tuple[str | None, list[str], float]] = [
            (None, seat_ids, target.ratio_for(group))
        ]
        # target.group_roles replaces target.roles inside its group (rule 5)
        for role, ratio in target.roles_for(group).items():
            of_role = [s for s in seat_ids if ctx.seats[s].role == role]
            if of_role:
                rows.append((role, of_role, ratio))
        for row_role, members, ratio in rows:
            need = required_count(ratio, len(members))
            have = sum(_nonlocal(ctx, holders, s) for s in members)
            if have < need:
                what = f"group {group}" + (f", role {row_role}" if row_role else "")
                out.append(
                    Violation(
                        Family.TARGET,
                        f"{what}: {have} of {len(members)} seats held by non-local "
                        f"officials, needs {need} (ratio {ratio:g})",
                        None,
                        None,
                        group,
                    )
                )
    return out


def _kinship(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rule 6: two relatives never both in seats inside one unit at ``kinship_level``.

    Relatives who hold seats outside the scope stay put; placing someone beside them is a pair
    refusal (:func:`planner.rules.plain.placement_refusals`), reported by :func:`_pairs`.
    """
    seat_of: dict[str, list[str]] = defaultdict(list)
    for seat_id, holder in holders.items():
        if holder is not None and seat_id in ctx.seats:
            seat_of[holder].append(seat_id)
    out = []
    seen: set[frozenset[str]] = set()
    for rel in ctx.dataset.relations:
        key = frozenset((rel.official_a, rel.official_b))
        if len(key) < 2 or key in seen:
            continue
        seen.add(key)
        for sa in seat_of.get(rel.official_a, ()):
            for sb in seat_of.get(rel.official_b, ()):
                unit = ctx.kinship_unit(ctx.seats[sa])
                if unit is not None and unit == ctx.kinship_unit(ctx.seats[sb]):
                    kind = f" ({rel.kind})" if rel.kind else ""
                    out.append(
                        Violation(
                            Family.KINSHIP,
                            f"relatives {rel.official_a} (seat {sa}) and {rel.official_b} "
                            f"(seat {sb}){kind} both hold seats in {unit} "
                            f"({ctx.unit_name(unit)})",
                            sa,
                            rel.official_a,
                            ctx.seat_group[sa],
                        )
                    )
    return out


def _caps(ctx: RuleContext, holders: Holders) -> list[Violation]:
    """Rule 7: changes per group at most ``max_changes_per_group``; one per unit if asked."""
    rules = ctx.scenario.rules
    changed = [
        s
        for s, seat in ctx.seats.items()
        if holders.get(s) is not None and holders.get(s) != ctx.incumbent[s]
    ]
    out = []
    if rules.max_changes_per_group > 0:
        per_group = Counter(ctx.seat_group[s] for s in changed)
        for group, n in per_group.items():
            if n > rules.max_changes_per_group:
                seats = ", ".join(s for s in changed if ctx.seat_group[s] == group)
                out.append(
                    Violation(
                        Family.BATCH_CAP,
                        f"group {group}: {n} changes ({seats}), the cap is "
                        f"{rules.max_changes_per_group}",
                        None,
                        None,
                        group,
                    )
                )
    if rules.one_new_head_per_unit:
        per_unit = Counter(ctx.seats[s].unit_id for s in changed)
        for unit, n in per_unit.items():
            if n > 1:
                in_unit = [s for s in changed if ctx.seats[s].unit_id == unit]
                out.append(
                    Violation(
                        Family.ONE_NEW_HEAD,
                        f"unit {unit} ({ctx.unit_name(unit)}) gets {n} new heads "
                        f"({', '.join(in_unit)}), at most one per batch",
                        in_unit[0],
                        None,
                        ctx.seat_group[in_unit[0]],
                    )
                )
    return out


__all__ = [
    "CheckReport",
    "InvalidPlan",
    "Violation",
    "assert_cost_reported",
    "assert_valid",
    "check_plan",
    "cost_mismatches",
    "cost_parts",
    "weights",
]
