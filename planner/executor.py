"""Where independent jobs run: here, in a local process pool, or (optionally) on a cluster.

Parts of one instance, and variants of a sweep, share nothing; they are handed to an executor
as plain picklable calls. The planner code never cares which executor runs them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, Protocol


class Executor(Protocol):
    """Runs ``fn(item)`` for every item; yields ``(index, result)`` as each finishes."""

    def run(self, fn: Callable[[Any], Any], items: list[Any]) -> Iterator[tuple[int, Any]]: ...

    @property
    def workers(self) -> int: ...


class SerialExecutor:
    """In this process, in order: for small jobs, where starting processes costs more."""

    workers = 1

    def run(self, fn: Callable[[Any], Any], items: list[Any]) -> Iterator[tuple[int, Any]]:
        for i, item in enumerate(items):
            yield i, fn(item)


class ProcessExecutor:
    """A local process pool ("spawn": forking a process that already ran solver threads is
    unsafe)."""

    def __init__(self, workers: int) -> None:
        self._workers = max(1, workers)

    @property
    def workers(self) -> int:
        return self._workers

    def run(self, fn: Callable[[Any], Any], items: list[Any]) -> Iterator[tuple[int, Any]]:
        if len(items) <= 1 or self._workers == 1:
            yield from SerialExecutor().run(fn, items)
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(self._workers, len(items)),
                                 mp_context=context) as pool:
            futures: dict[Future[Any], int] = {pool.submit(fn, item): i
                                               for i, item in enumerate(items)}
            for future in as_completed(futures):
                yield futures[future], future.result()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def local_executor(workers: int = 0) -> Executor:
    """``workers`` processes (0 = one per available core)."""
    count = workers or available_cores()
    return SerialExecutor() if count <= 1 else ProcessExecutor(count)


def gather(executor: Executor, fn: Callable[[Any], Any], items: Iterable[Any],
           on_result: Callable[[int, Any], None] | None = None) -> list[Any]:
    """All results in item order, calling ``on_result`` as each arrives (progress display)."""
    items = list(items)
    results: list[Any] = [None] * len(items)
    for index, result in executor.run(fn, items):
        results[index] = result
        if on_result is not None:
            on_result(index, result)
    return results
