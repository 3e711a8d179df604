"""Command-line conventions: --version, the generator and the bundled scenarios as subcommands."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import needs_geo
from conftest import run_cli as run

from planner import __version__


def test_version(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["--version"], capsys, monkeypatch)
    assert code == 0 and out.strip() == f"planner {__version__}"


@needs_geo
def test_generate_writes_a_scenario_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "gen"
    code, text, err = run(["generate", "phuc-tho-2023", str(out)], capsys, monkeypatch)
    assert code == 0, err
    assert (out / "scenario.toml").is_file() and "36 seats" in text
    assert run(["validate", str(out / "scenario.toml")], capsys, monkeypatch)[0] == 0


def test_generate_never_writes_into_a_used_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    code, _, _ = run(["generate", "phuc-tho-2023", str(tmp_path)], capsys, monkeypatch)
    assert code == 2
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
    code, _, err = run(["generate", "nowhere", str(tmp_path / "x")], capsys, monkeypatch)
    assert code == 2 and "nowhere" in err


def test_bundled_scenarios_are_listed_and_copied_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["scenarios"], capsys, monkeypatch)
    assert code == 0 and "phuc-tho-2023" in out and "phuc-tho-roadmap" in out
    assert "thanh-tri-2023" in out
    copy = tmp_path / "pt"
    assert run(["scenarios", "phuc-tho-roadmap", str(copy)], capsys, monkeypatch)[0] == 0
    assert (copy / "data" / "officials.csv").is_file()  # the shared data came along
    assert run(["validate", str(copy / "scenario.toml")], capsys, monkeypatch)[0] == 0
    code, _, _ = run(["scenarios", "phuc-tho-2023", str(copy)], capsys, monkeypatch)
    assert code == 2  # never into an existing folder
    assert run(["scenarios", "atlantis", str(tmp_path / "x")], capsys, monkeypatch)[0] == 2
