"""Values shown on a terminal, one line each."""

from __future__ import annotations


def printable(text: object) -> str:
    """A value as one terminal line: a line break typed inside a name (accepted in the data,
    contract section 8) is shown as a space, so it can neither split a table row nor, as a
    bare carriage return, overwrite what was printed before it."""
    return " ".join(str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"))
