"""Python's cyclic garbage collector, kept off a scenario's data.

Reading a national scenario makes millions of small objects (cells, records, tuples, pairs),
none of them in a reference cycle. The cyclic collector runs every 700 new objects and rescans
everything made so far ever more often as the heap grows: on national-2023 it spent 0.5-0.8 s of
the 2.5-3 s that reading and building took, and once re-enabled it scanned it all again while
the plans were written (benchmarks/README.md). So it is paused while the data is made, and what
was made is then *frozen*: set aside where the collector never scans it again. Nothing else
changes: every object is still freed as soon as nobody holds it (reference counting does that,
not the collector); only a reference cycle among frozen objects would wait for the process to
end. Hence freezing is for a command that solves once and ends (``load_problem(frozen=True)``
in `planner solve` and `planner explain`), not for the page's long-lived process, where any
object alive at that moment (a request's, say) would be frozen too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """The cyclic collector off inside the block, and back as it was after (nesting is safe);
    ``freeze``: the objects alive at the end are never scanned again (``gc.freeze``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
