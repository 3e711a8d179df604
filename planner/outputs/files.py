"""Writing a run's output folder (contract section 6), whole or not at all.

Files are UTF-8 with a BOM so that Excel shows Vietnamese correctly, and any text cell that a
spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) is written as text: names and
ids come from outside and must never execute in a committee member's spreadsheet.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.errors import BadInput, Problem

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell made inert for spreadsheets (a leading apostrophe); numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return ""
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as CSV, every cell through :func:`safe_cell`; a row with a line break inside a cell
    (a name typed with Alt+Enter) is written with every cell quoted, because the csv module
    quotes only the characters of its own line terminator ("\n") and a bare "\r" would split
    the row for other readers."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(columns)
        for row in rows:
            cells = [
                # safe_cell inline, most cells being plain numbers or texts (20,000-seat plans)
                value
                if type(value) is int
                or (isinstance(value, str) and not value.startswith(FORMULA_START))
                else safe_cell(value)
                for value in map(row.get, columns)
            ]
            breaks = any("\r" in c for c in cells if type(c) is str)
            (quoted if breaks else writer).writerow(cells)


def write_json(path: Path, data: Any) -> None:
    """Strict JSON (contract section 6): a NaN or infinity is a bug, never written."""
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n",
        encoding="utf-8",
    )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# The names the planner writes at the top of an output folder (solve, sweep, explain, report,
# roadmap). Anything else found in a planner's folder is the user's and is carried over.
OWN_FILES = frozenset(
    {
        "plans.csv",
        "ranking.csv",
        "groups.csv",
        "released.csv",
        "run.json",
        "infeasibility.json",
        "sweep.csv",
        "sweep.json",
        "sweep.png",
        "variants",
        "report.html",
        "plans.xlsx",
        "proposal.docx",
        "roadmap.csv",
        "roadmap.png",
        "compare.csv",
    }
)
OWN_PATTERNS = ("batch-",)
RUN_FILE = "run.json"
STAGING_MARK = ".planner-staging"


def is_own_output(name: str) -> bool:
    return name in OWN_FILES or name.startswith(OWN_PATTERNS)


def is_planner_folder(folder: Path) -> bool:
    """A folder the planner wrote: it holds a ``run.json`` with the planner's version."""
    try:
        info = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(info, dict) and "planner_version" in info


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def out_dir_problem(out_dir: Path, inputs: Iterable[Path] = ()) -> str | None:
    """Why ``out_dir`` may not be written (contract section 9), or ``None`` when it may.

    Never replaced or emptied: a file; a folder that holds (or is) one of the run's ``inputs``
    (the scenario file, its data folder, the pins); a non-empty folder the planner did not
    write. Also refused: a folder whose parent cannot be written.
    """
    out_dir = Path(out_dir).resolve()
    for item in inputs:
        item = Path(item).resolve()
        if _inside(item, out_dir):
            return (
                f"{out_dir} holds this run's input {item}; the planner never replaces its "
                "own inputs. Choose another output folder"
            )
    if out_dir.exists() and not out_dir.is_dir():
        return f"{out_dir} is a file, not a folder; the planner does not replace it"
    if out_dir.is_dir() and any(out_dir.iterdir()) and not is_planner_folder(out_dir):
        return (
            f"{out_dir} already exists and was not written by the planner (it has no "
            f"{RUN_FILE} of the planner's); nothing in it is replaced. Choose a new folder"
        )
    parent = next((p for p in (out_dir, *out_dir.parents) if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return f"{out_dir} cannot be written here (no permission to create it)"
    return None


def clean_stale_staging(out_dir: Path) -> None:
    """Remove staging folders of the planner's own that a killed run left beside ``out_dir``.

    A staging folder carries a mark with the process id that made it; it is stale when that
    process no longer runs. Folders without the mark are not the planner's and are left alone.
    """
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for entry in parent.glob(f".{out_dir.name}.new.*"):
        mark = entry / STAGING_MARK
        try:
            pid = int(mark.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _staging(out_dir: Path, kind: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{kind}.", dir=out_dir.parent))
    (folder / STAGING_MARK).write_text(str(os.getpid()), encoding="ascii")
    return folder


def write_folder(out_dir: Path, fill: Callable[[Path], None], inputs: Iterable[Path] = ()) -> Path:
    """Let ``fill`` write into a fresh staging folder, then move it into place.

    The staging folder sits beside ``out_dir`` (same file system, so the final rename is
    atomic). ``out_dir`` must be absent, empty or a folder the planner wrote (see
    :func:`out_dir_problem`, which the commands call before solving); in a planner's folder,
    the planner's own files are replaced and every other file is carried over unchanged.
    A failure leaves ``out_dir`` as it was.
    """
    out_dir = Path(out_dir).resolve()
    refused = out_dir_problem(out_dir, inputs)
    if refused:
        raise BadInput(Problem("--out", None, None, refused))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(out_dir)
    # a Ctrl-C between making the staging folder and guarding it would leave it behind:
    # held back until the guard below is in place
    release = _hold_sigint()
    try:
        staging = _staging(out_dir, "new")
    except BaseException:
        release()
        raise
    try:
        release()
        # mkdtemp makes the folder private (0700); an output folder is shared like any other
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        fill(staging)
        (staging / STAGING_MARK).unlink()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # once the folder is in place it is too late to unwrite it: a Ctrl-C during the move is
    # ignored and the run ends as written
    release = _hold_sigint()
    try:
        _commit(staging, out_dir)
    finally:
        release(late=True)
    return out_dir


def _hold_sigint() -> Callable[..., None]:
    """Hold back Ctrl-C for file operations that must not be cut in two; the function returned
    lets it through again, raising KeyboardInterrupt if one came meanwhile (unless ``late``)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda late=False: None
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))

    def release(late: bool = False) -> None:
        signal.signal(signal.SIGINT, previous)
        if caught and not late:
            raise KeyboardInterrupt

    return release


def _commit(staging: Path, out_dir: Path) -> None:
    """Put the finished ``staging`` folder in ``out_dir``'s place, keeping a user's files."""
    old = None
    if out_dir.exists():
        # never marked as staging: if the run dies here, the user's files are still in it
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
        old.rmdir()
        os.replace(out_dir, old)
    try:
        os.replace(staging, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        for entry in old.iterdir():
            if not is_own_output(entry.name):
                os.replace(entry, out_dir / entry.name)
        shutil.rmtree(old, ignore_errors=True)
