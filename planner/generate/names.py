"""Vietnamese words the synthetic data is made of: people's names and place names.

Planners judge a tool by whether its examples look like their own spreadsheets, and the reader
and the reports must survive real diacritics (Đ, ư, ở, ...), so names are drawn from the real
stock of Vietnamese names with roughly their real frequencies rather than ``Official 17``.
All strings are NFC (precomposed), as Vietnamese keyboards and Excel produce them.
"""

from __future__ import annotations

#: Family names with their approximate share of the population (per cent); the North (Hanoi)
#: has more Hoàng/Vũ and fewer Huỳnh/Võ than the national figures, and Khuất, Kiều, Nghiêm are
#: typical of the Sơn Tây - Phúc Thọ - Ba Vì area.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 31.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 5.0),
    ("Huỳnh", 1.5),
    ("Phan", 4.5),
    ("Vũ", 4.0),
    ("Võ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.9),
    ("Đào", 0.8),
    ("Trịnh", 0.7),
    ("Lương", 0.5),
    ("Mai", 0.5),
    ("Cao", 0.4),
    ("Tạ", 0.4),
    ("Chu", 0.3),
    ("Khuất", 0.3),
    ("Kiều", 0.3),
    ("Nghiêm", 0.3),
    ("Vương", 0.3),
    ("Lại", 0.2),
    ("Quách", 0.2),
)

MIDDLE_NAMES_M: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Mạnh", "Xuân", "Tiến",
    "Thanh", "Duy", "Ngọc", "Đình", "Trọng", "Quốc", "Anh", "Huy", "Bá",
)
MIDDLE_NAMES_F: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim",
    "Thùy", "Mai", "Bích", "Lan",
)
GIVEN_NAMES_M: tuple[str, ...] = (
    "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Long", "Sơn", "Thắng", "Cường", "Hưng", "Thành",
    "Trung", "Bình", "Quân", "Hiếu", "Khánh", "Phong", "Quang", "Tùng", "Vinh", "Đạt", "Hoàng",
    "Lâm", "Toàn", "Thịnh", "Hòa", "Phúc", "Tiến", "Việt", "Anh", "Huy", "Kiên", "Đông",
    "Chiến", "Hạnh", "Luân", "Nghĩa", "Thuận", "Tâm", "Tú", "Hiệp", "Lực", "Điệp", "Khải",
)
GIVEN_NAMES_F: tuple[str, ...] = (
    "Lan", "Hương", "Hoa", "Mai", "Hằng", "Nga", "Thảo", "Hạnh", "Linh", "Trang", "Huyền",
    "Loan", "Yến", "Thủy", "Dung", "Hà", "Oanh", "Nhung", "Vân", "Phượng", "Hiền", "Thanh",
    "Liên", "Ngân", "Quyên", "Tâm", "Thúy", "Xuân",
)

#: Syllables of Sino-Vietnamese place names; synthetic commune names pair two of them
#: ("Tân Lập", "Hòa Phú"), which is how most real ones are built.
PLACE_SYLLABLES: tuple[str, ...] = (
    "An", "Bình", "Hòa", "Phú", "Tân", "Hưng", "Long", "Phúc", "Thịnh", "Đông", "Tây", "Nam",
    "Bắc", "Trung", "Hiệp", "Thuận", "Lộc", "Thọ", "Xuân", "Vân", "Hà", "Sơn", "Thanh", "Minh",
    "Quang", "Đức", "Hồng", "Liên", "Kim", "Ngọc", "Mỹ", "Tiến", "Thắng", "Lợi", "Đồng", "Cẩm",
    "Hải", "Tam", "Vĩnh", "Phong", "Khánh", "Yên", "Đại", "Tiên", "Hợp", "Thượng", "Hạ", "Lạc",
    "Quảng", "Cao", "Nghĩa", "Thái", "Hoàng", "Văn", "Tường", "Phương", "Việt", "Thành",
    "Định", "Ninh", "Chính", "Lập", "Hậu", "Trạch", "Dương", "Lâm", "Cường", "Thụy", "Nhân",
    "Kiều", "Mai", "Đoài", "Hội", "Cát", "Chương",
)

#: Tags officials carry and seats occasionally require (training or experience the committee
#: asks for in a particular commune).
TAGS: tuple[str, ...] = ("land-management", "ethnic-affairs", "urban-management")
#: The tags a seat may require; urban management is only ever an asset, never a condition.
REQUIRED_TAGS: tuple[str, ...] = ("land-management", "ethnic-affairs")

#: The 63 provinces before July 2025, roughly north to south (the order places them on the map).
PROVINCES_2023: tuple[str, ...] = (
    "Hà Giang", "Cao Bằng", "Lào Cai", "Lai Châu", "Điện Biên", "Lạng Sơn", "Tuyên Quang",
    "Bắc Kạn", "Yên Bái", "Sơn La", "Thái Nguyên", "Phú Thọ", "Vĩnh Phúc", "Bắc Giang",
    "Quảng Ninh", "Bắc Ninh", "Hà Nội", "Hải Dương", "Hưng Yên", "Hải Phòng", "Hòa Bình",
    "Hà Nam", "Thái Bình", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Kon Tum",
    "Quảng Ngãi", "Gia Lai", "Bình Định", "Phú Yên", "Đắk Lắk", "Khánh Hòa", "Đắk Nông",
    "Lâm Đồng", "Ninh Thuận", "Bình Phước", "Bình Thuận", "Tây Ninh", "Bình Dương", "Đồng Nai",
    "Thành phố Hồ Chí Minh", "Bà Rịa – Vũng Tàu", "Long An", "Tiền Giang", "Đồng Tháp",
    "An Giang", "Bến Tre", "Vĩnh Long", "Trà Vinh", "Cần Thơ", "Hậu Giang", "Kiên Giang",
    "Sóc Trăng", "Bạc Liêu", "Cà Mau",
)

#: The 34 provinces from July 2025, roughly north to south.
PROVINCES_2025: tuple[str, ...] = (
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Lai Châu", "Điện Biên", "Lạng Sơn", "Sơn La",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hà Nội", "Hải Phòng", "Hưng Yên",
    "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Tây Ninh",
    "Thành phố Hồ Chí Minh", "Đồng Tháp", "Vĩnh Long", "An Giang", "Cần Thơ", "Cà Mau",
)

#: Points along the country's spine (lat, lon), north to south, to place provinces on a map
#: without a table of 97 coordinates; good to a few tens of km, which is all a benchmark needs.
SPINE: tuple[tuple[float, float], ...] = (
    (22.8, 105.3), (21.0, 105.8), (19.8, 105.6), (18.3, 105.8), (16.8, 107.0), (16.0, 108.2),
    (14.3, 108.4), (12.5, 108.6), (11.2, 107.4), (10.7, 106.6), (10.0, 105.6), (9.2, 105.2),
)
