"""ONE 0-1 model over all the batches of a roadmap (contract section 10).

The variables are *stints*: ``z[o, s, j, l]`` says official o is placed in seat s at batch j
and holds it through batch l (and not at l + 1); for today's incumbent in their own seat,
``u[o, s, l]`` says they keep it through batch l (l = -1: they leave at the first batch).
Who holds what at batch k is the sum of the stints that cover k. Measured against the
textbook "state" formulation (``x[k, o, s]`` per batch with ``n >= x[k] - x[k-1]`` for the
changes): on Phúc Thọ with 3 batches the stints prove optimality in well under a second where
the state model took 10.7 s with the LP-first engine and 30-55 s with HiGHS or SCIP alone
(benchmarks/README.md), because its relaxation no longer buys changes with half-held seats.

Stints encode tenure across batches by which stints exist: someone placed at batch j may end
a stint at l only when batch l + 1 comes ``min_years_before_move`` or more after batch j (or
retirement makes them leave), and never holds on to a batch where they would reach
``max_years_in_post``. A stint needs its pair at every batch it covers: NEW at j (every
date-dependent rule of section 4 was checked on the state of that date by the ordinary
single-batch rules), then NEW or HOLD. Today's incumbents keep their seat only while the
batch's own rules let them (KEEP pairs).

Rows, per batch: one holder per seat, one seat per official, targets, kinship, caps (on the
stints that start at the batch); across batches: a role held today and not on the planning
list is open only from a seat of that role; a count in the unit (``years_in_unit``) that goes
on after a move inside the unit; one group for a cadre who may reach several. The cost is
the sum of the batches' costs of section 5 (release included when weighted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from models.families import Family
from models.instance import NO_ONE, IntArray, TargetRow, Weights
from models.linear import LinearModel, RowBlock

BoolArray = npt.NDArray[np.bool_]

KEEP, NEW, HOLD = 0, 1, 2


@dataclass(frozen=True, eq=False)
class BatchPairs:
    """The pairs one batch may use, sorted by (seat, official), in the roadmap's indices."""

    official: IntArray
    seat: IntArray
    kind: IntArray  # KEEP, NEW or HOLD
    forced: BoolArray  # must be held (tenure's must-keep, a keep pin)
    nonlocal_: BoolArray
    km: IntArray  # whole km home -> seat (charged on a change)
    score: IntArray  # preference score (credited on every holder)

    def __post_init__(self) -> None:
        n = len(self.official)
        for name in ("seat", "kind", "forced", "nonlocal_", "km", "score"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} must have one entry per pair")

    def keys(self, n_officials: int) -> IntArray:
        return self.seat * max(n_officials, 1) + self.official

    def subset(self, mask: BoolArray) -> BatchPairs:
        return BatchPairs(
            self.official[mask],
            self.seat[mask],
            self.kind[mask],
            self.forced[mask],
            self.nonlocal_[mask],
            self.km[mask],
            self.score[mask],
        )


@dataclass(frozen=True, eq=False)
class JointInstance:
    """A roadmap in dense form: shared seats and officials, one :class:`BatchPairs` per batch.

    ``stay[j, k]`` (j < k): someone placed at batch j must still hold the seat at batch k;
    ``span_max[j, k]``: someone placed at batch j and holding on to batch k reaches
    ``max_years_in_post`` there. ``retired[k, o]``: o's retirement date is on or before batch
    k's date; ``leaves[k, o]``: today's incumbent o must leave their seat at batch k if they
    kept it until then (the single-batch rule 3 on that date).
    """

    n_officials: int
    n_seats: int
    n_groups: int
    seat_group: IntArray
    seat_unit: IntArray
    seat_role: IntArray
    seat_incumbent: IntArray  # today
    batches: tuple[BatchPairs, ...]
    targets: tuple[tuple[TargetRow, ...], ...]  # per batch
    stay: BoolArray  # (K, K)
    span_max: BoolArray  # (K, K)
    retired: BoolArray  # (K, n_officials)
    leaves: BoolArray  # (K, n_officials)
    #: role code of today's seat when it is not on the official's planning list, else -1
    unplanned_role: IntArray
    relatives: IntArray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    seat_kin: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    years_in_unit: bool = False  # max years reckoned per unit (years_in_unit given)
    retire_at_age: bool = False
    cross_group_moves: bool = False
    max_changes_per_group: int = 0
    one_new_head_per_unit: bool = False
    allow_vacancies: bool = False
    weights: Weights = field(default_factory=Weights)

    @property
    def n_batches(self) -> int:
        return len(self.batches)


@dataclass(frozen=True, eq=False)
class Stints:
    """The variables: official, seat, first and last batch covered (first = -1: today's
    incumbent keeping their seat from before the roadmap), and whether it is a placement."""

    official: IntArray
    seat: IntArray
    first: IntArray
    last: IntArray
    placed: BoolArray
    nonlocal_: BoolArray
    km: IntArray
    score: IntArray

    def covering(self, k: int) -> IntArray:
        return np.flatnonzero((self.first <= k) & (self.last >= k)).astype(np.int64)

    def starting(self, k: int) -> IntArray:
        return np.flatnonzero(self.placed & (self.first == k)).astype(np.int64)


@dataclass(frozen=True, eq=False)
class JointModel:
    """The linear model and the way back from its variables to each batch's assignment."""

    model: LinearModel
    stints: Stints
    n_seats: int
    n_batches: int

    def assignments(self, values: npt.NDArray[np.bool_]) -> list[IntArray]:
        chosen = np.asarray(values[: len(self.stints.official)], dtype=bool)
        out = []
        for k in range(self.n_batches):
            cover = self.stints.covering(k)
            cover = cover[chosen[cover]]
            assignment = np.full(self.n_seats, NO_ONE, dtype=np.int64)
            assignment[self.stints.seat[cover]] = self.stints.official[cover]
            out.append(assignment)
        return out


class _Rows:
    """Rows ``lo <= A v <= hi`` collected as triplets, one block per family."""

    def __init__(self) -> None:
        self.blocks: dict[Family, list[tuple[IntArray, IntArray, npt.NDArray[np.float64]]]] = {}
        self.bounds: dict[Family, list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]]
        self.bounds = {}
        self.count: dict[Family, int] = {}

    def add(
        self,
        family: Family,
        row: npt.ArrayLike,
        var: npt.ArrayLike,
        coef: npt.ArrayLike,
        lo: npt.ArrayLike,
        hi: npt.ArrayLike,
    ) -> None:
        """Rows numbered ``0..len(lo)-1`` locally; ``row[i]`` is the row of term i."""
        lo_a = np.atleast_1d(np.asarray(lo, dtype=float))
        hi_a = np.broadcast_to(np.asarray(hi, dtype=float), lo_a.shape).copy()
        if len(lo_a) == 0:
            return
        offset = self.count.get(family, 0)
        coef_a = np.broadcast_to(np.asarray(coef, dtype=float), np.shape(var)).copy()
        self.blocks.setdefault(family, []).append(
            (np.asarray(row, dtype=np.int64) + offset, np.asarray(var, dtype=np.int64), coef_a)
        )
        self.bounds.setdefault(family, []).append((lo_a, hi_a))
        self.count[family] = offset + len(lo_a)

    def built(self, n_vars: int) -> tuple[RowBlock, ...]:
        out = []
        for family, parts in self.blocks.items():
            rows = np.concatenate([p[0] for p in parts])
            var = np.concatenate([p[1] for p in parts])
            coef = np.concatenate([p[2] for p in parts])
            n_rows = self.count[family]
            matrix = sp.csr_matrix((coef, (rows, var)), shape=(n_rows, n_vars))
            matrix.sum_duplicates()
            lo = np.concatenate([b[0] for b in self.bounds[family]])
            hi = np.concatenate([b[1] for b in self.bounds[family]])
            out.append(RowBlock(family, matrix, lo, hi, np.full(n_rows, -1, dtype=np.int64)))
        return tuple(out)


def _lookup(keys: IntArray, wanted: IntArray) -> IntArray:
    """Position of each wanted key in the sorted ``keys``, -1 where absent."""
    if len(keys) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    pos = np.clip(np.searchsorted(keys, wanted), 0, len(keys) - 1)
    return np.where(keys[pos] == wanted, pos, -1).astype(np.int64)


def stints(joint: JointInstance, pairs: tuple[BatchPairs, ...]) -> Stints:
    """Every stint the tenure rules allow (see the module's docstring)."""
    n_o, K = joint.n_officials, joint.n_batches
    keys = [p.keys(n_o) for p in pairs]
    at = [[_lookup(keys[k], keys[j]) for k in range(K)] for j in range(K)]  # at[j][k]
    cols: dict[str, list[npt.NDArray[Any]]] = {
        n: [] for n in ("official", "seat", "first", "last", "placed", "nonlocal_", "km", "score")
    }

    def add(src: BatchPairs, idx: IntArray, first: int, last: int, placed: bool) -> None:
        cols["official"].append(src.official[idx])
        cols["seat"].append(src.seat[idx])
        cols["first"].append(np.full(len(idx), first, dtype=np.int64))
        cols["last"].append(np.full(len(idx), last, dtype=np.int64))
        cols["placed"].append(np.full(len(idx), placed, dtype=bool))
        cols["nonlocal_"].append(src.nonlocal_[idx])
        cols["km"].append(np.where(placed, src.km[idx], 0))
        cols["score"].append(src.score[idx])

    # today's incumbents: keep through batch l while their KEEP pair exists (l = -1: leave)
    first_pairs = pairs[0]
    keep0 = np.flatnonzero(first_pairs.kind == KEEP)
    alive = np.ones(len(keep0), dtype=bool)
    for last in range(K):
        held = at[0][last][keep0]
        alive &= held >= 0
        if last > 0 and alive.any():  # (a batch with no pairs at all has nothing to look up)
            alive &= pairs[last].kind[np.maximum(held, 0)] == KEEP
        add(first_pairs, keep0[alive], -1, last, False)
    # placements: placed at j, held through l
    for j in range(K):
        p = pairs[j]
        new = np.flatnonzero(p.kind == NEW)
        alive = np.ones(len(new), dtype=bool)
        for last in range(j, K):
            held = at[j][last][new]
            alive &= held >= 0
            alive &= ~joint.span_max[j, last] if last > j else True
            if not alive.any():
                break
            if last + 1 < K:
                # leaving at batch last + 1 is allowed when the stay is long enough, or
                # retirement makes them leave
                may_leave = ~joint.stay[j, last + 1] | joint.retired[last + 1, p.official[new]]
            else:
                may_leave = np.ones(len(new), dtype=bool)
            add(p, new[alive & may_leave], j, last, True)
    cat = {n: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for n, v in cols.items()}
    return Stints(
        official=cat["official"].astype(np.int64),
        seat=cat["seat"].astype(np.int64),
        first=cat["first"].astype(np.int64),
        last=cat["last"].astype(np.int64),
        placed=cat["placed"].astype(bool),
        nonlocal_=cat["nonlocal_"].astype(bool),
        km=cat["km"].astype(np.int64),
        score=cat["score"].astype(np.int64),
    )


def build(joint: JointInstance, seats: IntArray | None = None) -> JointModel:
    """The joint model over ``seats`` (all seats when None): an independent part is exact
    when no official, target, cap or kinship set reaches outside it (see
    :func:`planner.roadmap.run.solve_joint`)."""
    n_s, K = joint.n_seats, joint.n_batches
    in_part = np.ones(n_s, dtype=bool)
    if seats is not None:
        in_part[:] = False
        in_part[np.asarray(seats, dtype=np.int64)] = True
    pairs = tuple(b.subset(in_part[b.seat]) for b in joint.batches)
    st = stints(joint, pairs)
    n_vars = len(st.official)
    w = joint.weights
    rows = _Rows()

    # the cost: placements pay change + km once; every covered batch credits the preference
    # and (with vacancies allowed) saves a vacancy
    fold = 0.0 if joint.allow_vacancies else float(w.vacancy)
    covered = (st.last - np.maximum(st.first, 0) + 1).astype(float)
    coef = covered * (-w.preference * st.score - w.vacancy + fold)
    coef += st.placed * (w.change + w.distance_km * st.km)
    offset = K * (w.vacancy - fold) * int(in_part.sum())

    seat_code = np.flatnonzero(in_part)
    covers = [st.covering(k) for k in range(K)]
    starts = [st.starting(k) for k in range(K)]
    for k in range(K):
        c = covers[k]
        # rule 1: one holder per seat (or at most one with vacancies)
        rows.add(
            Family.SEAT_FILLED,
            np.searchsorted(seat_code, st.seat[c]),
            c,
            1.0,
            np.full(len(seat_code), 0.0 if joint.allow_vacancies else 1.0),
            1.0,
        )
        # rule 2: one seat per official
        codes, row = np.unique(st.official[c], return_inverse=True)
        rows.add(Family.ONE_SEAT, row, c, 1.0, np.full(len(codes), -np.inf), 1.0)
        # forced holdings (tenure's must-keep, keep pins): the pair is covered at k
        p = pairs[k]
        forced = np.flatnonzero(p.forced)
        if len(forced):
            fkeys = p.keys(joint.n_officials)[forced]
            ckeys = st.seat[c] * max(joint.n_officials, 1) + st.official[c]
            which = np.searchsorted(fkeys, ckeys)
            which = np.clip(which, 0, len(fkeys) - 1)
            hit = fkeys[which] == ckeys
            rows.add(Family.TENURE, which[hit], c[hit], 1.0, np.ones(len(forced)), np.inf)
        # rule 5 with this batch's required counts
        for t in joint.targets[k]:
            if t.required <= 0 or not in_part[t.seats].all():
                continue
            hit = c[st.nonlocal_[c] & np.isin(st.seat[c], t.seats)]
            rows.add(Family.TARGET, np.zeros(len(hit)), hit, 1.0, [t.required], np.inf)
        # rule 7: changes (stints starting at k) per group, and per unit
        s = starts[k]
        if joint.max_changes_per_group > 0 and len(s):
            codes, row = np.unique(joint.seat_group[st.seat[s]], return_inverse=True)
            cap = float(joint.max_changes_per_group)
            rows.add(Family.BATCH_CAP, row, s, 1.0, np.full(len(codes), -np.inf), cap)
        if joint.one_new_head_per_unit and len(s):
            codes, row = np.unique(joint.seat_unit[st.seat[s]], return_inverse=True)
            rows.add(Family.ONE_NEW_HEAD, row, s, 1.0, np.full(len(codes), -np.inf), 1.0)
        _kinship_rows(joint, st, c, rows)
    # today's incumbents choose one keeping stint at most
    keeps = np.flatnonzero(~st.placed)
    codes, row = np.unique(st.official[keeps], return_inverse=True)
    rows.add(Family.ONE_SEAT, row, keeps, 1.0, np.full(len(codes), -np.inf), 1.0)

    _planning_rows(joint, st, covers, starts, rows)
    _unit_rows(joint, st, covers, rows)
    n_vars = _group_rows(joint, st, covers, rows, n_vars)
    n_vars, release = _release_rows(joint, st, covers, in_part, rows, n_vars)

    objective = np.zeros(n_vars)
    objective[: len(coef)] = coef
    objective[len(coef) :] = release
    model = LinearModel(
        var_pair=np.arange(n_vars, dtype=np.int64),
        objective=objective,
        offset=float(offset),
        blocks=tuple(b for b in rows.built(n_vars) if b.n_rows),
    )
    return JointModel(model, st, n_s, K)


def _kinship_rows(joint: JointInstance, st: Stints, cover: IntArray, rows: _Rows) -> None:
    """Rule 6 at one batch: relatives not both inside one kinship unit."""
    if not len(joint.relatives) or not len(cover):
        return
    official = st.official[cover]
    kin = joint.seat_kin[st.seat[cover]]
    terms_row: list[IntArray] = []
    terms_var: list[IntArray] = []
    local = 0
    for a, b in joint.relatives.tolist():
        pa, pb = np.flatnonzero(official == a), np.flatnonzero(official == b)
        if not len(pa) or not len(pb):
            continue
        for unit in np.intersect1d(kin[pa], kin[pb]).tolist():
            members = np.concatenate([pa[kin[pa] == unit], pb[kin[pb] == unit]])
            terms_row.append(np.full(len(members), local))
            terms_var.append(cover[members])
            local += 1
    if local:
        rows.add(
            Family.KINSHIP,
            np.concatenate(terms_row),
            np.concatenate(terms_var),
            1.0,
            np.full(local, -np.inf),
            1.0,
        )


def _planning_rows(
    joint: JointInstance,
    st: Stints,
    covers: list[IntArray],
    starts: list[IntArray],
    rows: _Rows,
) -> None:
    """Rule 4's "same role as the seat they hold today": a role not on the official's
    planning list is open at batch k only to someone holding a seat of that role at k - 1."""
    r_rows: list[IntArray] = []
    r_vars: list[IntArray] = []
    r_coef: list[npt.NDArray[np.float64]] = []
    local = 0
    for k in range(1, joint.n_batches):
        s = starts[k]
        role = joint.unplanned_role[st.official[s]]
        rely = s[(role >= 0) & (joint.seat_role[st.seat[s]] == role)]
        for o in np.unique(st.official[rely]).tolist():
            mine = rely[st.official[rely] == o]
            prev = covers[k - 1]
            before = prev[
                (st.official[prev] == o)
                & (joint.seat_role[st.seat[prev]] == joint.unplanned_role[o])
            ]
            r_rows.append(np.full(len(mine) + len(before), local))
            r_vars.append(np.concatenate([mine, before]))
            r_coef.append(np.concatenate([np.ones(len(mine)), -np.ones(len(before))]))
            local += 1
    if local:
        rows.add(
            Family.PLANNING,
            np.concatenate(r_rows),
            np.concatenate(r_vars),
            np.concatenate(r_coef),
            np.full(local, -np.inf),
            0.0,
        )


def _unit_rows(joint: JointInstance, st: Stints, covers: list[IntArray], rows: _Rows) -> None:
    """Rule 3 on ``years_in_unit``: today's incumbent whose count in the unit reaches
    ``max_years_in_post`` at batch k (had they stayed) may not have headed the unit at every
    batch up to k, whichever of its seats they moved to: a move inside the unit does not
    restart the count (contract section 10)."""
    if not joint.years_in_unit:
        return
    r_rows: list[IntArray] = []
    r_vars: list[IntArray] = []
    his: list[float] = []
    local = 0
    for o in np.flatnonzero(joint.leaves.any(axis=0)).tolist():
        seat0 = np.flatnonzero(joint.seat_incumbent == o)
        if not len(seat0):
            continue
        unit = joint.seat_unit[seat0[0]]
        k = int(np.flatnonzero(joint.leaves[:, o])[0])
        terms = [
            c[(st.official[c] == o) & (joint.seat_unit[st.seat[c]] == unit)]
            for c in covers[: k + 1]
        ]
        if not len(terms[-1]):
            continue
        flat = np.concatenate(terms)
        r_rows.append(np.full(len(flat), local))
        r_vars.append(flat)
        his.append(float(k))
        local += 1
    if local:
        rows.add(
            Family.TENURE,
            np.concatenate(r_rows),
            np.concatenate(r_vars),
            1.0,
            np.full(local, -np.inf),
            np.array(his),
        )


def _group_rows(
    joint: JointInstance, st: Stints, covers: list[IntArray], rows: _Rows, n_vars: int
) -> int:
    """Without cross-group moves, an official who may be placed in several groups (a cadre
    working above the group level) is placed in one of them only, for the whole roadmap:
    ``g[o, group]`` with one per official, and every holding in a group needs its ``g``."""
    if joint.cross_group_moves:
        return n_vars
    placed = np.flatnonzero(st.placed)
    width = max(joint.n_groups, 1)
    codes = np.unique(st.official[placed] * width + joint.seat_group[st.seat[placed]])
    per_official = np.bincount(codes // width, minlength=joint.n_officials)
    multi = codes[per_official[codes // width] > 1]
    if not len(multi):
        return n_vars
    g_var = {int(code): n_vars + i for i, code in enumerate(multi.tolist())}
    n_vars += len(multi)
    officials = np.unique(multi // width)
    for o in officials.tolist():
        vs = np.array([v for code, v in g_var.items() if code // width == o], dtype=np.int64)
        rows.add(Family.CROSS_GROUP, np.zeros(len(vs)), vs, 1.0, [-np.inf], 1.0)
    for c in covers:
        mine = c[st.placed[c] & np.isin(st.official[c], officials)]
        code = st.official[mine] * width + joint.seat_group[st.seat[mine]]
        for key in np.unique(code).tolist():
            vs = mine[code == key]
            terms = np.concatenate([vs, [g_var[int(key)]]])
            coefs = np.concatenate([np.ones(len(vs)), [-1.0]])
            rows.add(Family.CROSS_GROUP, np.zeros(len(terms)), terms, coefs, [-np.inf], 0.0)
    return n_vars


def _release_rows(
    joint: JointInstance,
    st: Stints,
    covers: list[IntArray],
    in_part: BoolArray,
    rows: _Rows,
    n_vars: int,
) -> tuple[int, npt.NDArray[np.float64]]:
    """The release cost (contract section 5, ``objective.release``) of every batch:
    ``r[k, o] >= held[k-1] - held[k]`` for an official whose retirement date is after batch
    k's date, weighted by ``weights.release``."""
    if joint.weights.release <= 0:
        return n_vars, np.zeros(0)
    today = joint.seat_incumbent[in_part & (joint.seat_incumbent >= 0)]
    extra = 0
    for k in range(joint.n_batches):
        holders = today if k == 0 else st.official[covers[k - 1]]
        for o in np.unique(holders).tolist():
            if joint.retired[k, o]:
                continue
            now = covers[k][st.official[covers[k]] == o]
            before = (
                np.zeros(0, dtype=np.int64)
                if k == 0
                else covers[k - 1][st.official[covers[k - 1]] == o]
            )
            r = n_vars + extra
            extra += 1
            # r + held[k] - held[k-1] >= 0, where held today is the constant 1
            rows.add(
                Family.ONE_SEAT,
                np.zeros(1 + len(now) + len(before)),
                np.concatenate([[r], now, before]),
                np.concatenate([[1.0], np.ones(len(now)), -np.ones(len(before))]),
                [1.0 if k == 0 else 0.0],
                np.inf,
            )
    return n_vars + extra, np.full(extra, float(joint.weights.release))
