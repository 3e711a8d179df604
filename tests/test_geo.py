"""Real geography (contract section 12): `planner units`, `planner locate`, the real-map
generator presets, and the optional dependency.

Tests that read the official list are skipped when the optional extra `.[geo]` is absent,
except under CI=true, where .ci/run installs it and a skip would hide a failure.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from planner.geo import source
from planner.geo.locate import Index, Unit
from planner.geo.names import split_kind
from tests.conftest import run_cli

needs_geo = pytest.mark.skipif(
    not source.available() and os.environ.get("CI") != "true",
    reason="the optional extra .[geo] (vietnamadminunits) is not installed",
)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------
# the official list


@needs_geo
def test_counts_per_era() -> None:
    from planner.geo.units import build_units

    hn_2023 = Counter(r.level for r in build_units("Hà Nội", "2023"))
    assert hn_2023 == {"province": 1, "district": 30, "commune": 526}
    assert Counter(r.level for r in build_units("ha noi", "2025")) == {
        "province": 1,
        "commune": 126,
    }
    country = Counter(r.level for r in build_units("all", "2025"))
    assert country == {"province": 34, "commune": 3321}
    assert Counter(r.level for r in build_units("all", "2023"))["province"] == 63


@needs_geo
def test_ids_are_stable_distinct_across_eras_and_carry_coordinates() -> None:
    from planner.geo.units import build_units

    a = build_units("Hanoi", "2025", with_former=True)
    assert a == build_units("HN", "2025", with_former=True)  # same rows from any spelling
    ids_2025 = {r.unit_id for r in a if r.status == "current"}
    ids_2023 = {r.unit_id for r in build_units("Hà Nội", "2023")}
    assert "2025-09715" in ids_2025 and "2023-09715" in ids_2023  # one code, two eras
    assert not ids_2025 & ids_2023
    assert len({r.unit_id for r in a}) == len(a)
    assert all(r.lat is not None and r.lon is not None for r in a)
    assert all(20.0 < (r.lat or 0) < 22.0 and 105.0 < (r.lon or 0) < 106.5 for r in a)


@needs_geo
def test_former_communes_split_and_whole() -> None:
    from planner.geo.units import build_units

    rows = {r.unit_id: r for r in build_units("Hà Nội", "2025", with_former=True)}
    former = [r for r in rows.values() if r.status == "former"]
    assert len(former) == 526
    # Xã Tam Hiệp of Thanh Trì was split: under Đại Thanh, a part also went to Hoàng Liệt
    thanh_tri = rows["2023-00655"]
    assert (thanh_tri.name, thanh_tri.parent_id) == ("Xã Tam Hiệp", "2025-00664")
    assert thanh_tri.also_merged_into == ("2025-00337",)
    assert rows["2025-00664"].name == "Xã Đại Thanh"
    assert rows["2025-00337"].name == "Phường Hoàng Liệt"
    assert thanh_tri.former_district == "Huyện Thanh Trì"
    # Xã Tam Hiệp of Phúc Thọ went whole into Xã Hát Môn
    phuc_tho = rows["2023-09775"]
    assert (phuc_tho.parent_id, phuc_tho.also_merged_into) == ("2025-09772", ())
    assert all(rows[r.parent_id].status == "current" for r in former)
    assert all(m in rows for r in former for m in r.also_merged_into)


def test_ids_are_era_prefixed_codes() -> None:
    from planner.geo.units import unit_id

    assert unit_id("2025", "00082") == "2025-00082"
    assert unit_id("2023", "09775") != unit_id("2025", "09775")


# ---------------------------------------------------------------------------------------------
# the command


@needs_geo
def test_units_command_writes_refuses_and_forces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "units.csv"
    args = ["units", "--province", "ha noi", "--era", "2025", "--with-former", "--out", str(out)]
    code, _, _ = run_cli(args, capsys, monkeypatch)
    assert code == 0
    rows = read(out)
    assert list(rows[0]) [:8] == [
        "unit_id", "name", "level", "parent_id", "lat", "lon", "status", "also_merged_into",
    ]  # fmt: skip
    assert Counter(r["status"] for r in rows) == {"current": 127, "former": 526}
    mine = out.read_bytes()
    code, _, err = run_cli(args, capsys, monkeypatch)  # an existing file is never clobbered
    assert code == 2 and "--force" in err and out.read_bytes() == mine
    again = ["units", "--province", "Hà Nội", "--era", "2023", "--out", str(out), "--force"]
    code, _, _ = run_cli(again, capsys, monkeypatch)
    assert code == 0 and len(read(out)) == 1 + 30 + 526
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


@needs_geo
def test_units_unknown_province_lists_close_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "u.csv"
    code, _, err = run_cli(
        ["units", "--province", "Ha Nọi x", "--era", "2023", "--out", str(out)], capsys, monkeypatch
    )
    assert code == 2 and "Hà Nội" in err and not out.exists()
    code, _, err = run_cli(
        ["units", "--province", "Hà Nam", "--era", "2025", "--out", str(out)], capsys, monkeypatch
    )
    assert code == 2 and "Ninh Bình" in err  # where a 2023 province went
    code, _, err = run_cli(
        ["units", "--province", "HN", "--era", "2023", "--with-former", "--out", str(out)],
        capsys,
        monkeypatch,
    )
    assert code == 2 and "--era 2025" in err


def test_missing_optional_dependency_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['vietnamadminunits'] = None; "
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "PLANNER_LANG": "en"}
    units = subprocess.run(
        [sys.executable, "-c", hide + "from planner.cli import main; main()",
         "units", "--province", "Hà Nội", "--era", "2025", "--out", str(tmp_path / "u.csv")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert units.returncode == 2, units.stderr
    assert "vietnamadminunits" in units.stderr and "pip install -e '.[geo]'" in units.stderr
    assert "Traceback" not in units.stderr and not (tmp_path / "u.csv").exists()
    generate = subprocess.run(
        [sys.executable, "-c",
         hide + "import sys; from planner.generate.__main__ import main; sys.exit(main())",
         "national-2025-formation", str(tmp_path / "nf")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert generate.returncode == 2 and ".[geo]" in generate.stderr
    assert "Traceback" not in generate.stderr and not (tmp_path / "nf").exists()


# ---------------------------------------------------------------------------------------------
# addresses, on a synthetic units file: the file is the truth, no package needed

SYNTHETIC = """unit_id,name,level,parent_id,status,also_merged_into,former_district,former_province
P,Thành phố Hà Nội,province,,,,,
PT,Huyện Phúc Thọ,district,P,,,,
TT,Huyện Thanh Trì,district,P,,,,
C1,Xã Tam Hiệp,commune,PT,,,,
C2,Xã Tam Hiệp,commune,TT,,,,
C3,Thị trấn Phúc Thọ,commune,PT,,,,
C4,Xã Vân Phúc,commune,PT,,,,
C5,Phường 1,commune,TT,,,,
N1,Xã Hát Môn,commune,P,,,,
F1,Xã Hát Môn,commune,N1,former,,Huyện Phúc Thọ,Thành phố Hà Nội
"""


def synthetic_index(text: str = SYNTHETIC) -> Index:
    rows = list(csv.DictReader(text.splitlines()))
    return Index(
        [
            Unit(
                r["unit_id"],
                r["name"],
                r["level"],
                r["parent_id"],
                r["status"] == "former",
                r["former_district"],
                r["former_province"],
            )
            for r in rows
        ]
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("xã Tam Hiệp, huyện Phúc Thọ, Hà Nội", ("C1",)),
        ("xa tam hiep, huyen phuc tho, ha noi", ("C1",)),
        ("X. Tam Hiệp - H. Thanh Trì - TP. Hà Nội", ("C2",)),
        ("X.Tam Hiệp, H.Phúc Thọ, TP.HN", ("C1",)),
        ("Tam Hiệp, Thanh Trì, Hanoi", ("C2",)),
        ("12 Ngõ 5, xã Tam Hiệp, huyện Phúc Thọ, Thành phố Hà Nội, Việt Nam", ("C1",)),
        ("Thôn Đông, X. Vân Phúc, H. Phúc Thọ", ("C4",)),
        ("TT. Phúc Thọ, H. Phúc Thọ, Hà Nội", ("C3",)),
        ("P.01, H. Thanh Trì, HN", ("C5",)),
        ("Xã Tam Hiệp, Hà Nội", ("C1", "C2")),  # two in Hà Nội: ambiguous
        ("Xã Phúc Thọ, Hà Nội", ()),  # "Phúc Thọ" is a district and a town, never a xã
        ("Tam Hiệp, Phúc Lộc, Hà Nội", ()),  # a district the file does not know
        ("Xã Vô Danh, Hà Nội", ()),
        ("Xã Tam Hiệp, huyện Ba Vì, Hà Nội", ()),  # no Tam Hiệp in Ba Vì
        ("", ()),
        ("Xã Hát Môn, Hà Nội", ("N1",)),  # new format: the current unit
        ("Xã Hát Môn, Huyện Phúc Thọ, Hà Nội", ("F1",)),  # old format: the former commune
    ],
)
def test_address_forms(address: str, expected: tuple[str, ...]) -> None:
    assert tuple(sorted(synthetic_index().resolve(address).unit_ids)) == expected


def test_type_words_and_abbreviations() -> None:
    assert split_kind("H.Phúc Thọ") == ("huyen", "phuctho")
    assert split_kind("TT. Phúc Thọ") == ("thitran", "phuctho")
    assert split_kind("thi xa Son Tay") == ("thixa", "sontay")
    assert split_kind("P.1") == split_kind("Phường 01") == ("phuong", "1")
    assert split_kind("Hà Nội") == (None, "hanoi")


def _table(tmp_path: Path) -> tuple[Path, Path]:
    units = tmp_path / "units.csv"
    units.write_text(SYNTHETIC, encoding="utf-8")
    table = tmp_path / "officials.csv"
    table.write_text(
        "official_id,hometown\n"
        'A,"xã Tam Hiệp, huyện Phúc Thọ, Hà Nội"\n'
        'B,"Xã Tam Hiệp, Hà Nội"\n'
        "C,\n"
        'D,"Xã Vô Danh, HN"\n'
        "E,TT Phúc Thọ - H. Phúc Thọ\n",
        encoding="utf-8",
    )
    return units, table


def test_locate_csv_lists_what_it_left_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    units, table = _table(tmp_path)
    out = tmp_path / "located.csv"
    args = ["locate", str(table), "--column", "hometown", "--units", str(units), "--out", str(out)]
    code, stdout, err = run_cli(args, capsys, monkeypatch)
    assert code == 0
    rows = read(out)
    assert [r["hometown_unit_id"] for r in rows] == ["C1", "", "", "", "C3"]
    assert rows[0]["hometown_unit_name"] == "Xã Tam Hiệp"
    listed = read(tmp_path / "located.problems.csv")
    assert [(r["row"], r["outcome"]) for r in listed] == [("3", "ambiguous"), ("5", "unmatched")]
    assert "C1" in listed[0]["candidates"] and "C2" in listed[0]["candidates"]
    assert "row 3" in err and "row 5" in err and "2 of 4" in stdout
    before = out.read_bytes()
    code, _, err = run_cli(args, capsys, monkeypatch)
    assert code == 2 and out.read_bytes() == before  # never over an existing file
    args[3] = "quê quán"
    code, _, err = run_cli([*args, "--force"],
                           capsys, monkeypatch)  # fmt: skip
    assert code == 2 and "quê quán" in err and "hometown" in err


def test_locate_workbook_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    units, _ = _table(tmp_path)
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "ghi chú"
    first.append(["kept as it is"])
    people = book.create_sheet("canbo")
    people.append(["Mã", "Quê quán"])
    people.append(["A", "X. Tam Hiệp, H. Thanh Trì, Hà Nội"])
    people.append(["B", "Xã Tam Hiệp, Hà Nội"])
    source_book = tmp_path / "canbo.xlsx"
    book.save(source_book)
    out = tmp_path / "canbo-located.xlsx"
    args = ["locate", str(source_book), "--column", "Quê quán", "--units", str(units)]
    code, _, err = run_cli([*args, "--out", str(out)], capsys, monkeypatch)
    assert code == 2 and "--sheet" in err and "canbo" in err  # several sheets: which one?
    code, _, err = run_cli([*args, "--sheet", "canbo", "--out", str(out)], capsys, monkeypatch)
    assert code == 0, err
    result = openpyxl.load_workbook(out)
    sheet = result["canbo"]
    assert [c.value for c in sheet[1]] == [
        "Mã",
        "Quê quán",
        "Quê quán_unit_id",
        "Quê quán_unit_name",
    ]
    assert sheet.cell(2, 3).value == "C2" and sheet.cell(3, 3).value is None
    assert result["ghi chú"].cell(1, 1).value == "kept as it is"
    problems = list(result["locate_problems"].iter_rows(values_only=True))
    assert problems[1][0] == 3 and problems[1][3] == "ambiguous"
    assert "canbo.xlsx [canbo] row 3" in err


@needs_geo
def test_locate_against_the_real_list(tmp_path: Path) -> None:
    from planner.geo.units import build_units

    rows = build_units("Hà Nội", "2025", with_former=True)
    index = Index(
        [Unit(r.unit_id, r.name, r.level, r.parent_id, r.status == "former",
              r.former_district, r.former_province) for r in rows]
    )  # fmt: skip
    assert index.resolve("xã Tam Hiệp, huyện Phúc Thọ, Hà Nội").unit_ids == ("2023-09775",)
    assert index.resolve("xa tam hiep, h. thanh tri, HN").unit_ids == ("2023-00655",)
    assert sorted(index.resolve("Xã Tam Hiệp, Hà Nội").unit_ids) == ["2023-00655", "2023-09775"]
    assert index.resolve("Phường Cửa Nam, TP. Hà Nội").unit_ids == ("2025-00082",)
    assert index.resolve("Phuong Van Mieu - Quoc Tu Giam, Ha Noi").matched
    assert not index.resolve("xã Tam Hiệp, huyện Phúc Thọ, Hà Nội - ").unit_ids[1:]


# ---------------------------------------------------------------------------------------------
# the generator on the real map


@needs_geo
def test_real_layout_2023_district() -> None:
    from planner.generate.real import real_provinces

    provinces, former = real_provinces("2023", "Hà Nội", districts=("Huyện Phúc Thọ",))
    (province,) = provinces
    (block,) = province.districts
    assert (province.code, block.code, block.n_communes) == ("2023-01", "2023-272", 18)
    assert "2023-09775" in block.ids and "Xã Tam Hiệp" in block.names
    assert former == ()


@needs_geo
def test_formation_preset_on_the_real_map() -> None:
    from planner.generate.core import generate
    from planner.generate.presets import preset

    data = generate(preset("hanoi-2025-formation", 0.25), seed=1)
    units = data.units.set_index("unit_id")
    current = units[units["status"] == "current"]
    assert len(current[current["level"] == "commune"]) == round(126 * 0.25)
    former = units[units["status"] == "former"]
    assert len(former) > 0 and set(former["parent_id"]) <= set(current.index)
    assert (data.officials["current_seat_id"] == "").all()  # every seat empty
    assert data.officials["home_unit_id"].isin(former.index).all()  # homes in former communes
    assert set(data.seats["unit_id"]) <= set(current.index)  # no seat in a former unit
    assert units.loc["2025-00082", "name"] == "Phường Cửa Nam"
