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

import os
import signal
import sys
import threading
from types import FrameType
from typing import Annotated, Any, NoReturn

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
from planner.click_texts import help_option_translated, show_usage_error, use_catalog  # noqa: E402
from planner.errors import BadInput, PlannerError  # noqa: E402
from planner.i18n import LANGUAGES, N_, language_in_argv, ngettext, set_language  # noqa: E402

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help=N_("Propose ranked rotation plans for commune leaders (see README.md)."),
    pretty_exceptions_enable=False,
    # help texts are plain text: "[roadmap]" is a TOML table, not rich markup
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"planner {__version__}")
        raise typer.Exit()


VERSION_HELP = N_("Show the version and exit.")
LANG_HELP = N_("language of messages, tables and reports: vi (default) or en; also PLANNER_LANG")


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=VERSION_HELP),
    ] = False,
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

#: command name -> the values of its help texts' {fields} (a module's HELP_FIELDS), filled in
#: after translation since the catalog holds the texts with their fields
_HELP_FIELDS: dict[str, dict[str, str]] = {}

for _name, _module in (
    ("compare", _compare),
    ("explain", _explain),
    ("generate", _generate),
    ("locate", _locate),
    ("report", _report),
    ("roadmap", _roadmap),
    ("scenarios", _scenarios),
    ("serve", _serve),
    ("solve", _solve),
    ("sweep", _sweep),
    ("template", _template),
    ("units", _units),
    ("validate", _validate),
    ("why", _why),
):
    app.command(_name, help=getattr(_module, "HELP", None))(getattr(_module, _name))
    _HELP_FIELDS[_name] = getattr(_module, "HELP_FIELDS", {})


def _translate_help(command: Any, fields: dict[str, str] | None = None) -> None:
    """The help texts of ``command``, its parameters and its subcommands in the current
    language (the sources are the English texts the modules marked with ``N_``), with
    ``fields`` filled in."""

    def translated(text: str) -> str:
        return _(text).format(**fields) if fields else _(text)

    for attribute in ("help", "short_help"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, translated(text))
    help_option_translated(command)
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = translated(param.help)
    for name, sub in getattr(command, "commands", {}).items():
        _translate_help(sub, _HELP_FIELDS.get(name))


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
            if isinstance(error.__context__, KeyboardInterrupt):
                _interrupted()
            typer.echo(_("Aborted."), err=True)
            sys.exit(1)
        show_usage_error(error)  # wrong options: click's message, in the planner's language
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
