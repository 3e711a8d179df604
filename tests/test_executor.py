"""Executors run the same jobs wherever they run: in order here, in a process pool, or on a
Dask cluster, the plans that come back are the ones a plain local run finds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import run_cli

from planner.generate.core import generate
from planner.generate.output import write_scenario
from planner.generate.presets import preset
from planner.solve.executor import (
    DaskExecutor,
    ProcessExecutor,
    SerialExecutor,
    ThreadExecutor,
    close_executor,
    gather,
    make_executor,
)
from planner.solve.problem import load_problem
from planner.solve.strategy import Outcome, solve_ranked


def _square(x: int) -> int:
    return x * x


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated district of 20 communes (40 seats, one part): big enough to rank."""
    folder = tmp_path_factory.mktemp("district")
    return write_scenario(generate(preset("district"), 0), folder)


def _ranked(scenario: Path, **kwargs: object) -> Outcome:
    problem = load_problem(scenario)
    return solve_ranked(
        problem.instance, count=3, min_difference=2, time_limit_s=60, seed=0, **kwargs
    )  # type: ignore[arg-type]


def _same_plans(a: Outcome, b: Outcome) -> None:
    assert a.status == b.status
    assert [s.objective for s in a.solutions] == [s.objective for s in b.solutions]
    assert [s.status for s in a.solutions] == [s.status for s in b.solutions]
    for x, y in zip(a.solutions, b.solutions, strict=True):
        np.testing.assert_array_equal(x.assignment, y.assignment)


class TestLocal:
    def test_gather_keeps_item_order(self) -> None:
        for executor in (SerialExecutor(), ProcessExecutor(2), ThreadExecutor(2)):
            assert gather(executor, _square, range(5)) == [0, 1, 4, 9, 16]

    def test_make_executor_without_scheduler_is_local(self) -> None:
        assert isinstance(make_executor(None, 1), SerialExecutor)
        assert isinstance(make_executor(None, 2), ProcessExecutor)
        close_executor(make_executor(None, 2))  # nothing to release, and no error

    def test_threads_find_the_serial_plans(self) -> None:
        # Hà Nội 2023: 30 districts, so 30 parts solved side by side (the default executor
        # of a many-part instance), plans 2 and 3 included
        hanoi = Path(__file__).parents[1] / "scenarios" / "hanoi-2023" / "scenario.toml"
        _same_plans(
            _ranked(hanoi, executor=ThreadExecutor(2)), _ranked(hanoi, executor=SerialExecutor())
        )

    def test_process_pool_finds_the_serial_plans(self, district: Path, tiny: Path) -> None:
        for scenario in (district, tiny):
            _same_plans(
                _ranked(scenario, executor=ProcessExecutor(2)),
                _ranked(scenario, executor=SerialExecutor()),
            )


@pytest.fixture(scope="module")
def threaded_cluster() -> Iterator[str]:
    """Workers as threads of this process: quick to start, and the jobs are still sent
    through the scheduler one by one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


class TestDask:
    def test_make_executor_with_scheduler_is_dask(self, threaded_cluster: str) -> None:
        executor = make_executor(threaded_cluster, 0)
        try:
            assert isinstance(executor, DaskExecutor)
            assert executor.workers == 2
        finally:
            close_executor(executor)

    def test_gather_keeps_item_order(self, threaded_cluster: str) -> None:
        with DaskExecutor(threaded_cluster) as executor:
            assert gather(executor, _square, range(7)) == [i * i for i in range(7)]
            assert gather(executor, _square, []) == []

    def test_threaded_workers_find_the_local_plans(
        self, threaded_cluster: str, district: Path, tiny: Path
    ) -> None:
        with DaskExecutor(threaded_cluster) as executor:
            for scenario in (district, tiny):
                _same_plans(_ranked(scenario, executor=executor), _ranked(scenario))

    def test_worker_processes_find_the_local_plans(self, district: Path) -> None:
        # instances pickled to another process and plans pickled back
        distributed = pytest.importorskip("distributed")
        with (
            distributed.LocalCluster(
                n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            DaskExecutor(cluster.scheduler_address) as executor,
        ):
            _same_plans(_ranked(district, executor=executor), _ranked(district))

    def test_local_starts_and_closes_its_own_cluster(self, tiny: Path) -> None:
        executor = DaskExecutor("local", workers=1)
        try:
            assert executor.workers == 1
            _same_plans(_ranked(tiny, executor=executor), _ranked(tiny))
        finally:
            executor.close()
        assert executor.client.status == "closed"

    def test_a_failing_job_raises_here(self, threaded_cluster: str) -> None:
        with DaskExecutor(threaded_cluster) as executor, pytest.raises(ZeroDivisionError):
            gather(executor, _invert, [1, 0, 2])

    def test_solve_command_with_scheduler_writes_the_local_plans(
        self,
        threaded_cluster: str,
        district: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        code, _, err = run_cli(
            [
                "solve",
                str(district),
                "--out",
                str(tmp_path / "dask"),
                "--plans",
                "3",
                "--quiet",
                "--scheduler",
                threaded_cluster,
            ],
            capsys,
            monkeypatch,
        )
        assert code == 0, err
        code, _, err = run_cli(
            ["solve", str(district), "--out", str(tmp_path / "local"), "--plans", "3", "--quiet"],
            capsys,
            monkeypatch,
        )
        assert code == 0, err
        for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
            assert (tmp_path / "dask" / name).read_bytes() == (
                tmp_path / "local" / name
            ).read_bytes(), name


def _invert(x: int) -> float:
    return 1 / x
