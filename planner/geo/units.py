"""``units.csv`` from the official lists (contract sections 2 and 12).

**Unit ids** are ``ERA-CODE``: the era of the list and the unit's official (GSO) code, e.g.
``2025-01`` (Thành phố Hà Nội), ``2025-00082`` (Phường Cửa Nam), ``2023-272`` (Huyện Phúc Thọ),
``2023-09775`` (Xã Tam Hiệp of Phúc Thọ). Codes have 2 digits for a province, 3 for a district
and 5 for a commune, so ids are unique within an era; the era prefix keeps them apart across
eras, where the lists reuse codes (09715 is Thị trấn Phúc Thọ in 2023 and Xã Phúc Thọ in 2025).
A former commune keeps its 2023 id in a 2025 file, so a cadre's home written as a 2023 unit id
means the same place in both files, and ids never change from run to run.

A 2025 file with former units (``--with-former``) puts each former commune under the new unit
the list names as its main successor (``status = former``); ``also_merged_into`` names the other
new units of the file that took a part of it. Two more columns, beyond the contract's, say where
a former unit was (``former_district``, ``former_province``), so that an address written before
the merger ("xã Tam Hiệp, huyện Phúc Thọ, Hà Nội") can be resolved to it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from planner.errors import BadInput, Problem
from planner.geo import source
from planner.geo.names import initials, key, split_kind
from planner.geo.source import Era, Place
from planner.i18n import _

COLUMNS: tuple[str, ...] = (
    "unit_id",
    "name",
    "level",
    "parent_id",
    "lat",
    "lon",
    "status",
    "also_merged_into",
    "former_district",
    "former_province",
)
ALL = "all"


def unit_id(era: Era, code: str) -> str:
    return f"{era}-{code}"


@dataclass(frozen=True)
class UnitRow:
    """One row of units.csv as written (``also_merged_into`` as ids)."""

    unit_id: str
    name: str
    level: str
    parent_id: str
    lat: float | None
    lon: float | None
    status: str = "current"
    also_merged_into: tuple[str, ...] = ()
    former_district: str = ""
    former_province: str = ""

    def cells(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            "level": self.level,
            "parent_id": self.parent_id,
            "lat": "" if self.lat is None else self.lat,
            "lon": "" if self.lon is None else self.lon,
            "status": self.status,
            "also_merged_into": ";".join(self.also_merged_into),
            "former_district": self.former_district,
            "former_province": self.former_province,
        }


def _province_keys(place: Place) -> set[str]:
    name = place.name
    keys = {key(name), split_kind(name)[1], place.code, unit_id(place.era, place.code)}
    keys.update(source.province_aliases().get(name, ()))
    return keys


def _written_keys(written: str) -> set[str]:
    _kind, rest = split_kind(written)
    keys = {key(written), rest}
    for suffix in ("city", "province"):
        keys |= {k.removesuffix(suffix) for k in list(keys) if k.endswith(suffix)}
    return {k for k in keys if k}


def find_provinces(written: str, era: Era) -> list[Place]:
    """The provinces of ``era`` that ``written`` names ("all", "Hà Nội", "ha noi", "Hanoi",
    "HN", "01"); bad input, with the closest names, when it names none."""
    everything = [p for p in source.places(era) if p.level == "province"]
    if key(written) == ALL:
        return everything
    wanted = _written_keys(written)
    found = [p for p in everything if _province_keys(p) & wanted]
    if len(found) == 1:
        return found
    by_initials = [p for p in everything if initials(p.name) in wanted]
    if not found and len(by_initials) == 1:
        return by_initials
    names = [p.name for p in everything]
    if found:
        hint = _("it names more than one: {names}").format(names=", ".join(p.name for p in found))
    else:
        cores = {split_kind(p.name)[1]: p.name for p in everything}
        close = [cores[c] for c in difflib.get_close_matches(key(written), cores, n=4, cutoff=0.5)]
        hint = (
            _("did you mean {names}?").format(names=", ".join(close))
            if close
            else _("the provinces of {era} are: {names}").format(era=era, names=", ".join(names))
        )
        if era == "2025":
            hint += _moved_hint(written)
    raise BadInput(
        Problem(
            "--province",
            None,
            None,
            _("no province of the {era} list is called {written!r}: {hint}").format(
                era=era, written=written, hint=hint
            ),
        )
    )


def _moved_hint(written: str) -> str:
    """For a province that existed before 2025: the 2025 provinces its communes went to."""
    wanted = _written_keys(written)
    old = [p for p in source.places("2023") if p.level == "province" and _province_keys(p) & wanted]
    if len(old) != 1:
        return ""
    before = source.places("2023")
    parent = {p.code: p.parent for p in before if p.level != "province"}
    communes = [
        p.code for p in before if p.level == "commune" and parent[p.parent or ""] == old[0].code
    ]
    new_parent = {p.code: p.parent for p in source.places("2025") if p.level == "commune"}
    province_name = {p.code: p.name for p in source.places("2025") if p.level == "province"}
    targets = sorted(
        {
            province_name[new_parent[s.code] or ""]
            for c in communes
            for s in source.successors().get(c, ())
        }
    )
    return _(
        " ({name} was a province before 1 July 2025; its communes are now in {targets})"
    ).format(name=old[0].name, targets=", ".join(targets))


def _rows_2023(provinces: Iterable[str]) -> list[UnitRow]:
    chosen = set(provinces)
    out: list[UnitRow] = []
    district_province: dict[str, str] = {}
    for p in source.places("2023"):
        if p.level == "district":
            district_province[p.code] = p.parent or ""
        province = (
            p.code
            if p.level == "province"
            else (p.parent if p.level == "district" else district_province[p.parent or ""])
        )
        if province in chosen:
            parent = "" if p.parent is None else unit_id("2023", p.parent)
            out.append(UnitRow(unit_id("2023", p.code), p.name, p.level, parent, p.lat, p.lon))
    return out


def _former_rows(current: dict[str, str]) -> dict[str, list[UnitRow]]:
    """The former units (2023 communes, and the island districts) whose successors include a
    unit of ``current`` (2025 code -> id), grouped by the code of the new parent."""
    before = {p.code if p.level != "district" else "D" + p.code: p for p in source.places("2023")}
    district = {p.code: p for p in before.values() if p.level == "district"}
    province = {p.code: p for p in before.values() if p.level == "province"}
    out: dict[str, list[UnitRow]] = {}
    for code, successors in sorted(source.successors().items()):
        inside = [s.code for s in successors if s.code in current]
        if not inside:
            continue
        place = before.get(code) or before["D" + code]
        if place.level == "commune":
            was_in = district[place.parent or ""]
            former_district, former_province = was_in.name, province[was_in.parent or ""].name
        else:
            former_district, former_province = "", province[place.parent or ""].name
        parent, others = inside[0], inside[1:]
        out.setdefault(parent, []).append(
            UnitRow(
                unit_id("2023", place.code),
                place.name,
                place.level,
                current[parent],
                place.lat,
                place.lon,
                status="former",
                also_merged_into=tuple(current[c] for c in others),
                former_district=former_district,
                former_province=former_province,
            )
        )
    return out


def _rows_2025(provinces: Iterable[str], with_former: bool) -> list[UnitRow]:
    chosen = set(provinces)
    places = [
        p
        for p in source.places("2025")
        if (p.code if p.level == "province" else p.parent) in chosen
    ]
    current = {p.code: unit_id("2025", p.code) for p in places if p.level == "commune"}
    former = _former_rows(current) if with_former else {}
    out: list[UnitRow] = []
    for p in places:
        parent = "" if p.parent is None else unit_id("2025", p.parent)
        out.append(UnitRow(unit_id("2025", p.code), p.name, p.level, parent, p.lat, p.lon))
        out.extend(former.get(p.code, ()))
    return out


def build_units(province: str, era: Era, with_former: bool = False) -> list[UnitRow]:
    """The rows of units.csv for ``province`` (a name, or "all") in ``era``, in tree order."""
    if with_former and era != "2025":
        raise BadInput(
            Problem(
                "--with-former",
                None,
                None,
                _("former units are those merged on 1 July 2025: use it with --era 2025"),
            )
        )
    codes = [p.code for p in find_provinces(province, era)]
    return _rows_2023(codes) if era == "2023" else _rows_2025(codes, with_former)
