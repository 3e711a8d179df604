"""A seeded fuzz battery over the tiny dataset (contract section 8).

Hundreds of corrupted data folders are made deterministically from conftest.TINY (cell
mutations: control characters, huge numbers, odd number forms; dropped, duplicated and extra
columns; extra cells; BOM variants and encodings; deleted files; unknown ids) and run through
``planner validate`` in-process, and a sample through ``planner solve``. Every case must end
with exit 0, 2 or 3 and never a traceback; on exit 2 every message names a file and a row or
column (or a scenario key); on exit 0 every CSV output parses back with as many rows as plans
× seats. The count of cases tried is printed (run with -s to see it).
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pytest
from conftest import TINY, write_dataset
from helpers_workbook import write_workbook

from planner.errors import BadInput, PlannerError

SEED = 20261202
CASES = 300
SOLVE_EVERY = 15
WORKBOOK_EVERY = 5

_ODD_VALUES = [
    "\x00",
    "\x1b[31m",
    "\x07",
    "\r",
    "\n",
    "\t",
    "1_0",
    "５",
    "1e3",
    "+5",
    ".5",
    "4,7",
    "-0",
    "9" * 40,
    "1e400",
    "inf",
    "nan",
    "NaN",
    "-1",
    "=1+1",
    '"',
    "''",
    "🙂",
    "X" * 300,
    "",
    "12/05/1970",
    "31/02/1970",
    "0001-01-01",
    "9999-12-31",
    "2024-13-01",
    "UNKNOWN_ID",
    "P",
    "S1",
    "O1",
    "C1;C1;;",
    ";",
    " ",
    "\u00a0",
    "\u200b",
    "e\u0301",
]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _mutate(
    rng: random.Random, files: dict[str, str]
) -> tuple[dict[str, str | None], dict[str, bytes]]:
    """One corrupted dataset: texts by stem (None = deleted), and raw bytes for encodings."""
    texts: dict[str, str | None] = dict(files)
    raw: dict[str, bytes] = {}
    stem = rng.choice([s for s in files if s != "scenario"])
    rows = _rows(files[stem])
    kind = rng.choice(
        ["cell", "cell", "cell", "drop", "dup", "extra", "header", "bytes", "delete", "rows"]
    )
    if kind == "cell" and len(rows) > 1:
        for _ in range(rng.randint(1, 3)):
            r = rng.randrange(1, len(rows))
            c = rng.randrange(len(rows[r]))
            rows[r][c] = rng.choice(_ODD_VALUES) if rng.random() < 0.8 else rows[r][c] * 2
    elif kind == "drop":
        c = rng.randrange(len(rows[0]))
        rows = [row[:c] + row[c + 1 :] for row in rows]
    elif kind == "dup":
        c = rng.randrange(len(rows[0]))
        rows = [[*row, row[c]] for row in rows]
    elif kind == "extra":
        for row in rows[1:]:
            if rng.random() < 0.5:
                row.append(rng.choice(["", "x", "1"]))
    elif kind == "header":
        c = rng.randrange(len(rows[0]))
        rows[0][c] = rng.choice(["", rows[0][c].upper(), "Tên", "Mã cán bộ", "x", rows[0][-1]])
    elif kind == "rows":
        rows = (
            rows[:1] + [rng.choice(rows[1:]) for _ in range(rng.randint(0, 12))]
            if len(rows) > 1
            else rows
        )
    texts[stem] = _text(rows)
    if kind == "delete":
        texts[stem] = None
    elif kind == "bytes":
        codec = rng.choice(["utf-8-sig", "utf-16", "utf-16-le", "cp1258", "latin-1", "utf-32"])
        raw[stem] = texts[stem].encode(codec, errors="replace")  # type: ignore[union-attr]
        if rng.random() < 0.3:
            raw[stem] = raw[stem][: rng.randrange(len(raw[stem]) + 1)]
    return texts, raw


def _check_outputs(out: Path) -> None:
    plans = list(
        csv.DictReader(io.StringIO((out / "plans.csv").read_text(encoding="utf-8-sig"), newline=""))
    )
    ranking = list(
        csv.DictReader(
            io.StringIO((out / "ranking.csv").read_text(encoding="utf-8-sig"), newline="")
        )
    )
    assert plans and ranking
    seats_per_plan = {int(r["plan"]) for r in plans}
    assert len(plans) % len(seats_per_plan) == 0
    for name in ("groups.csv", "released.csv"):
        rows = list(
            csv.reader(io.StringIO((out / name).read_text(encoding="utf-8-sig"), newline=""))
        )
        assert len({len(r) for r in rows}) == 1, name


def _as_workbook(folder: Path, texts: dict[str, str | None]) -> bool:
    """The same corrupted tables as a workbook with Excel's typed cells (False when a value
    cannot be stored in a workbook at all, e.g. a NUL)."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    tables = {k: v for k, v in texts.items() if k != "scenario" and v is not None}
    try:
        write_workbook(folder / "canbo.xlsx", tables=tables)
    except (IllegalCharacterError, ValueError):
        return False
    scenario = (texts["scenario"] or "").replace('data = "data"', 'data = "canbo.xlsx"')
    (folder / "wb.toml").write_text(scenario, encoding="utf-8")
    return True


def _run(scenario: Path, out: Path | None) -> int:
    from planner.commands.solve import solve
    from planner.commands.validate import validate

    try:
        if out is None:
            validate(scenario, None, None)
        else:
            solve(scenario, out=out, plans=2, time_limit=10.0, quiet=True)
    except BadInput as error:
        for problem in error.problems:
            assert problem.file, problem
            # a problem with no row or column is about a whole file (missing, empty)
            whole_file = problem.file.endswith((".csv", ".toml", ".xlsx"))
            assert problem.row is not None or problem.column or whole_file, str(problem)
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", str(problem)), repr(str(problem))
        return 2
    except PlannerError as error:
        return int(error.exit_code)
    return 0


def test_fuzz_battery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    tally: dict[int, int] = {}
    workbooks = 0
    for case in range(CASES):
        folder = tmp_path / f"case{case}"
        texts, raw = _mutate(rng, {k: v for k, v in TINY.items()})
        scenario = write_dataset(folder, **texts)
        for stem, data in raw.items():
            (folder / "data" / f"{stem}.csv").write_bytes(data)
        out = folder / "out" if case % SOLVE_EVERY == 0 else None
        code = _run(scenario, out)
        assert code in (0, 2, 3), (case, code)
        if code == 0 and out is not None:
            _check_outputs(out)
        tally[code] = tally.get(code, 0) + 1
        if case % WORKBOOK_EVERY == 0 and _as_workbook(folder, texts):
            code = _run(folder / "wb.toml", None)
            assert code in (0, 2, 3), (case, "workbook", code)
            workbooks += 1
    with capsys.disabled():
        by_status = dict(sorted(tally.items()))
        print(
            f"\nfuzz: {CASES} CSV cases tried, all handled; by exit status {by_status}; "
            f"{workbooks} of them also as workbooks"
        )
    assert sum(tally.values()) == CASES and tally.get(2, 0) > CASES // 3
