"""``infeasibility.json``: the answer to "why is there no plan", kept beside (or instead of) plans.

Written whole or not at all (contract section 6), UTF-8 with Vietnamese names as they are.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from planner.errors import BadInput, Problem
from planner.explain.explanation import Explanation
from planner.outputs.files import (
    RUN_FILE,
    is_planner_folder,
    out_dir_problem,
    write_folder,
    write_json,
)

FILE_NAME = "infeasibility.json"


def _write(path: Path, explanation: Explanation) -> None:
    path.write_text(
        json.dumps(explanation.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_infeasibility(
    out_dir: Path,
    explanation: Explanation,
    *,
    run_info: dict[str, Any],
    inputs: Iterable[Path] = (),
    keep_other_files: bool = False,
) -> Path:
    """Write ``out_dir/infeasibility.json``; return its path.

    By default the folder is replaced whole, as ``planner solve`` does when it finds no plan:
    plans left from an earlier run beside a "no plan" answer would contradict it.
    ``keep_other_files`` (``planner explain --out``) replaces only the file, atomically, so an
    explanation can be added to a run folder without touching its plans. ``run_info`` is
    written as ``run.json`` in a new folder, so that the folder is known as the planner's.
    """
    out_dir = Path(out_dir)
    inputs = list(inputs)
    refused = out_dir_problem(out_dir, inputs)
    if refused:
        raise BadInput(Problem("--out", None, None, refused))
    if not keep_other_files or not out_dir.is_dir() or not is_planner_folder(out_dir):

        def fill(staging: Path) -> None:
            _write(staging / FILE_NAME, explanation)
            write_json(staging / RUN_FILE, run_info)

        folder = write_folder(out_dir, fill, inputs)
        return Path(folder) / FILE_NAME
    handle, temp = tempfile.mkstemp(prefix=f".{FILE_NAME}.", dir=out_dir)
    os.close(handle)
    try:
        _write(Path(temp), explanation)
        os.replace(temp, out_dir / FILE_NAME)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out_dir / FILE_NAME
