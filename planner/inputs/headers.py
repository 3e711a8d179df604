"""Accepted column headers: the contract's English names and ONE set of Vietnamese ones.

A committee's staff type headers in Vietnamese ("Họ và tên", "Ngày sinh"); the contract's
columns are English (section 2). Every accepted Vietnamese header is listed here, once, for the
column it means; headers are matched case-, space- and diacritics-insensitively (see
:func:`planner.domain.levels.fold`), so "HỌ VÀ TÊN", "ho va ten" and "Họ  và tên" are one
header. ``docs/spec.md`` (section 2) shows this table to users; the template writes the first
Vietnamese header of each column.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from planner.domain.levels import fold

#: column → accepted Vietnamese headers; the first is the one the template writes.
VIETNAMESE_HEADERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # units
        "unit_id": ("Mã đơn vị", "Mã ĐV"),
        "name": ("Tên", "Họ và tên", "Tên đơn vị", "Họ tên"),
        "level": ("Cấp", "Cấp hành chính"),
        "parent_id": ("Đơn vị cha", "Mã đơn vị cha", "Thuộc đơn vị"),
        "lat": ("Vĩ độ",),
        "lon": ("Kinh độ",),
        "status": ("Trạng thái",),
        "also_merged_into": ("Cũng sáp nhập vào",),
        # adjacency
        "unit_a": ("Đơn vị A", "Mã đơn vị A"),
        "unit_b": ("Đơn vị B", "Mã đơn vị B"),
        "km": ("Số km", "Khoảng cách (km)", "Km"),
        # seats
        "seat_id": ("Mã chức danh", "Mã vị trí"),
        "role": ("Chức danh", "Chức vụ"),
        "min_political_theory": ("LLCT tối thiểu", "Lý luận chính trị tối thiểu"),
        "min_education": ("Trình độ tối thiểu", "Chuyên môn tối thiểu"),
        "required_tags": ("Yêu cầu", "Điều kiện bắt buộc"),
        # officials
        "official_id": ("Mã cán bộ", "Mã CB"),
        "gender": ("Giới tính",),
        "birth_date": ("Ngày sinh", "Năm sinh"),
        "home_unit_id": ("Quê quán", "Đơn vị gốc", "Mã đơn vị gốc"),
        "other_home_unit_ids": ("Nơi gắn bó khác", "Đơn vị gốc khác"),
        "current_seat_id": ("Chức danh hiện tại", "Mã chức danh hiện tại"),
        "current_unit_id": ("Đơn vị công tác", "Đơn vị hiện tại"),
        "years_in_post": ("Số năm giữ chức vụ", "Số năm ở vị trí"),
        "years_in_unit": ("Số năm đứng đầu đơn vị",),
        "political_theory": ("Lý luận chính trị", "LLCT"),
        "education": ("Trình độ chuyên môn", "Học vấn"),
        "planned_roles": ("Quy hoạch", "Chức danh quy hoạch"),
        "tags": ("Ghi chú chuyên môn", "Nhãn"),
        "disciplined": ("Kỷ luật", "Đang bị kỷ luật"),
        # relations
        "official_a": ("Cán bộ A", "Mã cán bộ A"),
        "official_b": ("Cán bộ B", "Mã cán bộ B"),
        "kind": ("Quan hệ", "Quan hệ gia đình"),
        # preferences
        "score": ("Điểm", "Điểm nguyện vọng"),
    }
)

_BY_FOLDED: Mapping[str, str] = MappingProxyType(
    {
        **{fold(column): column for column in VIETNAMESE_HEADERS},
        **{
            fold(alias): column
            for column, aliases in VIETNAMESE_HEADERS.items()
            for alias in aliases
        },
    }
)


def canonical(header: str) -> str:
    """The contract's column name for a header as written; an unknown header stays as is
    (unknown columns are ignored by the reader, as for CSV files)."""
    return _BY_FOLDED.get(fold(header), header.strip())


def template_header(column: str) -> str:
    """The Vietnamese header the template writes for ``column``."""
    aliases = VIETNAMESE_HEADERS.get(column, ())
    return aliases[0] if aliases else column
