"""Writing the geography commands' files: whole or not at all, never over a user's file.

A file is written to a temporary name beside its target and renamed into place, so a failure
(or Ctrl-C) leaves either the old file or the new one, never half of one. An existing file is
replaced only with ``--force``: a units or address file is easily someone's edited work.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from planner.errors import BadInput, Problem
from planner.i18n import _


def check_target(path: Path, force: bool, *, option: str = "--out") -> None:
    """Bad input when ``path`` cannot be written (a folder, an existing file without force,
    a missing parent folder)."""
    if path.is_dir():
        raise BadInput(
            Problem(option, None, None, _("{path} is a folder; name a file").format(path=path))
        )
    if path.exists() and not force:
        raise BadInput(
            Problem(
                option,
                None,
                None,
                _("{path} exists; nothing was written (add --force to replace it)").format(
                    path=path
                ),
            )
        )
    if not path.parent.is_dir():
        raise BadInput(
            Problem(
                option,
                None,
                None,
                _("the folder {folder} does not exist").format(folder=path.parent),
            )
        )


def write_whole(path: Path, fill: Callable[[Path], None]) -> None:
    """``fill(temporary path)`` then rename it to ``path``; the temporary file never stays."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        fill(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
