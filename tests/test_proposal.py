"""``proposal.docx``: the tờ trình made from a run folder (contract section 11).

Read back with python-docx: every mover and every released incumbent is named, the page is A4,
and a run without a plan gets a proposal that says why. Rendered to PDF by LibreOffice where it
is installed (``.ci/run`` installs it; under ``CI`` a missing LibreOffice is a failure).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli as run
from conftest import write_dataset
from docx import Document

from planner.report.write import write_report


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proposal")
    scenario = write_dataset(root)
    out = root / "out"
    code = subprocess.run(
        ["planner", "solve", str(scenario), "--out", str(out), "--plans", "3", "--quiet"],
        capture_output=True,
        check=False,
    ).returncode
    assert code == 0
    write_report(out)
    return out


def test_the_proposal_names_every_mover_and_every_released_incumbent(solved: Path) -> None:
    path = solved / "proposal.docx"
    text = _text(path)
    with (solved / "plans.csv").open(encoding="utf-8-sig", newline="") as handle:
        plans = [r for r in csv.DictReader(handle) if r["plan"] == "1"]
    movers = [r for r in plans if r["changed"] == "1"]
    assert movers
    for r in movers:
        assert r["official_name"] in text
        assert r["previous_official_name"] in text
    with (solved / "released.csv").open(encoding="utf-8-sig", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["plan"] == "1":
                assert r["official_name"] in text
    section = Document(str(path)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert str(solved) not in text  # no machine paths on the page


def test_an_infeasible_run_gets_a_proposal_saying_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_dataset(tmp_path)
    out = tmp_path / "out"
    assert (
        run(["solve", str(scenario), "--out", str(out), "--target", "1"], capsys, monkeypatch)[0]
        == 3
    )
    written = write_report(out)
    assert [p.name for p in written] == ["report.html", "proposal.docx"]
    assert "D2" in (out / "report.html").read_text(encoding="utf-8")
    text = _text(out / "proposal.docx")
    assert "D2" in text or "Huyện Thanh Trì" in text


@pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdfinfo") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice or poppler-utils is not installed (CI installs them)",
)
def test_the_proposal_renders_to_a_pdf(solved: Path, tmp_path: Path) -> None:
    shutil.copy(solved / "proposal.docx", tmp_path / "proposal.docx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "proposal.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "proposal.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(
        next(line.split()[1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )
    assert pages >= 2  # the proposal, then the annex of alternatives on a page of its own
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size:"))
    assert "(A4)" in size
