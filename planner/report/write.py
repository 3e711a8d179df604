"""``write_report(DIR)``: ``report.html``, ``proposal.docx`` and ``plans.xlsx`` in a run folder,
each written beside its final name and renamed, so a report is there whole or not at all."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from planner.report.folder import read_folder
from planner.report.html import render_report
from planner.report.no_plan import render_no_plan
from planner.report.proposal import build_no_plan, write_proposal
from planner.report.xlsx import write_workbook


def replace_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write beside ``path`` and rename: a report is there whole or not at all."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; a report is for sharing
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_report(folder: str | Path, *, xlsx: bool = True) -> list[Path]:
    """``report.html``, ``proposal.docx`` (and ``plans.xlsx``) in ``folder``; returns the
    files written. A run without a plan gets its ``proposal.docx`` saying why."""
    no_plan = Path(folder) / "infeasibility.json"
    if no_plan.is_file() and not (Path(folder) / "plans.csv").is_file():
        return _write_no_plan(Path(folder), no_plan)
    run = read_folder(folder)
    html_path = run.path / "report.html"
    page = render_report(run)

    def write_html(path: Path) -> None:
        path.write_text(page, encoding="utf-8")

    replace_whole(html_path, write_html)
    proposal_path = run.path / "proposal.docx"
    replace_whole(proposal_path, lambda p: write_proposal(p, run))
    written = [html_path, proposal_path]
    if xlsx:
        xlsx_path = run.path / "plans.xlsx"
        replace_whole(xlsx_path, lambda p: write_workbook(p, run))
        written.append(xlsx_path)
    return written


def _write_no_plan(folder: Path, infeasibility: Path) -> list[Path]:
    answer = json.loads(infeasibility.read_text(encoding="utf-8"))
    try:
        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    scenario = info.get("scenario") if isinstance(info.get("scenario"), dict) else {}
    name = str(scenario.get("name") or folder.name)
    html_path = folder / "report.html"
    page = render_no_plan(name, answer)

    def write_html(path: Path) -> None:
        path.write_text(page, encoding="utf-8")

    replace_whole(html_path, write_html)
    path = folder / "proposal.docx"
    replace_whole(path, lambda p: build_no_plan(name, answer, scenario).doc.save(str(p)))
    return [html_path, path]
