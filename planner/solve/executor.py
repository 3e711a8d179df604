"""Where independent jobs run: here, in a local process pool, or on a Dask cluster.

Parts of one instance, and variants of a sweep, share nothing; they are handed to an executor
as plain picklable calls. The planner code never cares which executor runs them.
:func:`make_executor` picks one from the command line's ``--scheduler``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
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


class _Pool:
    """What the local pools share: a number of workers, and one job or one worker run here."""

    def __init__(self, workers: int) -> None:
        self._workers = max(1, workers)

    @property
    def workers(self) -> int:
        return self._workers

    def run(self, fn: Callable[[Any], Any], items: list[Any]) -> Iterator[tuple[int, Any]]:
        if len(items) <= 1 or self._workers == 1:
            yield from SerialExecutor().run(fn, items)
            return
        yield from self._pooled(fn, items, min(self._workers, len(items)))

    def _pooled(
        self, fn: Callable[[Any], Any], items: list[Any], workers: int
    ) -> Iterator[tuple[int, Any]]:
        raise NotImplementedError


class ThreadExecutor(_Pool):
    """Threads of this process: the solver libraries (GLOP, SCIP, HiGHS, CP-SAT) release the
    GIL while they solve, so parts solve side by side without starting processes or pickling
    (measured on national-2023's 696 parts, 2 cores: plan 1 in 3.8-4.4 s against 7.3-7.5 s
    one after the other)."""

    def _pooled(
        self, fn: Callable[[Any], Any], items: list[Any], workers: int
    ) -> Iterator[tuple[int, Any]]:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            futures = {pool.submit(fn, item): i for i, item in enumerate(items)}
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            # after a Ctrl-C or a failed job the jobs not started are dropped; one running
            # ends by its deadline (the CLI ends the process at once after a Ctrl-C)
            pool.shutdown(wait=False, cancel_futures=True)


class ProcessExecutor(_Pool):
    """A local process pool ("spawn": forking a process that already ran solver threads is
    unsafe)."""

    def _pooled(
        self, fn: Callable[[Any], Any], items: list[Any], workers: int
    ) -> Iterator[tuple[int, Any]]:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            # the workers start during the first submit; they inherit a blocked SIGINT, so a
            # Ctrl-C at the terminal reaches this process alone, which ends them (below)
            with _sigint_blocked():
                futures: dict[Future[Any], int] = {
                    pool.submit(fn, item): i for i, item in enumerate(items)
                }
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            # Ctrl-C, or a failed job: the other jobs' results are not wanted; a worker in
            # the middle of a solve would finish it first, so end the workers now
            _end_workers(pool)
            raise
        pool.shutdown(wait=True)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT held back in this thread (and inherited blocked by processes it starts); one
    that arrives meanwhile is delivered on leaving."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(1.0)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def local_executor(workers: int = 0) -> Executor:
    """``workers`` processes (0 = one per available core)."""
    count = workers or available_cores()
    return SerialExecutor() if count <= 1 else ProcessExecutor(count)


def thread_executor(workers: int = 0) -> Executor:
    """``workers`` threads (0 = one per available core)."""
    count = workers or available_cores()
    return SerialExecutor() if count <= 1 else ThreadExecutor(count)


class DaskExecutor:
    """Jobs on a ``dask.distributed`` cluster: the provinces of a national run, or the variants
    of a sweep, spread over machines.

    Every worker must have this package (same version) installed, since jobs name the planner
    functions they run rather than carry them. A job's deadline is wall-clock time taken on
    the client, so the machines' clocks must agree (NTP) to within the slack wanted.

    ``address`` is a scheduler address (``tcp://host:8786``), or ``"local"`` to start a
    :class:`distributed.LocalCluster` of ``workers`` single-threaded worker processes here
    (0 = one per core), which is closed with the executor.
    """

    def __init__(self, address: str, *, workers: int = 0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                'a Dask scheduler needs dask.distributed: pip install "rotation-planner[dask]"'
            ) from err
        self._cluster: Any = None
        if address == "local":
            # one thread per worker process: each solve is single-threaded, so the
            # parallelism comes from processes, as in the local pool
            self._cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
            address = self._cluster.scheduler_address
        self._client = Client(address)

    @property
    def client(self) -> Any:
        return self._client

    @property
    def workers(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def run(self, fn: Callable[[Any], Any], items: list[Any]) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed as dask_completed

        if not items:
            return
        # pure=False: two equal jobs are still two jobs, and hashing instances of a million
        # pairs to find out would cost more than the solve
        futures = self._client.map(fn, items, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future, result in dask_completed(futures, with_results=True):
                yield index[future.key], result
        finally:
            self._client.cancel(futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(scheduler: str | None, workers: int = 0) -> Executor:
    """A Dask executor when ``scheduler`` names one (an address, or ``"local"``), else the
    local one for ``workers`` processes (0 = one per core)."""
    if scheduler:
        return DaskExecutor(scheduler, workers=workers)
    return local_executor(workers)


def close_executor(executor: Executor | None) -> None:
    """Release what an executor holds (a cluster connection); local executors hold nothing."""
    close = getattr(executor, "close", None)
    if callable(close):
        close()


def gather(
    executor: Executor,
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    on_result: Callable[[int, Any], None] | None = None,
) -> list[Any]:
    """All results in item order, calling ``on_result`` as each arrives (progress display)."""
    items = list(items)
    results: list[Any] = [None] * len(items)
    for index, result in executor.run(fn, items):
        results[index] = result
        if on_result is not None:
            on_result(index, result)
    return results
