"""The ``planner`` console script: a thin typer layer over library functions.

Every command lets :class:`~planner.errors.PlannerError` propagate; :func:`main` turns it into
one message per problem on stderr and the contract's exit status, so no traceback reaches a
planner for anything they could have caused.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import Annotated, NoReturn

from planner.i18n import _

#: Exit status after a Ctrl-C (contract section 9), as shells report a SIGINT death.
INTERRUPTED = 130


def _interrupted_while_starting(_signum: int, _frame: FrameType | None) -> None:
    """A Ctrl-C while the libraries load: nothing has been read or written yet."""
    sys.stderr.write(_("Interrupted; nothing was written.") + "\n")
    raise SystemExit(INTERRUPTED)  # leaves the interpreter without a traceback


# Loading typer, numpy, pandas and ortools takes a second or more; a Ctrl-C meanwhile ends the
# process quietly. Restored once the imports are done, so importing this module (in tests)
# leaves the process's handler as it was.
_starting = threading.current_thread() is threading.main_thread()
_previous_handler = signal.signal(signal.SIGINT, _interrupted_while_starting) if _starting else None

import typer  # noqa: E402

from planner import __version__  # noqa: E402
from planner.errors import BadInput, PlannerError  # noqa: E402

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Propose ranked rotation plans for commune leaders (see README.md).",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"planner {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Propose ranked rotation plans for commune leaders."""


# Command registrations: one line per command module (keep this block sorted by command name).
from planner.commands import compare as _compare  # noqa: E402
from planner.commands import explain as _explain  # noqa: E402
from planner.commands import generate as _generate  # noqa: E402
from planner.commands import locate as _locate  # noqa: E402
from planner.commands import report as _report  # noqa: E402
from planner.commands import roadmap as _roadmap  # noqa: E402
from planner.commands import scenarios as _scenarios  # noqa: E402
from planner.commands import serve as _serve  # noqa: E402
from planner.commands import solve as _solve  # noqa: E402
from planner.commands import sweep as _sweep  # noqa: E402
from planner.commands import template as _template  # noqa: E402
from planner.commands import units as _units  # noqa: E402
from planner.commands import validate as _validate  # noqa: E402
from planner.commands import why as _why  # noqa: E402

app.command("compare")(_compare.compare)
app.command("explain")(_explain.explain)
app.command("generate")(_generate.generate)
app.command("locate")(_locate.locate)
app.command("report")(_report.report)
app.command("scenarios")(_scenarios.scenarios)
app.command("roadmap")(_roadmap.roadmap)
app.command("serve")(_serve.serve)
app.command("solve")(_solve.solve)
app.command("sweep")(_sweep.sweep)
app.command("template")(_template.template)
app.command("units")(_units.units)
app.command("validate")(_validate.validate)
app.command("why")(_why.why)

if _starting:
    signal.signal(signal.SIGINT, _previous_handler)


def _is_click(error: BaseException, *names: str) -> bool:
    """Click's exceptions by name: typer vendors its own copy of click (more than once, in
    some versions), so ``isinstance`` against an imported class is not reliable."""
    return any(cls.__name__ in names and "click" in cls.__module__ for cls in type(error).__mro__)


def main() -> None:
    """Run the command line; a Ctrl-C anywhere ends it with exit status 130 (contract
    section 9): what was being written is removed on the way out (planner.outputs.files),
    workers are ended (planner.solve.executor) and solver calls abandoned
    (models.engines.interrupt)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _run()
    except KeyboardInterrupt:
        _interrupted()


def _run() -> None:
    try:
        code = app(standalone_mode=False)
    except PlannerError as error:
        if isinstance(error, BadInput):
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            typer.echo(f"{len(error.problems)} problem(s) found; nothing was written.", err=True)
        else:
            typer.echo(str(error), err=True)
        sys.exit(int(error.exit_code))
    except Exception as error:
        if not _is_click(error, "ClickException", "Abort"):
            raise
        if _is_click(error, "Abort"):
            if isinstance(error.__context__, KeyboardInterrupt):
                _interrupted()
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        error.show()  # type: ignore[attr-defined]  # wrong options: click's own message
        sys.exit(2)
    if code == INTERRUPTED:  # typer turns a KeyboardInterrupt into Exit(130)
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _interrupted() -> NoReturn:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while ending changes nothing
    typer.echo(_("Interrupted; nothing was written."), err=True)
    # Everything to undo was undone on the way here. Not the interpreter's shutdown: it would
    # wait for a solver call still running in a helper thread (SCIP and HiGHS do not stop
    # when asked; models.engines.interrupt), and it frees a national data set object by object.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(INTERRUPTED)


if __name__ == "__main__":
    main()
