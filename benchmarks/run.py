"""Times ``planner solve`` end to end on instances of increasing size, next to an independent
one-model formulation (benchmarks/reference.py), and checks that both find the same plan-1 cost.

    python benchmarks/run.py            # all five instances (about 15 minutes on 2 cores)
    python benchmarks/run.py --quick    # district, Hanoi 2023, Hanoi 2025 (about a minute)
    python benchmarks/run.py --readme   # also write the table into benchmarks/README.md

Every timed command runs in a fresh process under a small wrapper that reports the wall time
and the peak resident memory of that command alone (``getrusage(RUSAGE_CHILDREN)`` in a
process with no other child). Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"

#: Measures one command: its wall time and its own peak RSS (this wrapper has no other child).
WRAPPER = """\
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as log:
    t = time.perf_counter()
    done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=log)
    wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "wall_s": wall, "peak_kb": peak}))
"""


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # planner.generate preset
    sets: tuple[str, ...] = ()
    quick: bool = True
    five_plans: bool = False


CASES = (
    Case("district", "district"),
    Case("hanoi-2023", "hanoi-2023-synthetic", five_plans=True),
    Case(
        "hanoi-2025 (secretary 0.9)",
        "hanoi-2025-synthetic",
        ("target.roles={secretary=0.9}",),
        five_plans=True,
    ),
    Case("national-2025", "national-2025", quick=False),
    Case("national-2023", "national-2023", quick=False),
)


@dataclass
class Row:
    case: Case
    seats: int = 0
    officials: int = 0
    pairs: int = 0
    parts: int = 0
    planner: dict[str, Any] = field(default_factory=dict)
    five: dict[str, Any] = field(default_factory=dict)
    reference: dict[str, Any] = field(default_factory=dict)
    lp: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def measure(command: list[str], log: Path, timeout: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(log), *command],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs (others' load on a shared machine only ever adds time);
    memory is the largest seen."""
    fastest = dict(min(runs, key=lambda r: r["wall_s"]))
    fastest["peak_kb"] = max(r["peak_kb"] for r in runs)
    fastest["runs"] = len(runs)
    return fastest


def planner_command() -> list[str]:
    found = shutil.which("planner")
    return [found] if found else [sys.executable, "-c", "from planner.cli import main; main()"]


def solve(row: Row, scenario: Path, work: Path, plans: int, repeat: int) -> dict[str, Any]:
    runs = []
    for i in range(repeat):
        out = work / f"out-{plans}-{i}"
        command = [
            *planner_command(),
            "solve",
            str(scenario),
            "--out",
            str(out),
            "--plans",
            str(plans),
            "--quiet",
            *(a for s in row.case.sets for a in ("--set", s)),
        ]
        run = measure(command, work / f"planner-{plans}-{i}.log", timeout=3600)
        if run["rc"] != 0:
            row.problems.append(
                f"planner --plans {plans} exited {run['rc']} "
                f"(see {work / f'planner-{plans}-{i}.log'})"
            )
            return run
        with (out / "ranking.csv").open(encoding="utf-8-sig") as f:
            ranking = list(csv.DictReader(f))
        info = json.loads((out / "run.json").read_text(encoding="utf-8"))
        run.update(
            cost=int(ranking[0]["cost"]),
            status=ranking[0]["status"],
            plans=len(ranking),
            timings=info["timings_s"],
            engine=info["solver"].get("engine_used"),
            parts=info["solver"].get("parts"),
        )
        runs.append(run)
        shutil.rmtree(out, ignore_errors=True)
    return best(runs)


def reference(
    row: Row, scenario: Path, work: Path, *, lp: bool, time_limit: float, repeat: int
) -> dict[str, Any]:
    runs = []
    for i in range(repeat):
        result = work / f"reference-{'lp' if lp else 'mip'}-{i}.json"
        command = [
            sys.executable,
            str(HERE / "reference.py"),
            str(scenario),
            "--time-limit",
            str(time_limit),
            "--json",
            str(result),
            *(a for s in row.case.sets for a in ("--set", s)),
            *(["--lp"] if lp else []),
        ]
        run = measure(command, work / f"reference-{i}.log", timeout=time_limit * 3 + 600)
        if run["rc"] != 0:
            row.problems.append(f"reference{' --lp' if lp else ''} exited {run['rc']}")
            return run
        run.update(json.loads(result.read_text(encoding="utf-8")))
        runs.append(run)
    return best(runs)


def planner_counts(scenario: Path, sets: tuple[str, ...]) -> tuple[int, int, int, int]:
    """Seats, officials, candidate pairs and parts as the planner sees them (not timed)."""
    from models.decompose import components
    from planner.solve.problem import load_problem

    instance = load_problem(scenario, sets=list(sets)).instance
    return (instance.n_seats, instance.n_officials, instance.n_pairs, len(components(instance)))


def check(row: Row) -> None:
    """The reference and the planner must agree: same pairs, same optimal plan-1 cost."""
    p, r = row.planner, row.reference
    if r.get("pairs") is not None and r["pairs"] != row.pairs:
        row.problems.append(f"eligible pairs differ: planner {row.pairs}, reference {r['pairs']}")
    if "cost" not in p or "cost" not in r:
        return
    if p["status"] == "OPTIMAL" and r["status"] == "OPTIMAL" and p["cost"] != r["cost"]:
        row.problems.append(f"plan-1 cost differs: planner {p['cost']}, reference {r['cost']}")
    elif p["status"] == "OPTIMAL" and r["status"] == "FEASIBLE":
        if p["cost"] > r["cost"]:
            row.problems.append(
                f"the reference found a cheaper plan ({r['cost']}) than the "
                f"planner's 'optimal' one ({p['cost']})"
            )
        if r.get("bound") is not None and p["cost"] < r["bound"] - 1e-6:
            row.problems.append(
                f"planner cost {p['cost']} is below the reference's bound {r['bound']:.1f}"
            )


def run_case(case: Case, work: Path, args: argparse.Namespace) -> Row:
    row = Row(case)
    folder = work / case.kind
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "planner.generate", case.kind, str(folder)],
        check=True,
        capture_output=True,
    )
    scenario = folder / "scenario.toml"
    row.seats, row.officials, row.pairs, row.parts = planner_counts(scenario, case.sets)
    print(
        f"{case.name}: {row.seats} seats, {row.officials} officials, {row.pairs} pairs, "
        f"{row.parts} parts",
        flush=True,
    )
    row.planner = solve(row, scenario, folder, 1, args.repeat)
    print(
        f"  planner plan 1: {row.planner.get('wall_s', float('nan')):.2f} s "
        f"{row.planner.get('status')} cost {row.planner.get('cost')}",
        flush=True,
    )
    if case.five_plans:
        row.five = solve(row, scenario, folder, 5, args.repeat)
        print(f"  planner 5 plans: {row.five.get('wall_s', float('nan')):.2f} s", flush=True)
    if not args.no_reference:
        row.reference = reference(
            row, scenario, folder, lp=False, time_limit=args.reference_time_limit, repeat=1
        )
        print(
            f"  reference: {row.reference.get('wall_s', float('nan')):.2f} s "
            f"{row.reference.get('status')} cost {row.reference.get('cost')}",
            flush=True,
        )
        row.lp = reference(
            row, scenario, folder, lp=True, time_limit=args.reference_time_limit, repeat=1
        )
        check(row)
    for problem in row.problems:
        print(f"  PROBLEM: {problem}", flush=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    head = (
        "| instance | seats | officials | eligible pairs | parts | planner wall (s) "
        "| of which solve + validate (s) | reference wall (s) | ratio | plan-1 status "
        "| cost check | planner peak MB | reference peak MB | LP floor (s) |"
    )
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in rows:
        p, ref, lp = r.planner, r.reference, r.lp
        ratio = (
            f"{p['wall_s'] / ref['wall_s']:.2f}"
            if p.get("wall_s") and ref.get("wall_s") and ref.get("status")
            else "–"
        )
        ref_wall = fmt_s(ref.get("wall_s")) if ref else "–"
        if ref and ref.get("status") not in (None, "OPTIMAL"):
            ref_wall += f" ({ref.get('status')}, limit)"
        if not ref:
            agree = "not run"
        elif any("differ" in x or "cheaper" in x or "below" in x for x in r.problems):
            agree = "**MISMATCH**"
        elif ref.get("status") == "OPTIMAL":
            agree = f"= {ref.get('cost')}"
        else:
            agree = f"≤ ref {ref.get('cost')}"
        phases = p.get("timings", {})
        inside = (
            f"{fmt_s(phases.get('solve_s'))} + {fmt_s(phases.get('validate_s'))}" if phases else "–"
        )
        lines.append(
            f"| {r.case.name} | {r.seats:,} | {r.officials:,} | {r.pairs:,} | {r.parts} "
            f"| {fmt_s(p.get('wall_s'))} | {inside} | {ref_wall} | {ratio} "
            f"| {p.get('status', '–')} "
            f"| {agree} | {p.get('peak_kb', 0) / 1024:.0f} "
            f"| {ref.get('peak_kb', 0) / 1024:.0f} | {fmt_s(lp.get('solve_s'))} |"
        )
    out = "\n".join(lines)
    for r in rows:
        if r.five.get("timings") and r.planner.get("timings"):
            one, five = r.planner, r.five
            solve_1, solve_5 = one["timings"]["solve_s"], five["timings"]["solve_s"]
            out += (
                f"\n\n5 ranked plans on {r.case.name}: {fmt_s(five['wall_s'])} s end to "
                f"end against {fmt_s(one['wall_s'])} s for plan 1 alone "
                f"({five['wall_s'] / one['wall_s']:.2f}x); solver phase alone "
                f"{solve_5:.2f} s against {solve_1:.2f} s "
                f"({solve_5 / max(solve_1, 1e-9):.1f}x)."
            )
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{date.today().isoformat()}, {cpu}, {cores} cores, Python "
        f"{platform.python_version()}, OR-Tools {version('ortools')}"
    )


def write_readme(text: str) -> None:
    body = README.read_text(encoding="utf-8")
    if START not in body or END not in body:
        raise SystemExit(f"{README} has no {START} ... {END} section")
    before, rest = body.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the three smaller instances")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="KIND",
        help="only these presets (district, hanoi-2023-synthetic, ...)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="planner runs per instance, the fastest kept (default 3, quick 1)",
    )
    parser.add_argument(
        "--reference-time-limit",
        type=float,
        default=None,
        help="seconds for the one-model reference (default 900, quick 120)",
    )
    parser.add_argument("--no-reference", action="store_true", help="time the planner only")
    parser.add_argument("--work", type=Path, help="where instances go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep generated instances")
    parser.add_argument(
        "--readme", action="store_true", help="write the table into benchmarks/README.md"
    )
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.reference_time_limit = args.reference_time_limit or (120.0 if args.quick else 900.0)
    cases = [
        c for c in CASES if (c.quick or not args.quick) and (not args.only or c.kind in args.only)
    ]
    work = args.work or Path(tempfile.mkdtemp(prefix="planner-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = [run_case(case, work, args) for case in cases]
    (work / "results.json").write_text(
        json.dumps(
            [
                {
                    "case": r.case.name,
                    "seats": r.seats,
                    "officials": r.officials,
                    "pairs": r.pairs,
                    "parts": r.parts,
                    "planner": r.planner,
                    "five_plans": r.five,
                    "reference": r.reference,
                    "lp": r.lp,
                    "problems": r.problems,
                }
                for r in rows
            ],
            indent=1,
        ),
        encoding="utf-8",
    )
    text = (
        f"Measured {machine()}; `python benchmarks/run.py"
        f"{' --quick' if args.quick else ''}` in {time.perf_counter() - started:.0f} s; "
        f"planner: best of {args.repeat}.\n\n{table(rows)}"
    )
    problems = [f"{r.case.name}: {p}" for r in rows for p in r.problems]
    if problems:
        text += "\n\nProblems:\n" + "\n".join(f"- {p}" for p in problems)
    print()
    print(text)
    if args.readme:
        write_readme(text)
    if args.work is None and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
