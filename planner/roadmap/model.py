"""ONE 0-1 model over all the batches of a roadmap (contract section 10).

Variables, per batch k = 1..K:

- ``x[k, o, s]``: official o holds seat s after batch k (batch 0 is today, fixed);
- ``n[k, o, s]``: o is newly placed in s at batch k, for pairs o could also hold at k-1
  (``n >= x[k] - x[k-1]``); where o cannot hold s at k-1, ``x[k, o, s]`` itself is the change;
- ``r[k, o]``: o held a seat at k-1 and holds none at k (released), only when the release
  cost's weight is set;
- ``g[o, group]``: the one group an official who may reach several groups is ever placed in
  (without cross-group moves a placed official belongs to the seat's group from then on).

Pairs of batch k are of three kinds: KEEP (today's incumbent in their own seat), NEW (o may be
newly placed in s on batch k's date: every date-dependent rule of section 4 was checked on
the state of that date by the ordinary single-batch rules), HOLD (o was placeable earlier and
may stay, not be placed anew). Rules that depend on earlier batches are rows here:

- tenure: someone placed at batch j holds the seat at every later batch k whose date is less
  than ``min_years_before_move`` after batch j (``x[k] >= change[j]``), unless retirement
  makes them leave; a placement reaching ``max_years_in_post`` within the roadmap, and a
  today's incumbent whose count in the unit (``years_in_unit``) reaches it after a move inside
  the unit, leave (chain rows: not held at every batch of the span);
- a role held today and not on the planning list may be taken again only from a seat of that
  role (rule 4: "the same role as the seat they hold today");
- per batch: one holder per seat, one seat per official, targets, kinship, caps.

The cost is the sum of the batches' costs of section 5 (release included when weighted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    release: int = 0  # weight of a released incumbent not yet at retirement

    @property
    def n_batches(self) -> int:
        return len(self.batches)


@dataclass(frozen=True, eq=False)
class JointModel:
    """The linear model and the way back from its variables to each batch's assignment."""

    model: LinearModel
    x_start: IntArray  # first x variable of each batch (its pairs in order)
    pairs: tuple[BatchPairs, ...]  # the pairs the model uses (restricted to the seats)
    n_seats: int

    def assignments(self, values: npt.NDArray[np.bool_]) -> list[IntArray]:
        out = []
        for k, pairs in enumerate(self.pairs):
            chosen = values[self.x_start[k] : self.x_start[k] + len(pairs.official)]
            assignment = np.full(self.n_seats, NO_ONE, dtype=np.int64)
            assignment[pairs.seat[chosen]] = pairs.official[chosen]
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


def build(joint: JointInstance, seats: IntArray | None = None) -> JointModel:
    """The joint model over ``seats`` (all seats when None): an independent part is exact
    when no official, target, cap or kinship set reaches outside it (see :func:`parts`)."""
    n_o, n_s, K = joint.n_officials, joint.n_seats, joint.n_batches
    in_part = np.ones(n_s, dtype=bool)
    if seats is not None:
        in_part[:] = False
        in_part[np.asarray(seats, dtype=np.int64)] = True
    pairs = tuple(b.subset(in_part[b.seat]) for b in joint.batches)
    keys = [p.keys(n_o) for p in pairs]
    w = joint.weights

    # x variables, batch after batch
    sizes = np.array([len(p.official) for p in pairs], dtype=np.int64)
    x_start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_vars = int(sizes.sum())
    # the same pair one batch earlier (-1: not holdable then); batch 1's KEEP pairs held today
    prev = [np.full(len(pairs[0].official), -1, dtype=np.int64)]
    for k in range(1, K):
        prev.append(_lookup(keys[k - 1], keys[k]))
    # change indicators: x itself where the pair was not holdable at k-1, else an n variable
    change: list[IntArray] = []  # per batch: variable of each pair's change, -1 for none
    n_links: list[tuple[int, IntArray, IntArray]] = []  # (batch, pair positions, n vars)
    for k, p in enumerate(pairs):
        ch = np.full(len(p.official), -1, dtype=np.int64)
        new = p.kind == NEW
        fresh = new & (prev[k] < 0)
        ch[fresh] = x_start[k] + np.flatnonzero(fresh)
        linked = np.flatnonzero(new & (prev[k] >= 0))
        n_vars_k = n_vars + np.arange(len(linked))
        n_vars += len(linked)
        ch[linked] = n_vars_k
        n_links.append((k, linked, n_vars_k))
        change.append(ch)

    rows = _Rows()
    objective: list[tuple[IntArray, npt.NDArray[np.float64]]] = []
    offset = 0.0
    vacancy_fold = 0.0 if joint.allow_vacancies else float(w.vacancy)
    for k, p in enumerate(pairs):
        xs = x_start[k] + np.arange(len(p.official))
        n_here = int(in_part.sum())
        # holders: preference credit; vacancy folded (vacancy * (seats - holders))
        objective.append((xs, (-w.preference * p.score - w.vacancy + vacancy_fold).astype(float)))
        offset += (w.vacancy - vacancy_fold) * n_here
        has = change[k] >= 0
        objective.append(
            (change[k][has], (w.change + w.distance_km * p.km[has]).astype(float))
        )
        # rule 1: one holder per seat (or at most one with vacancies)
        seat_code = np.flatnonzero(in_part)
        seat_row = np.searchsorted(seat_code, p.seat)
        rows.add(
            Family.SEAT_FILLED,
            seat_row,
            xs,
            1.0,
            np.full(len(seat_code), 0.0 if joint.allow_vacancies else 1.0),
            1.0,
        )
        # rule 2: one seat per official
        off_code, off_row = np.unique(p.official, return_inverse=True)
        rows.add(Family.ONE_SEAT, off_row, xs, 1.0, np.full(len(off_code), -np.inf), 1.0)
        # forced holdings (tenure's must-keep, keep pins)
        forced = np.flatnonzero(p.forced)
        rows.add(Family.TENURE, np.arange(len(forced)), xs[forced], 1.0, np.ones(len(forced)), 1.0)
        # KEEP and HOLD pairs are never taken anew: x[k] <= x[k-1]
        if k > 0:
            stay_only = np.flatnonzero((p.kind != NEW) & (prev[k] >= 0))
            gone = np.flatnonzero((p.kind != NEW) & (prev[k] < 0))
            m = len(stay_only)
            rows.add(
                Family.TENURE,
                np.concatenate([np.arange(m), np.arange(m)]),
                np.concatenate([xs[stay_only], x_start[k - 1] + prev[k][stay_only]]),
                np.concatenate([np.ones(m), -np.ones(m)]),
                np.full(m, -np.inf),
                0.0,
            )
            # a KEEP pair missing at k-1 (its holder had to leave then) cannot come back
            rows.add(
                Family.TENURE, np.arange(len(gone)), xs[gone], 1.0, np.zeros(len(gone)), 0.0
            )
        # n >= x[k] - x[k-1]
        _, linked, n_var = n_links[k]
        m = len(linked)
        if m:
            rows.add(
                Family.TENURE,
                np.concatenate([np.arange(m)] * 3),
                np.concatenate([n_var, xs[linked], x_start[k - 1] + prev[k][linked]]),
                np.concatenate([np.ones(m), -np.ones(m), np.ones(m)]),
                np.zeros(m),
                np.inf,
            )
        # rule 5 with this batch's required counts
        for t in joint.targets[k]:
            if t.required <= 0 or not in_part[t.seats].all():
                continue
            hit = np.flatnonzero(p.nonlocal_ & np.isin(p.seat, t.seats))
            rows.add(Family.TARGET, np.zeros(len(hit)), xs[hit], 1.0, [t.required], np.inf)
        # rule 7: changes per group, and per unit
        if joint.max_changes_per_group > 0 and has.any():
            grp = joint.seat_group[p.seat[has]]
            codes, row = np.unique(grp, return_inverse=True)
            rows.add(
                Family.BATCH_CAP,
                row,
                change[k][has],
                1.0,
                np.full(len(codes), -np.inf),
                float(joint.max_changes_per_group),
            )
        if joint.one_new_head_per_unit and has.any():
            unit = joint.seat_unit[p.seat[has]]
            codes, row = np.unique(unit, return_inverse=True)
            rows.add(
                Family.ONE_NEW_HEAD, row, change[k][has], 1.0, np.full(len(codes), -np.inf), 1.0
            )
        # rule 6: relatives not both inside one kinship unit
        _kinship_rows(joint, p, xs, rows)

    # tenure across batches: placed at j, still held at k while younger than the minimum
    for j in range(K):
        for k in range(j + 1, K):
            if not joint.stay[j, k]:
                continue
            at_k = _lookup(keys[k], keys[j])
            ok = (change[j] >= 0) & (at_k >= 0)
            ok &= ~joint.retired[k, pairs[j].official]  # retirement makes them leave
            idx = np.flatnonzero(ok)
            m = len(idx)
            rows.add(
                Family.TENURE,
                np.concatenate([np.arange(m), np.arange(m)]),
                np.concatenate([x_start[k] + at_k[idx], change[j][idx]]),
                np.concatenate([np.ones(m), -np.ones(m)]),
                np.zeros(m),
                np.inf,
            )
            # a placement that could not be held at k although it must: forbid it
            lost = np.flatnonzero((change[j] >= 0) & (at_k < 0))
            lost = lost[~joint.retired[k, pairs[j].official[lost]]]
            rows.add(
                Family.TENURE,
                np.arange(len(lost)),
                change[j][lost],
                1.0,
                np.zeros(len(lost)),
                0.0,
            )
    _max_years_rows(joint, pairs, x_start, change, rows)
    _planning_rows(joint, pairs, x_start, change, rows)
    n_vars = _group_rows(joint, pairs, x_start, rows, n_vars)
    n_vars, release_obj, release_offset = _release_rows(joint, pairs, x_start, rows, n_vars)
    objective += release_obj
    offset += release_offset

    coef = np.zeros(n_vars)
    for var, c in objective:
        np.add.at(coef, var, c)
    model = LinearModel(
        var_pair=np.arange(n_vars, dtype=np.int64),
        objective=coef,
        offset=offset,
        blocks=tuple(b for b in rows.built(n_vars) if b.n_rows),
    )
    return JointModel(model, x_start, pairs, n_s)


def _kinship_rows(joint: JointInstance, p: BatchPairs, xs: IntArray, rows: _Rows) -> None:
    if not len(joint.relatives) or not len(p.official):
        return
    kin = joint.seat_kin[p.seat]
    local = 0
    terms_row: list[IntArray] = []
    terms_var: list[IntArray] = []
    by_official: dict[int, IntArray] = {}
    for a, b in joint.relatives.tolist():
        for who in (a, b):
            if who not in by_official:
                by_official[who] = np.flatnonzero(p.official == who)
        pa, pb = by_official[a], by_official[b]
        for unit in np.intersect1d(kin[pa], kin[pb]).tolist():
            members = np.concatenate([pa[kin[pa] == unit], pb[kin[pb] == unit]])
            terms_row.append(np.full(len(members), local))
            terms_var.append(xs[members])
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


def _held(
    joint: JointInstance,
    pairs: tuple[BatchPairs, ...],
    x_start: IntArray,
    k: int,
    official: int,
    where: BoolArray,
) -> IntArray:
    """x variables of batch k for ``official`` in the seats marked by ``where``."""
    p = pairs[k]
    idx = np.flatnonzero((p.official == official) & where[p.seat])
    return x_start[k] + idx


def _max_years_rows(
    joint: JointInstance,
    pairs: tuple[BatchPairs, ...],
    x_start: IntArray,
    change: list[IntArray],
    rows: _Rows,
) -> None:
    """Rule 3's "must leave at max_years_in_post" where the count runs across batches.

    A chain row says: not held (in the seat, or in the unit where years_in_unit is given) at
    every batch of the span. Today's incumbents who kept their seat are already refused it
    at the batch (a missing KEEP pair); what remains is (a) with years_in_unit, a today's
    incumbent who moved to another seat of the same unit, whose count goes on, and (b)
    someone placed during the roadmap who reaches the maximum before it ends.
    """
    K = joint.n_batches
    local = 0
    r_rows: list[IntArray] = []
    r_vars: list[IntArray] = []
    r_coef: list[npt.NDArray[np.float64]] = []
    his: list[float] = []

    def chain(official: int, where: BoolArray, first: int, last: int, slack: IntArray) -> None:
        nonlocal local
        vars_ = [_held(joint, pairs, x_start, i, official, where) for i in range(first, last + 1)]
        flat = np.concatenate(vars_)
        if not len(vars_[-1]):
            return  # not holdable at the last batch of the span: nothing to forbid
        r_rows.append(np.full(len(flat) + len(slack), local))
        r_vars.append(np.concatenate([flat, slack]))
        r_coef.append(np.concatenate([np.ones(len(flat)), -np.ones(len(slack))]))
        his.append(float(last - first))
        local += 1

    if joint.years_in_unit:
        for o in np.flatnonzero(joint.leaves.any(axis=0)).tolist():
            seat0 = np.flatnonzero(joint.seat_incumbent == o)
            if not len(seat0):
                continue
            where = joint.seat_unit == joint.seat_unit[seat0[0]]
            k = int(np.flatnonzero(joint.leaves[:, o])[0])
            # held in the unit at batches 1..k (today too): leaving at k is due
            chain(o, where, 0, k, np.zeros(0, dtype=np.int64))
    for j in range(K):
        for k in range(j + 1, K):
            if not joint.span_max[j, k]:
                continue
            placed = np.flatnonzero(change[j] >= 0)
            for pos in placed.tolist():
                o, s = int(pairs[j].official[pos]), int(pairs[j].seat[pos])
                where = np.zeros(joint.n_seats, dtype=bool)
                if joint.years_in_unit:
                    where[joint.seat_unit == joint.seat_unit[s]] = True
                else:
                    where[s] = True
                before = (
                    _held(joint, pairs, x_start, j - 1, o, where)
                    if j > 0
                    else np.zeros(0, dtype=np.int64)
                )
                chain(o, where, j, k, before)
    if local:
        rows.add(
            Family.TENURE,
            np.concatenate(r_rows),
            np.concatenate(r_vars),
            np.concatenate(r_coef),
            np.full(local, -np.inf),
            np.array(his),
        )


def _planning_rows(
    joint: JointInstance,
    pairs: tuple[BatchPairs, ...],
    x_start: IntArray,
    change: list[IntArray],
    rows: _Rows,
) -> None:
    """A role not on the planning list is open only to someone holding a seat of that role
    at the batch's start (today's role); from batch 2 on that is a choice of batch k-1."""
    local = 0
    r_rows: list[IntArray] = []
    r_vars: list[IntArray] = []
    r_coef: list[npt.NDArray[np.float64]] = []
    for k in range(1, joint.n_batches):
        p = pairs[k]
        role = joint.unplanned_role[p.official]
        rely = np.flatnonzero((change[k] >= 0) & (role >= 0) & (joint.seat_role[p.seat] == role))
        for pos in rely.tolist():
            o = int(p.official[pos])
            same = joint.seat_role == joint.unplanned_role[o]
            before = _held(joint, pairs, x_start, k - 1, o, same)
            r_rows.append(np.full(1 + len(before), local))
            r_vars.append(np.concatenate([[change[k][pos]], before]))
            r_coef.append(np.concatenate([[1.0], -np.ones(len(before))]))
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


def _group_rows(
    joint: JointInstance,
    pairs: tuple[BatchPairs, ...],
    x_start: IntArray,
    rows: _Rows,
    n_vars: int,
) -> int:
    """Without cross-group moves, an official who may be placed in several groups (a cadre
    working above the group level) is placed in one of them only, for the whole roadmap."""
    if joint.cross_group_moves:
        return n_vars
    official = np.concatenate([p.official[p.kind == NEW] for p in pairs])
    group = np.concatenate([joint.seat_group[p.seat[p.kind == NEW]] for p in pairs])
    codes = np.unique(official * max(joint.n_groups, 1) + group)
    per_official = np.bincount(codes // max(joint.n_groups, 1), minlength=joint.n_officials)
    several = np.flatnonzero(per_official > 1)
    if not len(several):
        return n_vars
    g_var: dict[tuple[int, int], int] = {}
    for code in codes.tolist():
        o, g = divmod(code, max(joint.n_groups, 1))
        if per_official[o] > 1:
            g_var[(o, g)] = n_vars
            n_vars += 1
    # one group each
    for local, o in enumerate(several.tolist()):
        vs = np.array([v for (oo, _), v in g_var.items() if oo == o], dtype=np.int64)
        rows.add(Family.CROSS_GROUP, np.zeros(len(vs)), vs, 1.0, [-np.inf], 1.0)
        del local
    # a placement (any batch) only in the chosen group
    for k, p in enumerate(pairs):
        idx = np.flatnonzero(np.isin(p.official, several) & (p.kind != KEEP))
        if not len(idx):
            continue
        g_of = np.array(
            [g_var.get((int(p.official[i]), int(joint.seat_group[p.seat[i]])), -1) for i in idx],
            dtype=np.int64,
        )
        keep = g_of >= 0
        idx, g_of = idx[keep], g_of[keep]
        m = len(idx)
        rows.add(
            Family.CROSS_GROUP,
            np.concatenate([np.arange(m), np.arange(m)]),
            np.concatenate([x_start[k] + idx, g_of]),
            np.concatenate([np.ones(m), -np.ones(m)]),
            np.full(m, -np.inf),
            0.0,
        )
    return n_vars


def _release_rows(
    joint: JointInstance,
    pairs: tuple[BatchPairs, ...],
    x_start: IntArray,
    rows: _Rows,
    n_vars: int,
) -> tuple[int, list[tuple[IntArray, npt.NDArray[np.float64]]], float]:
    """The release cost (contract section 5, ``objective.release``) of every batch:
    ``r[k, o] >= held[k-1] - held[k]`` for an official not yet at retirement on batch k's
    date. MERGE POINT (issue 10): the weight comes from ``JointInstance.release``."""
    if joint.release <= 0:
        return n_vars, [], 0.0
    objective: list[tuple[IntArray, npt.NDArray[np.float64]]] = []
    all_seats = np.ones(joint.n_seats, dtype=bool)
    in_part = np.zeros(joint.n_seats, dtype=bool)
    for p in pairs:
        in_part[p.seat] = True
    today = joint.seat_incumbent[in_part & (joint.seat_incumbent >= 0)]
    for k in range(joint.n_batches):
        # who may hold a seat at the batch's start: today's incumbents, then batch k-1's pairs
        candidates = np.unique(today if k == 0 else pairs[k - 1].official)
        for o in candidates.tolist():
            if joint.retired[k, o]:
                continue
            now = _held(joint, pairs, x_start, k, o, all_seats)
            before = (
                np.zeros(0, dtype=np.int64)
                if k == 0
                else _held(joint, pairs, x_start, k - 1, o, all_seats)
            )
            r = n_vars
            n_vars += 1
            # r + held[k] - held[k-1] >= 0 (held today: the constant 1)
            rows.add(
                Family.ONE_SEAT,
                np.zeros(1 + len(now) + len(before)),
                np.concatenate([[r], now, before]),
                np.concatenate([[1.0], np.ones(len(now)), -np.ones(len(before))]),
                [1.0 if k == 0 else 0.0],
                np.inf,
            )
            objective.append((np.array([r]), np.array([float(joint.release)])))
    return n_vars, objective, 0.0
