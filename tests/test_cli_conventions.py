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


#: libraries only some commands need; loading them costs `planner solve` ~1 s (issue 9)
HEAVY = ("pandas", "docx", "openpyxl", "scipy.optimize", "jinja2", "matplotlib", "starlette")


def test_solve_loads_no_library_it_does_not_use(tmp_path: Path) -> None:
    """`planner solve` (and `--help`) import neither the generator's pandas, the reports'
    python-docx/Jinja2/openpyxl, the explanations' scipy.optimize nor the page's Starlette:
    each command module imports its layer when it runs."""
    import subprocess
    import sys

    scenario = Path(__file__).resolve().parents[1] / "scenarios/phuc-tho-2023/scenario.toml"
    probe = (
        "import sys\n"
        "from planner.cli import main\n"
        "sys.argv = ['planner', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    code = end.code\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('LOADED', code, heavy, file=sys.stderr)\n"
    )
    for args in (["--help"], ["solve", str(scenario), "--out", str(tmp_path / "o"), "--quiet"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
        )
        assert "LOADED 0 []" in done.stderr, (args, done.stderr[-2000:])
