"""The one name of each rule family, shared by scenario, model, validator, explanation and tests.

A family is either a *pair filter* (it refuses some official-seat pairs: locality, retirement,
...) or a *constraint* over the chosen pairs (target, kinship, ...); ``tenure`` and ``pin`` are
both (they refuse pairs and force others). Refusals and forcings are stored as bit masks per
pair, so that relaxing a family for an explanation is a mask operation, not a rebuild.
"""

from __future__ import annotations

from enum import IntFlag


class Family(IntFlag):
    # pair filters (contract section 4, rule 4)
    PLANNING = 1 << 0  # the seat's role is on the official's planning list, or is their role now
    QUALIFICATION = 1 << 1  # political theory, education, required tags
    DISCIPLINE = 1 << 2  # under disciplinary measures: may not be newly appointed
    LOCALITY = 1 << 3  # nobody is newly posted to their own locality
    RETIREMENT = 1 << 4  # a full term left before retirement
    DISTANCE = 1 << 5  # home-to-seat distance within max_distance_km
    CROSS_GROUP = 1 << 6  # stays in the group they work in today
    # both filter and constraint
    TENURE = 1 << 7  # keep before min_years_before_move, leave at max_years_in_post
    PIN = 1 << 8  # the committee's keep/forbid decisions (pins.csv)
    # constraints over chosen pairs
    SEAT_FILLED = 1 << 9  # every seat has a holder (unless vacancies are allowed)
    ONE_SEAT = 1 << 10  # an official holds at most one seat
    TARGET = 1 << 11  # non-local share per group (and per role in a group)
    KINSHIP = 1 << 12  # related officials not both inside one unit at kinship_level
    BATCH_CAP = 1 << 13  # max_changes_per_group
    ONE_NEW_HEAD = 1 << 14  # at most one change per unit in the batch

    @property
    def label(self) -> str:
        """The family's name as messages, files and the scenario use it (``batch_cap``)."""
        return (self.name or "").lower()


#: Families that refuse pairs. A pair is admitted when none of its refusal bits is enforced.
PAIR_FILTERS = (
    Family.PLANNING
    | Family.QUALIFICATION
    | Family.DISCIPLINE
    | Family.LOCALITY
    | Family.RETIREMENT
    | Family.DISTANCE
    | Family.CROSS_GROUP
    | Family.TENURE
    | Family.PIN
)

#: Every family; the usual set of enforced families.
ALL = Family(sum(f.value for f in Family))

#: Families an explanation never relaxes: without them a "plan" is not an assignment at all.
STRUCTURAL = Family.ONE_SEAT


def by_label(label: str) -> Family:
    return Family[label.upper()]
