"""Free-text addresses resolved to the units of a units file (contract section 12).

The units file is the truth: an address matches a unit of that file by the unit's name and the
names above it (its ancestors, and for a former unit the district and province it was in), so
it works on any units file, synthetic ones included. Nothing is guessed: an address that names
no unit of the file, or more than one, is left blank and reported with the candidates.

An address is read as parts, most specific first ("12 Ngõ 5, xã Tam Hiệp, huyện Phúc Thọ, Hà
Nội"), split at commas, semicolons and dashes. The first part (from the left) that names a unit
whose context holds every part to its right decides the match; parts to its left must look like
a street or village (a number, "thôn", "xóm", ...), or, when the match is written as a commune
within its district, may be any such detail. The rules that keep it from guessing:

- a type word must fit: "huyện Phúc Thọ" is never the commune "Xã Phúc Thọ";
- an address with a district part (the old format) matches only units the file places in that
  district (a 2023 commune, or a former commune with its ``former_district``);
- an address without one (the new format) prefers a current unit over a former one of the same
  name, since "Xã Hát Môn, Hà Nội" written today means the new commune.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.domain.levels import fold
from planner.geo import source
from planner.geo.names import (
    COMMUNE,
    DISTRICT,
    PROVINCE,
    initials,
    key,
    kinds_match,
    split_kind,
    tier,
)
from planner.i18n import _

_STREET_WORDS = (
    "so", "ngo", "ngach", "hem", "kiet", "duong", "pho", "thon", "xom", "ap", "to", "khu",
    "ban", "lang", "doi", "cum", "tdp", "khom", "kp", "toa", "nha", "can", "lo", "khoi",
)  # fmt: skip
_COUNTRY = {"vietnam", "vn", "vietnamese"}
_LEVEL_KIND = {"province": PROVINCE, "district": DISTRICT, "commune": COMMUNE}


@dataclass(frozen=True)
class Part:
    text: str
    kind: str | None
    keys: frozenset[str]

    @property
    def street_like(self) -> bool:
        words = fold(self.text).replace(".", " ").split()
        return bool(words) and (
            (any(ch.isdigit() for ch in self.text) and self.kind is None)
            or words[0] in _STREET_WORDS
        )


def _part(text: str) -> Part:
    kind, rest = split_kind(text)
    keys = {rest}
    if kind is None:
        whole = key(text)
        if whole.startswith("tp") and len(whole) > 4:  # "TPHCM"
            keys.add(whole[2:])
    return Part(text.strip(), kind, frozenset(k for k in keys if k))


def parts(address: str, *, split_dashes: bool = True) -> list[Part]:
    pattern = r"[,;\n]|[-–—]" if split_dashes else r"[,;\n]"
    pieces = [p.strip(" .") for p in re.split(pattern, address)]
    found = [_part(p) for p in pieces if p and key(p)]
    while found and found[-1].keys & _COUNTRY:
        found.pop()
    return found


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    level: str
    parent_id: str
    former: bool
    former_district: str = ""
    former_province: str = ""

    @property
    def kind(self) -> str | None:
        return split_kind(self.name)[0] or _LEVEL_KIND.get(self.level)


@dataclass(frozen=True)
class Outcome:
    """``unit_ids``: one id (matched), several (ambiguous) or none (unmatched)."""

    unit_ids: tuple[str, ...]
    reason: str = ""

    @property
    def matched(self) -> bool:
        return len(self.unit_ids) == 1


@dataclass
class _Context:
    """What the parts to the right of a unit's name may be: (kind, keys, is a district)."""

    entries: list[tuple[str | None, frozenset[str], bool]] = field(default_factory=list)


class Index:
    """The units of one units file, looked up by written names."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = {u.unit_id: u for u in units}
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for u in units:
            for k in {split_kind(u.name)[1], key(u.name)}:
                if k:
                    self.by_key[k].append(u.unit_id)
        self.aliases = self._aliases(units)
        self._contexts: dict[str, _Context] = {}

    @staticmethod
    def _aliases(units: Sequence[Unit]) -> Mapping[str, frozenset[str]]:
        """Short names of the top-level units: the official list's ("hn", "hcm") when the
        optional package is installed, and initials that no other top-level unit shares."""
        roots = [u for u in units if not u.parent_id]
        names = {u.name for u in roots} | {u.former_province for u in units if u.former_province}
        out: dict[str, set[str]] = defaultdict(set)
        if source.available():
            for name, aliases in source.province_aliases().items():
                if name in names:
                    out[name].update(aliases)
        counts: dict[str, int] = defaultdict(int)
        for name in names:
            counts[initials(name)] += 1
        for name in names:
            short = initials(name)
            if len(short) >= 2 and counts[short] == 1:
                out[name].add(short)
        return {name: frozenset(a) for name, a in out.items()}

    def _entry(
        self, name: str, level: str, district: bool
    ) -> tuple[str | None, frozenset[str], bool]:
        kind = split_kind(name)[0] or _LEVEL_KIND.get(level)
        keys = {split_kind(name)[1], key(name)} | set(self.aliases.get(name, ()))
        return kind, frozenset(k for k in keys if k), district

    def context(self, unit_id: str) -> _Context:
        if unit_id in self._contexts:
            return self._contexts[unit_id]
        unit = self.units[unit_id]
        ctx = _Context()
        if unit.former_district:
            ctx.entries.append(self._entry(unit.former_district, "district", True))
        if unit.former_province:
            ctx.entries.append(self._entry(unit.former_province, "province", False))
        seen = {unit_id}
        parent = unit.parent_id
        while parent and parent in self.units and parent not in seen:
            seen.add(parent)
            above = self.units[parent]
            is_district = above.level == "district" or tier(above.kind) == DISTRICT
            ctx.entries.append(self._entry(above.name, above.level, is_district))
            parent = above.parent_id
        self._contexts[unit_id] = ctx
        return ctx

    def describe(self, unit_id: str) -> str:
        """A unit with its context, e.g. "2023-00655 Xã Tam Hiệp (Huyện Thanh Trì, ...)"."""
        unit = self.units[unit_id]
        above = [unit.former_district] if unit.former_district else []
        parent = self.units.get(unit.parent_id)
        if parent is not None and not unit.former_district:
            above.append(parent.name)
        if unit.former_province:
            above.append(unit.former_province)
        elif parent is not None and parent.parent_id in self.units:
            above.append(self.units[parent.parent_id].name)
        where = f" ({', '.join(above)})" if above else ""
        return f"{unit_id} {unit.name}{where}"

    def _candidates(self, part: Part) -> list[str]:
        found: list[str] = []
        for k in part.keys:
            found.extend(self.by_key.get(k, ()))
        if part.kind is None:
            found.extend(self.by_key.get(key(part.text), ()))
        for name, aliases in self.aliases.items():
            if part.keys & aliases:
                found.extend(u.unit_id for u in self.units.values() if u.name == name)
        unique = dict.fromkeys(found)
        return [u for u in unique if kinds_match(part.kind, self.units[u].kind)]

    def _fits(self, unit_id: str, right: Sequence[Part]) -> tuple[bool, bool]:
        """(every part to the right names something above the unit, one of them a district)."""
        entries = self.context(unit_id).entries
        via_district = False
        for part in right:
            hit = [e for e in entries if e[1] & part.keys and kinds_match(part.kind, e[0])]
            if not hit:
                return False, False
            via_district = via_district or any(e[2] for e in hit)
        return True, via_district

    def resolve(self, address: str) -> Outcome:
        first = self._resolve(parts(address))
        if first.unit_ids or not re.search(r"[-–—]", address):
            return first
        second = self._resolve(parts(address, split_dashes=False))
        return second if second.unit_ids else first

    def _resolve(self, written: list[Part]) -> Outcome:
        if not written:
            return Outcome((), _("no place name"))
        skipped: list[Part] = []
        for i, part in enumerate(written):
            right = written[i + 1 :]
            good: list[tuple[str, bool]] = []
            for unit_id in self._candidates(part):
                fits, via_district = self._fits(unit_id, right)
                if fits:
                    good.append((unit_id, via_district))
            if good:
                old_format = any(v for _, v in good)
                if old_format:
                    chosen = [u for u, v in good if v]
                else:
                    current = [u for u, _ in good if not self.units[u].former]
                    chosen = current or [u for u, _ in good]
                unsure = [p for p in skipped if not p.street_like]
                if unsure and not (tier(part.kind) == COMMUNE or old_format):
                    return Outcome((), _("no unit named {name!r}").format(name=unsure[0].text))
                if len(chosen) > 1:
                    return Outcome(tuple(chosen), _("more than one unit"))
                return Outcome(tuple(chosen))
            if part.kind is not None and not part.street_like:
                where = ", ".join(p.text for p in right)
                if where:
                    reason = _("no unit named {name!r} in {where}").format(
                        name=part.text, where=where
                    )
                else:
                    reason = _("no unit named {name!r}").format(name=part.text)
                return Outcome((), reason)
            skipped.append(part)
        return Outcome((), _("no unit of the file is named in it"))
