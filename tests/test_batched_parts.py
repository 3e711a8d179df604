"""Parts solved together (:func:`models.solve.solve_many`, the LP-first engine's batches) get
exactly the answers they get alone: status, cost and bound per part, whatever the others are,
also when one of them has no plan or needs the restricted MIP to be widened."""

from __future__ import annotations

from pathlib import Path

from helpers_instances import World, worlds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.engines import Status
from models.solve import solve, solve_many
from planner.solve.strategy import BATCH_PAIRS, MIN_BATCHES, Batch, batches, run_batch

SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _same_answers(group: list[World]) -> None:
    instances = [world.problem().instance for world in group]
    alone = [solve(i, engine="lp+scip", time_limit_s=30) for i in instances]
    together = run_batch(Batch(tuple(instances), "auto", deadline=_far()))
    for one, joint in zip(alone, together, strict=True):
        assert joint.status is one.status
        assert joint.objective == one.objective
        if one.status is Status.OPTIMAL:
            assert joint.bound == joint.objective
            assert joint.assignment is not None


def _far() -> float:
    import time

    return time.time() + 60


@SETTINGS
@given(st.lists(worlds(max_seats=5, max_officials=7), min_size=2, max_size=4))
def test_parts_solved_together_answer_as_alone(group: list[World]) -> None:
    _same_answers(group)


@SETTINGS
@given(st.lists(worlds(max_seats=5, max_officials=7, strict=True), min_size=2, max_size=3))
def test_a_part_without_plan_does_not_change_the_others(group: list[World]) -> None:
    """Strict worlds: "no plan" is common, so batches mix parts with and without one."""
    _same_answers(group)


def test_solve_many_of_one_is_solve() -> None:
    assert solve_many([], engine="lp+scip", deadline=_far()) == []


class _Part:
    def __init__(self, n_pairs: int) -> None:
        self.instance = type("I", (), {"n_pairs": n_pairs})()


def test_batches_keep_big_parts_alone_and_fill_up_to_the_limit() -> None:
    sizes = [10 * BATCH_PAIRS, BATCH_PAIRS + 5, 12_000, 9_000, 7_000, 3_000, 3_000, 1]
    parts = [_Part(n) for n in sizes]
    grouped = batches(parts)  # type: ignore[arg-type]
    assert BATCH_PAIRS == 20_000 and grouped == [[0], [1], [2], [3, 4, 5], [6, 7]]
    # every part exactly once, in order
    assert [i for g in grouped for i in g] == list(range(len(sizes)))
    # little work: still MIN_BATCHES batches where the parts allow it, for the cores to share
    small = [_Part(100) for _ in range(2 * MIN_BATCHES)]
    assert len(batches(small)) == MIN_BATCHES  # type: ignore[arg-type]
    assert len(batches(small[:3])) == 3  # type: ignore[arg-type]


def test_half_swaps_widen_each_part_on_its_own(tmp_path: Path) -> None:
    """Two districts whose two sitting heads are both local, each district needing one
    non-local: the LP takes half of a swap in each (x = 1/2), so each part's restricted MIP
    must be widened. A move costs 1 and its km: the swap costs 2 + 2 x 10 km in D1 and
    2 + 2 x 3 km in D2, 11 and 4 above the LP bounds. Within 2 of them each part finds its
    swap; D2 is proven within 4, while D1, widened to 8, must go on alone to 11. Each part's
    answer is its answer alone. (E and F, district cadres from the other district, 49 km away,
    are dearer: their columns stay fixed, so the restricted models are not the whole ones.)"""
    from helpers_instances import ROADS, official, seat, write_case

    from models.decompose import components
    from models.decompose import parts as split
    from planner.solve.problem import load_problem

    path = write_case(
        tmp_path,
        seats=[seat("S1", "C1"), seat("S2", "C2"), seat("S3", "C3"), seat("S4", "C4")],
        officials=[
            official("A", "C1", seat="S1"),
            official("B", "C2", seat="S2"),
            official("C", "C3", seat="S3"),
            official("D", "C4", seat="S4"),
            # district cadres from far away: a non-local each, dearer than a swap
            official("E", "C3", unit="D1"),
            official("F", "C1", unit="D2"),
        ],
        roads=ROADS + "C3,C4,3\n",
        settings={"target.min_nonlocal_ratio": 0.5, "objective.change": 1},
    )
    instance = load_problem(path).instance
    parts = split(instance, components(instance), _far())
    assert parts is not None and len(parts) == 2
    instances = tuple(p.instance for p in parts)
    alone = [solve(i, engine="lp+scip", time_limit_s=30) for i in instances]
    together = run_batch(Batch(instances, "auto", deadline=_far()))
    assert sorted(s.objective for s in alone) == [8.0, 22.0]
    assert [s.objective for s in together] == [s.objective for s in alone]
    assert all(s.status is Status.OPTIMAL for s in together)
