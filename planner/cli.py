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
from planner.commands import solve as _solve  # noqa: E402
from planner.commands import validate as _validate  # noqa: E402

app.command("solve")(_solve.solve)
app.command("validate")(_validate.validate)
app.callback()(lambda: None)  # keep commands as subcommands even while only one exists


def main() -> None:
    try:
        app(standalone_mode=False)
    except PlannerError as error:
        if isinstance(error, BadInput):
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            typer.echo(f"{len(error.problems)} problem(s) found; nothing was written.", err=True)
        else:
            typer.echo(str(error), err=True)
        sys.exit(int(error.exit_code))
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    except (typer.BadParameter, typer.core.click.UsageError) as usage:  # type: ignore[attr-defined]
        usage.show()
        sys.exit(2)


if __name__ == "__main__":
    main()
