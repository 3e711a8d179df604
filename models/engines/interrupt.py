"""Solver calls that a Ctrl-C can stop at once.

A solver library's ``solve`` is one long C++ call: while it runs, Python's own SIGINT handler
cannot run (it runs between bytecodes of the main thread), and SCIP and CP-SAT go further and
catch SIGINT themselves, stop quietly and report a merely feasible plan. So every engine here
(1) tells its library not to catch SIGINT (SCIP ``misc/catchctrlc``, CP-SAT
``catch_sigint_signal``) and (2) runs the call through :func:`run_interruptible`: in the main
thread the call runs in a helper thread while the main thread waits in Python, where a Ctrl-C
raises :class:`KeyboardInterrupt` at once. The library is then asked to stop
(``interrupt_solve``/``stop_search``); one that does not listen (SCIP and HiGHS through the
model builder ignore ``interrupt_solve``) is left to the process's exit, which the command line
makes immediate after a Ctrl-C (``os._exit`` in :func:`planner.cli.main`).

Outside the main thread (a Dask worker's thread, a test's thread) signals never arrive, and the
call runs directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_interruptible(call: Callable[[], T], stop: Callable[[], object]) -> T:
    """``call()``, but a Ctrl-C in the main thread raises at once and calls ``stop()``."""
    if threading.current_thread() is not threading.main_thread():
        return call()
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
        done.wait()  # a lock wait: a signal's handler runs here and may raise
    except BaseException:
        stop()
        raise
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
