"""The solver's statuses (:class:`models.engines.Status`) in the words a planner reads.

One owner for these words: the sweep's table and progress lines, the HTML report and the
explanation's levers all say "proven best" the same way. The texts are marked with ``N_`` and
translated where they are shown (``_(STATUS_WORDS[status])``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from models.engines import Status
from planner.i18n import N_, _

#: What one run (a sweep variant, a lever) came to, by the status of its plan 1.
STATUS_WORDS: Mapping[str, str] = MappingProxyType(
    {
        Status.OPTIMAL: N_("plan (proven best)"),
        Status.FEASIBLE: N_("plan (not proven best)"),
        Status.INFEASIBLE: N_("no plan"),
        Status.UNKNOWN: N_("no plan found in time"),
    }
)

#: How good a plan that was found is, by its status.
PLAN_QUALITY: Mapping[str, str] = MappingProxyType(
    {
        Status.OPTIMAL: N_("proven best"),
        Status.FEASIBLE: N_("best found in the time (not proven)"),
    }
)


def status_words(status: str) -> str:
    """:data:`STATUS_WORDS` for ``status`` (a Status or its value), translated; else as given."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def plan_quality(status: str) -> str:
    """:data:`PLAN_QUALITY` for ``status``, translated; else as given."""
    return _(PLAN_QUALITY[status]) if status in PLAN_QUALITY else status
