"""What to generate: the shape of a province (its districts and communes) and the knobs that
make a batch realistic, plus the named presets the bundled scenarios and benchmarks use.

The bundled scenarios (``phuc-tho-2023``, ``thanh-tri-2023``, ``hanoi-2023``, ``hanoi-2025``)
are laid out on the official list of units (:mod:`planner.generate.real`, the optional extra
``.[geo]``): real names, ids and coordinates. The benchmark presets (``district``,
``*-synthetic``, ``national-*``) need no extra: they carry sizes close to the real ones (the
optimizer's behaviour depends on group sizes far more than on anything else) on a synthetic
map; the README says which names there are real.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

import numpy as np

from planner.errors import BadInput, Problem
from planner.generate.names import PROVINCES_2023, PROVINCES_2025, SPINE
from planner.i18n import _


@dataclass(frozen=True)
class Block:
    """The communes under one parent: a district (three tiers) or a province (two tiers).

    ``names`` are real commune names used first (with their prefix, "Xã Tam Hiệp"); the rest
    are synthetic: first ``towns`` ("Thị trấn ..."), then ``ward_share`` of them "Phường ...",
    then "Xã ...". ``points`` optionally gives each named commune its own centre (the 2025
    units sit where the old districts were); otherwise communes scatter within ``radius_km``
    of the block's centre.
    """

    code: str
    name: str
    n_communes: int
    lat: float
    lon: float
    radius_km: float
    names: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    ward_share: float = 0.0
    points: tuple[tuple[float, float], ...] = ()
    #: the communes' unit ids when they are real (planner.generate.real); else made from code
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Province:
    """A province with either ``districts`` (before 2025) or its ``own`` communes (after)."""

    code: str
    name: str
    lat: float
    lon: float
    districts: tuple[Block, ...] = ()
    own: Block | None = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return (self.own,) if self.own is not None else self.districts


@dataclass(frozen=True)
class Spec:
    """Everything :func:`planner.generate.core.generate` needs besides the seed.

    Shares are of seats or officials as named; ``*_per_commune`` are means. The scenario keys
    (``target_level``, ratios, ``as_of``) are written to scenario.toml as they are here.
    """

    kind: str
    title: str
    as_of: date
    provinces: tuple[Province, ...]
    target_level: str = "district"
    min_nonlocal_ratio: float = 0.5
    role_targets: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: per group, per role ratios (``target.group_roles``); replaces ``role_targets`` there
    group_roles: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: share of today's incumbents who are non-local (rounded to a whole number overall)
    nonlocal_today: float = 0.15
    #: when set, the share of each role's incumbents who are non-local today (replaces
    #: ``nonlocal_today``; rounded to a whole number per role)
    nonlocal_today_roles: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: deputies (phó bí thư, phó chủ tịch) on the planning list, per commune
    deputies_per_commune: float = 2.0
    #: district (or provincial) cadres on the planning list, per commune of their group
    cadres_per_commune: float = 0.4
    #: mean age of male incumbents (women's is 3 years less); 2025's are younger because many
    #: older cadres took early retirement in the reorganisation (Decree 178/2024)
    incumbent_age: float = 49.0
    vacancy_share: float = 0.0
    #: incumbents in post under 3 years (must stay) and 10 years or more (must leave)
    locked_share: float = 0.12
    overdue_share: float = 0.10
    #: when set, exactly this share of each group's secretaries are locals who must stay; it
    #: decides the largest reachable non-local share of secretaries (1 - share)
    locked_local_secretary_share: float | None = None
    required_tag_share: float = 0.03
    other_home_share: float = 0.12
    disciplined_share: float = 0.02
    preference_share: float = 0.08
    relation_share: float = 0.008
    year_only_birth_share: float = 0.02
    adjacency: bool = False
    #: free text for the scenario file's header: where the numbers come from
    notes: str = ""
    #: former units (status = former, under the new unit that absorbed them), as units.csv
    #: rows: unit_id, name, level, parent_id, lat, lon, also_merged_into (";"-joined); when
    #: given, every official's homes are moved into a former unit of their home commune
    former: tuple[tuple[str, str, str, str, float, float, str], ...] = ()


# ---------------------------------------------------------------------------------------------
# Hanoi


def _district(
    code: str,
    name: str,
    n: int,
    lat: float,
    lon: float,
    radius: float,
    towns: tuple[str, ...] = (),
    wards: float = 0.0,
    names: tuple[str, ...] = (),
) -> Block:
    return Block(
        code=code,
        name=name,
        n_communes=n,
        lat=lat,
        lon=lon,
        radius_km=radius,
        names=names,
        towns=towns,
        ward_share=wards,
    )


PHUC_THO_COMMUNES: tuple[str, ...] = (
    "Thị trấn Phúc Thọ",
    "Xã Tam Hiệp",
    "Xã Hiệp Thuận",
    "Xã Liên Hiệp",
    "Xã Ngọc Tảo",
    "Xã Tam Thuấn",
    "Xã Thanh Đa",
    "Xã Hát Môn",
    "Xã Xuân Đình",
    "Xã Tích Giang",
    "Xã Trạch Mỹ Lộc",
    "Xã Phương Độ",
    "Xã Sen Phương",
    "Xã Võng Xuyên",
    "Xã Thọ Lộc",
    "Xã Long Thượng",
    "Xã Phúc Hòa",
    "Xã Phụng Thượng",
    "Xã Vân Phúc",
    "Xã Vân Hà",
    "Xã Vân Nam",
)

THANH_TRI_COMMUNES: tuple[str, ...] = (
    "Thị trấn Văn Điển",
    "Xã Tân Triều",
    "Xã Thanh Liệt",
    "Xã Tả Thanh Oai",
    "Xã Hữu Hòa",
    "Xã Tam Hiệp",
    "Xã Yên Mỹ",
    "Xã Vĩnh Quỳnh",
    "Xã Ngũ Hiệp",
    "Xã Duyên Hà",
    "Xã Ngọc Hồi",
    "Xã Vạn Phúc",
    "Xã Đại Áng",
    "Xã Liên Ninh",
    "Xã Đông Mỹ",
    "Xã Tứ Hiệp",
)

#: Hanoi's 30 districts in 2021-2023: code, name, communes, centre, scatter radius (km), the
#: names of its towns (thị trấn) and the share of wards among the synthetic names.
HANOI_DISTRICTS: tuple[Block, ...] = (
    _district("BD", "Quận Ba Đình", 14, 21.0358, 105.8142, 2.0, wards=1.0),
    _district("HK", "Quận Hoàn Kiếm", 18, 21.0287, 105.8524, 1.5, wards=1.0),
    _district("TH", "Quận Tây Hồ", 8, 21.0700, 105.8190, 2.5, wards=1.0),
    _district("LB", "Quận Long Biên", 14, 21.0400, 105.8950, 4.0, wards=1.0),
    _district("CG", "Quận Cầu Giấy", 8, 21.0320, 105.7930, 2.0, wards=1.0),
    _district("DD", "Quận Đống Đa", 21, 21.0180, 105.8290, 2.0, wards=1.0),
    _district("HBT", "Quận Hai Bà Trưng", 18, 21.0060, 105.8570, 2.0, wards=1.0),
    _district("HM", "Quận Hoàng Mai", 14, 20.9750, 105.8600, 3.0, wards=1.0),
    _district("TX", "Quận Thanh Xuân", 11, 20.9950, 105.8100, 2.0, wards=1.0),
    _district("NTL", "Quận Nam Từ Liêm", 10, 21.0170, 105.7650, 3.0, wards=1.0),
    _district("BTL", "Quận Bắc Từ Liêm", 13, 21.0700, 105.7600, 3.5, wards=1.0),
    _district("HDO", "Quận Hà Đông", 17, 20.9700, 105.7750, 4.0, wards=1.0),
    _district("ST", "Thị xã Sơn Tây", 15, 21.1380, 105.5050, 6.0, wards=0.6),
    _district("BV", "Huyện Ba Vì", 31, 21.1990, 105.4230, 12.0, towns=("Tây Đằng",)),
    _district("CM", "Huyện Chương Mỹ", 32, 20.8800, 105.6500, 10.0, towns=("Chúc Sơn", "Xuân Mai")),
    _district("DP", "Huyện Đan Phượng", 16, 21.1200, 105.6700, 5.0, towns=("Phùng",)),
    _district("DA", "Huyện Đông Anh", 24, 21.1400, 105.8500, 8.0, towns=("Đông Anh",)),
    _district("GL", "Huyện Gia Lâm", 22, 21.0200, 105.9500, 7.0, towns=("Trâu Quỳ", "Yên Viên")),
    _district("HDU", "Huyện Hoài Đức", 20, 21.0300, 105.7000, 6.0, towns=("Trạm Trôi",)),
    _district("ML", "Huyện Mê Linh", 18, 21.1800, 105.7200, 7.0, towns=("Chi Đông", "Quang Minh")),
    _district("MD", "Huyện Mỹ Đức", 22, 20.7000, 105.7300, 9.0, towns=("Đại Nghĩa",)),
    _district("PX", "Huyện Phú Xuyên", 27, 20.7300, 105.9100, 8.0, towns=("Phú Xuyên", "Phú Minh")),
    _district("PT", "Huyện Phúc Thọ", 21, 21.1090, 105.5680, 6.0, names=PHUC_THO_COMMUNES),
    _district("QO", "Huyện Quốc Oai", 21, 20.9900, 105.6400, 8.0, towns=("Quốc Oai",)),
    _district("SS", "Huyện Sóc Sơn", 26, 21.2600, 105.8500, 10.0, towns=("Sóc Sơn",)),
    _district("THT", "Huyện Thạch Thất", 23, 21.0200, 105.5500, 8.0, towns=("Liên Quan",)),
    _district("TO", "Huyện Thanh Oai", 21, 20.8600, 105.7700, 7.0, towns=("Kim Bài",)),
    _district("TTR", "Huyện Thanh Trì", 16, 20.9400, 105.8400, 4.0, names=THANH_TRI_COMMUNES),
    _district("TTN", "Huyện Thường Tín", 29, 20.8300, 105.8600, 8.0, towns=("Thường Tín",)),
    _district("UH", "Huyện Ứng Hòa", 29, 20.7200, 105.7800, 9.0, towns=("Vân Đình",)),
)

#: Hanoi's units from 1 July 2025, as recalled (not checked against the resolution), each with
#: the code of the old district it mostly lies in, which places it on the map.
HANOI_2025_WARDS: tuple[tuple[str, str], ...] = tuple(
    (f"Phường {name}", district)
    for name, district in (
        ("Hoàn Kiếm", "HK"),
        ("Cửa Nam", "HK"),
        ("Ba Đình", "BD"),
        ("Ngọc Hà", "BD"),
        ("Giảng Võ", "BD"),
        ("Hai Bà Trưng", "HBT"),
        ("Vĩnh Tuy", "HBT"),
        ("Bạch Mai", "HBT"),
        ("Đống Đa", "DD"),
        ("Kim Liên", "DD"),
        ("Văn Miếu – Quốc Tử Giám", "DD"),
        ("Láng", "DD"),
        ("Ô Chợ Dừa", "DD"),
        ("Hồng Hà", "HK"),
        ("Lĩnh Nam", "HM"),
        ("Hoàng Mai", "HM"),
        ("Vĩnh Hưng", "HM"),
        ("Tương Mai", "HM"),
        ("Định Công", "HM"),
        ("Hoàng Liệt", "HM"),
        ("Yên Sở", "HM"),
        ("Thanh Xuân", "TX"),
        ("Khương Đình", "TX"),
        ("Phương Liệt", "TX"),
        ("Cầu Giấy", "CG"),
        ("Nghĩa Đô", "CG"),
        ("Yên Hòa", "CG"),
        ("Tây Hồ", "TH"),
        ("Phú Thượng", "TH"),
        ("Tây Tựu", "BTL"),
        ("Phú Diễn", "BTL"),
        ("Xuân Đỉnh", "BTL"),
        ("Đông Ngạc", "BTL"),
        ("Thượng Cát", "BTL"),
        ("Từ Liêm", "NTL"),
        ("Xuân Phương", "NTL"),
        ("Tây Mỗ", "NTL"),
        ("Đại Mỗ", "NTL"),
        ("Long Biên", "LB"),
        ("Bồ Đề", "LB"),
        ("Việt Hưng", "LB"),
        ("Phúc Lợi", "LB"),
        ("Hà Đông", "HDO"),
        ("Dương Nội", "HDO"),
        ("Yên Nghĩa", "HDO"),
        ("Phú Lương", "HDO"),
        ("Kiến Hưng", "HDO"),
        ("Thanh Liệt", "TTR"),
        ("Chương Mỹ", "CM"),
        ("Sơn Tây", "ST"),
        ("Tùng Thiện", "ST"),
    )
)
HANOI_2025_COMMUNES: tuple[tuple[str, str], ...] = tuple(
    (f"Xã {name}", district)
    for name, district in (
        ("Sóc Sơn", "SS"),
        ("Đa Phúc", "SS"),
        ("Nội Bài", "SS"),
        ("Trung Giã", "SS"),
        ("Kim Anh", "SS"),
        ("Đông Anh", "DA"),
        ("Phúc Thịnh", "DA"),
        ("Thư Lâm", "DA"),
        ("Thiên Lộc", "DA"),
        ("Vĩnh Thanh", "DA"),
        ("Mê Linh", "ML"),
        ("Yên Lãng", "ML"),
        ("Tiến Thắng", "ML"),
        ("Quang Minh", "ML"),
        ("Gia Lâm", "GL"),
        ("Thuận An", "GL"),
        ("Bát Tràng", "GL"),
        ("Phù Đổng", "GL"),
        ("Thanh Trì", "TTR"),
        ("Đại Thanh", "TTR"),
        ("Nam Phù", "TTR"),
        ("Ngọc Hồi", "TTR"),
        ("Thượng Phúc", "TTN"),
        ("Thường Tín", "TTN"),
        ("Chương Dương", "TTN"),
        ("Hồng Vân", "TTN"),
        ("Phú Xuyên", "PX"),
        ("Phượng Dực", "PX"),
        ("Chuyên Mỹ", "PX"),
        ("Đại Xuyên", "PX"),
        ("Thanh Oai", "TO"),
        ("Bình Minh", "TO"),
        ("Tam Hưng", "TO"),
        ("Dân Hòa", "TO"),
        ("Vân Đình", "UH"),
        ("Ứng Thiên", "UH"),
        ("Hòa Xá", "UH"),
        ("Ứng Hòa", "UH"),
        ("Mỹ Đức", "MD"),
        ("Hồng Sơn", "MD"),
        ("Phúc Sơn", "MD"),
        ("Hương Sơn", "MD"),
        ("Phú Nghĩa", "CM"),
        ("Xuân Mai", "CM"),
        ("Trần Phú", "CM"),
        ("Hòa Phú", "CM"),
        ("Quảng Bị", "CM"),
        ("Minh Châu", "BV"),
        ("Quảng Oai", "BV"),
        ("Vật Lại", "BV"),
        ("Cổ Đô", "BV"),
        ("Bất Bạt", "BV"),
        ("Suối Hai", "BV"),
        ("Ba Vì", "BV"),
        ("Yên Bài", "BV"),
        ("Đoài Phương", "ST"),
        ("Phúc Thọ", "PT"),
        ("Phúc Lộc", "PT"),
        ("Hát Môn", "PT"),
        ("Thạch Thất", "THT"),
        ("Hạ Bằng", "THT"),
        ("Tây Phương", "THT"),
        ("Hòa Lạc", "THT"),
        ("Yên Xuân", "THT"),
        ("Quốc Oai", "QO"),
        ("Hưng Đạo", "QO"),
        ("Kiều Phú", "QO"),
        ("Phú Cát", "QO"),
        ("Hoài Đức", "HDU"),
        ("Dương Hòa", "HDU"),
        ("Sơn Đồng", "HDU"),
        ("An Khánh", "HDU"),
        ("Đan Phượng", "DP"),
        ("Ô Diên", "DP"),
        ("Liên Minh", "DP"),
    )
)

HANOI_CENTRE = (21.0285, 105.8542)


def hanoi_2023() -> Province:
    return Province("HN", "Thành phố Hà Nội", *HANOI_CENTRE, districts=HANOI_DISTRICTS)


def hanoi_2025() -> Province:
    centres = {d.code: (d.lat, d.lon) for d in HANOI_DISTRICTS}
    units = HANOI_2025_WARDS + HANOI_2025_COMMUNES
    own = Block(
        code="HN",
        name="Thành phố Hà Nội",
        n_communes=len(units),
        lat=HANOI_CENTRE[0],
        lon=HANOI_CENTRE[1],
        radius_km=3.0,
        names=tuple(n for n, _ in units),
        points=tuple(centres[d] for _, d in units),
        ward_share=51 / 126,
    )
    return Province("HN", "Thành phố Hà Nội", *HANOI_CENTRE, own=own)


# ---------------------------------------------------------------------------------------------
# the country (synthetic sizes around the real totals)


def _spine_point(index: int, count: int) -> tuple[float, float]:
    """A point on the country's spine for the ``index``-th of ``count`` provinces (N to S)."""
    lats = [p[0] for p in SPINE]
    lat = lats[0] + (lats[-1] - lats[0]) * (index + 0.5) / count
    lon = float(np.interp(-lat, [-p[0] for p in SPINE], [p[1] for p in SPINE]))
    return round(lat, 4), round(lon, 4)


def _split(total: int, parts: int, minimum: int, rng: np.random.Generator) -> list[int]:
    """``parts`` whole numbers >= ``minimum`` summing to ``total``, unevenly as real ones are."""
    weights = rng.gamma(4.0, 1.0, size=parts)
    spare = total - minimum * parts
    raw = weights / weights.sum() * spare
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: spare - int(counts.sum())]] += 1
    return [int(c) + minimum for c in counts]


def national_2025() -> tuple[Province, ...]:
    """34 provinces, 3,321 communes; Hanoi and Ho Chi Minh City at their real 126 and 168."""
    rng = np.random.default_rng(20250701)
    fixed = {"Hà Nội": 126, "Thành phố Hồ Chí Minh": 168}
    others = [n for n in PROVINCES_2025 if n not in fixed]
    sizes = dict(zip(others, _split(3321 - sum(fixed.values()), len(others), 40, rng), strict=True))
    sizes.update(fixed)
    provinces = []
    for i, name in enumerate(PROVINCES_2025):
        lat, lon = _spine_point(i, len(PROVINCES_2025))
        code = f"P{i + 1:02d}"
        radius = 6.0 * math.sqrt(sizes[name] / 10)
        own = Block(
            code=code,
            name=name,
            n_communes=sizes[name],
            lat=lat,
            lon=lon,
            radius_km=radius,
            ward_share=0.25,
        )
        provinces.append(Province(code, name, lat, lon, own=own))
    return tuple(provinces)


def national_2023() -> tuple[Province, ...]:
    """63 provinces, 696 districts, 10,000 communes; Hanoi is the real one of 2021-2023."""
    rng = np.random.default_rng(20230601)
    hanoi = hanoi_2023()
    others = [n for n in PROVINCES_2023 if n != "Hà Nội"]
    n_districts = _split(696 - len(hanoi.districts), len(others), 5, rng)
    n_communes = _split(
        10_000 - sum(d.n_communes for d in hanoi.districts), sum(n_districts), 4, rng
    )
    provinces = []
    k = 0
    for i, name in enumerate(PROVINCES_2023):
        if name == "Hà Nội":
            provinces.append(hanoi)
            continue
        lat, lon = _spine_point(i, len(PROVINCES_2023))
        code = f"T{i + 1:02d}"
        districts = []
        for j in range(n_districts[others.index(name)]):
            dlat = lat + float(rng.uniform(-0.35, 0.35))
            dlon = lon + float(rng.uniform(-0.35, 0.35))
            n = n_communes[k]
            k += 1
            districts.append(
                Block(
                    code=f"{code}-H{j + 1:02d}",
                    name=f"Huyện {j + 1:02d} {name}",
                    n_communes=n,
                    lat=round(dlat, 4),
                    lon=round(dlon, 4),
                    radius_km=4.0 * math.sqrt(n / 10),
                    towns=("Huyện lỵ",),
                )
            )
        provinces.append(Province(code, name, lat, lon, districts=tuple(districts)))
    return tuple(provinces)


# ---------------------------------------------------------------------------------------------
# presets


def _scaled(province: Province, scale: float) -> Province:
    """The province about ``scale`` times as large.

    Shrinking a three-tier province drops districts rather than communes: a district's size is
    what makes a batch hard or easy, and districts of two communes would be neither realistic
    nor feasible. Otherwise commune counts are multiplied, keeping at least 4 per block.
    """
    if scale == 1.0:
        return province
    if scale < 1.0 and len(province.districts) > 1:
        keep = max(1, round(len(province.districts) * scale))
        return replace(province, districts=province.districts[:keep])

    def block(b: Block) -> Block:
        n = max(4, round(b.n_communes * scale))
        if b.ids and n > len(b.ids):
            raise BadInput(
                Problem("--scale", None, None, _("a real-map preset can be scaled down, not up"))
            )
        return replace(b, n_communes=n, names=b.names[:n], points=b.points[:n], ids=b.ids[:n])

    if province.own is not None:
        return replace(province, own=block(province.own))
    return replace(province, districts=tuple(block(d) for d in province.districts))


#: The seed each bundled scenario is generated with; the CLI uses it when no --seed is given.
BUNDLED_SEEDS: Mapping[str, int] = MappingProxyType(
    {"phuc-tho-2023": 2023, "thanh-tri-2023": 2023, "hanoi-2023": 2023, "hanoi-2025": 2025}
)

KINDS: tuple[str, ...] = (
    "phuc-tho-2023",
    "thanh-tri-2023",
    "hanoi-2023",
    "hanoi-2025",
    "district",
    "hanoi-2023-synthetic",
    "hanoi-2025-synthetic",
    "national-2025",
    "national-2023",
    "hanoi-2025-formation",
    "national-2025-formation",
)

#: Presets on the real map (planner.generate.real): they need the optional extra ``.[geo]``.
#: The others (district, *-synthetic, national-*) are for benchmarks and need nothing more.
REAL_KINDS: tuple[str, ...] = (
    "phuc-tho-2023",
    "thanh-tri-2023",
    "hanoi-2023",
    "hanoi-2025",
    "hanoi-2025-formation",
    "national-2025-formation",
)

#: Thanh Trì's unit id in the era-2023 list (``planner units --province "Hà Nội" --era 2023``)
THANH_TRI_ID = "2023-020"

#: Where the tree comes from, for the scenario files' notes.
_REAL_MAP = "Names, unit ids and coordinates are those of the official list (vietnamadminunits)"


def _hanoi_2023(*districts: str) -> Province:
    """Hanoi of the era-2023 list (30 districts, 526 communes), or only the named districts."""
    from planner.generate.real import real_provinces

    (province,), _former = real_provinces("2023", "Hà Nội", districts=districts)
    return province


def _formation(kind: str, scale: float) -> Spec:
    """The 1 July 2025 formation batch on the real map: every seat of the new units empty, the
    candidates (former commune leaders as deputies, former district cadres as cadres) with homes
    in the former communes, as their files give them. ``hanoi-2025`` (the bundled one) adds
    Directive 45's target: every commune secretary non-local."""
    from planner.generate.real import real_provinces

    whole_country = kind.startswith("national")
    provinces, former = real_provinces(
        "2025", "all" if whole_country else "Hà Nội", with_former=True
    )
    provinces = tuple(_scaled(p, scale) for p in provinces)
    kept = {i for p in provinces for b in p.blocks for i in b.ids}
    where = "Cả nước" if whole_country else "Hà Nội"
    notes = (
        "The formation batch of 1 July 2025 on the official list (vietnamadminunits): "
        "every seat of the new units is empty; the candidates are synthetic former commune "
        "leaders and district cadres whose homes are former communes (status = former), so "
        "locality follows the old-to-new mapping, split communes included."
    )
    title = f"{where} — đợt kiện toàn 1/7/2025 (bản đồ thật)"
    roles: Mapping[str, float] = MappingProxyType({})
    if kind == "hanoi-2025":
        title = "Hà Nội — đợt kiện toàn 1/7/2025, bí thư không là người địa phương"
        roles = MappingProxyType({"secretary": 1.0})
        notes += (
            " Directive 45-CT/TW asks that commune secretaries be non-local (target "
            "secretary = 1.0). Every seat here is a new placement, which rule 4 allows only "
            "to a non-local, so the target holds once every seat has an eligible holder."
        )
    return Spec(
        kind=kind,
        title=title,
        as_of=date(2025, 7, 1),
        provinces=provinces,
        target_level="province",
        min_nonlocal_ratio=0.5,
        role_targets=roles,
        vacancy_share=1.0,
        deputies_per_commune=4.0,
        cadres_per_commune=1.0,
        incumbent_age=45.0,
        former=tuple(row for row in former if row[3] in kept),
        notes=notes,
    )


def _phuc_tho(scale: float) -> Spec:
    return Spec(
        kind="phuc-tho-2023",
        title="Phúc Thọ — đợt 2 năm 2023",
        as_of=date(2023, 6, 1),
        provinces=(_scaled(_hanoi_2023("Huyện Phúc Thọ"), scale),),
        target_level="district",
        min_nonlocal_ratio=0.5,
        nonlocal_today=6 / 36,
        deputies_per_commune=2.2,
        cadres_per_commune=0.5,
        adjacency=True,
        notes="Phúc Thọ district with its 18 communes as the official list of 2023 gives "
        "them (36 seats). About a sixth of the commune secretaries and chairmen are non-local "
        "today (6 of 36); the target is 50% (18). Roads join neighbouring communes, each "
        f"15-45% longer than the straight line. {_REAL_MAP}; the people are synthetic.",
    )


def _thanh_tri(scale: float) -> Spec:
    return Spec(
        kind="thanh-tri-2023",
        title="Thanh Trì — đợt 2 năm 2023",
        as_of=date(2023, 6, 1),
        provinces=(_scaled(_hanoi_2023("Huyện Thanh Trì"), scale),),
        target_level="district",
        min_nonlocal_ratio=0.5,
        group_roles=MappingProxyType({THANH_TRI_ID: MappingProxyType({"chairman": 0.5})}),
        nonlocal_today_roles=MappingProxyType({"secretary": 12 / 16, "chairman": 5 / 16}),
        deputies_per_commune=2.2,
        cadres_per_commune=0.5,
        notes="Thanh Trì district (16 communes, 32 seats): 12 of 16 commune secretaries "
        "but only 5 of 16 chairmen are non-local today. This second batch of 2023 takes "
        "the chairmen to 50% (8 of 16) in this district, with 50% of all seats. Distances "
        f"are great-circle from the coordinates. {_REAL_MAP}; the people are synthetic.",
    )


def preset(kind: str, scale: float = 1.0) -> Spec:
    """The :class:`Spec` of a named preset; ``scale`` multiplies the commune counts."""
    if kind == "phuc-tho-2023":
        return _phuc_tho(scale)
    if kind == "thanh-tri-2023":
        return _thanh_tri(scale)
    if kind == "district":
        block = Block(
            code="TL",
            name="Huyện Tân Lập",
            n_communes=20,
            lat=21.05,
            lon=105.62,
            radius_km=6.0,
            towns=("Tân Lập",),
        )
        province = Province("HN", "Thành phố Hà Nội", *HANOI_CENTRE, districts=(block,))
        return Spec(
            kind=kind,
            title="Huyện Tân Lập (synthetic district)",
            as_of=date(2023, 6, 1),
            provinces=(_scaled(province, scale),),
            deputies_per_commune=2.2,
            cadres_per_commune=0.5,
            adjacency=True,
            notes="A fictional district of 20 communes (40 seats) for benchmarks.",
        )
    if kind == "hanoi-2023":
        return Spec(
            kind=kind,
            title="Hà Nội — luân chuyển 2021–2023",
            as_of=date(2023, 6, 1),
            provinces=(_scaled(_hanoi_2023(), scale),),
            target_level="district",
            min_nonlocal_ratio=0.5,
            nonlocal_today=0.15,
            deputies_per_commune=2.0,
            cadres_per_commune=0.4,
            vacancy_share=0.002,
            notes="Hanoi's 30 districts and 526 communes as the official list of 2023 gives "
            "them, 50% non-local target per district. "
            f"{_REAL_MAP}; the people are synthetic.",
        )
    if kind == "hanoi-2023-synthetic":
        return Spec(
            kind=kind,
            title="Hà Nội — luân chuyển 2021–2023 (synthetic map)",
            as_of=date(2023, 6, 1),
            provinces=(_scaled(hanoi_2023(), scale),),
            target_level="district",
            min_nonlocal_ratio=0.5,
            nonlocal_today=0.15,
            deputies_per_commune=2.0,
            cadres_per_commune=0.4,
            vacancy_share=0.002,
            notes="Hanoi's 30 districts and 579 communes of 2021-2023, 50% non-local target "
            "per district. District and commune counts are real; commune names are real "
            "for Phúc Thọ and Thanh Trì and synthetic elsewhere; people are synthetic.",
        )
    if kind == "hanoi-2025":
        return _formation(kind, scale)
    if kind == "hanoi-2025-synthetic":
        return Spec(
            kind=kind,
            title="Hà Nội — bí thư không là người địa phương 2025 (synthetic map)",
            as_of=date(2025, 9, 1),
            provinces=(_scaled(hanoi_2025(), scale),),
            target_level="province",
            min_nonlocal_ratio=0.5,
            role_targets=MappingProxyType({"secretary": 1.0}),
            nonlocal_today=0.3,
            deputies_per_commune=1.2,
            cadres_per_commune=0.7,
            incumbent_age=45.0,
            locked_local_secretary_share=0.06,
            notes="Hanoi after 1 July 2025: 126 commune-level units (51 wards, 75 communes) "
            "directly under the city. Directive 45-CT/TW asks for non-local commune "
            "secretaries; here some local secretaries have served under 3 years, so "
            "100% is out of reach by construction while 90% is reachable.",
        )
    if kind == "national-2025":
        provinces = tuple(_scaled(p, scale) for p in national_2025())
        return Spec(
            kind=kind,
            title="Cả nước 2025 (synthetic)",
            as_of=date(2025, 9, 1),
            provinces=provinces,
            target_level="province",
            min_nonlocal_ratio=0.5,
            role_targets=MappingProxyType({"secretary": 0.9}),
            nonlocal_today=0.3,
            deputies_per_commune=1.9,
            cadres_per_commune=0.6,
            incumbent_age=45.0,
            locked_local_secretary_share=0.04,
            vacancy_share=0.003,
            notes="34 provinces and 3,321 communes as from July 2025; sizes other than "
            "Hanoi's and Ho Chi Minh City's, coordinates and names of communes are "
            "synthetic.",
        )
    if kind == "national-2023":
        provinces = tuple(_scaled(p, scale) for p in national_2023())
        return Spec(
            kind=kind,
            title="Cả nước 2023 (synthetic)",
            as_of=date(2023, 6, 1),
            provinces=provinces,
            target_level="district",
            min_nonlocal_ratio=0.5,
            nonlocal_today=0.15,
            deputies_per_commune=2.0,
            cadres_per_commune=0.4,
            vacancy_share=0.003,
            notes="63 provinces, 696 districts, 10,000 communes; only Hanoi is real in shape.",
        )
    if kind in ("hanoi-2025-formation", "national-2025-formation"):
        return _formation(kind, scale)
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
