"""Unit names as people write them: with or without diacritics, with the type word ("Xã",
"Huyện", "Thành phố") written out, abbreviated ("X.", "H.", "TP.") or left out.

A name is compared by its **key**: lower case, no diacritics (đ → d), no spaces or punctuation,
leading zeros dropped from a number ("Phường 01" = "P.1"). The type word is split off into a
**kind** (commune, district, city, province) so that "huyện Phúc Thọ" never matches the commune
"Xã Phúc Thọ", while a name written without its type word matches any kind.
"""

from __future__ import annotations

import re
from functools import cache

from planner.domain.levels import fold

COMMUNE, DISTRICT, CITY, PROVINCE = "commune", "district", "city", "province"

#: Type words (folded) and the kind each names; longest first so "thi tran" wins over "thi".
_WORDS: tuple[tuple[str, str], ...] = (
    ("thanh pho", "thanhpho"),
    ("thi tran", "thitran"),
    ("thi xa", "thixa"),
    ("dac khu", "dackhu"),
    ("phuong", "phuong"),
    ("huyen", "huyen"),
    ("quan", "quan"),
    ("tinh", "tinh"),
    ("xa", "xa"),
)
#: Abbreviations: followed by a dot, a space or (for "P", "Q") a ward or district number.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("tp", "thanhpho"),
    ("tx", "thixa"),
    ("tt", "thitran"),
    ("dk", "dackhu"),
    ("x", "xa"),
    ("p", "phuong"),
    ("h", "huyen"),
    ("q", "quan"),
    ("t", "tinh"),
)
#: Each kind's tier; "thành phố" is a province (Hà Nội) or a district-level city.
_TIER = {
    "xa": COMMUNE,
    "phuong": COMMUNE,
    "thitran": COMMUNE,
    "dackhu": COMMUNE,
    "huyen": DISTRICT,
    "quan": DISTRICT,
    "thixa": DISTRICT,
    "tinh": PROVINCE,
    "thanhpho": CITY,
}
_WORD_RE = re.compile(r"^(" + "|".join(w for w, _ in _WORDS) + r")(?:\s+|\.\s*)(.+)$")
_ABBR_RE = re.compile(
    r"^(" + "|".join(a for a, _ in _ABBREVIATIONS) + r")(?:\s*\.\s*|\s+|(?=\d))(.+)$"
)
_KIND = dict(_WORDS) | dict(_ABBREVIATIONS)


@cache
def key(text: str) -> str:
    """The comparison key of a name (no type word handling): "Phường 01" -> "phuong1"."""
    return _folded_key(fold(text))


def _folded_key(folded: str) -> str:
    words = re.sub(r"[^0-9a-z ]", " ", folded).split()
    return "".join(str(int(word)) if word.isdigit() else word for word in words)


def _split(text: str) -> tuple[str | None, str]:
    folded = " ".join(re.sub(r"[^0-9a-z. ]", " ", fold(text)).split())
    for pattern in (_WORD_RE, _ABBR_RE):
        found = pattern.match(folded)
        if found and _folded_key(found.group(2)):
            return _KIND[found.group(1)], found.group(2)
    return None, folded


@cache
def split_kind(text: str) -> tuple[str | None, str]:
    """(kind, key of the rest) of a written name; (None, key) when it has no type word.

    >>> split_kind("TP. Hà Nội")
    ('thanhpho', 'hanoi')
    >>> split_kind("H.Phúc Thọ")
    ('huyen', 'phuctho')
    """
    kind, rest = _split(text)
    return kind, _folded_key(rest)


def tier(kind: str | None) -> str | None:
    """commune, district, province or city (either) for a kind or a level."""
    return None if kind is None else _TIER.get(kind, kind)


def kinds_match(written: str | None, listed: str | None) -> bool:
    """Whether a written type word fits a listed unit's kind (its type word, or its level when
    its name has none): "xã" fits only a xã, never a thị trấn or a huyện; "thành phố" is a
    province (Hà Nội) or a district-level city; an absent word fits anything."""
    if written is None or listed is None or written == listed:
        return True
    if written in _TIER and listed in _TIER:
        return False
    a, b = tier(written), tier(listed)
    return a == b or (CITY in (a, b) and {a, b} <= {CITY, PROVINCE, DISTRICT})


def initials(name: str) -> str:
    """ "Thành phố Hà Nội" -> "hn": the initials of a name without its type word."""
    _, rest = _split(name)
    return "".join(word[0] for word in re.sub(r"[^0-9a-z ]", " ", rest).split())
