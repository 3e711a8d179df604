"""``planner report``: report.html (self-contained, rendered here in headless Chromium) and
plans.xlsx, made from an output folder alone.

O7's name carries markup and a spreadsheet formula: the page must show it as text and the
workbook must store it as text. The browser test skips only on a machine without Chromium and
without ``CI`` set; under CI a missing Chromium is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import TINY, write_dataset
from conftest import run_cli as run

from planner.report.write import write_report
from planner.solve.problem import load_problem
from planner.solve.run import solve_problem, write_solve_output

EVIL = "=SUM(1;2) <img src=x onerror=alert(1)> Giang"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    officials = TINY["officials"].replace("O7,Đặng Văn Giang,", f"O7,{EVIL},")
    scenario = write_dataset(root, officials=officials)
    out = write_solve_output(root / "out", solve_problem(load_problem(scenario)))
    write_report(out)
    return out


def test_page_is_self_contained_and_escaped(folder: Path) -> None:
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<[^>]*\s(src|href)\s*=", page)  # nothing loaded from anywhere
    assert "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<svg" in page and "Huyện Thanh Trì" in page
    for heading in (
        "Scenario and rules",
        "Non-local share per group",
        "Ranked plans",
        "Plan 1",
        "Plan 2",
        "Released incumbents",
        "How the plans differ",
    ):
        assert heading in page
    assert "At least 50% of the seats" in page or "at least 50% of the seats" in page
    assert "Bùi Thị Hà" in page and "Lê Văn Cường" in page  # a mover, a released incumbent


def test_workbook(folder: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(folder / "plans.xlsx")
    assert book.sheetnames == ["Ranking", "Plan 1", "Plan 2", "Groups", "Released"]
    ranking = book["Ranking"]
    assert [c.value for c in ranking[1]][:3] == ["Plan", "Cost", "Changes"]  # for people
    header = [c.value for c in ranking[2]]  # the CSV column ids, for programs
    assert header[:3] == ["plan", "cost", "changes"]
    assert ranking.cell(row=3, column=2).value == 337  # a number, not text (237 + 100 release)
    plan = book["Plan 1"]
    header = [c.value for c in plan[2]]
    name_col = header.index("official_name") + 1
    names = [plan.cell(row=r, column=name_col) for r in range(3, plan.max_row + 1)]
    evil = [c for c in names if c.value == EVIL]
    assert evil and all(c.data_type == "s" for c in evil)  # text, never a formula
    assert plan.cell(row=3, column=header.index("changed") + 1).value == 1  # moves first


def test_report_from_contract_columns_only(folder: Path, tmp_path: Path) -> None:
    """A folder with just the contract's columns (no names) still gives a report, with ids."""
    bare = tmp_path / "bare"
    shutil.copytree(folder, bare)
    keep = {"plans.csv": 11, "groups.csv": 7, "ranking.csv": 9, "released.csv": 4}
    for name, width in keep.items():
        rows = list(csv.reader((bare / name).read_text(encoding="utf-8-sig").splitlines()))
        with (bare / name).open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(r[:width] for r in rows)
    (bare / "run.json").unlink()
    write_report(bare)
    page = (bare / "report.html").read_text(encoding="utf-8")
    assert "O8" in page and "<svg" in page


def test_cli_and_unusable_folders(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "report.html").unlink()
    code, out, err = run(["report", str(copy), "--no-xlsx"], capsys, monkeypatch)
    assert code == 0, err
    assert (copy / "report.html").is_file() and "report.html" in out
    code, _, err = run(["report", str(tmp_path / "missing")], capsys, monkeypatch)
    assert code == 2 and "folder does not exist" in err
    infeasible = tmp_path / "infeasible"
    infeasible.mkdir()
    (infeasible / "infeasibility.json").write_text("{}", encoding="utf-8")
    code, _, err = run(["report", str(infeasible)], capsys, monkeypatch)
    assert code == 0, err  # a run without a plan gets a printable explanation
    assert (infeasible / "report.html").is_file() and (infeasible / "proposal.docx").is_file()


# ---------------------------------------------------------------------------------------------
# a real browser


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(
            "Chromium is not installed but CI is set: the report must be rendered "
            "(apt-get install -y chromium)"
        )
    pytest.skip("Chromium is not installed (apt-get install -y chromium); CI runs this test")


def browse(args: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_report_renders_in_a_browser(folder: Path, tmp_path: Path) -> None:
    url = (folder / "report.html").resolve().as_uri()
    dom = browse(["--dump-dom", url])
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "<title>Tỉnh thử — đợt 1 — rotation plans</title>" in html
    assert "Bùi Thị Hà" in html and "Lê Văn Cường" in html and "Huyện Phúc Thọ" in html
    assert re.search(r"<svg[^>]*class=\"chart\"", html)
    assert html.count('<g class="group">') == 2  # one bar pair per district
    assert "<img" not in html  # the name's markup stayed text
    shot = tmp_path / "report.png"
    result = browse(["--window-size=1200,1600", f"--screenshot={shot}", url])
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
