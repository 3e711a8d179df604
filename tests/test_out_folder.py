"""The output folder is the planner's own (contract section 9): a user's files are never lost.

Each case runs the real command line and then compares the user's files byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli as run

from planner.outputs.files import STAGING_MARK, is_planner_folder, write_folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("command", ["solve", "sweep", "explain"])
def test_a_folder_the_planner_did_not_write_is_refused(
    tiny: Path,
    tmp_path: Path,
    command: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "meeting"
    out.mkdir()
    (out / "to-trinh.docx").write_bytes(b"the user's proposal")
    before = snapshot(out)
    extra = ["--targets", "0.5"] if command == "sweep" else []
    code, _, err = run([command, str(tiny), "--out", str(out), *extra], capsys, monkeypatch)
    assert code == 2
    assert "was not written by the planner" in err
    assert snapshot(out) == before


@pytest.mark.parametrize("where", ["data", ".", "scenario.toml", "data/units.csv"])
def test_the_scenario_and_its_data_are_never_an_output(
    tiny: Path,
    tmp_path: Path,
    where: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(tmp_path)
    code, _, err = run(["solve", str(tiny), "--out", str(tmp_path / where)], capsys, monkeypatch)
    assert code == 2, err
    assert snapshot(tmp_path) == before


def test_the_scenario_folder_is_refused_even_when_a_run_wrote_there(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "run.json").write_text('{"planner_version": "0.1.0"}', encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = run(["solve", str(tiny), "--out", str(tmp_path)], capsys, monkeypatch)
    assert code == 2
    assert "input" in err
    assert snapshot(tmp_path) == before


def test_a_file_given_as_out_is_refused(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(["solve", str(tiny), "--out", str(target)], capsys, monkeypatch)
    assert code == 2
    assert "is a file" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_an_exit_3_solve_leaves_a_user_folder_alone(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("x", encoding="utf-8")
    code, _, _ = run(["solve", str(tiny), "--out", str(out), "--target", "1"], capsys, monkeypatch)
    assert code == 2
    assert snapshot(out) == {"notes.txt": b"x"}


def test_re_solving_keeps_the_files_a_user_added(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(["solve", str(tiny), "--out", str(out)], capsys, monkeypatch)[0] == 0
    (out / "ghi-chu.txt").write_text("ý kiến thường trực", encoding="utf-8")
    (out / "report.html").write_text("stale report", encoding="utf-8")
    code, _, err = run(
        ["solve", str(tiny), "--out", str(out), "--target", "1"], capsys, monkeypatch
    )
    assert code == 3, err  # an infeasible re-run replaces the planner's files, keeps the user's
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ghi-chu.txt", "infeasibility.json", "run.json"]
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "ý kiến thường trực"
    assert is_planner_folder(out)
    assert run(["solve", str(tiny), "--out", str(out)], capsys, monkeypatch)[0] == 0
    assert (out / "ghi-chu.txt").is_file() and (out / "plans.csv").is_file()
    assert not (out / "infeasibility.json").exists()


def test_an_empty_folder_may_be_used(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert run(["solve", str(tiny), "--out", str(out)], capsys, monkeypatch)[0] == 0
    assert (out / "plans.csv").is_file()


def test_a_killed_runs_staging_folder_is_cleaned_and_only_the_planners(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / ".out.new.abc123"
    stale.mkdir()
    (stale / STAGING_MARK).write_text(dead.stdout.strip(), encoding="ascii")
    (stale / "plans.csv").write_text("half", encoding="utf-8")
    alive = tmp_path / ".out.new.live"
    alive.mkdir()
    (alive / STAGING_MARK).write_text(str(os.getppid()), encoding="ascii")
    users = tmp_path / ".out.new.users"
    users.mkdir()
    (users / "keep.txt").write_text("k", encoding="utf-8")

    def fill(folder: Path) -> None:
        (folder / "run.json").write_text(json.dumps({"planner_version": "x"}), encoding="utf-8")

    write_folder(out, fill)
    assert not stale.exists()
    assert alive.exists() and users.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.new.live", ".out.new.users", "out"]
    assert sorted(p.name for p in out.iterdir()) == ["run.json"]


def test_a_failed_fill_leaves_nothing_behind(tmp_path: Path) -> None:
    def fill(folder: Path) -> None:
        (folder / "plans.csv").write_text("half", encoding="utf-8")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "out", fill)
    assert list(tmp_path.iterdir()) == []
