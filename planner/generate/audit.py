"""A solver-free check that generated data is what its preset promises.

The optimizer cannot vouch for the generator (they are written at the same time, and a
generator bug would look like an optimizer bug), so this module re-derives, from the tables
alone and the contract's rules, which new placements are allowed (rule 4), how many officials
could be placed non-locally in each group, and the largest number of non-local holders each
group can reach. The last is an assignment problem per group (every seat filled, nobody twice,
must-stay incumbents kept, leavers gone), solved exactly with the Hungarian method; only the
kinship rule (a handful of pairs) is left out, so it is an upper bound that is tight in practice.
Only the retirement roadmap and the level scales are shared with the planner
(:mod:`planner.domain.retirement`, :mod:`planner.domain.levels`): they are statutory tables,
not logic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import linear_sum_assignment

from planner.domain.levels import EDUCATION
from planner.domain.levels import POLITICAL_THEORY as THEORY
from planner.domain.retirement import retirement_date
from planner.domain.targets import required_count
from planner.domain.words import role_title
from planner.generate.core import GeneratedData
from planner.generate.presets import Spec
from planner.i18n import _
from planner.inputs.scenario import Rules, Target

_BIG = 1e6
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CheckRules:
    """The scenario settings the check needs (contract defaults unless the spec says)."""

    as_of: date
    target_level: str = Target.level
    min_nonlocal_ratio: float = Target.min_nonlocal_ratio
    role_targets: Mapping[str, float] = field(default_factory=dict)
    group_roles: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    locality_level: str = Rules.locality_level
    min_years_before_move: float = Rules.min_years_before_move
    max_years_in_post: float = Rules.max_years_in_post
    min_years_to_retirement: float = Rules.min_years_to_retirement
    retirement: str = "vn-2019"  # the only roadmap the generator writes (Rules.retirement's)

    @classmethod
    def of(cls, spec: Spec) -> CheckRules:
        return cls(
            as_of=spec.as_of,
            target_level=spec.target_level,
            min_nonlocal_ratio=spec.min_nonlocal_ratio,
            role_targets=dict(spec.role_targets),
            group_roles={g: dict(r) for g, r in spec.group_roles.items()},
        )


@dataclass(frozen=True)
class GroupCheck:
    """One group (or group-role pair): its target and what the data allows.

    ``candidates`` counts officials who could be newly placed in a seat of the group (of the
    role) non-locally; ``max_reachable`` is the most non-local holders any plan can have.
    """

    group_id: str
    role: str | None
    seats: int
    required: int
    nonlocal_today: int
    candidates: int
    max_reachable: int
    fillable: bool


@dataclass(frozen=True)
class Report:
    officials: int
    seats: int
    eligible_pairs: int
    groups: tuple[GroupCheck, ...]

    def feasible(self) -> bool:
        return all(g.fillable and g.max_reachable >= g.required for g in self.groups)

    def text(self) -> str:
        lines = [
            _("officials {officials}, seats {seats}, eligible new placements {pairs}").format(
                officials=self.officials, seats=self.seats, pairs=self.eligible_pairs
            )
        ]
        for g in self.groups:
            role = f"/{role_title(g.role)}" if g.role else ""
            line = _(
                "{group}: seats {seats}, non-local today {today}, required {required}, "
                "max reachable {reachable}, candidates {candidates}"
            ).format(
                group=f"{g.group_id}{role}",
                seats=g.seats,
                today=g.nonlocal_today,
                required=g.required,
                reachable=g.max_reachable,
                candidates=g.candidates,
            )
            if not g.fillable:
                line += ", " + _("SEATS CANNOT ALL BE FILLED")
            lines.append("  " + line)
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# birth dates


def parse_birth(text: str) -> date:
    text = str(text).strip()
    return date(int(text), 1, 1) if len(text) == 4 else date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# the check


def _split(cell: object) -> list[str]:
    if cell is None or cell != cell:  # NaN from a CSV read
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _bits(have: Sequence[Set[str]], need: Sequence[Set[str]]) -> tuple[IntArray, IntArray]:
    """Sets of words as bit masks over their union, so that subset tests vectorise."""
    words = {w: 1 << i for i, w in enumerate(sorted(set().union(*have, *need)))}

    def mask(sets: Sequence[Set[str]]) -> IntArray:
        return np.array([sum(words[w] for w in s) for s in sets], dtype=object).astype(np.int64)

    return mask(have), mask(need)


class _Tree:
    def __init__(self, units: pd.DataFrame) -> None:
        self.parent = {
            str(u): (str(p) if p == p and str(p) else None)
            for u, p in zip(units["unit_id"], units["parent_id"], strict=True)
        }
        self.level = dict(
            zip(units["unit_id"].astype(str), units["level"].astype(str), strict=True)
        )
        # a former unit (contract section 2) was merged into its parent and, when split, into
        # the units of also_merged_into too
        self.merged: dict[str, list[str]] = {}
        if "status" in units.columns:
            for u, status, also in zip(
                units["unit_id"].astype(str),
                units["status"].fillna("").astype(str),
                units.get("also_merged_into", pd.Series([""] * len(units))).fillna(""),
                strict=True,
            ):
                if status == "former":
                    self.merged[u] = _split(also)

    def ancestor(self, unit: str, level: str) -> str | None:
        node: str | None = unit
        while node is not None:
            if self.level[node] == level:
                return node
            node = self.parent[node]
        return None

    def localities(self, unit: str, level: str) -> set[str]:
        """The units at ``level`` that ``unit`` lies in, or was merged into."""
        found: set[str] = set()
        todo, seen = [unit], {unit}
        while todo:
            node = todo.pop()
            if self.level[node] == level and node not in self.merged:
                found.add(node)
                continue
            for nxt in (self.parent[node], *self.merged.get(node, ())):
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return found


def check(data: GeneratedData | Mapping[str, pd.DataFrame], rules: CheckRules) -> Report:
    """Eligible placements and per-group reachability of ``data`` under ``rules``.

    ``data`` is a generation or the tables read back from a data folder (by file stem:
    ``units``, ``seats``, ``officials``).
    """
    if isinstance(data, GeneratedData):
        units, seats, officials = data.units, data.seats, data.officials
    else:
        units, seats, officials = data["units"], data["seats"], data["officials"]
    tree = _Tree(units)
    unit_index = {u: i for i, u in enumerate(tree.level)}

    def group_of(unit: str) -> str:
        return tree.ancestor(unit, rules.target_level) or unit

    s_unit = seats["unit_id"].astype(str).tolist()
    s_group = [group_of(u) for u in s_unit]
    s_loc = np.array(
        [unit_index.get(tree.ancestor(u, rules.locality_level) or "", -2) for u in s_unit]
    )
    s_role = seats["role"].astype(str).to_numpy()
    s_pt = np.array(
        [THEORY.index(v) if v else 0 for v in seats["min_political_theory"].fillna("").astype(str)]
    )
    s_edu = np.array(
        [EDUCATION.index(v) if v else 0 for v in seats["min_education"].fillna("").astype(str)]
    )
    s_tags = [frozenset(_split(t)) for t in seats["required_tags"]]
    seat_pos = {s: i for i, s in enumerate(seats["seat_id"].astype(str))}

    n = len(officials)
    o_seat = np.array(
        [
            seat_pos.get(str(s), -1) if s == s and str(s) else -1
            for s in officials["current_seat_id"]
        ]
    )
    o_group = []
    for k, row in enumerate(officials.itertuples(index=False)):
        if o_seat[k] >= 0:
            o_group.append(s_group[o_seat[k]])
        elif isinstance(row.current_unit_id, str) and row.current_unit_id:
            o_group.append(group_of(row.current_unit_id))
        else:
            o_group.append(group_of(str(row.home_unit_id)))
    homes = [
        [str(h), *_split(o)]
        for h, o in zip(officials["home_unit_id"], officials["other_home_unit_ids"], strict=True)
    ]
    places = [
        sorted({unit_index[u] for h in hs for u in tree.localities(h, rules.locality_level)})
        for hs in homes
    ]
    width = max((len(p) for p in places), default=1) or 1
    o_loc = np.full((n, width), -1)
    for k, found in enumerate(places):
        o_loc[k, : len(found)] = found
    o_pt = np.array([THEORY.index(v) for v in officials["political_theory"].astype(str)])
    o_edu = np.array([EDUCATION.index(v) for v in officials["education"].astype(str)])
    o_tags = [frozenset(_split(t)) for t in officials["tags"]]
    o_roles = [
        set(_split(r)) | ({s_role[o_seat[k]]} if o_seat[k] >= 0 else set())
        for k, r in enumerate(officials["planned_roles"])
    ]
    years = officials["years_in_post"].astype(float).to_numpy()
    disciplined = officials["disciplined"].fillna(0).astype(int).to_numpy() == 1
    to_retire = np.array(
        [
            (retirement_date(parse_birth(b), str(g), rules.retirement) - rules.as_of).days / 365.25
            for b, g in zip(officials["birth_date"], officials["gender"], strict=True)
        ]
    )
    o_role_bits, s_role_bits = _bits(o_roles, [{r} for r in s_role])
    o_tag_bits, s_tag_bits = _bits(o_tags, s_tags)
    is_inc = o_seat >= 0
    locked = is_inc & (years < rules.min_years_before_move)
    may_keep = is_inc & (years < rules.max_years_in_post)
    mover = (~disciplined) & (~locked) & (to_retire >= rules.min_years_to_retirement)

    by_group_seats: dict[str, list[int]] = {}
    for i, g in enumerate(s_group):
        by_group_seats.setdefault(g, []).append(i)
    by_group_off: dict[str, list[int]] = {}
    for k, g in enumerate(o_group):
        by_group_off.setdefault(g, []).append(k)

    pairs = 0
    results: list[GroupCheck] = []
    for g in sorted(by_group_seats):
        si = np.array(by_group_seats[g])
        oi = np.array(by_group_off.get(g, []), dtype=np.int64)
        nonlocal_ = (o_loc[oi][:, :, None] != s_loc[si][None, None, :]).all(axis=1)
        role_ok = (o_role_bits[oi][:, None] & s_role_bits[si][None, :]) != 0
        tags_ok = (s_tag_bits[si][None, :] & ~o_tag_bits[oi][:, None]) == 0
        own = o_seat[oi][:, None] == si[None, :]
        eligible = (
            mover[oi][:, None]
            & role_ok
            & tags_ok
            & nonlocal_
            & ~own
            & (o_pt[oi][:, None] >= s_pt[si][None, :])
            & (o_edu[oi][:, None] >= s_edu[si][None, :])
        )
        pairs += int(eligible.sum())
        allowed = eligible | (own & may_keep[oi][:, None])
        for col in np.flatnonzero(locked[oi]):
            row = own[col]
            allowed[:, row] = False
            allowed[col, :] = row
        role_ratios = rules.group_roles.get(g, rules.role_targets)
        roles: list[str | None] = [None, *sorted(role_ratios)]
        for role in roles:
            mask = np.ones(len(si), dtype=bool) if role is None else s_role[si] == role
            if not mask.any():
                continue
            weight = np.where(mask, 1.0, 0.0)[None, :] * nonlocal_
            cost = np.where(allowed, -weight, _BIG).T  # rows: seats, columns: officials
            rows, cols = linear_sum_assignment(cost)
            fillable = len(rows) == len(si) and bool((cost[rows, cols] < _BIG / 2).all())
            ratio = rules.min_nonlocal_ratio if role is None else role_ratios[role]
            today = int((own & nonlocal_)[:, mask].sum())
            results.append(
                GroupCheck(
                    group_id=g,
                    role=role,
                    seats=int(mask.sum()),
                    required=required_count(ratio, int(mask.sum())),
                    nonlocal_today=today,
                    candidates=int(eligible[:, mask].any(axis=1).sum()),
                    max_reachable=round(
                        -float(cost[rows, cols][cost[rows, cols] < _BIG / 2].sum())
                    ),
                    fillable=fillable,
                )
            )
    return Report(officials=n, seats=len(seats), eligible_pairs=pairs, groups=tuple(results))
