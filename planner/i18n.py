"""The language a person reads: Vietnamese by default, English on request (contract section 11).

Every user-facing text goes through :func:`_` (or :func:`N_` for a text defined at import time
and translated where it is shown). The source texts are English; the Vietnamese catalog is
``planner/locale/vi/LC_MESSAGES/planner.po`` (extracted and compiled with Babel, see
CONTRIBUTING.md). The language is chosen by ``--lang`` or ``PLANNER_LANG`` (``vi`` or ``en``);
it is looked up at each call, so a command may set it after the modules are imported.

Texts with values use named fields and ``str.format`` after translation, never f-strings
(an f-string is formatted before it can be looked up)::

    _("{file}, row {row}: {message}").format(file=..., row=..., message=...)
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "planner"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
ENV_VAR = "PLANNER_LANG"

_chosen: str | None = None


def set_language(language: str | None) -> str:
    """Choose the language for the rest of the process (``None``: the environment, else vi)."""
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language {language!r}: expected one of {', '.join(LANGUAGES)}")
    _chosen = language
    return current_language()


def current_language() -> str:
    if _chosen is not None:
        return _chosen
    env = os.environ.get(ENV_VAR, "").strip().lower()[:2]
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` (English source text) in the current language."""
    return _catalog(current_language()).gettext(message)


def translate(message: str, language: str) -> str:
    """``message`` in ``language`` whatever the current choice (for values that are always in
    one language, such as the ``role_vi`` column of plans.csv)."""
    return _catalog(language).gettext(message)


def language_in_argv(argv: list[str]) -> str | None:
    """The value of the global ``--lang`` option in a command line (``--lang en`` or
    ``--lang=en``, before the command name), or None. Read before the command modules are used,
    so that help texts and click's own words are already in that language."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif not arg.startswith("-"):
            return None  # the command name: global options come before it
        if value is not None:
            value = value.strip().lower()
            return value if value in LANGUAGES else None
    return None


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context``, for one English text that needs two translations."""
    return _catalog(current_language()).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for extraction without translating it yet (translate it where it is shown)."""
    return message
