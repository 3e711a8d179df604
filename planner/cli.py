"""The ``planner`` console script: a thin typer layer over library functions.

Every command lets :class:`~planner.errors.PlannerError` propagate; :func:`main` turns it into
one message per problem on stderr and the contract's exit status, so no traceback reaches a
planner for anything they could have caused.

Language (contract section 11): Vietnamese unless ``--lang en`` (a global option, before the
command) or ``PLANNER_LANG=en``. typer reads help texts when a command is defined, so the
command modules mark them with ``N_`` and :func:`main` reads ``--lang`` from the command line
first and translates the help of the built click command before click parses anything.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from planner.click_texts import help_option_translated, show_usage_error, use_catalog
from planner.errors import BadInput, PlannerError
from planner.i18n import LANGUAGES, N_, _, language_in_argv, ngettext, set_language

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=N_("Propose ranked rotation plans for commune leaders (see README.md)."),
    pretty_exceptions_enable=False,
)

LANG_HELP = N_("language of messages, tables and reports: vi (default) or en; also PLANNER_LANG")


@app.callback()
def _options(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=LANG_HELP, metavar="vi|en", show_default=False),
    ] = None,
) -> None:
    if lang is not None:
        if lang not in LANGUAGES:
            raise typer.BadParameter(
                _("{value} is not one of {choices}").format(
                    value=lang, choices=", ".join(LANGUAGES)
                ),
                param_hint="--lang",
            )
        set_language(lang)


# Command registrations: one line per command module (keep this block sorted by command name).
from planner.commands import compare as _compare  # noqa: E402
from planner.commands import explain as _explain  # noqa: E402
from planner.commands import report as _report  # noqa: E402
from planner.commands import solve as _solve  # noqa: E402
from planner.commands import sweep as _sweep  # noqa: E402
from planner.commands import validate as _validate  # noqa: E402
from planner.commands import why as _why  # noqa: E402

app.command("compare", help=_compare.HELP)(_compare.compare)
app.command("explain", help=_explain.HELP)(_explain.explain)
app.command("report", help=_report.HELP)(_report.report)
app.command("solve", help=_solve.HELP)(_solve.solve)
app.command("sweep", help=_sweep.HELP)(_sweep.sweep)
app.command("validate", help=_validate.HELP)(_validate.validate)
app.command("why", help=_why.HELP)(_why.why)


def _translate_help(command: Any) -> None:
    """The help texts of ``command``, its parameters and its subcommands in the current
    language (the sources are the English texts the modules marked with ``N_``)."""
    for attribute in ("help", "short_help"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    help_option_translated(command)
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def _is_click(error: BaseException, *names: str) -> bool:
    """Click's exceptions by name: typer vendors its own copy of click (more than once, in
    some versions), so ``isinstance`` against an imported class is not reliable."""
    return any(cls.__name__ in names and "click" in cls.__module__ for cls in type(error).__mro__)


def main() -> None:
    set_language(language_in_argv(sys.argv[1:]))  # None: PLANNER_LANG, else Vietnamese
    use_catalog()
    command = typer.main.get_command(app)
    _translate_help(command)
    try:
        code = command.main(args=sys.argv[1:], prog_name="planner", standalone_mode=False)
    except PlannerError as error:
        if isinstance(error, BadInput):
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            n = len(error.problems)
            typer.echo(
                ngettext(
                    "{n} problem found; nothing was written.",
                    "{n} problems found; nothing was written.",
                    n,
                ).format(n=n),
                err=True,
            )
        else:
            typer.echo(str(error), err=True)
        sys.exit(int(error.exit_code))
    except Exception as error:
        if not _is_click(error, "ClickException", "Abort"):
            raise
        if _is_click(error, "Abort"):
            typer.echo(_("Aborted."), err=True)
            sys.exit(1)
        show_usage_error(error)  # wrong options: click's message, in the planner's language
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo(_("Interrupted; nothing was written."), err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
