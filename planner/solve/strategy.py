"""How a scenario is solved: decomposition, engine choice, and exact ranking of plans.

Plan 1: every independent part (:func:`models.decompose.components`) is solved alone, in
parallel where there are cores; their optima add up to the global optimum.

Plans 2..K, exactly, without one huge model: let ``m_c`` be the least extra cost of changing
part ``c`` at all (one small solve per part, "differ from plan 1 there in one seat"). A plan
that deviates from plan 1 in some part outside a set ``U`` costs at least ``opt + min m_c`` over
those parts. So the best plan among those that deviate only inside ``U`` (a small model over
``U``'s parts, with the ranking rows) is the true next plan as soon as its cost is no more than
that threshold; otherwise ``U`` grows by the cheapest parts and the model is solved again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from models.decompose import Part, components, part
from models.decompose import parts as split
from models.engines import Status
from models.families import ALL, Family
from models.instance import NO_ONE, Instance, IntArray
from models.objective import NOT_COVERED, split_scaled, with_closeness
from models.solve import Solution, solve, solve_many
from planner.solve.executor import (
    Executor,
    SerialExecutor,
    gather,
    local_executor,
    thread_executor,
)

#: Instances with fewer candidate pairs are solved in this process, their parts in threads
#: (one per core; the solver libraries release the GIL): the LP-first engine solves at about
#: 1 s per million pairs, and on national-2025 (1.7M pairs, 2 cores) plan 1 took 1.4 s in
#: this process and 4.7 s in a pool of two, which spends more starting workers and pickling
#: 34 provinces to them than it saves. A caller's own executor is always used as given.
RANKED_PARALLEL_MIN_PAIRS = 5_000_000


@dataclass(frozen=True, eq=False)
class Job:
    """One solve, picklable for a worker process."""

    instance: Instance
    engine: str
    deadline: float  # time.time() by which to stop
    seed: int = 0
    enforced: Family = ALL
    previous: tuple[IntArray, ...] = ()
    min_difference: int = 0
    cost_floor: float | None = None
    hint: IntArray | None = None


def run_job(job: Job) -> Solution:
    """The job's solve; past its deadline (model building counts) UNKNOWN without a solve."""
    return solve(
        job.instance,
        engine=choose_engine(job.instance, job.engine),
        deadline=job.deadline,
        seed=job.seed,
        enforced=job.enforced,
        previous=job.previous,
        min_difference=job.min_difference,
        cost_floor=job.cost_floor,
        hint=job.hint,
    )


@dataclass(frozen=True, eq=False)
class Batch:
    """Plan 1 of several parts in one solve (:func:`models.solve.solve_many`), picklable."""

    instances: tuple[Instance, ...]
    engine: str
    deadline: float
    seed: int = 0
    hints: tuple[IntArray | None, ...] | None = None


def run_batch(batch: Batch) -> list[Solution]:
    """Each part's plan 1, as :func:`run_job` would give it alone."""
    engine = choose_engine(batch.instances[0], batch.engine)
    return solve_many(
        batch.instances, engine=engine, deadline=batch.deadline, seed=batch.seed, hints=batch.hints
    )


#: Parts are solved together up to this many candidate pairs (a bigger part alone): on
#: national-2023's 696 parts, 36 LPs and 52 SCIP calls instead of 696 and 257, the serial solve
#: 7.0 -> 6.1 s; batches of 10,000 or 40,000 pairs were no faster (benchmarks/README.md).
BATCH_PAIRS = 20_000


#: At least this many batches where the parts allow it, so that the cores share the work; a
#: fixed number, not the executor's, so that every executor solves the same batches and
#: returns the same plans.
MIN_BATCHES = 8


def batches(parts: Sequence[Part]) -> list[list[int]]:
    """Part indices in batches of at most :data:`BATCH_PAIRS` pairs, and at least
    :data:`MIN_BATCHES` batches where there are enough parts (parts come largest first; a
    part bigger than the limit is a batch of its own)."""
    total = sum(p.instance.n_pairs for p in parts)
    limit = max(1, min(BATCH_PAIRS, total // MIN_BATCHES))
    out: list[list[int]] = []
    size = 0
    for index, one in enumerate(parts):
        if not out or size + one.instance.n_pairs > limit:
            out.append([])
            size = 0
        out[-1].append(index)
        size += one.instance.n_pairs
    return out


def choose_engine(instance: Instance, engine: str) -> str:
    """``auto`` picks by measurement (benchmarks/README.md): the LP relaxation first, then
    SCIP on the few columns it cannot rule out. That proved parts of every size 10-50x
    faster than SCIP or HiGHS alone (CP-SAT proved none above 10,000 pairs in 30 s); with
    HiGHS instead of SCIP it is as fast, but HiGHS overran its time limit by minutes."""
    return "lp+scip" if engine == "auto" else engine


@dataclass(frozen=True, eq=False)
class RankedSolution:
    assignment: IntArray
    status: Status
    objective: int
    bound: float | None


@dataclass(eq=False)
class Progress:
    """What a progress display shows while solving."""

    phase: str
    done: int
    total: int
    best: float | None = None
    bound: float | None = None


@dataclass(eq=False)
class Outcome:
    status: Status  # of plan 1: OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN (no plan in time)
    solutions: list[RankedSolution] = field(default_factory=list)
    exhausted: bool = False  # fewer plans than asked because no further distinct plan exists
    parts: int = 0
    infeasible_parts: list[IntArray] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def solve_ranked(
    instance: Instance,
    *,
    count: int = 1,
    min_difference: int = 2,
    time_limit_s: float = 60.0,
    seed: int = 0,
    engine: str = "auto",
    workers: int = 0,
    executor: Executor | None = None,
    progress: Callable[[Progress], None] | None = None,
    hint: IntArray | None = None,
    reference: IntArray | None = None,
) -> Outcome:
    """Plan 1 and up to ``count - 1`` ranked alternatives (see the module docstring).

    ``hint`` is a full assignment (e.g. the best plan of a neighbouring what-if variant) used
    as a warm start for every part; it need not be feasible.

    ``reference`` (``--keep-close-to``, contract section 9): an official per seat
    (``NO_ONE`` empty, :data:`models.objective.NOT_COVERED` not named). Among plans of equal
    cost, each plan is then one with the fewest seats differing from it: the objective is
    ``scale * cost + differing`` (:func:`models.objective.with_closeness`), exact in integers,
    and it adds up over parts like the cost, so the decomposition and the ranking below hold
    unchanged. Costs and bounds are reported unscaled.
    """
    if reference is not None:
        scaled = with_closeness(instance, reference)
        if hint is None:
            hint = np.where(reference == NOT_COVERED, NO_ONE, reference)
        scaled_report = None
        if progress is not None:
            shown = progress

            def scaled_report(p: Progress) -> None:
                shown(
                    Progress(
                        p.phase,
                        p.done,
                        p.total,
                        _unscale(scaled, p.best),
                        _unscale(scaled, p.bound),
                    )
                )

        outcome = _solve_ranked(
            scaled,
            count,
            min_difference,
            time_limit_s,
            seed,
            engine,
            workers,
            executor,
            scaled_report,
            hint,
        )
        unscaled = []
        for sol in outcome.solutions:
            cost = split_scaled(scaled, sol.objective)[0]
            bound = float(cost) if sol.status is Status.OPTIMAL else _unscale(scaled, sol.bound)
            unscaled.append(RankedSolution(sol.assignment, sol.status, cost, bound))
        outcome.solutions = unscaled
        return outcome
    return _solve_ranked(
        instance,
        count,
        min_difference,
        time_limit_s,
        seed,
        engine,
        workers,
        executor,
        progress,
        hint,
    )


def _unscale(instance: Instance, value: float | None) -> float | None:
    """A lower bound on the cost from one on ``scale * cost + differing`` (differing is at
    most the number of seats)."""
    if value is None or not math.isfinite(value):
        return value
    return float(math.ceil((value - instance.n_seats) / instance.closeness_scale - 1e-9))


def _solve_ranked(
    instance: Instance,
    count: int,
    min_difference: int,
    time_limit_s: float,
    seed: int,
    engine: str,
    workers: int,
    executor: Executor | None,
    progress: Callable[[Progress], None] | None,
    hint: IntArray | None,
) -> Outcome:
    start = time.time()
    deadline = start + time_limit_s
    split_up = split(instance, components(instance), deadline)
    if split_up is None:  # the time ran out before the parts were even built
        return Outcome(status=Status.UNKNOWN, timings={"plan_1_s": time.time() - start})
    parts = split_up
    if executor is None:
        big = instance.n_pairs >= RANKED_PARALLEL_MIN_PAIRS and len(parts) > 1
        if big:
            executor = local_executor(workers)
        else:
            executor = thread_executor(workers) if len(parts) > 1 else SerialExecutor()
    outcome = Outcome(status=Status.OPTIMAL, parts=len(parts))
    report = progress or (lambda _: None)

    # plan 1, part by part
    firsts: list[Solution | None] = [None] * len(parts)
    state = {"done": 0, "cost": 0.0}  # kept as parts finish: 696 parts, one sum each

    def on_first(index: int, sol: Solution) -> None:
        firsts[index] = sol
        state["done"] += 1
        if sol.found:
            state["cost"] += float(sol.objective or 0)
        report(Progress("plan 1", int(state["done"]), len(parts), state["cost"]))

    grouped = batches(parts)
    jobs = [
        Batch(
            tuple(parts[i].instance for i in group),
            engine,
            deadline,
            seed,
            None if hint is None else tuple(parts[i].restrict(hint) for i in group),
        )
        for group in grouped
    ]

    def on_batch(index: int, sols: list[Solution]) -> None:
        for at, sol in zip(grouped[index], sols, strict=True):
            on_first(at, sol)

    gather(executor, run_batch, jobs, on_batch)
    outcome.timings["plan_1_s"] = time.time() - start
    solved = [s for s in firsts if s is not None]
    infeasible = [
        p.seats for p, s in zip(parts, solved, strict=True) if s.status is Status.INFEASIBLE
    ]
    if infeasible:
        outcome.status = Status.INFEASIBLE
        outcome.infeasible_parts = infeasible
        return outcome
    if any(not s.found for s in solved):
        outcome.status = Status.UNKNOWN
        return outcome
    first = np.full(instance.n_seats, NO_ONE, dtype=np.int64)
    for p, s in zip(parts, solved, strict=True):
        assert s.assignment is not None
        p.lift(s.assignment, first)
    proven = all(s.status is Status.OPTIMAL for s in solved)
    objective = round(sum(float(s.objective or 0) for s in solved))
    bound = sum(float(s.bound if s.bound is not None else -math.inf) for s in solved)
    outcome.status = Status.OPTIMAL if proven else Status.FEASIBLE
    outcome.solutions.append(
        RankedSolution(first, outcome.status, objective, float(objective) if proven else bound)
    )
    if count > 1 and time.time() < deadline:  # plans 2..K only in the time left
        ranked_start = time.time()
        _rank(
            instance,
            parts,
            solved,
            outcome,
            count=count,
            min_difference=min_difference,
            deadline=deadline,
            seed=seed,
            engine=engine,
            executor=executor,
            report=report,
        )
        outcome.timings["ranking_s"] = time.time() - ranked_start
    return outcome


def _rank(
    instance: Instance,
    parts: Sequence[Part],
    firsts: Sequence[Solution],
    outcome: Outcome,
    *,
    count: int,
    min_difference: int,
    deadline: float,
    seed: int,
    engine: str,
    executor: Executor,
    report: Callable[[Progress], None],
) -> None:
    optimum = [float(s.objective or 0) for s in firsts]
    proven = all(s.status is Status.OPTIMAL for s in firsts)
    total_opt = sum(optimum)

    # m_c: the least extra cost of changing part c at all (a lower bound where unproven)
    extra = [0.0] * len(parts)
    if len(parts) > 1 and proven and time.time() < deadline:
        # no cost-floor row (the known optimum as a bound): measured, it slowed every
        # engine, SCIP 2.8 s -> 30 s and HiGHS 2.5 s -> past its limit on the 70k-pair
        # Hanoi-2025 deviation, and it hands the LP-first engines a degenerate dual (the
        # floor's multiplier absorbs the whole cost) so that they can fix no column
        jobs = [
            Job(
                p.instance,
                engine,
                deadline,
                seed,
                previous=(np.asarray(s.assignment),),
                min_difference=1,
            )
            for p, s in zip(parts, firsts, strict=True)
        ]
        deviations = gather(executor, run_job, jobs)
        for i, dev in enumerate(deviations):
            if dev.status is Status.INFEASIBLE:
                extra[i] = math.inf
            elif dev.bound is not None:
                extra[i] = max(float(dev.bound) - optimum[i], 0.0)
            elif dev.objective is not None and dev.status is Status.OPTIMAL:
                extra[i] = float(dev.objective) - optimum[i]
    order = sorted(range(len(parts)), key=lambda i: (extra[i], i))

    def touched() -> set[int]:
        first = outcome.solutions[0].assignment
        return {
            i
            for i, p in enumerate(parts)
            if any(
                not np.array_equal(r.assignment[p.seats], first[p.seats])
                for r in outcome.solutions[1:]
            )
        }

    while len(outcome.solutions) < count:
        if time.time() >= deadline:
            break
        inside = touched()
        # start with the parts touched so far and the cheapest one to change
        for i in order:
            if i not in inside and extra[i] < math.inf:
                inside.add(i)
                break
        if not proven or len(parts) == 1:
            inside = set(range(len(parts)))
        if not inside:  # no part can differ from plan 1 at all: there is no other plan
            outcome.exhausted = True
            return
        found = None
        while True:
            if time.time() >= deadline:
                return
            outside = [i for i in range(len(parts)) if i not in inside]
            threshold = total_opt + min((extra[i] for i in outside), default=math.inf)
            fixed = sum(optimum[i] for i in outside)
            sub, result = _solve_inside(
                instance, parts, sorted(inside), outcome, min_difference, deadline, seed, engine
            )
            if result.found:
                value = float(result.objective or 0) + fixed
                if value <= threshold + 1e-6 or not outside:
                    found = (sub, result, value, threshold, fixed)
                    break
                grow = [i for i in outside if total_opt + extra[i] < value - 1e-6]
                grow = grow or [min(outside, key=lambda i: (extra[i], i))]  # rounding guard
            elif result.status is Status.INFEASIBLE:
                grow = [i for i in order if i not in inside and extra[i] < math.inf][:1]
                if not grow:
                    outcome.exhausted = True
                    return
            else:  # time ran out with nothing new
                return
            inside.update(grow)
        sub, result, value, threshold, fixed = found
        assignment = outcome.solutions[0].assignment.copy()
        assert result.assignment is not None
        sub.lift(result.assignment, assignment)
        status = Status.OPTIMAL if (proven and result.status is Status.OPTIMAL) else Status.FEASIBLE
        bound_inside = (float(result.bound) + fixed) if result.bound is not None else -math.inf
        bound = value if status is Status.OPTIMAL else min(bound_inside, threshold)
        outcome.solutions.append(RankedSolution(assignment, status, round(value), bound))
        report(Progress("ranking", len(outcome.solutions), count, value, bound))


def _solve_inside(
    instance: Instance,
    parts: Sequence[Part],
    inside: Sequence[int],
    outcome: Outcome,
    min_difference: int,
    deadline: float,
    seed: int,
    engine: str,
) -> tuple[Part, Solution]:
    """Best plan that deviates from plan 1 only in the ``inside`` parts and differs enough
    from every plan ranked so far. (The last plan's bound, less the cost of the parts
    outside, would be a valid cost floor here; it is left out for the reason given in
    :func:`_rank`.)"""
    seats = np.concatenate([parts[i].seats for i in inside])
    sub = part(instance, seats)
    previous = tuple(sub.restrict(r.assignment) for r in outcome.solutions)
    solution = run_job(
        Job(
            sub.instance,
            engine,
            deadline,
            seed,
            previous=previous,
            min_difference=min_difference,
            hint=previous[0],
        )
    )
    return sub, solution
