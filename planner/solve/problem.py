"""From a checked scenario and data folder to the dense :class:`~models.instance.Instance`.

This is the one place where external ids become dense indices; :class:`PlanningProblem` keeps
both sides so results can be mapped back (:func:`planner.solve.plan.plan_from_assignment`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.families import Family
from models.instance import NO_ONE, Instance, IntArray, TargetRow
from planner.domain.distance import Distances
from planner.domain.records import Dataset, Official, Seat
from planner.domain.targets import required_count
from planner.domain.tree import AdminTree
from planner.inputs.bulk import paused_gc
from planner.inputs.consistency import load_checked, scope_warnings, seats_in_scope
from planner.inputs.scenario import Override, Scenario
from planner.rules.eligibility import (
    Candidates,
    OfficialFacts,
    Pin,
    candidate_pairs,
    official_facts,
)
from planner.rules.plain import RuleContext


@dataclass(frozen=True, eq=False)
class GroupTarget:
    """A target in planners' terms: group (and role), seats, and the exact required count."""

    group_id: str
    role: str | None
    seat_ids: tuple[str, ...]
    ratio: float
    required: int


@dataclass(frozen=True, eq=False)
class PlanningProblem:
    scenario: Scenario
    dataset: Dataset
    tree: AdminTree
    distances: Distances
    seats: tuple[Seat, ...]  # dense seat order
    officials: tuple[Official, ...]  # dense official order (those taking part)
    seat_group: tuple[str, ...]  # group id of each seat
    groups: tuple[str, ...]  # group ids, dense order
    roles: tuple[str, ...]
    facts: OfficialFacts
    targets: tuple[GroupTarget, ...]  # one per group, then one per (group, role) target
    instance: Instance
    pins: tuple[Pin, ...] = ()
    all_pairs: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def seat_ids(self) -> tuple[str, ...]:
        return tuple(s.seat_id for s in self.seats)

    @property
    def official_ids(self) -> tuple[str, ...]:
        return tuple(o.official_id for o in self.officials)

    @property
    def incumbents(self) -> dict[str, str | None]:
        ids = self.official_ids
        return {
            s.seat_id: (ids[int(i)] if i != NO_ONE else None)
            for s, i in zip(self.seats, self.instance.seat_incumbent, strict=True)
        }

    def today(self) -> IntArray:
        """Today's assignment (incumbents), as a dense array."""
        return self.instance.seat_incumbent.copy()

    def rule_context(self) -> RuleContext:
        """The plain rules' context, from the domain data only (never the arrays)."""
        return RuleContext.build(self.scenario, self.dataset, self.tree, self.distances, self.pins)

    def with_scenario(self, scenario: Scenario) -> PlanningProblem:
        """The same data under another scenario (what-if runs re-use the read data)."""
        return build_problem(
            scenario,
            self.dataset,
            self.tree,
            distances=self.distances,
            pins=self.pins,
            all_pairs=self.all_pairs,
        )


def load_problem(
    path: str | Path,
    *,
    targets: Sequence[str] = (),
    sets: Sequence[Override] = (),
    pins: Sequence[Pin] = (),
    all_pairs: bool = False,
    frozen: bool = False,
) -> PlanningProblem:
    """The scenario read, checked and built, with the collector paused meanwhile
    (:mod:`planner.inputs.bulk`). ``frozen`` where the problem lives as long as the process (a
    command that solves once): what was made is then never scanned by the collector again.
    Not in the page's process, which opens scenario after scenario."""
    with paused_gc(freeze=frozen):
        scenario, dataset, tree = load_checked(path, targets=targets, sets=sets)
        return build_problem(scenario, dataset, tree, pins=pins, all_pairs=all_pairs)


def build_problem(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    *,
    distances: Distances | None = None,
    pins: Sequence[Pin] = (),
    all_pairs: bool = False,
) -> PlanningProblem:
    """Map ids to dense indices, compute candidate pairs, targets and kinship sets.

    ``all_pairs`` keeps refused pairs too (with their refusal bits) for explanations.
    """
    distances = distances or Distances.from_dataset(dataset, tree)
    seats = seats_in_scope(scenario, dataset, tree)
    seat_ids = {s.seat_id for s in seats}
    outside = {s.seat_id for s in dataset.seats} - seat_ids
    # officials who hold a seat outside the scope take no part in the plan (rule 4)
    officials = tuple(o for o in dataset.officials if o.current_seat_id not in outside)
    level = scenario.target.level
    seat_group = tuple(str(tree.ancestor_at(s.unit_id, level)) for s in seats)
    groups = tuple(dict.fromkeys(seat_group))
    roles = tuple(dict.fromkeys(s.role for s in seats))
    facts = official_facts(scenario, tree, officials, seats, seat_group)
    pin_warnings: tuple[str, ...] = ()
    if not pins and scenario.pins is not None:  # the scenario's pins.csv (or --pins)
        from planner.inputs.pins import pins_for

        read = pins_for(
            dataset, scenario.pins, [s.seat_id for s in seats], [o.official_id for o in officials]
        )
        pins, pin_warnings = read.pins, read.warnings
    cands = candidate_pairs(
        scenario,
        tree,
        distances,
        officials,
        seats,
        seat_group,
        facts,
        all_pairs=all_pairs,
        pins=pins,
        fixed_kin=_fixed_kinship(scenario, dataset, tree, officials, outside),
    )
    targets = _targets(scenario, seats, seat_group, groups)
    instance = _instance(
        scenario, dataset, tree, officials, seats, seat_group, groups, roles, facts, cands, targets
    )
    warnings = (
        tuple(w for w in (distances.warning,) if w)
        + scope_warnings(scenario, dataset)
        + pin_warnings
    )
    return PlanningProblem(
        scenario=scenario,
        dataset=dataset,
        tree=tree,
        distances=distances,
        seats=seats,
        officials=officials,
        seat_group=seat_group,
        groups=groups,
        roles=roles,
        facts=facts,
        targets=targets,
        instance=instance,
        pins=tuple(pins),
        all_pairs=all_pairs,
        warnings=warnings,
    )


def _targets(
    scenario: Scenario, seats: Sequence[Seat], seat_group: Sequence[str], groups: Sequence[str]
) -> tuple[GroupTarget, ...]:
    by_group: dict[str, list[Seat]] = defaultdict(list)
    for seat, group in zip(seats, seat_group, strict=True):
        by_group[group].append(seat)
    out = []
    for group in groups:
        ratio = scenario.target.ratio_for(group)
        members = by_group[group]
        out.append(
            GroupTarget(
                group,
                None,
                tuple(s.seat_id for s in members),
                ratio,
                required_count(ratio, len(members)),
            )
        )
    # per-role targets: target.roles in every group, replaced by target.group_roles there
    for role in scenario.target.all_roles():
        for group in groups:
            ratios = scenario.target.roles_for(group)
            if role not in ratios:
                continue
            ratio = ratios[role]
            members = [s for s in by_group[group] if s.role == role]
            if members:
                out.append(
                    GroupTarget(
                        group,
                        role,
                        tuple(s.seat_id for s in members),
                        ratio,
                        required_count(ratio, len(members)),
                    )
                )
    return tuple(out)


def _instance(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    officials: Sequence[Official],
    seats: Sequence[Seat],
    seat_group: Sequence[str],
    groups: Sequence[str],
    roles: Sequence[str],
    facts: OfficialFacts,
    cands: Candidates,
    targets: Sequence[GroupTarget],
) -> Instance:
    seat_index = {s.seat_id: i for i, s in enumerate(seats)}
    group_index = {g: i for i, g in enumerate(groups)}
    role_index = {r: i for i, r in enumerate(roles)}
    unit_code = {u: i for i, u in enumerate(dict.fromkeys(s.unit_id for s in seats))}
    o_index = {o.official_id: i for i, o in enumerate(officials)}

    score = np.zeros(len(cands.official), dtype=np.int64)
    if dataset.preferences:
        n_units = len(unit_code)
        wish = {
            o_index[p.official_id] * n_units + unit_code[p.unit_id]: p.score
            for p in dataset.preferences
            if p.official_id in o_index and p.unit_id in unit_code
        }
        if wish:
            seat_unit = np.array([unit_code[s.unit_id] for s in seats], dtype=np.int64)
            keys = cands.official * n_units + seat_unit[cands.seat]
            wish_keys = np.array(sorted(wish), dtype=np.int64)
            wish_vals = np.array([wish[k] for k in wish_keys], dtype=np.int64)
            pos = np.clip(np.searchsorted(wish_keys, keys), 0, len(wish_keys) - 1)
            score = np.where(wish_keys[pos] == keys, wish_vals[pos], 0).astype(np.int64)

    target_rows = tuple(
        TargetRow(
            group=group_index[t.group_id],
            role=None if t.role is None else role_index[t.role],
            seats=np.array([seat_index[s] for s in t.seat_ids], dtype=np.int64),
            required=t.required,
        )
        for t in targets
        if t.required > 0
    )

    r = scenario.rules
    return Instance(
        n_officials=len(officials),
        n_seats=len(seats),
        n_groups=len(groups),
        seat_group=np.array([group_index[g] for g in seat_group], dtype=np.int64),
        seat_unit=np.array([unit_code[s.unit_id] for s in seats], dtype=np.int64),
        seat_role=np.array([role_index[s.role] for s in seats], dtype=np.int64),
        seat_incumbent=_incumbents(facts, len(seats)),
        pair_official=cands.official.astype(np.int64),
        pair_seat=cands.seat.astype(np.int64),
        pair_keep=cands.keep.astype(bool),
        pair_nonlocal=cands.nonlocal_.astype(bool),
        pair_km=cands.km.astype(np.int64),
        pair_score=score,
        pair_refused=cands.refused.astype(np.int64),
        pair_forced=cands.forced.astype(np.int64),
        targets=target_rows,
        kinship=_kinship_sets(scenario, dataset, tree, officials, seats, cands, o_index),
        max_changes_per_group=r.max_changes_per_group,
        one_new_head_per_unit=r.one_new_head_per_unit,
        allow_vacancies=r.allow_vacancies,
        weights=scenario.objective,
        official_release=facts.charged.astype(bool),
    )


def _fixed_kinship(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    officials: Sequence[Official],
    outside: set[str],
) -> list[frozenset[str]]:
    """Per official, the kinship units where a relative holds a seat outside the scope."""
    if not dataset.relations or not outside:
        return []
    unit_of = {s.seat_id: s.unit_id for s in dataset.seats}
    seat_of = {
        o.official_id: o.current_seat_id for o in dataset.officials if o.current_seat_id in outside
    }
    level = scenario.rules.kinship_level
    bound: dict[str, set[str]] = defaultdict(set)
    for rel in dataset.relations:
        for me, other in ((rel.official_a, rel.official_b), (rel.official_b, rel.official_a)):
            held = seat_of.get(other)
            if held is not None and me != other:
                unit = tree.ancestor_at(unit_of[held], level)
                if unit is not None:
                    bound[me].add(unit)
    return [frozenset(bound.get(o.official_id, ())) for o in officials]


def _incumbents(facts: OfficialFacts, n_seats: int) -> IntArray:
    holder = np.full(n_seats, NO_ONE, dtype=np.int64)
    holds = np.flatnonzero(facts.incumbent_seat >= 0)
    holder[facts.incumbent_seat[holds]] = holds
    return holder


def _kinship_sets(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    officials: Sequence[Official],
    seats: Sequence[Seat],
    cands: Candidates,
    o_index: dict[str, int],
) -> tuple[IntArray, ...]:
    """For each pair of relatives and each kinship unit both could sit in: their pairs there."""
    if not dataset.relations:
        return ()
    level = scenario.rules.kinship_level
    unit_of_seat = [tree.ancestor_at(s.unit_id, level) for s in seats]
    kin_codes = {u: i for i, u in enumerate(dict.fromkeys(unit_of_seat))}
    seat_kin = np.array([kin_codes[u] for u in unit_of_seat], dtype=np.int64)
    pair_kin = seat_kin[cands.seat]
    # each official's pairs, in pair order, from one sort (not one pass over all pairs each)
    order = np.argsort(cands.official, kind="stable")
    start = np.searchsorted(cands.official[order], np.arange(len(officials) + 1))
    by_official: dict[int, IntArray] = {}
    sets: list[IntArray] = []
    seen: set[tuple[int, int]] = set()
    for rel in dataset.relations:
        a, b = o_index.get(rel.official_a), o_index.get(rel.official_b)
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        for who in key:
            if who not in by_official:
                by_official[who] = order[start[who] : start[who + 1]]
        pa, pb = by_official[key[0]], by_official[key[1]]
        for kin in np.intersect1d(pair_kin[pa], pair_kin[pb]):
            members = np.concatenate([pa[pair_kin[pa] == kin], pb[pair_kin[pb] == kin]])
            sets.append(np.sort(members))
    return tuple(sets)


__all__ = ["Family", "GroupTarget", "PlanningProblem", "build_problem", "load_problem"]
