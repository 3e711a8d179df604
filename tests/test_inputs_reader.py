"""Reading inputs as committees' staff write them (contract sections 2 and 8): a workbook
instead of the folder, Vietnamese headers, encodings, Vietnamese number and date forms, and the
bad inputs of section 8, each refused with file (or workbook and sheet), row and column."""

from __future__ import annotations

import csv
import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TINY, write_dataset
from conftest import run_cli as run
from helpers_workbook import write_workbook
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import BadInput
from planner.inputs.consistency import load_checked
from planner.inputs.headers import VIETNAMESE_HEADERS, canonical
from planner.inputs.sources import cell_text
from planner.inputs.tables import read_dataset
from planner.inputs.values import NotReadable, parse_date, parse_decimal


def problems(tmp_path: Path, **files: str | None) -> list[str]:
    write_dataset(tmp_path, **{k: v for k, v in files.items() if k != "bytes"})
    with pytest.raises(BadInput) as error:
        read_dataset(tmp_path / "data")
    return [str(p) for p in error.value.problems]


def workbook_scenario(tmp_path: Path, **kwargs: object) -> Path:
    write_dataset(tmp_path)
    write_workbook(tmp_path / "canbo.xlsx", **kwargs)  # type: ignore[arg-type]
    scenario = tmp_path / "wb.toml"
    scenario.write_text(
        TINY["scenario"].replace('data = "data"', 'data = "canbo.xlsx"'), encoding="utf-8"
    )
    return scenario


# -- workbook ----------------------------------------------------------------------------------


@pytest.mark.parametrize("vietnamese", [False, True])
def test_workbook_gives_the_same_plans_as_the_csv_folder(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    vietnamese: bool,
) -> None:
    scenario = workbook_scenario(tmp_path, vietnamese=vietnamese)
    assert run(["solve", str(scenario), "--out", str(tmp_path / "wb")], capsys, monkeypatch)[0] == 0
    csv_scenario = tmp_path / "scenario.toml"
    assert (
        run(["solve", str(csv_scenario), "--out", str(tmp_path / "csv")], capsys, monkeypatch)[0]
        == 0
    )
    assert (tmp_path / "wb/plans.csv").read_bytes() == (tmp_path / "csv/plans.csv").read_bytes()
    info = json.loads((tmp_path / "wb/run.json").read_text(encoding="utf-8"))
    assert info["inputs"]["canbo.xlsx"]["path"] == str((tmp_path / "canbo.xlsx").resolve())


def test_workbook_messages_name_workbook_sheet_row_and_column(tmp_path: Path) -> None:
    officials = TINY["officials"].replace("O2,Trần Thị Bình,F,", "O2,Trần Thị Bình,X,")
    tables = {k: v for k, v in TINY.items() if k != "scenario"}
    tables["officials"] = officials
    write_workbook(tmp_path / "canbo.xlsx", vietnamese=True, tables=tables)
    with pytest.raises(BadInput) as error:
        read_dataset(tmp_path / "canbo.xlsx")
    [problem] = error.value.problems
    assert str(problem) == (
        'canbo.xlsx, sheet officials row 3, Giới tính (column C) [gender]: "X" must be M or F'
    )


def test_workbook_ids_typed_as_numbers_match_ids_typed_as_text(tmp_path: Path) -> None:
    tables = {k: v for k, v in TINY.items() if k != "scenario"}
    for old, new in (("O1", "1001"), ("O8", "1008")):
        tables["officials"] = tables["officials"].replace(f"{old},", f"{new},", 1)
        tables["relations"] = tables["relations"].replace(old, new)
    write_workbook(tmp_path / "canbo.xlsx", tables=tables)
    data = read_dataset(tmp_path / "canbo.xlsx")
    assert data.relations[0].official_a == "1001" and data.officials[0].official_id == "1001"


def test_every_vietnamese_header_maps_to_one_column() -> None:
    for column, aliases in VIETNAMESE_HEADERS.items():
        for alias in aliases:
            assert canonical(alias) == column
            assert canonical(alias.upper()) == column
    assert canonical("ho va ten") == "name" and canonical("NGÀY SINH") == "birth_date"


def test_csv_with_vietnamese_headers_reads_the_same(tmp_path: Path) -> None:
    header, _, rest = TINY["officials"].partition("\n")
    vi = ",".join(VIETNAMESE_HEADERS[c][0] for c in header.split(","))
    write_dataset(tmp_path, officials=vi + "\n" + rest)
    assert read_dataset(tmp_path / "data").officials == read_dataset_plain(tmp_path).officials


def read_dataset_plain(tmp_path: Path):  # type: ignore[no-untyped-def]
    other = tmp_path / "plain"
    write_dataset(other)
    return read_dataset(other / "data")


# -- encodings ---------------------------------------------------------------------------------


def cp1258(text: str) -> bytes:
    """Text as Excel on a Vietnamese Windows saves it: Windows-1258 has no precomposed letter
    with a tone mark, so "ễ" is written "ê" followed by the combining tilde (0xDE)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            for mark in marks:  # the mark that makes a letter of its own (â ă ê ô ơ ư)
                letter = unicodedata.normalize("NFC", base + mark)
                rest = "".join(m for m in marks if m != mark)
                try:
                    out += letter.encode("cp1258") + rest.encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def test_cp1258_helper_writes_decomposed_tone_marks() -> None:
    assert cp1258("ễ") == b"\xea\xde"
    assert unicodedata.normalize("NFC", cp1258("Nguyễn").decode("cp1258")) == "Nguyễn"


def write_bytes(tmp_path: Path, stem: str, data: bytes) -> None:
    (tmp_path / "data" / f"{stem}.csv").write_bytes(data)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    write_bytes(tmp_path, "officials", TINY["officials"].encode("utf-16"))
    assert read_dataset(tmp_path / "data").officials[1].name == "Trần Thị Bình"


def test_windows_1258_refused_naming_file_line_and_how_to_save(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    write_bytes(tmp_path, "officials", cp1258(TINY["officials"]))
    with pytest.raises(BadInput) as error:
        read_dataset(tmp_path / "data")
    [problem] = error.value.problems
    assert problem.file == "officials.csv" and problem.row == 2  # first name with a tone mark
    assert "CSV UTF-8" in problem.message and 'encoding = "cp1258"' in problem.message


def test_windows_1258_declared_is_read_intact_in_nfc(tmp_path: Path) -> None:
    scenario = write_dataset(
        tmp_path,
        scenario=TINY["scenario"] + "\n",
    )
    text = scenario.read_text(encoding="utf-8").replace("as_of =", 'encoding = "cp1258"\nas_of =')
    scenario.write_text(text, encoding="utf-8")
    write_bytes(tmp_path, "officials", cp1258(TINY["officials"]))
    write_bytes(tmp_path, "units", cp1258(TINY["units"]))
    _, dataset, _ = load_checked(scenario)
    names = [o.name for o in dataset.officials]
    assert names == [o.name for o in read_dataset_plain(tmp_path).officials]
    assert all(n == unicodedata.normalize("NFC", n) for n in names)
    assert "Nguyễn Văn An" in names


def test_unknown_encoding_names_the_key(tmp_path: Path) -> None:
    scenario = write_dataset(tmp_path)
    text = scenario.read_text(encoding="utf-8").replace("as_of =", 'encoding = "klingon"\nas_of =')
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput) as error:
        load_checked(scenario)
    assert [p.column for p in error.value.problems] == ["encoding"]


# -- Vietnamese number and date forms -----------------------------------------------------------


def test_day_first_dates_and_decimal_commas_are_read_and_named(tmp_path: Path) -> None:
    officials = (
        TINY["officials"]
        .replace("1970-05-12", "12/05/1970")
        .replace(",6,advanced", ',"6,5",advanced')
    )
    write_dataset(tmp_path, officials=officials)
    data = read_dataset(tmp_path / "data")
    assert data.officials[0].birth_date.isoformat() == "1970-05-12"
    assert data.officials[0].years_in_post == 6.5
    assert "officials.csv birth_date: read as dd/mm/yyyy + yyyy + yyyy-mm-dd" in data.notes
    assert "officials.csv years_in_post: read as decimal comma" in data.notes


def test_a_whole_column_in_an_unreadable_form_is_one_message(tmp_path: Path) -> None:
    rows = TINY["officials"].splitlines()
    header = rows[0].split(",")
    at = header.index("birth_date")
    broken = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        cells[at] = "May " + cells[at][:4]
        broken.append(",".join(cells))
    found = problems(tmp_path, officials="\n".join(broken) + "\n")
    assert len(found) == 1
    assert found[0].startswith(
        "officials.csv birth_date: no value in this column can be read (10 rows"
    )


@given(st.integers(-(10**12), 10**12), st.integers(0, 99))
def test_decimal_forms_round_trip(whole: int, fraction: int) -> None:
    assert parse_decimal(str(whole)) == (float(whole), None)
    assert parse_decimal(f"{whole},{fraction:02d}")[0] == float(f"{whole}.{fraction:02d}")


@pytest.mark.parametrize(
    "text",
    ["1_0", "５", "1e3", "+5", ".5", "5.", "1.234,5", "1 000", "inf", "nan", "0x10", "1" * 16],
)
def test_odd_number_forms_are_refused(text: str) -> None:
    with pytest.raises(NotReadable):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["12-05-1970", "1970/05/12", "May 1970", "70", "１９７０"])
def test_odd_date_forms_are_refused(text: str) -> None:
    with pytest.raises(NotReadable):
        parse_date(text, year_alone=True)


# -- section 8 ---------------------------------------------------------------------------------


def test_trailing_comma_the_header_lacks_is_one_problem_not_a_traceback(tmp_path: Path) -> None:
    seats = "\n".join(
        line + "," if i else line for i, line in enumerate(TINY["seats"].splitlines())
    )
    found = problems(tmp_path, seats=seats + "\n")
    assert found == [
        "seats.csv row 2, column 7: this row has more cells than the header has columns "
        "(6 columns), and so do 5 more rows; remove the extra cells (often a trailing comma) "
        "or name the column"
    ]


def test_two_columns_with_one_name(tmp_path: Path) -> None:
    seats = TINY["seats"].replace("required_tags", "role", 1)
    found = problems(tmp_path, seats=seats)
    assert found == ["seats.csv row 1, role: two columns are named role (role and role); keep one"]


def test_two_headers_meaning_one_column_in_two_languages(tmp_path: Path) -> None:
    seats = TINY["seats"].replace("required_tags", "Chức danh", 1)
    assert "two columns are named role" in problems(tmp_path, seats=seats)[0]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f"])
def test_control_characters_are_refused_with_file_row_and_column(tmp_path: Path, char: str) -> None:
    officials = TINY["officials"].replace("Trần Thị Bình", f"Trần{char}Thị Bình")
    assert problems(tmp_path, officials=officials) == [
        f"officials.csv row 3, name: contains the control character U+{ord(char):04X}; remove it"
    ]


def test_a_line_break_inside_a_quoted_name_is_kept_and_every_output_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    officials = (
        TINY["officials"]
        .replace("O1,Nguyễn Văn An,", 'O1,"Nguyễn\rVăn An",')
        .replace("O5,Hoàng Văn Em,", 'O5,"Hoàng\r\nVăn Em",')
        .replace("O8,Bùi Thị Hà,", 'O8,"Bùi Thị\rHà",')
    )
    scenario = write_dataset(tmp_path, officials=officials)
    data = read_dataset(tmp_path / "data")
    assert data.officials[0].name == "Nguyễn\rVăn An"
    assert [o.row for o in data.officials[:6]] == [2, 3, 4, 5, 6, 7]  # rows as a spreadsheet shows
    args = ["solve", str(scenario), "--out", str(tmp_path / "out")]
    code, out, _ = run(args, capsys, monkeypatch)
    assert code == 0 and "\r" not in out
    assert "Bùi Thị Hà (O8)" in out  # a mover, shown on one line
    for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines(keepends=True)))
        assert len({len(r) for r in rows}) == 1, name
    json.loads((tmp_path / "out/run.json").read_text(encoding="utf-8"))


def test_an_id_with_a_line_break_is_refused(tmp_path: Path) -> None:
    officials = TINY["officials"].replace("O1,Nguyễn", '"O\r1",Nguyễn')
    assert problems(tmp_path, officials=officials)[0].startswith(
        "officials.csv row 2, official_id: contains the control character U+000D"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("as_of", '"0001-01-01"'),
        ("as_of", '"2500-01-01"'),
        ("objective.change", "1e30"),
        ("objective.change", str(2**62)),
        ("objective.vacancy", "inf"),
        ("plans.seed", str(2**63 - 1)),
        ("plans.seed", str(2**64)),
        ("plans.time_limit_s", "inf"),
        ("plans.time_limit_s", "nan"),
        ("rules.max_years_in_post", "1e300"),
    ],
)
def test_absurd_scenario_values_are_refused_naming_the_key(
    tmp_path: Path, key: str, value: str
) -> None:
    scenario = write_dataset(tmp_path)
    with pytest.raises(BadInput) as error:
        load_checked(scenario, sets=[f"{key}={value}"])
    assert [p.column for p in error.value.problems] == [key]


def test_largest_seed_the_engines_take_is_accepted(tmp_path: Path) -> None:
    scenario = write_dataset(tmp_path)
    checked, _, _ = load_checked(scenario, sets=[f"plans.seed={2**31 - 1}"])
    assert checked.plans.seed == 2**31 - 1


def test_a_weight_whose_total_cost_is_not_exact_names_the_key(tmp_path: Path) -> None:
    scenario = write_dataset(tmp_path)
    load_checked(scenario, sets=["objective.distance_km=1000000000"])  # 6 seats: still exact
    roads = TINY["adjacency"] + "C2,C3,40000\n"
    write_dataset(tmp_path, adjacency=roads)
    big = [f"objective.{k}=1000000000" for k in ("change", "distance_km", "preference", "vacancy")]
    load_checked(scenario, sets=big)  # still below 2**53 for six seats
    many_seats = TINY["seats"] + "".join(f"X{i},C4,deputy,,,\n" for i in range(400))
    write_dataset(tmp_path, seats=many_seats, adjacency=roads)
    with pytest.raises(BadInput) as error:
        load_checked(scenario, sets=big)
    assert [p.column for p in error.value.problems] == ["objective.distance_km"]


def test_time_limit_inf_on_the_command_line_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_dataset(tmp_path)
    code, _, err = run(
        ["solve", str(scenario), "--out", str(tmp_path / "o"), "--time-limit", "inf"],
        capsys,
        monkeypatch,
    )
    assert code == 2 and "plans.time_limit_s" in err and not (tmp_path / "o").exists()


def test_run_json_is_strict_with_absolute_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dataset(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(["solve", "scenario.toml", "--out", "o"], capsys, monkeypatch)[0] == 0
    text = (tmp_path / "o/run.json").read_text(encoding="utf-8")
    info = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in run.json"))
    assert Path(info["scenario"]["data"]).is_absolute()
    assert all(Path(entry["path"]).is_absolute() for entry in info["inputs"].values())


def test_excel_cells_become_the_text_a_csv_would_hold() -> None:
    assert cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(1001.0) == "1001" and cell_text(1001) == "1001"
    assert cell_text(4.7) == "4.7" and cell_text(True) == "1" and cell_text(None) == ""
    assert cell_text(datetime(1970, 5, 12)) == "1970-05-12"


def test_disciplined_yes_no_in_vietnamese(tmp_path: Path) -> None:
    officials = TINY["officials"].replace("chairman,,1\n", "chairman,,Có\n")
    officials = officials.replace("master,secretary,,0\n", "master,secretary,,không\n")
    write_dataset(tmp_path, officials=officials)
    flags = {o.official_id: o.disciplined for o in read_dataset(tmp_path / "data").officials}
    assert flags["O9"] is True and flags["O1"] is False


def test_a_broken_workbook_is_one_problem(tmp_path: Path) -> None:
    scenario = workbook_scenario(tmp_path)
    book = tmp_path / "canbo.xlsx"
    book.write_bytes(book.read_bytes()[:500])
    with pytest.raises(BadInput) as error:
        load_checked(scenario)
    [problem] = error.value.problems
    assert problem.file == "canbo.xlsx" and "cannot be read as an Excel workbook" in problem.message


def test_a_workbook_without_a_required_sheet_names_the_sheets_it_has(tmp_path: Path) -> None:
    tables = {k: v for k, v in TINY.items() if k not in ("scenario", "seats")}
    write_workbook(tmp_path / "canbo.xlsx", tables=tables)
    with pytest.raises(BadInput) as error:
        read_dataset(tmp_path / "canbo.xlsx")
    assert str(error.value.problems[0]).startswith(
        "canbo.xlsx: the workbook has no sheet named seats (it has: units, officials"
    )


def test_data_naming_an_old_excel_file_says_to_save_as_xlsx(tmp_path: Path) -> None:
    scenario = write_dataset(tmp_path)
    (tmp_path / "canbo.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BadInput) as error:
        load_checked(scenario, sets=['data="canbo.xls"'])
    [problem] = error.value.problems
    assert problem.column == "data" and ".xlsx" in problem.message
