"""Solver calls that a Ctrl-C, or their deadline, can stop at once.

A solver library's ``solve`` is one long C++ call: while it runs, Python's own SIGINT handler
cannot run (it runs between bytecodes of the main thread), SCIP and CP-SAT go further and catch
SIGINT themselves, stop quietly and report a merely feasible plan, and SCIP overruns its own
time limit by a second or more on a busy machine. So every engine here (1) tells its library not
to catch SIGINT (SCIP ``misc/catchctrlc``, CP-SAT ``catch_sigint_signal``) and (2) runs the
call through :func:`run_interruptible`: the call runs in a helper thread while the calling
thread waits in Python, where a Ctrl-C raises :class:`KeyboardInterrupt` at once and where the
deadline is watched. Either way the library is asked to stop (``interrupt_solve``/
``stop_search``); one that does not listen (SCIP and HiGHS through the model builder ignore
``interrupt_solve``) is left running in its thread and the call ends without an answer
(:class:`Overran`). Such a thread ends by its own time limit soon after; the interpreter's exit
waits for it (a shutdown under a running library call aborts the process), except after a
Ctrl-C, when :func:`planner.cli.main` ends the process with ``os._exit``.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: How long past its deadline a solver call may run before it is stopped or abandoned: the
#: contract allows solving 1 s past ``--time-limit`` in all (section 9).
GRACE_S = 0.25
#: How long a library asked to stop gets to return its answer.
STOP_WAIT_S = 0.25

_abandoned: list[threading.Thread] = []


class Overran(Exception):
    """The solver call ran past its deadline and did not stop when asked: no answer."""


def run_interruptible(
    call: Callable[[], T], stop: Callable[[], object], deadline: float | None = None
) -> T:
    """``call()``; a Ctrl-C (main thread) raises at once, and past ``deadline`` (``time.time()``)
    plus :data:`GRACE_S` the call is stopped: its answer if the library stops, else
    :class:`Overran`."""
    box: dict[str, object] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # handed to the waiting thread below
            box["error"] = error
        finally:
            done.set()

    worker = threading.Thread(target=target, name="solver", daemon=True)
    worker.start()
    try:
        # a lock wait: a signal's handler runs here and may raise
        if deadline is None:
            done.wait()
        elif not done.wait(max(deadline + GRACE_S - time.time(), 0.0)):
            stop()
            if not done.wait(STOP_WAIT_S):
                _abandon(worker)
                raise Overran
    except KeyboardInterrupt:
        stop()
        _abandon(worker)
        raise
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _abandon(thread: threading.Thread) -> None:
    if not _abandoned:
        # a library call still running while the interpreter shuts down aborts the process:
        # a process that ends normally waits for it (it stops at its own time limit)
        atexit.register(_wait_for_abandoned)
    _abandoned.append(thread)


def _wait_for_abandoned() -> None:
    for thread in _abandoned:
        thread.join()
