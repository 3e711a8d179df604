"""Python's cyclic garbage collector, paused while a scenario's objects are made.

Reading a national scenario makes millions of small objects (cells, records, tuples), none of
them in a reference cycle. The cyclic collector, which runs every 700 new objects and rescans
everything made so far ever more often as the heap grows, spent 0.5-0.8 s of the 2.5-3 s that
reading and building national-2023 took (benchmarks/README.md). Pausing it there changes no
result: objects are still freed as soon as nobody holds them, and any cycle made meanwhile is
collected after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector off inside the block, and back as it was after (nesting is safe)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
