"""The report documents in the reader's language: Vietnamese by default, English on request.

report.html, plans.xlsx and proposal.docx are written in one language per document; the
``reason`` values of plans.csv and released.csv stay the contract's English codes in the files
and are shown as words (:func:`planner.domain.words.reason_words`). The tests run in English
(tests/conftest.py); the Vietnamese ones choose the language themselves, as a cadre's
``planner report`` does by default.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli as run
from conftest import write_dataset
from helpers_html import assert_valid_html

from planner import i18n
from planner.domain.words import REASON_WORDS, reason_words
from planner.outputs.tables import RELEASE_REASONS
from planner.solve.problem import load_problem
from planner.solve.run import solve_problem, write_solve_output


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("language")
    return write_solve_output(root / "out", solve_problem(load_problem(write_dataset(root))))


def _report(
    solved: Path,
    folder: Path,
    language: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    shutil.copytree(solved, folder)
    code, _, err = run([*language, "report", str(folder)], capsys, monkeypatch)
    assert code == 0, err
    return (folder / "report.html").read_text(encoding="utf-8")


def _cells(page: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", page)


def test_report_is_vietnamese_by_default(
    solved: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(i18n.ENV_VAR)  # a cadre's machine: no PLANNER_LANG, no --lang
    page = _report(solved, tmp_path / "vi", [], capsys, monkeypatch)
    assert_valid_html(page)
    assert '<html lang="vi">' in page
    for words in (
        "Phương án luân chuyển cán bộ",
        "Kịch bản và quy định",
        "Tỷ lệ không là người địa phương theo nhóm",
        "Các phương án xếp hạng",
        "Phương án 1",
        "Người đương nhiệm thôi giữ chức",
        "Khác biệt giữa các phương án",
        "Bí thư Đảng ủy",
        "ít nhất 50% số vị trí",
    ):
        assert words in page, words
    for english in (
        "Rotation plans",
        "rotation plans",
        "Scenario and rules",
        "Released incumbents",
        "Ranked plans",
        "Moves",
        "How the plans differ",
        "as of",
        "proven best",
        "wish score",
        "(phương án",  # no more English with a Vietnamese gloss
    ):
        assert english not in page, english
    # the reasons as words; the CSV files keep the codes
    cells = _cells(page)
    assert "bố trí vào vị trí đang trống" in cells
    assert "hết thời gian giữ chức tối đa (đã giữ chức 11 năm)" in cells
    assert "đã giữ chức hai nhiệm kỳ (hết thời gian giữ chức tối đa)" in cells  # released.csv
    for code in ("vacant seat filled", "tenure limit (11 years)", "tenure", "non-local target"):
        assert code not in cells
    plans = (tmp_path / "vi" / "plans.csv").read_text(encoding="utf-8-sig")
    assert "vacant seat filled" in plans and "tenure limit (11 years)" in plans
    for name in ("plans.csv", "released.csv", "ranking.csv", "groups.csv"):
        assert _sha(tmp_path / "vi" / name) == _sha(solved / name)  # untouched


def test_report_in_english_on_request(
    solved: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(i18n.ENV_VAR)
    page = _report(solved, tmp_path / "en", ["--lang", "en"], capsys, monkeypatch)
    assert_valid_html(page)
    assert '<html lang="en">' in page
    for words in ("Rotation plans", "Released incumbents", "Ranked plans", "How the plans differ"):
        assert words in page, words
    assert "phương án" not in page.lower()  # one language per page
    cells = _cells(page)
    assert "vacant seat filled" in cells and "tenure limit reached (11 years in post)" in cells
    assert "secretary" in cells and "Bí thư Đảng ủy" not in cells


def test_workbook_and_proposal_show_reason_words(
    solved: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    _report(solved, tmp_path / "vi", ["--lang", "vi"], capsys, monkeypatch)
    book = load_workbook(tmp_path / "vi" / "plans.xlsx")
    assert "Phương án 1" in book.sheetnames and "Plan 1" not in book.sheetnames
    sheet = book["Phương án 1"]
    ids = [c.value for c in sheet[2]]
    reasons = {
        sheet.cell(row=r, column=ids.index("reason") + 1).value for r in range(3, sheet.max_row + 1)
    }
    assert "bố trí vào vị trí đang trống" in reasons and "vacant seat filled" not in reasons
    released = book[book.sheetnames[-1]]
    ids = [c.value for c in released[2]]
    assert released.cell(row=3, column=ids.index("reason") + 1).value == reason_words(
        "tenure", "vi"
    )
    document = Document(str(tmp_path / "vi" / "proposal.docx"))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "bố trí vào vị trí đang trống" in text and "vacant seat filled" not in text


def test_reason_words_cover_every_code_in_both_languages() -> None:
    plan_reasons = {"retirement", "non-local target", "rotation", "vacant seat filled", "vacancy"}
    assert set(RELEASE_REASONS) | plan_reasons == set(REASON_WORDS)
    for code in REASON_WORDS:
        assert reason_words(code, "vi") != code
        assert reason_words(code, "en")
    assert reason_words("tenure limit (9.5 years)", "en") == (
        "tenure limit reached (9.5 years in post)"
    )
    assert reason_words("tenure limit (10 years)", "vi") == (
        "hết thời gian giữ chức tối đa (đã giữ chức 10 năm)"
    )
    assert reason_words("something else", "vi") == "something else"
    i18n.set_language("vi")
    assert reason_words("displaced") == "thôi giữ chức, bố trí công tác khác"


def test_the_serve_page_shows_reason_words() -> None:
    from planner.web.app import _environment

    i18n.set_language("vi")
    show = _environment().filters["reason"]
    assert show("rotation") == "luân chuyển"
    assert show("tenure limit (12 years)") == "hết thời gian giữ chức tối đa (đã giữ chức 12 năm)"


def test_released_csv_reason_values_are_the_contract_codes(solved: Path) -> None:
    with (solved / "released.csv").open(encoding="utf-8-sig") as handle:
        assert {r["reason"] for r in csv.DictReader(handle)} <= set(RELEASE_REASONS)
