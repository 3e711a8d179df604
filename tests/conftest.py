"""A tiny valid dataset and scenario that tests write into ``tmp_path`` and then break.

Province P has districts D1 (communes C1, C2) and D2 (C3, C4); six seats, ten officials. With
locality at commune level, the incumbents of S2 and S5 are non-local today, S6 is vacant; each
district has 3 seats in scope, 1 non-local incumbent, and needs 2 at ratio 0.5.

Use::

    from conftest import TINY, write_dataset
    scenario = write_dataset(tmp_path, officials=TINY["officials"].replace("S2,,4", "S2,,x"))

or the ``tiny`` fixture for the unchanged files. Every default is in ``TINY``, keyed by file stem
("units", ..., "scenario"); pass a text to replace a file, None to leave it out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.geo.source import available as geo_available

#: For tests of the bundled scenarios and real-map presets: they read the official list of
#: units (the optional extra .[geo]). Skipped without it, except under CI=true, where .ci/run
#: installs it and a skip would hide a failure.
needs_geo = pytest.mark.skipif(
    not geo_available() and os.environ.get("CI") != "true",
    reason="the optional extra .[geo] (vietnamadminunits) is not installed",
)

TINY: dict[str, str] = {
    "units": """\
unit_id,name,level,parent_id,lat,lon
P,Tỉnh Hà Tây,province,,21.0,105.8
D1,Huyện Phúc Thọ,district,P,21.1,105.55
D2,Huyện Thanh Trì,district,P,20.93,105.85
C1,Xã Tam Hiệp,commune,D1,21.12,105.58
C2,Xã Long Xuyên,commune,D1,21.15,105.56
C3,Xã Tả Thanh Oai,commune,D2,20.93,105.82
C4,Xã Vĩnh Quỳnh,commune,D2,20.95,105.84
""",
    "seats": """\
seat_id,unit_id,role,min_political_theory,min_education,required_tags
S1,C1,secretary,intermediate,bachelor,
S2,C1,chairman,intermediate,bachelor,
S3,C2,secretary,intermediate,,
S4,C3,secretary,,,
S5,C3,chairman,trung cấp,đại học,kinh tế
S6,C4,chairman,,,
""",
    "officials": """\
official_id,name,gender,birth_date,home_unit_id,other_home_unit_ids,current_seat_id,\
current_unit_id,years_in_post,political_theory,education,planned_roles,tags,disciplined
O1,Nguyễn Văn An,M,1970-05-12,C1,,S1,C1,6,advanced,master,secretary,,0
O2,Trần Thị Bình,F,1975-03-01,C2,,S2,,4,intermediate,bachelor,chairman;secretary,,0
O3,Lê Văn Cường,M,1968,C2,,S3,C2,11,intermediate,bachelor,secretary,,0
O4,Phạm Thị Dung,F,1980-11-30,C1,C3,S4,C3,2,advanced,bachelor,secretary,,
O5,Hoàng Văn Em,M,1972-07-07,C4,,S5,C3,5,cao cấp,thạc sĩ,chairman,kinh tế,0
O6,Vũ Thị Phương,F,1985-01-20,C4,,,D2,0,intermediate,bachelor,chairman; secretary,,0
O7,Đặng Văn Giang,M,1978-09-09,C3,,,C3,0,intermediate,bachelor,chairman,,0
O8,Bùi Thị Hà,F,1982-02-28,C1,,,D1,0,advanced,master,secretary;chairman,kinh tế,0
O9,Đỗ Văn Inh,M,1966-04-01,C2,,,C2,,intermediate,bachelor,chairman,,1
O10,Ngô Thị Khánh,F,1990-12-12,P,,,D1,0,intermediate,bachelor,secretary,,0
""",
    "adjacency": """\
unit_a,unit_b,km
C1,C2,4.5
C1,D1,3
D1,P,30
P,D2,12
D2,C3,5.5
D2,C4,6
C3,C4,2
""",
    "relations": """\
official_a,official_b,kind
O1,O8,spouse
""",
    "preferences": """\
official_id,unit_id,score
O6,C1,5
O7,C4,-3
""",
    "scenario": """\
name = "Tỉnh thử — đợt 1"
data = "data"
as_of = "2024-06-01"

[scope]
units = []
roles = ["secretary", "chairman"]

[target]
level = "district"
min_nonlocal_ratio = 0.5

[rules]
locality_level = "commune"
kinship_level = "commune"
""",
}


def write_dataset(tmp_path: Path, *, bom: bool = False, **overrides: str | None) -> Path:
    """Write ``tmp_path/data/*.csv`` and ``tmp_path/scenario.toml``; return the scenario path.

    ``overrides`` replace files by stem (``units=...``, ``scenario=...``); None leaves a file
    out. ``bom`` writes the CSV files with a UTF-8 byte order mark, as Excel does.
    """
    unknown = set(overrides) - set(TINY)
    if unknown:
        raise TypeError(f"unknown files {sorted(unknown)}; known: {sorted(TINY)}")
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    for stem, default in TINY.items():
        text = overrides.get(stem, default)
        path = tmp_path / "scenario.toml" if stem == "scenario" else data / f"{stem}.csv"
        if text is None:
            path.unlink(missing_ok=True)
            continue
        encoding = "utf-8-sig" if bom and stem != "scenario" else "utf-8"
        path.write_text(text, encoding=encoding)
    return tmp_path / "scenario.toml"


@pytest.fixture(autouse=True, scope="session")
def english() -> Iterator[None]:
    """The suite asserts the English source texts: run it in English, fixtures of any scope
    and the CLI subprocesses included (they inherit PLANNER_LANG). Tests of the Vietnamese
    output choose their language themselves (tests/test_i18n.py)."""
    from planner import i18n

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(i18n.ENV_VAR, "en")
        yield


@pytest.fixture(autouse=True)
def language_from_environment() -> Iterator[None]:
    """No test inherits another's ``set_language`` (``planner.cli.main`` sets it per run)."""
    from planner import i18n

    i18n.set_language(None)
    yield
    i18n.set_language(None)


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Run ``planner ARGS`` through the console script's ``main`` (exit codes included):
    returns (exit status, stdout, stderr)."""
    import sys

    from planner.cli import main

    monkeypatch.setattr(sys, "argv", ["planner", *args])
    with pytest.raises(SystemExit) as done:
        main()
        raise SystemExit(0)  # a command that returns normally exits 0
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """The scenario path of the unchanged tiny dataset."""
    return write_dataset(tmp_path)
