"""Retirement dates against dates worked out by hand from the Decree 135/2020 roadmap.

Roadmap (age that applies in the year it is reached):
    men    ..2020: 60y0m  2021: 60y3m  2022: 60y6m  2023: 60y9m  2024: 61y0m
           2025: 61y3m    2026: 61y6m  2027: 61y9m  2028..: 62y0m
    women  ..2020: 55y0m  2021: 55y4m  2022: 55y8m  2023: 56y0m  ...  +4 months a year
           2033: 59y4m    2034: 59y8m  2035..: 60y0m
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.retirement import (
    add_months,
    retirement_date,
    vn_2019_age_months,
    years_to_retirement,
)

CASES = [
    # --- men -----------------------------------------------------------------------------
    # 1960-05-20 + 60y (2020 age) = 2020-05-20, in 2020: applies.
    ("M", date(1960, 5, 20), date(2020, 5, 20)),
    # 1960-12-31 + 60y = 2020-12-31, still in 2020.
    ("M", date(1960, 12, 31), date(2020, 12, 31)),
    # 1961-01-01 + 60y = 2021-01-01: not in 2020. 2021 age 60y3m: 2021-04-01, in 2021.
    ("M", date(1961, 1, 1), date(2021, 4, 1)),
    # 1961-09-30 + 60y3m = 2021-12-30, in 2021: applies (60y6m would give 2022-03-30, also a
    # fixed point, but he reached the 2021 age first).
    ("M", date(1961, 9, 30), date(2021, 12, 30)),
    # 1961-10-15 + 60y3m = 2022-01-15: not in 2021. 2022 age 60y6m: 2022-04-15, in 2022.
    ("M", date(1961, 10, 15), date(2022, 4, 15)),
    # 1962-05-31 + 60y3m = 2022-08-31: not 2021. + 60y6m = 2022-11-31 -> 30 Nov, in 2022.
    ("M", date(1962, 5, 31), date(2022, 11, 30)),
    # 1966-01-01 + 61y6m (2026) = 2027-07-01: no. + 61y9m (2027) = 2027-10-01: in 2027.
    # (Not 2028-01-01 at 62y: he reaches the 2027 age, 61y9m, during 2027.)
    ("M", date(1966, 1, 1), date(2027, 10, 1)),
    # 1966-03-31 + 61y9m = 2027-12-31: in 2027.
    ("M", date(1966, 3, 31), date(2027, 12, 31)),
    # 1966-04-01 + 61y9m = 2028-01-01: not 2027. 2028 age 62y: 2028-04-01.
    ("M", date(1966, 4, 1), date(2028, 4, 1)),
    # 1970-06-15 + 62y = 2032-06-15 (2032 age 62y); 2031 would give the same, not in 2031.
    ("M", date(1970, 6, 15), date(2032, 6, 15)),
    # 1968-02-29 + 62y = 2030-02-29 -> 28 Feb (2030 is not a leap year).
    ("M", date(1968, 2, 29), date(2030, 2, 28)),
    # --- women ---------------------------------------------------------------------------
    # 1965-06-15 + 55y (2020) = 2020-06-15, in 2020.
    ("F", date(1965, 6, 15), date(2020, 6, 15)),
    # 1966-01-01 + 55y = 2021-01-01: not 2020. + 55y4m = 2021-05-01, in 2021.
    ("F", date(1966, 1, 1), date(2021, 5, 1)),
    # 1966-08-31 + 55y4m = 2021-12-31, in 2021.
    ("F", date(1966, 8, 31), date(2021, 12, 31)),
    # 1966-09-01 + 55y4m = 2022-01-01: no. + 55y8m (2022) = 2022-05-01, in 2022.
    ("F", date(1966, 9, 1), date(2022, 5, 1)),
    # 1967-06-30 + 55y8m = 2023-02-28 (30 Feb clamps): not 2022. + 56y (2023) = 2023-06-30.
    ("F", date(1967, 6, 30), date(2023, 6, 30)),
    # 1975-01-01 + 59y4m (2033) = 2034-05-01: no. + 59y8m (2034) = 2034-09-01, in 2034.
    ("F", date(1975, 1, 1), date(2034, 9, 1)),
    # 1975-05-01 + 59y8m = 2035-01-01: not 2034. 2035 age 60y: 2035-05-01.
    ("F", date(1975, 5, 1), date(2035, 5, 1)),
    # 1980-03-10 + 60y = 2040-03-10.
    ("F", date(1980, 3, 10), date(2040, 3, 10)),
]


@pytest.mark.parametrize(("gender", "birth", "expected"), CASES)
def test_vn_2019_hand_worked(gender: str, birth: date, expected: date) -> None:
    assert retirement_date(birth, gender, "vn-2019") == expected


def test_roadmap_table() -> None:
    assert [vn_2019_age_months("M", y) for y in (2020, 2021, 2024, 2027, 2028, 2040)] == [
        720,
        723,
        732,
        741,
        744,
        744,
    ]
    assert [vn_2019_age_months("F", y) for y in (2020, 2021, 2023, 2034, 2035, 2040)] == [
        660,
        664,
        672,
        716,
        720,
        720,
    ]


@pytest.mark.parametrize(
    ("ages", "gender", "birth", "expected"),
    [
        ({"M": 62, "F": 60}, "M", date(1970, 3, 15), date(2032, 3, 15)),
        ({"M": 62, "F": 60}, "F", date(1964, 2, 29), date(2024, 2, 29)),  # leap to leap
        ({"M": 62, "F": 60}, "F", date(1965, 2, 28), date(2025, 2, 28)),
        ({"M": 62.5, "F": 60}, "M", date(1970, 3, 15), date(2032, 9, 15)),  # 62y6m
        ({"M": 62.5, "F": 60}, "M", date(1970, 3, 31), date(2032, 9, 30)),  # 31 Sep -> 30
        ({"M": 61.96, "F": 60}, "M", date(1970, 1, 10), date(2032, 1, 10)),  # 743.5 -> 744 months
        ({"M": 62, "F": 60.3}, "F", date(1970, 1, 10), date(2030, 5, 10)),  # 723.6 -> 724 months
    ],
)
def test_fixed_ages(ages: dict[str, float], gender: str, birth: date, expected: date) -> None:
    assert retirement_date(birth, gender, ages) == expected


def test_years_to_retirement() -> None:
    # retires 2021-12-30; from 2021-01-01 that is 363 days
    assert years_to_retirement(
        date(1961, 9, 30), "M", "vn-2019", date(2021, 1, 1)
    ) == pytest.approx(363 / 365.25)
    # past retirement: negative
    assert years_to_retirement(
        date(1950, 1, 1), "M", {"M": 60, "F": 55}, date(2011, 1, 1)
    ) == pytest.approx(-365 / 365.25)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        retirement_date(date(1970, 1, 1), "X", "vn-2019")
    with pytest.raises(ValueError):
        retirement_date(date(1970, 1, 1), "M", "vn-2030")
    with pytest.raises(ValueError):
        retirement_date(date(1970, 1, 1), "F", {"M": 62})


def test_add_months_clamps() -> None:
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2021, 12, 15), 1) == date(2022, 1, 15)
    assert add_months(date(2021, 3, 15), -3) == date(2020, 12, 15)


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2000, 12, 31)), st.sampled_from(["M", "F"])
)
def test_the_age_applied_is_the_age_of_the_year_reached(birth: date, gender: str) -> None:
    """The date is birth + the age of its own year, and no earlier year's age was reached."""
    retired = retirement_date(birth, gender, "vn-2019")
    assert retired == add_months(birth, vn_2019_age_months(gender, retired.year))
    for year in range(birth.year + 50, retired.year):
        assert add_months(birth, vn_2019_age_months(gender, year)).year > year
