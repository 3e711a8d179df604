"""Ordered qualification scales and the spellings planners actually type.

Seats ask for a minimum level and officials carry one; comparing them needs an order, so levels
are stored as their rank on the scale. Spreadsheets arrive with English names, Vietnamese names
with or without diacritics, and the usual abbreviations; all map to the same rank.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

POLITICAL_THEORY: tuple[str, ...] = ("none", "elementary", "intermediate", "advanced")
EDUCATION: tuple[str, ...] = ("none", "secondary", "college", "bachelor", "master", "doctor")


@lru_cache(maxsize=4096)  # a national file repeats a few dozen spellings 100,000 times
def fold(text: str) -> str:
    """Lower-case, trim, collapse spaces and drop diacritics (đ → d) for lenient matching."""
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def _aliases(scale: tuple[str, ...], extra: dict[str, str]) -> Mapping[str, int]:
    table = {fold(name): rank for rank, name in enumerate(scale)}
    for alias, name in extra.items():
        table[fold(alias)] = scale.index(name)
    return MappingProxyType(table)


_THEORY_ALIASES = _aliases(
    POLITICAL_THEORY,
    {
        "": "none",
        "không": "none",
        "chưa có": "none",
        "chưa qua đào tạo": "none",
        "sơ cấp": "elementary",
        "sc": "elementary",
        "trung cấp": "intermediate",
        "tc": "intermediate",
        "cao cấp": "advanced",
        "cc": "advanced",
        "cử nhân": "advanced",
        "cử nhân chính trị": "advanced",
        "cao cấp, cử nhân": "advanced",
    },
)

_EDUCATION_ALIASES = _aliases(
    EDUCATION,
    {
        "": "none",
        "không": "none",
        "chưa có": "none",
        "trung học": "secondary",
        "thpt": "secondary",
        "trung học phổ thông": "secondary",
        "trung cấp": "secondary",
        "high school": "secondary",
        "cao đẳng": "college",
        "đại học": "bachelor",
        "cử nhân": "bachelor",
        "kỹ sư": "bachelor",
        "ky su": "bachelor",
        "university": "bachelor",
        "thạc sĩ": "master",
        "thạc sỹ": "master",
        "ths": "master",
        "tiến sĩ": "doctor",
        "tiến sỹ": "doctor",
        "ts": "doctor",
        "phd": "doctor",
    },
)

SCALES: Mapping[str, tuple[tuple[str, ...], Mapping[str, int]]] = MappingProxyType(
    {
        "political_theory": (POLITICAL_THEORY, _THEORY_ALIASES),
        "education": (EDUCATION, _EDUCATION_ALIASES),
    }
)


@lru_cache(maxsize=4096)
def parse_level(scale: str, text: str) -> int | None:
    """Rank of ``text`` on ``scale`` ("political_theory" or "education"), None if unknown."""
    return SCALES[scale][1].get(fold(text))


def level_name(scale: str, rank: int) -> str:
    return SCALES[scale][0][rank]


def describe_scale(scale: str) -> str:
    """The accepted values as a message shows them: ``none < elementary < ...``."""
    return " < ".join(SCALES[scale][0])
