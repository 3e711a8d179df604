"""``planner validate``: exit 0 with a summary, exit 2 with one line per problem, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY, write_dataset
from conftest import run_cli as run


def test_valid_scenario_prints_summary(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["validate", str(tiny)], capsys, monkeypatch)
    assert code == 0, err
    assert "Scenario   Tỉnh thử — đợt 1" in out
    assert "As of      2024-06-01" in out
    assert "Units      7: province 1, district 2, commune 4" in out
    assert "Seats      6 in scope of 6: chairman 3, secretary 3" in out
    assert "Officials  10, 5 of whom hold a seat in scope" in out
    assert "Distances  shortest road km over adjacency.csv" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Group", "Name"])
    assert lines[header + 1].split() == [
        "D1",
        "Huyện",
        "Phúc",
        "Thọ",
        "0.5",
        "3",
        "1",
        "/",
        "3",
        "2",
        "1",
    ]
    assert lines[header + 2].split() == [
        "D2",
        "Huyện",
        "Thanh",
        "Trì",
        "0.5",
        "3",
        "1",
        "/",
        "3",
        "2",
        "1",
        "1",
    ]


def test_overrides_and_role_targets(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        [
            "validate",
            str(tiny),
            "--target",
            "0.7",
            "--target",
            "D2=1",
            "--set",
            "target.roles={chairman = 0.5}",
        ],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    assert "0.7      3            1 / 3         3" in out  # D1: ceil(0.7 × 3) = 3
    assert "Role targets inside groups" in out
    assert any(line.split()[:1] == ["D2"] and "chairman" in line for line in out.splitlines())


def test_without_distances_the_summary_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    units = "\n".join(line.rsplit(",", 2)[0] for line in TINY["units"].splitlines()) + "\n"
    path = write_dataset(tmp_path, units=units, adjacency=None)
    code, out, _ = run(["validate", str(path)], capsys, monkeypatch)
    assert code == 0
    assert "Distances  none (warning: no adjacency.csv and no lat/lon: every distance is 0)" in out


def test_bad_data_exits_2_with_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    officials = TINY["officials"].replace(",M,1970-05-12,", ",X,1970-05-12,")
    seats = TINY["seats"].replace("S6,C4", "S6,C9")
    path = write_dataset(tmp_path, officials=officials, seats=seats)
    code, out, err = run(["validate", str(path)], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        'seats.csv row 7, unit_id: unknown unit "C9" (not in units.csv)',
        'officials.csv row 2, gender: "X" must be M or F',
        "2 problems found; nothing was written.",
    ]


def test_bad_scenario_against_data_exits_2(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        ["validate", str(tiny), "--set", 'target.level="huyen"'], capsys, monkeypatch
    )
    assert code == 2
    assert err.startswith('scenario.toml target.level: no unit has level "huyen"')
    assert "Traceback" not in err


def test_bad_scenario_file_exits_2(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["validate", str(tiny), "--target", "1.7"], capsys, monkeypatch)
    assert code == 2
    assert err.splitlines()[0] == (
        "scenario.toml target.min_nonlocal_ratio: ratio 1.7 is outside [0, 1]"
    )


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    good = write_dataset(tmp_path / "good")
    ok = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(good)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Huyện Thanh Trì" in ok.stdout
    bad = write_dataset(tmp_path / "bad", units=None)
    failed = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert failed.returncode == 2
    assert "units.csv: required file not found" in failed.stderr
    assert "Traceback" not in failed.stderr + failed.stdout
