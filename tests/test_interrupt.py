"""Ctrl-C, kills and the time limit (contract section 9), with real processes.

Ctrl-C stops the run within 2 s, writes nothing, leaves no staging folder, prints no traceback
and exits 130: during start-up, and in the middle of a solve inside a solver library (SCIP would
otherwise take the signal for itself and carry on). ``--time-limit S`` keeps ``solve_s`` within
S + 1 s and exits 4 when no plan was found by then.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.engines import Status
from planner.generate.__main__ import main as generate
from planner.outputs.files import write_folder
from planner.solve.problem import load_problem
from planner.solve.run import solve_problem

ROOT = Path(__file__).resolve().parents[1]
#: Hanoi after July 2025 on the synthetic map (the generator's benchmark preset, which needs no
#: extra package): one group of 126 units, ~70k candidate pairs. Reachable with this
#: target; SCIP alone (no LP first) takes many seconds on it, so a solve is surely under way.
REACHABLE = ["--set", "target.roles={secretary=0.9}"]
SLOW = [*REACHABLE, "--set", 'solver.engine="scip"', "--plans", "1"]
STOP_WITHIN_S = 2.0


@pytest.fixture(scope="module")
def hanoi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hanoi-2025")
    assert generate(["hanoi-2025-synthetic", str(folder)]) == 0
    return folder / "scenario.toml"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_LANG": "en"}


def _planner(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from planner.cli import main; main()", *args]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )


def _solving(process: subprocess.Popen[str]) -> bool:
    """Whether the solver library is loaded: it is imported at the first solve only."""
    try:
        return "ortools" in Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return False


def _interrupt(process: subprocess.Popen[str]) -> tuple[int, str, float]:
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    return process.returncode, err, time.monotonic() - sent


def _assert_stopped_cleanly(code: int, err: str, took: float, out: Path) -> None:
    assert code == 130, err
    assert "Traceback" not in err
    assert "Interrupted; nothing was written." in err
    assert took <= STOP_WITHIN_S, f"stopped {took:.2f} s after Ctrl-C"
    assert not out.exists()
    assert list(out.parent.glob(f".{out.name}.*")) == []


def _loaded(process: subprocess.Popen[str], library: str) -> bool:
    try:
        return library in Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return False


def test_ctrl_c_during_start_up_exits_130_quietly(hanoi: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _planner("solve", str(hanoi), "--out", str(out), *SLOW)
    # start-up: the libraries are loading (numpy's is loaded after planner.cli has taken
    # over Ctrl-C, whatever the machine's load), the solver's not yet
    give_up = time.monotonic() + 60
    if Path("/proc/self/maps").exists():
        while not _loaded(process, "numpy") and time.monotonic() < give_up:
            time.sleep(0.01)
    else:  # pragma: no cover - not Linux
        time.sleep(0.5)
    assert process.poll() is None and not _solving(process)
    _assert_stopped_cleanly(*_interrupt(process), out)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_ctrl_c_inside_the_solver_library_exits_130_and_writes_nothing(
    hanoi: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    process = _planner("solve", str(hanoi), "--out", str(out), *SLOW)
    give_up = time.monotonic() + 120
    while not _solving(process) and process.poll() is None and time.monotonic() < give_up:
        time.sleep(0.05)
    time.sleep(1.0)  # inside SCIP's solve by now (it takes many seconds here)
    assert process.poll() is None, "the solve ended before it could be interrupted"
    _assert_stopped_cleanly(*_interrupt(process), out)


_POOL = """
import sys, time
from planner.solve.executor import ProcessExecutor
print("started", flush=True)
for _ in ProcessExecutor(2).run(time.sleep, [60, 60, 60]):
    pass
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_ctrl_c_ends_the_worker_processes_too() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _POOL], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"started"
    give_up = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < give_up:
        workers = [c for c in _children(process.pid) if b"spawn_main" in _cmdline(c)]
        if len(workers) == 2:
            break
        time.sleep(0.05)
    assert len(workers) == 2
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert time.monotonic() - sent <= STOP_WITHIN_S
    assert [w for w in workers if _alive(w)] == []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


_KILLED_WRITER = """
import sys, time
from pathlib import Path
from planner.outputs.files import write_folder

def fill(folder):
    (folder / "plans.csv").write_text("half a pl", encoding="utf-8")
    print("writing", flush=True)
    time.sleep(60)

write_folder(Path(sys.argv[1]), fill)
"""


def test_a_run_killed_while_writing_leaves_a_staging_folder_the_next_run_removes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(out)], stdout=subprocess.PIPE, env=_env()
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"writing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    (staging,) = tmp_path.glob(".out.*")
    assert (staging / "plans.csv").exists() and not out.exists()

    write_folder(out, lambda folder: (folder / "run.json").write_text("{}", encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_time_limit_too_short_for_any_plan_exits_4(hanoi: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _planner("solve", str(hanoi), "--out", str(out), *REACHABLE, "--time-limit", "0.001")
    _stdout, err = process.communicate(timeout=300)
    assert process.returncode == 4, err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_time_limit_bounds_solving_and_plans_keep_their_status(hanoi: Path) -> None:
    # SCIP alone cannot prove this instance in 2 s: the clock, not the solver, ends the solve
    limit = 2.0
    problem = load_problem(
        hanoi,
        sets=[
            "target.roles={secretary=0.9}",
            'solver.engine="scip"',
            f"plans.time_limit_s={limit}",
            "plans.count=3",
        ],
    )
    run = solve_problem(problem, validate=False)
    assert run.timings["solve_s"] <= limit + 1.0
    if run.outcome.status is Status.UNKNOWN:
        assert run.plans == []
    for plan in run.plans:
        assert plan.status in ("OPTIMAL", "FEASIBLE")
        assert plan.bound is not None and plan.bound <= plan.cost + 1e-6
