"""The ``planner`` console script: a thin typer layer over library functions.

Every command lets :class:`~planner.errors.PlannerError` propagate; :func:`main` turns it into
one message per problem on stderr and the contract's exit status, so no traceback reaches a
planner for anything they could have caused.
"""

from __future__ import annotations

import sys

import typer

from planner.errors import BadInput, PlannerError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Propose ranked rotation plans for commune leaders (see README.md).",
    pretty_exceptions_enable=False,
)

# Command registrations: one line per command module (keep this block sorted by command name).
from planner.commands import compare as _compare  # noqa: E402
from planner.commands import explain as _explain  # noqa: E402
from planner.commands import report as _report  # noqa: E402
from planner.commands import serve as _serve  # noqa: E402
from planner.commands import solve as _solve  # noqa: E402
from planner.commands import sweep as _sweep  # noqa: E402
from planner.commands import validate as _validate  # noqa: E402
from planner.commands import why as _why  # noqa: E402

app.command("compare")(_compare.compare)
app.command("explain")(_explain.explain)
app.command("report")(_report.report)
app.command("serve")(_serve.serve)
app.command("solve")(_solve.solve)
app.command("sweep")(_sweep.sweep)
app.command("validate")(_validate.validate)
app.command("why")(_why.why)


def _is_click(error: BaseException, *names: str) -> bool:
    """Click's exceptions by name: typer vendors its own copy of click (more than once, in
    some versions), so ``isinstance`` against an imported class is not reliable."""
    return any(cls.__name__ in names and "click" in cls.__module__ for cls in type(error).__mro__)


def main() -> None:
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
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        error.show()  # type: ignore[attr-defined]  # wrong options: click's own message
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("Interrupted; nothing was written.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
