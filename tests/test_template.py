"""``planner template DIR``: the workbook to fill in, and what validate says about it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY
from conftest import run_cli as run
from helpers_workbook import write_workbook
from openpyxl import load_workbook


def test_template_has_vietnamese_headers_drop_downs_and_instructions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["template", str(tmp_path / "t")], capsys, monkeypatch)[0] == 0
    book = load_workbook(tmp_path / "t/canbo.xlsx")
    assert {"units", "seats", "officials", "adjacency", "relations", "preferences"} <= set(
        book.sheetnames
    )
    officials = book["officials"]
    assert [c.value for c in officials[1]][:4] == ["Mã cán bộ", "Tên", "Giới tính", "Ngày sinh"]
    lists = {dv.formula1 for dv in officials.data_validations.dataValidation}
    assert '"Nam,Nữ"' in lists and '"không,có"' in lists
    assert any(
        dv.formula1 == '"province,district,commune"'
        for dv in book["units"].data_validations.dataValidation
    )
    assert any(
        row[0] == "Nguyễn Văn An" or "Nguyễn Văn An" in row
        for row in book["huong_dan"].iter_rows(values_only=True)
    )


def test_validate_on_the_untouched_template_says_what_is_empty_in_three_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["template", str(tmp_path)], capsys, monkeypatch)
    code, _, err = run(["validate", str(tmp_path / "scenario.toml")], capsys, monkeypatch)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[:3] == [
        f"canbo.xlsx, sheet {t} row 2: has no rows yet: fill in one row per {t[:-1]} below "
        "the header"
        for t in ("units", "seats", "officials")
    ]
    assert len(lines) == 4


def test_template_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scenario.toml").write_text("mine", encoding="utf-8")
    code, _, err = run(["template", str(tmp_path)], capsys, monkeypatch)
    assert code == 2 and "scenario.toml" in err
    assert (tmp_path / "scenario.toml").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "canbo.xlsx").exists()


def test_a_filled_template_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["template", str(tmp_path)], capsys, monkeypatch)
    (tmp_path / "canbo.xlsx").unlink()
    write_workbook(
        tmp_path / "canbo.xlsx",
        vietnamese=True,
        tables={k: v for k, v in TINY.items() if k != "scenario"},
    )
    code, out, _ = run(["validate", str(tmp_path / "scenario.toml")], capsys, monkeypatch)
    assert code == 0 and "Groups     2 at level district" in out
