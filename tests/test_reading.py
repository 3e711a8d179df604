"""Reading the data folder: every bad input is reported with file, row, column and a fixed text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import TINY, write_dataset

from planner.domain.levels import EDUCATION, POLITICAL_THEORY
from planner.errors import BadInput
from planner.inputs.tables import read_dataset


def problems(tmp_path: Path, **overrides: str | None) -> list[str]:
    write_dataset(tmp_path, **overrides)
    with pytest.raises(BadInput) as raised:
        read_dataset(tmp_path / "data")
    return [str(p) for p in raised.value.problems]


def edit(stem: str, old: str, new: str) -> str:
    text = TINY[stem]
    assert text.count(old) == 1, f"{old!r} must occur once in {stem}"
    return text.replace(old, new)


# --------------------------------------------------------------------------------------------
# the valid dataset


def test_tiny_dataset_reads(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    data = read_dataset(tmp_path / "data")
    assert [u.unit_id for u in data.units] == ["P", "D1", "D2", "C1", "C2", "C3", "C4"]
    assert len(data.seats) == 6 and len(data.officials) == 10
    assert sorted(data.files) == sorted(f"{stem}.csv" for stem in TINY if stem != "scenario")
    assert data.files["units.csv"] == tmp_path / "data" / "units.csv"
    assert data.roads is not None and len(data.roads) == 7
    o2, o3, o4, o6, o9 = (
        next(o for o in data.officials if o.official_id == i)
        for i in ("O2", "O3", "O4", "O6", "O9")
    )
    assert o2.current_unit_id == "C1"  # filled from seat S2
    assert o3.birth_date == date(1968, 1, 1)  # a year alone is 1 January
    assert o4.home_unit_ids == ("C1", "C3") and o4.disciplined is False
    assert o6.planned_roles == {"chairman", "secretary"}  # "chairman; secretary" stripped
    assert o9.years_in_post == 0.0 and o9.disciplined is True  # empty years, no seat: 0
    s5 = next(s for s in data.seats if s.seat_id == "S5")
    assert (s5.min_political_theory, s5.min_education) == (
        POLITICAL_THEORY.index("intermediate"),
        EDUCATION.index("bachelor"),
    )
    assert s5.required_tags == {"kinh tế"} and s5.row == 6
    assert data.preferences[1].score == -3
    assert data.relations[0].kind == "spouse"


@pytest.mark.parametrize("bom", [False, True])
def test_bom_or_not_and_vietnamese_names_round_trip(tmp_path: Path, bom: bool) -> None:
    write_dataset(tmp_path, bom=bom)
    data = read_dataset(tmp_path / "data")
    assert data.units[0].unit_id == "P"  # not "\ufeffP" nor a mangled header
    assert data.units[5].name == "Xã Tả Thanh Oai"
    assert [o.name for o in data.officials][:3] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
    ]


def test_decomposed_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Xã Vĩnh Quỳnh")
    write_dataset(tmp_path, units=edit("units", "Xã Vĩnh Quỳnh", decomposed))
    data = read_dataset(tmp_path / "data")
    assert data.units[-1].name == "Xã Vĩnh Quỳnh" == unicodedata.normalize("NFC", decomposed)


def test_optional_files_may_be_absent(tmp_path: Path) -> None:
    write_dataset(tmp_path, adjacency=None, relations=None, preferences=None)
    data = read_dataset(tmp_path / "data")
    assert data.roads is None and data.relations == () and data.preferences == ()
    assert sorted(data.files) == ["officials.csv", "seats.csv", "units.csv"]


def test_extra_columns_ignored_and_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    units = TINY["units"].replace("lat,lon\n", "lat,lon,ghi_chu\n", 1)
    units = units.replace("\nD2,", "\n\nD2,", 1)  # a blank spreadsheet row 4
    write_dataset(tmp_path, units=units)
    data = read_dataset(tmp_path / "data")
    assert [u.row for u in data.units][:3] == [2, 3, 5]


# --------------------------------------------------------------------------------------------
# files and columns


def test_missing_required_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert problems(tmp_path, seats=None) == [
        f"seats.csv: required file not found in {folder}",
    ]


def test_missing_required_column(tmp_path: Path) -> None:
    units = TINY["units"].replace("level,", "levle,", 1)
    assert problems(tmp_path, units=units) == [
        "units.csv level: required column is missing "
        "(the header has: unit_id, name, levle, parent_id, lat, lon)",
    ]


def test_semicolon_separated_file_gets_a_hint(tmp_path: Path) -> None:
    seats = "seat_id;unit_id;role\nS1;C1;secretary\n"
    found = problems(tmp_path, seats=seats)
    assert found[0] == (
        "seats.csv seat_id: required column is missing (the header has: "
        "seat_id;unit_id;role); separate columns with commas, not ';'"
    )
    assert len(found) == 3


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, relations="") == [
        "relations.csv: is empty; a header row is required",
    ]


# --------------------------------------------------------------------------------------------
# ids


def test_duplicate_ids(tmp_path: Path) -> None:
    units = TINY["units"] + "C3,Xã Khác,commune,D2,,\n"
    seats = TINY["seats"] + "S5,C4,secretary,,,\n"
    officials = TINY["officials"] + "O3,Người Khác,M,1970,C1,,,,0,none,none,,,0\n"
    assert problems(tmp_path, officials=officials, seats=seats, units=units) == [
        'units.csv row 9, unit_id: "C3" appears twice (also row 7)',
        'seats.csv row 8, seat_id: "S5" appears twice (also row 6)',
        'officials.csv row 12, official_id: "O3" appears twice (also row 4)',
    ]


def test_id_three_times(tmp_path: Path) -> None:
    officials = TINY["officials"] + 2 * "O1,Người Khác,M,1970,C1,,,,0,none,none,,,0\n"
    assert problems(tmp_path, officials=officials) == [
        'officials.csv row 12, official_id: "O1" appears 3 times (also rows 2, 13)',
        'officials.csv row 13, official_id: "O1" appears 3 times (also rows 2, 12)',
    ]


def test_unknown_ids_in_every_reference_column(tmp_path: Path) -> None:
    units = edit("units", "C4,Xã Vĩnh Quỳnh,commune,D2", "C4,Xã Vĩnh Quỳnh,commune,D9")
    seats = edit("seats", "S6,C4", "S6,C9")
    officials = (
        TINY["officials"]
        .replace("O1,Nguyễn Văn An,M,1970-05-12,C1,", "O1,Nguyễn Văn An,M,1970-05-12,X1,")
        .replace("C1,C3,S4", "C1,C3;X2,S4")
        .replace("C4,,,D2,0", "C4,,S9,D2,0")
        .replace("C3,,,C3,0", "C3,,,X3,0")
    )
    relations = "official_a,official_b,kind\nO1,O99,spouse\nO98,O2,sibling\n"
    preferences = "official_id,unit_id,score\nO97,C1,5\nO6,X4,1\n"
    adjacency = "unit_a,unit_b,km\nC1,X5,3\nX6,C2,4\n"
    assert problems(
        tmp_path,
        units=units,
        seats=seats,
        officials=officials,
        relations=relations,
        preferences=preferences,
        adjacency=adjacency,
    ) == [
        'units.csv row 8, parent_id: unknown unit "D9" (not in units.csv)',
        'seats.csv row 7, unit_id: unknown unit "C9" (not in units.csv)',
        'officials.csv row 2, home_unit_id: unknown unit "X1" (not in units.csv)',
        'officials.csv row 5, other_home_unit_ids: unknown unit "X2" (not in units.csv)',
        'officials.csv row 7, current_seat_id: unknown seat "S9" (not in seats.csv)',
        'officials.csv row 8, current_unit_id: unknown unit "X3" (not in units.csv)',
        'adjacency.csv row 2, unit_b: unknown unit "X5" (not in units.csv)',
        'adjacency.csv row 3, unit_a: unknown unit "X6" (not in units.csv)',
        'relations.csv row 2, official_b: unknown official "O99" (not in officials.csv)',
        'relations.csv row 3, official_a: unknown official "O98" (not in officials.csv)',
        'preferences.csv row 2, official_id: unknown official "O97" (not in officials.csv)',
        'preferences.csv row 3, unit_id: unknown unit "X4" (not in units.csv)',
    ]


def test_missing_units_file_does_not_flood_references(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert problems(tmp_path, units=None) == [f"units.csv: required file not found in {folder}"]


def test_empty_required_cells(tmp_path: Path) -> None:
    seats = edit("seats", "S6,C4,chairman", "S6,C4,")
    officials = edit("officials", "O7,Đặng Văn Giang,M", "O7,,M")
    assert problems(tmp_path, seats=seats, officials=officials) == [
        "seats.csv row 7, role: must not be empty",
        "officials.csv row 8, name: must not be empty",
    ]


# --------------------------------------------------------------------------------------------
# values


def test_unreadable_values(tmp_path: Path) -> None:
    units = (
        TINY["units"]
        .replace("21.1,105.55", "abc,105.55")
        .replace("20.93,105.85", "95,105.85")
        .replace("21.12,105.58", "21.12,")
    )
    officials = (
        TINY["officials"]
        .replace(",M,1970-05-12,", ",Male,1970-05-12,")
        .replace("1975-03-01", "1975-02-30")
        .replace(",1968,", ",68,")
        .replace("S4,C3,2,", "S4,C3,-1,")
        .replace("C4,,S5,C3,5,", "C4,,S5,C3,,")
        .replace("S3,C2,11,intermediate,bachelor", "S3,C2,11,,phd2")
        .replace("Đỗ Văn Inh,M,1966-04-01", "Đỗ Văn Inh,M,2066-04-01")
        .replace("chairman,,1\n", "chairman,,maybe\n")
        .replace("1982-02-28,C1,,,D1,0,advanced", "1982-02-28,C1,,,D1,0,master")
    )
    seats = edit("seats", "S3,C2,secretary,intermediate,", "S3,C2,secretary,highest,")
    adjacency = TINY["adjacency"].replace("C1,C2,4.5", "C1,C2,0").replace("C3,C4,2", "C3,C4,x")
    preferences = "official_id,unit_id,score\nO6,C1,11\nO7,C4,2.5\nO7,C3,4.0\nO8,C4,\n"
    theory = "none < elementary < intermediate < advanced"
    education = "none < secondary < college < bachelor < master < doctor"
    assert problems(
        tmp_path,
        units=units,
        officials=officials,
        seats=seats,
        adjacency=adjacency,
        preferences=preferences,
    ) == [
        'units.csv row 3, lat: "abc" is not a number (write plain digits, e.g. 4.5 or 4,5)',
        'units.csv row 4, lat: "95" must be at most 90',
        "units.csv row 5, lon: must be given together with lat",
        f'seats.csv row 4, min_political_theory: "highest" is not a known level (use one of '
        f"{theory})",
        'officials.csv row 2, gender: "Male" must be M or F',
        'officials.csv row 3, birth_date: "1975-02-30" is not a day of the calendar',
        'officials.csv row 4, birth_date: "68" is not a date dd/mm/yyyy, yyyy-mm-dd or a year yyyy',
        f"officials.csv row 4, political_theory: must not be empty (use one of {theory})",
        f'officials.csv row 4, education: "phd2" is not a known level (use one of {education})',
        'officials.csv row 5, years_in_post: "-1" must be at least 0',
        "officials.csv row 6, years_in_post: must not be empty",
        f'officials.csv row 9, political_theory: "master" is not a known level (use one of '
        f"{theory})",
        'officials.csv row 10, birth_date: "2066-04-01" is not a plausible birth date',
        'officials.csv row 10, disciplined: "maybe" must be 0 or 1 (or có / không)',
        'adjacency.csv row 2, km: "0" must be greater than 0',
        'adjacency.csv row 8, km: "x" is not a number (write plain digits, e.g. 4.5 or 4,5)',
        'preferences.csv row 2, score: "11" is not a whole number from -10 to 10',
        'preferences.csv row 3, score: "2.5" is not a whole number from -10 to 10',
        "preferences.csv row 5, score: must not be empty",
    ]


def test_lenient_spellings_are_accepted(tmp_path: Path) -> None:
    officials = (
        TINY["officials"]
        .replace(",M,1970-05-12,", ",nam,1970-05-12,")
        .replace(",F,1975-03-01,", ",Nữ,1975-03-01,")
    )
    write_dataset(tmp_path, officials=officials)
    data = read_dataset(tmp_path / "data")
    assert [o.gender for o in data.officials[:2]] == ["M", "F"]


def test_seat_held_by_two_officials_names_both_rows(tmp_path: Path) -> None:
    officials = edit("officials", "C4,,,D2,0", "C4,,S1,,0")
    assert problems(tmp_path, officials=officials) == [
        'officials.csv row 2, current_seat_id: seat "S1" is held by 2 officials (also row 7)',
        'officials.csv row 7, current_seat_id: seat "S1" is held by 2 officials (also row 2)',
    ]


def test_current_unit_must_be_the_seats_unit(tmp_path: Path) -> None:
    officials = edit("officials", "S3,C2,11", "S3,C1,11")
    assert problems(tmp_path, officials=officials) == [
        'officials.csv row 4, current_unit_id: "C1" is not the unit of current seat "S3" (C2)',
    ]


def test_relation_with_oneself(tmp_path: Path) -> None:
    assert problems(tmp_path, relations="official_a,official_b,kind\nO3,O3,spouse\n") == [
        'relations.csv row 2, official_b: "O3" cannot be related to themself',
    ]


def test_same_preference_twice(tmp_path: Path) -> None:
    preferences = TINY["preferences"] + "O6,C1,-2\n"
    assert problems(tmp_path, preferences=preferences) == [
        'preferences.csv row 4, unit_id: official "O6" already has a score for unit "C1" (row 2)',
    ]


def test_cycle_names_the_units(tmp_path: Path) -> None:
    units = edit("units", "P,Tỉnh Hà Tây,province,,", "P,Tỉnh Hà Tây,province,C1,")
    assert problems(tmp_path, units=units) == [
        "units.csv row 2, parent_id: the unit tree has a cycle: P (Tỉnh Hà Tây) → "
        "C1 (Xã Tam Hiệp) → D1 (Huyện Phúc Thọ) → P (each unit's parent_id names the next)",
    ]


def test_unit_that_is_its_own_parent(tmp_path: Path) -> None:
    units = edit("units", "C2,Xã Long Xuyên,commune,D1", "C2,Xã Long Xuyên,commune,C2")
    assert problems(tmp_path, units=units) == [
        "units.csv row 6, parent_id: the unit tree has a cycle: C2 (Xã Long Xuyên) → C2 "
        "(each unit's parent_id names the next)",
    ]


def test_all_problems_reported_in_one_run(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        units=edit("units", "C4,Xã", "C3,Xã"),
        seats=edit("seats", "S6,C4", "S6,C9"),
        officials=edit("officials", ",M,1970-05-12,", ",X,1970-05-12,"),
        relations="official_a,official_b,kind\nO1,O1,spouse\n",
        preferences="official_id,unit_id,score\nO1,C1,99\n",
        adjacency="unit_a,unit_b,km\nC1,C2,-4\n",
    )
    files = list(dict.fromkeys(line.split(" ")[0] for line in found))
    assert files == [
        "units.csv",
        "seats.csv",
        "officials.csv",
        "adjacency.csv",
        "relations.csv",
        "preferences.csv",
    ]


def test_cycle_found_even_through_a_row_with_other_problems(tmp_path: Path) -> None:
    units = edit("units", "P,Tỉnh Hà Tây,province,,21.0,105.8", "P,Tỉnh Hà Tây,province,D1,x,1")
    assert problems(tmp_path, units=units) == [
        "units.csv row 2, parent_id: the unit tree has a cycle: P (Tỉnh Hà Tây) → "
        "D1 (Huyện Phúc Thọ) → P (each unit's parent_id names the next)",
        'units.csv row 2, lat: "x" is not a number (write plain digits, e.g. 4.5 or 4,5)',
    ]


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("123456789012345", True),  # 15 digits: the most a value may have
        ("1234567890123456", False),  # 16
        ("12345678901234.5", True),  # 15 digits and a mark: 16 characters
        ("12345678901234,56", False),  # 16 digits
        ("-12345678901234", True),
    ],
)
def test_at_most_fifteen_digits(text: str, readable: bool) -> None:
    # values.MAX_DIGITS bounds every number so that costs stay exact in floats
    from planner.inputs.values import NotReadable, parse_decimal, parse_integer

    parse = parse_decimal if any(mark in text for mark in ".,") else parse_integer
    if readable:
        parse(text)
    else:
        with pytest.raises(NotReadable):
            parse(text)
