"""Why a scenario has no plan (contract section 7), or how much room it has when it does.

``explain`` computes, per target, the most non-locals any plan can have when no target is
enforced but every other rule holds (exactly, with the optimizer), the rule families that
conflict (a deletion filter over families), facts of the data that rule out every plan, and
scenario changes that would give a plan (each checked by solving again). ``render_text`` says it
in words; ``write_infeasibility`` writes ``infeasibility.json``.
"""

from planner.explain.core import explain
from planner.explain.explanation import Conflict, DataCause, Explanation, Lever, Reach
from planner.explain.files import FILE_NAME, write_infeasibility
from planner.explain.text import render_text

__all__ = [
    "FILE_NAME",
    "Conflict",
    "DataCause",
    "Explanation",
    "Lever",
    "Reach",
    "explain",
    "render_text",
    "write_infeasibility",
]
