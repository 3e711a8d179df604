"""click's and typer's own words (usage, option panels, error lines) in the planner's language.

click and typer's panels look their texts up with the standard library's ``gettext`` under the
default domain, for which no catalog is installed; the copy of click that recent typer versions
carry (``typer._click``) writes them in English without any lookup. The texts a planner meets
are listed here, so that Babel extracts them into the planner catalog; :func:`use_catalog`
points the lookups at :mod:`planner.i18n` and gives the copy a translated usage line, and
:func:`help_option_translated` and :func:`show_usage_error` cover the rest. Texts not listed
stay in English.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

import typer

from planner.i18n import N_, _, ngettext

#: click's texts (click/core.py, exceptions.py, formatting.py, types.py), word for word.
CLICK = (
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value!r} is not one of {choices}."),
    N_("{value!r} is not {choice}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Aborted!"),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("file"),
    N_("directory"),
    N_("path"),
)

#: typer's panel titles and notes (typer/rich_utils.py), read once when typer is imported.
TYPER = {
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}

#: Phrases of click's error lines, replaced inside a message built by click (longest first).
ERROR_PHRASES = (
    N_("Got unexpected extra arguments"),
    N_("Got unexpected extra argument"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Invalid value for"),
    N_("Invalid value"),
    N_("No such option"),
    N_("No such command"),
    N_("Possible options"),
    N_("is not one of"),
    N_("is not a valid"),
)

_LOOKING_UP = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "typer.core",
    "typer.main",
)


def use_catalog() -> None:
    """Have click and typer say their texts in the current language (call before parsing)."""
    for name in _LOOKING_UP:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a layout of another click/typer version: their texts stay English
            continue
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    # typer formats with rich only in rich markup mode, which the planner does not use
    # (planner.cli); its words are translated if it has been loaded, without loading rich's
    # markdown and traceback modules on every run.
    rich_utils = sys.modules.get("typer.rich_utils")
    for constant, text in TYPER.items():
        if rich_utils is not None and hasattr(rich_utils, constant):
            setattr(rich_utils, constant, _(text))
    _translate_usage_prefix()


def _translate_usage_prefix() -> None:
    """typer's copy of click writes "Usage: " itself: give it the translated word."""
    try:
        formatting = importlib.import_module("typer._click.formatting")
    except ImportError:
        return
    formatter = formatting.HelpFormatter
    if getattr(formatter.write_usage, "planner_translated", False):
        return
    original = formatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, _("Usage:") + " " if prefix is None else prefix)

    write_usage.planner_translated = True  # type: ignore[attr-defined]
    formatter.write_usage = write_usage


def help_option_translated(command: Any) -> None:
    """``--help``'s own help text in the current language (click makes that option lazily)."""
    original = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None and option.help:
            option.help = _(option.help)
        return option

    command.get_help_option = get_help_option


def error_words(message: str) -> str:
    """click's error ``message`` with its known phrases in the current language."""
    for phrase in ERROR_PHRASES:
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        message = pattern.sub(_(phrase).replace("\\", "\\\\"), message)
    return message


def show_usage_error(error: Any) -> None:
    """What click's ``UsageError.show`` prints (usage, hint, error line), translated."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            typer.echo(hint + "\n", err=True)
    message = error_words(error.format_message())
    typer.echo(_("Error: {message}").format(message=message), err=True)
