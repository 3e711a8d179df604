"""Vietnamese by default, English on request (contract section 11), and a catalog that keeps up.

The catalog tests extract the texts from the source with Babel, as ``pybabel extract`` does, so
that a new ``_()`` text without a Vietnamese translation fails here rather than reaching a
cadre in English.
"""

from __future__ import annotations

import gettext
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import TINY, run_cli, write_dataset

import planner
from planner import i18n
from planner.domain.words import ROLE_TITLES, role_title, rule_name
from planner.errors import Problem

PACKAGE = Path(planner.__file__).parent
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "planner.po"
MO = PO.with_suffix(".mo")
#: The keywords of CONTRIBUTING.md's ``pybabel extract`` line.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
#: The methods of babel.cfg: the Python source and the page's Jinja2 templates.
METHODS = [("web/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"web/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
FIELD = re.compile(r"\{[^{}]*\}")


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def _extracted() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> where, for every text marked in the planner package."""
    found = {}
    for filename, line, message, _comments, context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS, options_map=OPTIONS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = f"planner/{filename}:{line}"
    return found


def test_every_text_in_the_source_has_a_vietnamese_translation() -> None:
    catalog = _catalog()
    extracted = _extracted()
    assert len(extracted) > 300  # the extractor did look at the package
    missing = []
    for (context, msgid), where in sorted(extracted.items(), key=lambda kv: kv[1]):
        message = catalog.get(msgid, context=context)
        strings = () if message is None else message.string
        strings = (strings,) if isinstance(strings, str) else strings
        if message is None or message.fuzzy or not strings or not all(strings):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "untranslated (see CONTRIBUTING.md):\n" + "\n".join(missing)


def test_the_catalog_has_no_texts_the_source_no_longer_has() -> None:
    extracted = _extracted()
    stale = [m.id for m in _catalog() if m.id and (m.context, _first(m.id)) not in extracted]
    assert not stale


def _first(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def test_the_committed_mo_is_the_compiled_po() -> None:
    buffer = io.BytesIO()
    write_mo(buffer, _catalog())
    fresh = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    assert committed._catalog == fresh._catalog  # type: ignore[attr-defined]


def test_placeholders_are_the_same_in_the_translation() -> None:
    wrong = []
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        fields = Counter(FIELD.findall(ids[0]))
        wrong += [
            f"{ids[0]!r} -> {s!r}"
            for s in strings
            if Counter(FIELD.findall(s)) != fields
            or any(Counter(FIELD.findall(i)) != fields for i in ids)
        ]
    assert not wrong


def test_language_in_argv_reads_only_global_options() -> None:
    assert i18n.language_in_argv(["--lang", "en", "solve"]) == "en"
    assert i18n.language_in_argv(["--lang=EN", "solve", "x"]) == "en"
    assert i18n.language_in_argv(["solve", "--lang", "en"]) is None  # after the command
    assert i18n.language_in_argv(["--lang", "fr", "solve"]) is None  # click refuses it
    assert i18n.language_in_argv(["--lang"]) is None


def test_environment_and_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV_VAR)
    assert i18n.current_language() == "vi"
    monkeypatch.setenv(i18n.ENV_VAR, "en_US.UTF-8")
    assert i18n.current_language() == "en"
    monkeypatch.setenv(i18n.ENV_VAR, "de")
    assert i18n.current_language() == "vi"
    assert i18n.set_language("en") == "en"
    monkeypatch.setenv(i18n.ENV_VAR, "vi")
    assert i18n.current_language() == "en"  # a choice wins over the environment


def test_one_owner_for_the_words_of_codes() -> None:
    i18n.set_language("vi")
    assert role_title("secretary") == "Bí thư Đảng ủy"
    assert role_title("chairman") == "Chủ tịch UBND"
    assert role_title("vice") == "vice"  # not a role of the contract: as written
    assert rule_name("locality") == "không bố trí về địa phương mình"
    i18n.set_language("en")
    assert role_title("secretary") == "secretary"
    assert role_title("secretary", "vi") == "Bí thư Đảng ủy"  # the role_vi column's words
    assert set(ROLE_TITLES) == {"secretary", "chairman"}


def test_problem_lines_in_vietnamese() -> None:
    i18n.set_language("vi")
    assert str(Problem("officials.csv", 8, "official_id", "x")) == (
        "officials.csv, dòng 8, cột official_id: x"
    )
    assert str(Problem("units.csv", 3, None, "x")) == "units.csv, dòng 3: x"
    assert str(Problem("seats.csv", None, "unit_id", "x")) == "seats.csv, cột unit_id: x"
    assert str(Problem("scenario.toml", None, "target.level", "x")) == (
        "scenario.toml, khóa target.level: x"
    )
    assert str(Problem("--plan", None, None, "x")) == "--plan: x"
    i18n.set_language("en")
    assert (
        str(Problem("officials.csv", 8, "official_id", "x"))
        == "officials.csv row 8, official_id: x"
    )
    assert (
        str(Problem("scenario.toml", None, "target.level", "x")) == "scenario.toml target.level: x"
    )


def test_cli_is_vietnamese_by_default_and_english_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_dataset(tmp_path)
    monkeypatch.delenv(i18n.ENV_VAR)
    code, out, _ = run_cli(["validate", str(scenario)], capsys, monkeypatch)
    assert code == 0
    assert "Kịch bản" in out and "Bí thư Đảng ủy 3" in out and "Scenario" not in out
    code, out, _ = run_cli(["--lang", "en", "validate", str(scenario)], capsys, monkeypatch)
    assert code == 0 and "Scenario" in out and "Kịch bản" not in out
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    code, out, _ = run_cli(["validate", str(scenario)], capsys, monkeypatch)
    assert code == 0 and "Scenario" in out and "secretary 3" in out
    code, out, _ = run_cli(["--lang", "vi", "validate", str(scenario)], capsys, monkeypatch)
    assert code == 0 and "Kịch bản" in out  # the option wins over the environment


def test_bad_input_lines_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seats = TINY["seats"].replace("S4,C3,secretary", "S4,C9,secretary")
    scenario = write_dataset(tmp_path, seats=seats)
    monkeypatch.delenv(i18n.ENV_VAR)
    code, _, err = run_cli(["validate", str(scenario)], capsys, monkeypatch)
    assert code == 2
    assert "seats.csv, dòng 5, cột unit_id: " in err
    assert "lỗi; chưa ghi tệp nào." in err
    code, _, err = run_cli(["--lang", "en", "validate", str(scenario)], capsys, monkeypatch)
    assert code == 2 and "seats.csv row 5, unit_id: " in err and "nothing was written" in err


def test_bad_input_messages_are_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's own messages, not only the frame around them: a bad scenario value, a seat
    in a former unit, an official related to themself and a pins file without its columns read
    in Vietnamese by default, still naming file, row and column, and in English with --lang en."""
    units = (
        TINY["units"].replace("lat,lon\n", "lat,lon,status\n") + "C5,Xã Cũ,commune,D1,,,former\n"
    )
    seats = TINY["seats"] + "S7,C5,chairman,,,\n"
    relations = TINY["relations"] + "O1,O1,spouse\n"
    scenario = write_dataset(tmp_path, units=units, seats=seats, relations=relations)
    pins = tmp_path / "pins.csv"
    pins.write_text("seat_id;official_id;action\nS3;O1;keep\n", encoding="utf-8")
    monkeypatch.delenv(i18n.ENV_VAR)

    def errors(*args: str) -> str:
        code, _, err = run_cli(list(args), capsys, monkeypatch)
        assert code == 2 and "Traceback" not in err
        return err

    bad_value = ["validate", str(scenario), "--set", "rules.max_years_in_post=x"]
    err = errors(*bad_value)
    assert "scenario.toml, khóa rules.max_years_in_post: 'x' không phải là số" in err
    err = errors("validate", str(scenario))
    assert (
        'seats.csv, dòng 8, cột unit_id: "C5" là đơn vị cũ (đã sáp nhập) '
        "(status = former trong units.csv); không có vị trí nào thuộc đơn vị này"
    ) in err
    assert (
        'relations.csv, dòng 3, cột official_b: "O1" không thể có quan hệ gia đình với chính mình'
    ) in err
    assert "former unit" not in err and "themself" not in err

    clean = write_dataset(tmp_path / "clean")
    solve = ["solve", str(clean), "--out", str(tmp_path / "out"), "--pins", str(pins)]
    err = errors(*solve)
    assert "pins.csv, cột action: thiếu cột bắt buộc (dòng tiêu đề gồm: " in err
    assert "hãy ngăn cách các cột bằng dấu phẩy" in err and "required column" not in err

    err = errors("--lang", "en", *bad_value)
    assert "scenario.toml rules.max_years_in_post: 'x' is not a number" in err
    err = errors("--lang", "en", "validate", str(scenario))
    assert (
        'seats.csv row 8, unit_id: "C5" is a former unit (status = former in units.csv); '
        "no seat sits there"
    ) in err
    assert 'relations.csv row 3, official_b: "O1" cannot be related to themself' in err
    err = errors("--lang", "en", *solve)
    assert "pins.csv action: required column is missing (the header has: " in err


def test_help_and_click_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(i18n.ENV_VAR)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(["solve", "--help"], capsys, monkeypatch)
    assert code == 0
    assert "Giải một kịch bản" in out and "Cách dùng:" in out and "Tùy chọn" in out
    assert "Hiện hướng dẫn này rồi thoát." in out and "số phương án xếp hạng" in out
    code, out, _ = run_cli(["--lang", "en", "solve", "--help"], capsys, monkeypatch)
    assert code == 0
    assert "Solve a scenario" in out and "Usage:" in out and "number of ranked plans" in out
    assert "Show this message and exit." in out and "Giải" not in out
    code, _, err = run_cli(["solve"], capsys, monkeypatch)
    assert code == 2 and "Lỗi: Thiếu tham số 'scenario'." in err and "Cách dùng:" in err
    code, _, err = run_cli(["--lang", "en", "solve"], capsys, monkeypatch)
    assert code == 2 and "Error: Missing argument 'scenario'." in err
    code, _, err = run_cli(["--lang", "fr", "validate", "x"], capsys, monkeypatch)
    assert code == 2 and "--lang" in err


def test_a_run_reads_in_vietnamese_and_its_files_do_not_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terminal, workbook and proposal in Vietnamese; the CSV files byte for byte the same in
    both languages (machine files keep the contract's words)."""
    from docx import Document
    from openpyxl import load_workbook

    scenario = write_dataset(tmp_path)
    monkeypatch.delenv(i18n.ENV_VAR)
    code, out, err = run_cli(
        ["solve", str(scenario), "--out", str(tmp_path / "vi")], capsys, monkeypatch
    )
    assert code == 0, err
    assert "phương án" in out and "Các thay đổi của phương án 1" in out and "tối ưu" in out
    code, _, err = run_cli(["report", str(tmp_path / "vi")], capsys, monkeypatch)
    assert code == 0, err
    book = load_workbook(tmp_path / "vi" / "plans.xlsx")
    assert book.sheetnames[:2] == ["Xếp hạng", "Phương án 1"]
    sheet = book["Phương án 1"]
    assert "Cán bộ" in [c.value for c in sheet[1]]
    assert "official_name" in [c.value for c in sheet[2]]  # the CSV ids under the titles
    text = "\n".join(p.text for p in Document(str(tmp_path / "vi" / "proposal.docx")).paragraphs)
    assert "TỜ TRÌNH" in text and "Kính gửi: Ban Thường vụ" in text and "I. CĂN CỨ" in text
    code, _, err = run_cli(
        ["--lang", "en", "solve", str(scenario), "--out", str(tmp_path / "en")], capsys, monkeypatch
    )
    assert code == 0, err
    for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
        assert (tmp_path / "vi" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()


#: The English sentences `planner explain` printed around Vietnamese rule names before its
#: texts went through the catalog: none may reach a cadre reading Vietnamese.
EXPLAIN_ENGLISH = (
    "has no plan that keeps every rule",
    "Targets that cannot be reached",
    "cannot reach",
    "at most",
    "can go to non-locals",
    "Why:",
    "held by locals who must stay",
    "Rules that conflict",
    "What would give a plan",
    "gives a plan",
    "changes;",
    "proven best",
)


def test_explain_reads_in_vietnamese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phúc Thọ at 95%: 4 of 36 seats are held by locals who must stay, so at most 32 can go
    to non-locals; every line of the answer is Vietnamese, English on request."""
    scenario = Path(__file__).parents[1] / "scenarios" / "phuc-tho-2023" / "scenario.toml"
    monkeypatch.delenv(i18n.ENV_VAR)
    code, out, err = run_cli(["explain", str(scenario), "--target", "0.95"], capsys, monkeypatch)
    assert code == 0, err
    assert 'Kịch bản "Phúc Thọ — đợt 2 năm 2023" không có phương án nào' in out
    assert "Huyện Phúc Thọ không thể đạt 95%: nhiều nhất 32/36 vị trí" in out
    assert "Lý do: 4 vị trí do người địa phương đảm nhiệm và phải ở lại." in out
    assert "Các quy định mâu thuẫn nhau" in out and "Hướng điều chỉnh để có phương án" in out
    assert "--target 2023-272=0.88: có phương án, chi phí" in out
    assert [text for text in EXPLAIN_ENGLISH if text in out] == []
    code, out, err = run_cli(
        ["--lang", "en", "explain", str(scenario), "--target", "0.95"], capsys, monkeypatch
    )
    assert code == 0, err
    assert "Huyện Phúc Thọ cannot reach 95%: at most 32 of 36 seats can go to non-locals" in out
    assert "Why: 4 seats are held by locals who must stay." in out
    assert "--target 2023-272=0.88: gives a plan, cost" in out


def test_no_roadmap_reads_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only N1 is non-local: 2 of 2 cannot be reached at batch 2, and no lever helps. The
    answer names the group and the levers in Vietnamese; infeasibility.json keeps its codes."""
    from helpers_instances import no_roadmap_case

    path = no_roadmap_case(tmp_path / "case")
    monkeypatch.delenv(i18n.ENV_VAR)
    out = tmp_path / "out"
    code, _, err = run_cli(["roadmap", str(path), "--out", str(out)], capsys, monkeypatch)
    assert code == 3, err
    assert "Không có lộ trình nào đạt các chỉ tiêu:" in err
    assert "Đợt 2 (2025-06-01), " in err and "cần 2/2 vị trí" in err
    assert "Các quy định mâu thuẫn nhau: chỉ tiêu không là người địa phương" in err
    assert "thêm một đợt (các đợt " in err and "vẫn không có lộ trình." in err
    english = ("one more batch", "a later final date", "ramp", "Batch", "still no roadmap")
    assert [text for text in english if text in err] == []
    data = json.loads((out / "infeasibility.json").read_text(encoding="utf-8"))
    assert {lever["lever"] for lever in data["levers"]} == {
        "one more batch",
        "a later final date",
        "a lower intermediate ramp",
    }


def test_why_and_sweep_read_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_dataset(tmp_path)
    monkeypatch.delenv(i18n.ENV_VAR)
    code, out, err = run_cli(
        ["sweep", str(scenario), "--targets", "0.5,1", "--out", str(tmp_path / "sweep")],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    assert "chỉ tiêu 0.5: " in err and "2 mức chỉ tiêu" in out
    assert "từ mức 1 trở lên không có phương án" in out
    assert "target" not in out.replace("target.", "") and "no plan" not in out
    short = (tmp_path / "sweep" / "sweep.csv").read_text(encoding="utf-8")
    assert " max " in short  # sweep.csv keeps the contract's English short_groups
    code, out, err = run_cli(["why", str(scenario), "O9", "S4"], capsys, monkeypatch)
    assert code == 0, err
    assert "Đỗ Văn Inh (O9) không thể đảm nhiệm vị trí S4:" in out
    assert "chưa được quy hoạch chức danh Bí thư Đảng ủy" in out
    assert "đang trong thời hạn xử lý kỷ luật" in out
