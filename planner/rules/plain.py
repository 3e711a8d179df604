"""The hard rules of contract section 4, stated one pair at a time in plain Python.

:mod:`planner.rules.eligibility` computes the same rules in bulk with numpy bit masks, because a
national run has millions of pairs. Fast code is easy to get subtly wrong, so this module says
the same thing again the slow, obvious way, sharing nothing with it but the domain objects, the
tree, the distances and the statutory retirement date. The validator
(:mod:`planner.rules.validator`) and the tests use this module as the reference; "why can't X
go to seat Y?" is answered from it too, in sentences a planner in an Organization Committee
reads without a manual.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from models.families import Family
from planner.domain.distance import Distances, whole_km
from planner.domain.levels import level_name
from planner.domain.records import Dataset, Official, Seat
from planner.domain.retirement import retirement_date
from planner.domain.tree import AdminTree
from planner.domain.words import level_word, role_title, rule_name
from planner.i18n import _, ngettext
from planner.inputs.scenario import Scenario
from planner.rules.eligibility import Pin


class Refusal(NamedTuple):
    """One reason a pair is not allowed, with the family an explanation would relax."""

    family: Family
    reason: str


@dataclass(frozen=True, eq=False)
class RuleContext:
    """What the rules need to know about one scenario, keyed by external ids.

    Built once per scenario; every lookup afterwards is a dict access. Per-pair answers are
    cached because the validator and brute-force tests ask about the same pairs many times.
    """

    scenario: Scenario
    dataset: Dataset
    tree: AdminTree
    distances: Distances
    #: seats in scope, in file order
    seats: Mapping[str, Seat]
    #: officials taking part (everyone except holders of seats outside the scope), file order
    officials: Mapping[str, Official]
    #: every official in the data, taking part or not (to explain why one does not)
    everyone: Mapping[str, Official]
    seat_group: Mapping[str, str | None]
    official_group: Mapping[str, str | None]
    #: every group an official belongs to for rule 4 (a city cadre: every group below them)
    official_groups: Mapping[str, frozenset[str]]
    #: seat id -> today's holder (None when empty today)
    incumbent: Mapping[str, str | None]
    #: official id -> the seat in scope they hold today
    held: Mapping[str, str]
    #: (official id, unit id) -> preference score
    score: Mapping[tuple[str, str], int]
    pins: tuple[Pin, ...] = ()
    _cache: dict[tuple[str, str, str], tuple[Refusal, ...]] = field(default_factory=dict)
    _fixed_kin: dict[str, list[tuple[str, Seat, str]]] = field(default_factory=dict)

    # ----------------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        dataset: Dataset,
        tree: AdminTree | None = None,
        distances: Distances | None = None,
        pins: Sequence[Pin] = (),
    ) -> RuleContext:
        tree = tree if tree is not None else AdminTree(dataset.units)
        distances = distances if distances is not None else Distances.from_dataset(dataset, tree)
        roles = set(scenario.scope.roles)
        scope_units = [u for u in scenario.scope.units if u in tree]

        def in_scope(seat: Seat) -> bool:
            if roles and seat.role not in roles:
                return False
            if not scenario.scope.units:
                return True
            return any(tree.is_within(seat.unit_id, u) for u in scope_units)

        seats = {s.seat_id: s for s in dataset.seats if in_scope(s)}
        all_seats = {s.seat_id for s in dataset.seats}
        officials = {
            o.official_id: o
            for o in dataset.officials
            if o.current_seat_id is None
            or o.current_seat_id in seats
            or o.current_seat_id not in all_seats
        }
        level = scenario.target.level
        seat_group = {s.seat_id: _ancestor(tree, s.unit_id, level) for s in seats.values()}
        held = {
            o.official_id: o.current_seat_id
            for o in officials.values()
            if o.current_seat_id is not None and o.current_seat_id in seats
        }
        incumbent: dict[str, str | None] = dict.fromkeys(seats)
        incumbent.update({seat_id: official_id for official_id, seat_id in held.items()})
        official_group: dict[str, str | None] = {}
        official_groups: dict[str, frozenset[str]] = {}
        all_groups = {g for g in seat_group.values() if g is not None}
        for o in officials.values():
            if o.official_id in held:
                official_group[o.official_id] = seat_group[held[o.official_id]]
            else:
                work = o.current_unit_id or o.home_unit_id
                official_group[o.official_id] = _ancestor(tree, work, level)
            mine = official_group[o.official_id]
            if mine is not None:
                official_groups[o.official_id] = frozenset((mine,))
            else:  # works above the group level: a city or provincial cadre (rule 4)
                work = o.current_unit_id or o.home_unit_id
                official_groups[o.official_id] = frozenset(
                    g for g in all_groups if tree.is_within(g, work) and g != work
                )
        score = {(p.official_id, p.unit_id): p.score for p in dataset.preferences}
        return cls(
            scenario=scenario,
            dataset=dataset,
            tree=tree,
            distances=distances,
            seats=MappingProxyType(seats),
            officials=MappingProxyType(officials),
            everyone=MappingProxyType({o.official_id: o for o in dataset.officials}),
            seat_group=MappingProxyType(seat_group),
            official_group=MappingProxyType(official_group),
            official_groups=MappingProxyType(official_groups),
            incumbent=MappingProxyType(incumbent),
            held=MappingProxyType(held),
            score=MappingProxyType(score),
            pins=tuple(pins),
        )

    # ----------------------------------------------------------------------------------------

    def unit_name(self, unit_id: str | None) -> str:
        return _("no unit") if unit_id is None else self.tree.name_of(unit_id)

    def locality(self, seat: Seat) -> str | None:
        """The seat's "own locality": its unit's ancestor at ``rules.locality_level``."""
        return _ancestor(self.tree, seat.unit_id, self.scenario.rules.locality_level)

    def kinship_unit(self, seat: Seat) -> str | None:
        return _ancestor(self.tree, seat.unit_id, self.scenario.rules.kinship_level)

    def years_to_retirement(self, official: Official) -> tuple[float, date]:
        """Years from ``as_of`` to the retirement date (days / 365.25, as the contract says)."""
        day = retirement_date(official.birth_date, official.gender, self.scenario.rules.retirement)
        return (day - self.scenario.as_of).days / 365.25, day

    def retired(self, official: Official) -> bool:
        """Their retirement date is on or before ``as_of``."""
        return self.years_to_retirement(official)[1] <= self.scenario.as_of

    def must_retire(self, official: Official) -> bool:
        """An incumbent who has reached retirement, under ``rules.retire_at_age`` (rule 3)."""
        return (
            official.official_id in self.held
            and self.scenario.rules.retire_at_age
            and self.retired(official)
        )

    def must_keep(self, official: Official) -> bool:
        """An incumbent too new in post to be moved, unless retirement makes them leave."""
        return (
            official.official_id in self.held
            and official.years_in_post < self.scenario.rules.min_years_before_move
            and not self.must_retire(official)
        )

    def must_leave(self, official: Official) -> bool:
        """An incumbent at or past the limit of years in one post, reckoned on
        ``years_in_unit`` where given (rule 3)."""
        return (
            official.official_id in self.held
            and official.tenure_years >= self.scenario.rules.max_years_in_post
        )

    def release_charged(self, official: Official) -> bool:
        """Releasing this incumbent costs ``objective.release``: retirement after as_of."""
        return official.official_id in self.held and not self.retired(official)

    def release_reason(self, official: Official) -> str:
        """Why an incumbent holds no seat in a plan (released.csv ``reason``).

        ``retirement`` wins over ``tenure`` when both apply: a retired official is not given
        other duties, so "retirement" is what the committee writes, and it is the reason that
        carries no release cost.
        """
        if self.retired(official):
            return "retirement"
        if official.tenure_years >= self.scenario.rules.max_years_in_post:
            return "tenure"
        return "displaced"

    def km(self, official: Official, seat: Seat) -> float:
        """Home-to-seat distance; ``math.inf`` when no road joins them."""
        return self.distances.km(official.home_unit_id, seat.unit_id)

    def whole_km(self, official: Official, seat: Seat) -> int:
        """What a new placement costs in km: unreachable costs 0 (contract section 2)."""
        return whole_km(self.km(official, seat))

    def preference(self, official_id: str, seat: Seat) -> int:
        return self.score.get((official_id, seat.unit_id), 0)

    def fixed_relatives(self, official_id: str) -> list[tuple[str, Seat, str]]:
        """Relatives who hold a seat outside the scope: (relative id, their seat, kind).

        They keep those seats whatever the plan does, so rule 6 forbids placing the official
        in any seat inside the same kinship unit. The index is built once per context: the
        validator asks for every holder of a national plan.
        """
        if not self._fixed_kin and self.dataset.relations:
            outside = {s.seat_id: s for s in self.dataset.seats if s.seat_id not in self.seats}
            index: dict[str, list[tuple[str, Seat, str]]] = {}
            for rel in self.dataset.relations:
                for me, other in (
                    (rel.official_a, rel.official_b),
                    (rel.official_b, rel.official_a),
                ):
                    person = self.everyone.get(other)
                    if other != me and person is not None and person.current_seat_id in outside:
                        index.setdefault(me, []).append(
                            (other, outside[person.current_seat_id], rel.kind)
                        )
            self._fixed_kin.update(index or {"": []})  # non-empty: built
        return self._fixed_kin.get(official_id, [])

    def keep_pins(self) -> list[Pin]:
        return [p for p in self.pins if p.keep]

    def forbidden(self, official_id: str, seat_id: str) -> Pin | None:
        for pin in self.pins:
            if not pin.keep and pin.official_id == official_id and pin.seat_id == seat_id:
                return pin
        return None

    def official(self, official: Official | str) -> Official:
        return self.everyone[official] if isinstance(official, str) else official

    def seat(self, seat: Seat | str) -> Seat:
        if isinstance(seat, str):
            return self.seats[seat] if seat in self.seats else _seat_by_id(self.dataset, seat)
        return seat


def _ancestor(tree: AdminTree, unit_id: str, level: str) -> str | None:
    """The unit or its nearest ancestor at ``level``, walking up parent links one by one."""
    for unit in tree.ancestors(unit_id):
        if tree.level_of(unit) == level:
            return unit
    return None


def _seat_by_id(dataset: Dataset, seat_id: str) -> Seat:
    for seat in dataset.seats:
        if seat.seat_id == seat_id:
            return seat
    raise KeyError(f"unknown seat {seat_id!r}")


def _num(value: float) -> str:
    """A number as a planner writes it: ``5``, ``4.5``, never ``5.0``."""
    return f"{value:.1f}".removesuffix(".0")


def exact(value: float) -> str:
    """A limit as the scenario wrote it: ``3``, ``12.46``, never rounded."""
    return repr(float(value)).removesuffix(".0")


def shown(value: float, relation: Callable[[float, float], bool], limit: float) -> str:
    """``value`` with as few decimals as keep ``relation`` true of the printed numbers, and no
    fewer than the limit has (trailing zeros dropped): 2.99 beside "fewer than 3" reads 2.99,
    never 3; 12.5 beside "exceeds 12.46" reads 12.5, 12.461 reads 12.461, never 12.5. The limit
    itself is printed as written (:func:`exact`)."""
    written = exact(limit)
    start = max(1, len(written.partition(".")[2]))  # never coarser than the limit itself
    for digits in range(start, start + 10):
        rounded = round(value, digits)
        if relation(rounded, float(written)):
            text = f"{rounded:.{digits}f}"
            return text.rstrip("0").removesuffix(".") if "." in text else text
    return repr(float(value))


def _lt(a: float, b: float) -> bool:
    return a < b


def _ge(a: float, b: float) -> bool:
    return a >= b


def _gt(a: float, b: float) -> bool:
    return a > b


def years_fewer(value: float, limit: float) -> str:
    """ "2.99 years in post, fewer than 3" with both numbers exactly true."""
    return _("{years} years in post, fewer than {limit}").format(
        years=shown(value, _lt, limit), limit=exact(limit)
    )


def years_at_limit(value: float, limit: float, *, unit: bool = False) -> str:
    """ "10 years in post, the limit is 10" (``unit``: years heading the unit)."""
    text = (
        _("{years} years heading the unit, the limit is {limit}")
        if unit
        else _("{years} years in post, the limit is {limit}")
    )
    return text.format(years=shown(value, _ge, limit), limit=exact(limit))


def km_exceeds(km: float, limit: float) -> str:
    """ "distance 12.5 km exceeds 12.46 km"."""
    return _("distance {km} km exceeds {limit} km").format(
        km=shown(km, _gt, limit), limit=exact(limit)
    )


# --------------------------------------------------------------------------------------------
# the rules


def local_home(ctx: RuleContext, official: Official | str, seat: Seat | str) -> str | None:
    """The first of the official's home units lying inside the seat's locality, if any.

    A home lies inside the locality when it, or any unit it was merged into (its parent
    chain, and for a former unit each of ``also_merged_into`` with their ancestors), is the
    locality (contract section 2, "Locality with former units").
    """
    o, s = ctx.official(official), ctx.seat(seat)
    locality = ctx.locality(s)
    if locality is None:
        return None
    for home in o.home_unit_ids:
        if locality in ctx.tree.merged_into(home):
            return home
    return None


def is_local(ctx: RuleContext, official: Official | str, seat: Seat | str) -> bool:
    """Local when any home unit (home, birthplace, 20-year place) lies in the seat's locality."""
    return local_home(ctx, official, seat) is not None


def placement_refusals(
    ctx: RuleContext, official: Official | str, seat: Seat | str
) -> list[Refusal]:
    """Every reason rule 4 (and a forbidding pin) refuses putting ``official`` newly in ``seat``.

    The pair is judged as a *new* placement even if the official holds the seat today; for
    that case ask :func:`keep_refusals`. An empty list means the placement is allowed as far
    as the pair alone goes (targets, kinship and caps concern the whole plan).
    """
    o, s = ctx.official(official), ctx.seat(seat)
    key = ("new", o.official_id, s.seat_id)
    if key not in ctx._cache:
        ctx._cache[key] = tuple(_placement(ctx, o, s))
    return list(ctx._cache[key])


def _placement(ctx: RuleContext, o: Official, s: Seat) -> Iterable[Refusal]:
    rules = ctx.scenario.rules
    held = ctx.held.get(o.official_id)
    held_role = ctx.seats[held].role if held is not None else None
    if s.role not in o.planned_roles and s.role != held_role:
        yield Refusal(
            Family.PLANNING,
            _("not on the planning list for {role}").format(role=role_title(s.role)),
        )

    if o.political_theory < s.min_political_theory:
        yield Refusal(
            Family.QUALIFICATION,
            _("political theory {have} is below the seat's minimum {need}").format(
                have=level_name("political_theory", o.political_theory),
                need=level_name("political_theory", s.min_political_theory),
            ),
        )
    if o.education < s.min_education:
        yield Refusal(
            Family.QUALIFICATION,
            _("education {have} is below the seat's minimum {need}").format(
                have=level_name("education", o.education),
                need=level_name("education", s.min_education),
            ),
        )
    missing = sorted(s.required_tags - o.tags)
    if missing:
        yield Refusal(
            Family.QUALIFICATION,
            ngettext(
                "lacks required tag {tags}", "lacks required tags {tags}", len(missing)
            ).format(tags=", ".join(missing)),
        )

    if o.disciplined:
        yield Refusal(Family.DISCIPLINE, _("under disciplinary measures"))

    home = local_home(ctx, o, s)
    if home is not None and ctx.tree.unit(home).former:
        yield Refusal(
            Family.LOCALITY,
            _("local: home unit {home} (former) was merged into {locality}").format(
                home=ctx.unit_name(home), locality=ctx.unit_name(ctx.locality(s))
            ),
        )
    elif home is not None:
        text = (
            _("local: home unit {home} lies in {locality}")
            if home == o.home_unit_id
            else _("local: other home unit {home} lies in {locality}")
        )
        yield Refusal(
            Family.LOCALITY,
            text.format(home=ctx.unit_name(home), locality=ctx.unit_name(ctx.locality(s))),
        )

    years, day = ctx.years_to_retirement(o)
    if years < rules.min_years_to_retirement:
        need = _num(rules.min_years_to_retirement)
        if years < 0:
            text = _("past retirement on {day}, needs {need} years to serve").format(
                day=day.isoformat(), need=need
            )
        else:
            text = _("{years} years to retirement on {day}, needs {need}").format(
                years=shown(years, _lt, rules.min_years_to_retirement),
                day=day.isoformat(),
                need=exact(rules.min_years_to_retirement),
            )
        yield Refusal(Family.RETIREMENT, text)

    if rules.max_distance_km > 0:
        km = ctx.km(o, s)
        limit = _num(rules.max_distance_km)
        if not math.isfinite(km):
            yield Refusal(
                Family.DISTANCE,
                _("no road from home unit {home} to {unit} (limit {limit} km)").format(
                    home=ctx.unit_name(o.home_unit_id), unit=ctx.unit_name(s.unit_id), limit=limit
                ),
            )
        elif km > rules.max_distance_km:
            yield Refusal(Family.DISTANCE, km_exceeds(km, rules.max_distance_km))

    if not rules.cross_group_moves:
        mine, theirs = ctx.official_group.get(o.official_id), ctx.seat_group[s.seat_id]
        if theirs not in ctx.official_groups.get(o.official_id, frozenset()):
            level = ctx.scenario.target.level
            where = (
                ctx.unit_name(mine)
                if mine is not None
                else _("no {level}").format(level=level_word(level))
            )
            yield Refusal(
                Family.CROSS_GROUP,
                _("works in {where}, the seat is in {group} (cross-group moves are off)").format(
                    where=where, group=ctx.unit_name(theirs)
                ),
            )

    if held is not None and ctx.must_keep(o):
        yield Refusal(
            Family.TENURE,
            _("must keep their seat {seat}: {years}").format(
                seat=held, years=years_fewer(o.years_in_post, rules.min_years_before_move)
            ),
        )

    if ctx.forbidden(o.official_id, s.seat_id) is not None:
        yield Refusal(Family.PIN, _forbidden(o, s))

    yield from _fixed_kinship(ctx, o, s)


def _forbidden(o: Official, s: Seat) -> str:
    return _("the committee's pins forbid {official} in {seat}").format(
        official=o.official_id, seat=s.seat_id
    )


def _fixed_kinship(ctx: RuleContext, o: Official, s: Seat) -> Iterable[Refusal]:
    """Rule 6 against relatives whose seats are outside the scope (they stay put)."""
    unit = ctx.kinship_unit(s)
    if unit is None:
        return
    for relative, their_seat, kind in ctx.fixed_relatives(o.official_id):
        if ctx.kinship_unit(their_seat) == unit:
            text = (
                _("relative {relative} ({kind}) holds seat {seat} in {unit}, outside this plan")
                if kind
                else _("relative {relative} holds seat {seat} in {unit}, outside this plan")
            )
            yield Refusal(
                Family.KINSHIP,
                text.format(
                    relative=relative,
                    kind=kind,
                    seat=their_seat.seat_id,
                    unit=ctx.unit_name(unit),
                ),
            )


def keep_refusals(ctx: RuleContext, official: Official | str, seat: Seat | str) -> list[Refusal]:
    """Every reason the incumbent of ``seat`` may not keep it (rule 3, or a forbidding pin)."""
    o, s = ctx.official(official), ctx.seat(seat)
    if ctx.incumbent.get(s.seat_id) != o.official_id:
        raise ValueError(f"{o.official_id} does not hold {s.seat_id} today; use placement_refusals")
    key = ("keep", o.official_id, s.seat_id)
    if key not in ctx._cache:
        out = []
        rules = ctx.scenario.rules
        if ctx.must_leave(o):
            out.append(
                Refusal(
                    Family.TENURE,
                    _("must leave seat {seat}: {years}").format(
                        seat=s.seat_id,
                        years=years_at_limit(
                            o.tenure_years,
                            rules.max_years_in_post,
                            unit=o.years_in_unit is not None,
                        ),
                    ),
                )
            )
        if ctx.must_retire(o):
            day = ctx.years_to_retirement(o)[1]
            out.append(
                Refusal(
                    Family.RETIREMENT,
                    _(
                        "must leave seat {seat}: retirement date {day} is on or before {as_of}"
                    ).format(
                        seat=s.seat_id, day=day.isoformat(), as_of=ctx.scenario.as_of.isoformat()
                    ),
                )
            )
        if ctx.forbidden(o.official_id, s.seat_id) is not None:
            out.append(Refusal(Family.PIN, _forbidden(o, s)))
        out += _fixed_kinship(ctx, o, s)
        ctx._cache[key] = tuple(out)
    return list(ctx._cache[key])


def pair_refusals(ctx: RuleContext, official: Official | str, seat: Seat | str) -> list[Refusal]:
    """:func:`keep_refusals` for the incumbent's own seat, else :func:`placement_refusals`."""
    o, s = ctx.official(official), ctx.seat(seat)
    if ctx.incumbent.get(s.seat_id) == o.official_id:
        return keep_refusals(ctx, o, s)
    return placement_refusals(ctx, o, s)


def why(ctx: RuleContext, official_id: str, seat_id: str) -> list[str]:
    """Why can't ``official_id`` hold ``seat_id`` in a plan? An empty list means they can.

    Besides the pair's own refusals, names what makes the pair impossible in every plan:
    the seat or the official being pinned elsewhere, the seat outside the scope, the official
    taking no part. Whole-plan rules (targets, kinship, caps) depend on the other holders and
    are the validator's business.
    """
    if official_id not in ctx.everyone:
        raise KeyError(f"unknown official {official_id!r}")
    seat = ctx.seat(seat_id)  # raises KeyError for an unknown seat
    reasons: list[str] = []
    if seat_id not in ctx.seats:
        reasons.append(_("seat {seat} is outside the scope of this scenario").format(seat=seat_id))
    if official_id not in ctx.officials:
        o = ctx.everyone[official_id]
        reasons.append(
            _("holds seat {seat}, outside the scope: takes no part in the plan").format(
                seat=o.current_seat_id
            )
        )
    if reasons:
        return reasons
    reasons = [r.reason for r in pair_refusals(ctx, official_id, seat)]
    for pin in ctx.keep_pins():
        if (
            pin.seat_id == seat_id
            and pin.official_id != official_id
            and pin.official_id in ctx.officials
        ):
            reasons.append(
                _("the committee pinned {official} to seat {seat}").format(
                    official=pin.official_id, seat=seat_id
                )
            )
        if pin.official_id == official_id and pin.seat_id != seat_id and pin.seat_id in ctx.seats:
            reasons.append(
                _("the committee pinned {official} to seat {seat}").format(
                    official=official_id, seat=pin.seat_id
                )
            )
    if ctx.incumbent.get(seat_id) not in (None, official_id):
        other = ctx.officials[str(ctx.incumbent[seat_id])]
        if ctx.must_keep(other):
            reasons.append(
                _("the incumbent {official} must keep the seat: {years}").format(
                    official=other.official_id,
                    years=years_fewer(
                        other.years_in_post, ctx.scenario.rules.min_years_before_move
                    ),
                )
            )
    return reasons


__all__ = [
    "Refusal",
    "RuleContext",
    "is_local",
    "keep_refusals",
    "local_home",
    "pair_refusals",
    "placement_refusals",
    "why",
]


def pin_conflicts(ctx: RuleContext) -> list[str]:
    """Pins that clash with another rule on their own, in the committee's words.

    A keep-pin on a pair the rules refuse (a local official, a seat whose incumbent must stay,
    ...) or a forbid-pin on an incumbent who must stay makes every plan impossible whatever the
    targets; saying which pin and which rule lets the meeting reverse the right decision. The
    explanation of an infeasible run can add these lines; an empty list means no pin conflicts
    with a rule by itself (pins may still conflict with the targets together).
    """
    file = ctx.scenario.pins.name if ctx.scenario.pins is not None else "pins"
    out: list[str] = []
    for pin in ctx.pins:
        if pin.seat_id not in ctx.seats or pin.official_id not in ctx.officials:
            continue
        official = ctx.officials[pin.official_id]
        seat = ctx.seats[pin.seat_id]
        who = f"{official.name} ({official.official_id})"
        where = f"{seat.seat_id} ({role_title(seat.role)}, {ctx.unit_name(seat.unit_id)})"
        head = (
            _("pin keep {official} → {seat}") if pin.keep else _("pin forbid {official} → {seat}")
        ).format(official=who, seat=where)
        if pin.row:
            head += " " + _("[{file} row {row}]").format(file=file, row=pin.row)
        if pin.keep:
            for refusal in pair_refusals(ctx, official, seat):
                if refusal.family is not Family.PIN:
                    out.append(
                        _("{head} conflicts with {rule}: {reason}").format(
                            head=head, rule=rule_name(refusal.family.label), reason=refusal.reason
                        )
                    )
            incumbent = ctx.incumbent.get(seat.seat_id)
            if incumbent not in (None, official.official_id):
                other = ctx.officials[str(incumbent)]
                if ctx.must_keep(other):
                    out.append(
                        _(
                            "{head} conflicts with tenure: the incumbent {name} ({official}) "
                            "must keep the seat ({years})"
                        ).format(
                            head=head,
                            name=other.name,
                            official=other.official_id,
                            years=years_fewer(
                                other.years_in_post, ctx.scenario.rules.min_years_before_move
                            ),
                        )
                    )
        elif ctx.incumbent.get(seat.seat_id) == official.official_id and ctx.must_keep(official):
            out.append(
                _(
                    "{head} conflicts with tenure: {years}, so the incumbent must keep the seat"
                ).format(
                    head=head,
                    years=years_fewer(
                        official.years_in_post, ctx.scenario.rules.min_years_before_move
                    ),
                )
            )
    return out
