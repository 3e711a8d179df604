"""The one module that reads the official lists of administrative units (contract section 12).

The lists come from the optional package ``vietnamadminunits`` (MIT; GSO codes, both eras,
coordinates, and the 2025 old-to-new mapping with split communes), installed with
``pip install -e '.[geo]'``. Its bundled SQLite file and mapping JSON are read directly and
read-only: importing the package would load its address parser and a geocoder client, and one
of its functions (``convert_address`` on an address with a street) goes online, which the
planner never does. Everything here returns plain frozen records with the list's own codes, so
that a newer list (another package, or the GSO's files) replaces this module alone.

Era 2023 is the last state before 1 July 2025 (63 provinces, 696 districts, 10,035 communes);
era 2025 the two tiers from 1 July 2025 (34 provinces, 3,321 communes, wards, special zones).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from planner.errors import ExitCode, PlannerError
from planner.i18n import _

PACKAGE = "vietnamadminunits"
EXTRA = "geo"
Era = Literal["2023", "2025"]
ERAS: tuple[Era, ...] = ("2023", "2025")


@dataclass(frozen=True)
class Place:
    """One unit of an official list: ``code`` is the list's own code (GSO), unique in its era
    and level (2 digits for a province, 3 for a district, 5 for a commune), ``parent`` the
    code of the unit above (None for a province)."""

    era: Era
    code: str
    name: str
    level: str  # province, district, commune
    parent: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Successor:
    """A new (2025) unit that took all or part of a former unit; ``default`` marks the one the
    list names as the main successor of a split unit."""

    code: str
    default: bool


def missing_package_message() -> str:
    return _(
        "The real map of administrative units needs the optional package {package}: "
        "install it with pip install -e '.[{extra}]' (or pip install {package}) and run again."
    ).format(package=PACKAGE, extra=EXTRA)


def available() -> bool:
    try:
        return importlib.util.find_spec(PACKAGE) is not None
    except (ImportError, ValueError):
        return False


@cache
def _data_dir() -> Path:
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise PlannerError(missing_package_message(), ExitCode.BAD_INPUT)
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    if not (folder / "dataset.db").is_file():
        raise PlannerError(
            _("The package {package} is installed but has no data file {file}.").format(
                package=PACKAGE, file=folder / "dataset.db"
            ),
            ExitCode.BAD_INPUT,
        )
    return folder


@contextmanager
def _database() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        yield connection
    finally:
        connection.close()


def _rows(sql: str, *args: object) -> list[sqlite3.Row]:
    with _database() as db:
        return list(db.execute(sql, args))


@cache
def places(era: Era) -> tuple[Place, ...]:
    """The whole country of ``era`` in tree order: each province, then (2023) each district
    followed by its communes, or (2025) its communes."""
    out: list[Place] = []
    if era == "2023":
        rows = _rows(
            "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        )
        seen: set[str] = set()
        for r in rows:
            if r["provinceCode"] not in seen:
                seen.add(r["provinceCode"])
                out.append(
                    Place(era, r["provinceCode"], r["province"], "province", None,
                          r["provinceLat"], r["provinceLon"])
                )  # fmt: skip
            if "D" + r["districtCode"] not in seen:
                seen.add("D" + r["districtCode"])
                out.append(
                    Place(era, r["districtCode"], r["district"], "district", r["provinceCode"],
                          r["districtLat"], r["districtLon"])
                )  # fmt: skip
            if r["wardCode"]:  # the five island districts have no communes in the list
                out.append(
                    Place(era, r["wardCode"], r["ward"], "commune", r["districtCode"],
                          r["wardLat"], r["wardLon"])
                )  # fmt: skip
        return tuple(out)
    rows = _rows("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")
    provinces: set[str] = set()
    for r in rows:
        if r["provinceCode"] not in provinces:
            provinces.add(r["provinceCode"])
            out.append(
                Place(era, r["provinceCode"], r["province"], "province", None,
                      r["provinceLat"], r["provinceLon"])
            )  # fmt: skip
        out.append(
            Place(era, r["wardCode"], r["ward"], "commune", r["provinceCode"],
                  r["wardLat"], r["wardLon"])
        )  # fmt: skip
    return tuple(out)


@cache
def successors() -> dict[str, tuple[Successor, ...]]:
    """Former (2023) unit code -> the 2025 units that took it, the default first.

    Keys are commune codes, and district codes for the five island districts that had no
    communes and became special zones. More than one successor: the unit was split.
    """
    converter = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    old: dict[str, str] = {}
    for r in _rows(
        "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode FROM admin_units_legacy"
    ):
        old[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"] = (
            r["wardCode"] or r["districtCode"]
        )
    new = {
        (r["provinceKey"], r["wardKey"]): r["wardCode"]
        for r in _rows("SELECT provinceKey, wardKey, wardCode FROM admin_units")
    }
    found: dict[str, list[Successor]] = defaultdict(list)
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for key in old_keys:
                found[old[key]].append(Successor(new[(province_key, ward_key)], True))
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, targets in divided.items():
            for target in targets:
                found[old[key]].append(
                    Successor(new[(province_key, target["newWardKey"])], target["isDefaultNewWard"])
                )
    return {
        code: tuple(sorted(items, key=lambda s: (not s.default, s.code)))
        for code, items in found.items()
    }


@cache
def province_aliases() -> dict[str, tuple[str, ...]]:
    """Province name (as listed, either era) -> the short forms the list knows ("hn", "hcm")."""
    out: dict[str, set[str]] = defaultdict(set)
    for table in ("admin_units_legacy", "admin_units"):
        for r in _rows(f"SELECT DISTINCT province, provinceAlias FROM {table}"):
            if r["provinceAlias"]:
                out[r["province"]].update(json.loads(r["provinceAlias"]))
    return {name: tuple(sorted(aliases)) for name, aliases in out.items()}


def source_note() -> str:
    """Where the list comes from, for the files' provenance."""
    from importlib.metadata import version

    return f"{PACKAGE} {version(PACKAGE)}"
