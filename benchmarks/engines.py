"""Which engine proves a part fastest, by part size: the measurement behind
``planner.solve.strategy.choose_engine`` (benchmarks/README.md).

    python benchmarks/engines.py [--per-size 3] [--time-limit 60] [--kinds hanoi-2023-synthetic ...]

Each instance is split into its independent parts as ``planner solve`` does; up to
``--per-size`` parts of each size class are solved for plan 1 by every engine, and again with
the ranking row "differ from that plan in at least one seat" (the deviation solve the ranking
makes once per part). In-process, one solve at a time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from models.decompose import components, parts
from models.engines import Status
from models.solve import solve
from planner.solve.problem import load_problem

SIZES = ((0, 2_000), (2_000, 10_000), (10_000, 50_000), (50_000, 1_000_000))
ENGINES = ("lp+scip", "lp+highs", "scip", "highs", "cp-sat")
CASES = {
    "hanoi-2023-synthetic": (),
    "hanoi-2025-synthetic": ("target.roles={secretary=0.9}",),
    "national-2025": (),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=list(CASES))
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--per-size", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    # (size class, engine, kind of solve) -> [(seconds, proven)]
    seen: dict[tuple[int, str, str], list[tuple[float, bool]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            folder = Path(tmp) / kind
            subprocess.run(
                [sys.executable, "-m", "planner.generate", kind, str(folder)],
                check=True,
                capture_output=True,
            )
            instance = load_problem(folder / "scenario.toml", sets=list(CASES[kind])).instance
            taken: dict[int, int] = defaultdict(int)
            for p in parts(instance, components(instance)):
                size = next(i for i, (lo, hi) in enumerate(SIZES) if lo <= p.instance.n_pairs < hi)
                if taken[size] >= args.per_size:
                    continue
                taken[size] += 1
                base = solve(p.instance, engine="lp+scip", time_limit_s=args.time_limit)
                for engine in args.engines:
                    for what, extra in (
                        ("plan 1", {}),
                        ("deviation", {"previous": (base.assignment,), "min_difference": 1}),
                    ):
                        started = time.perf_counter()
                        sol = solve(
                            p.instance, engine=engine, time_limit_s=args.time_limit, **extra
                        )  # type: ignore[arg-type]
                        wall = time.perf_counter() - started
                        seen[(size, engine, what)].append((wall, sol.status is Status.OPTIMAL))
                        print(
                            f"{kind} part of {p.instance.n_pairs} pairs, {what}, {engine}: "
                            f"{wall:.2f} s {sol.status}",
                            flush=True,
                        )
    print()
    print("| part size (pairs) | solve | " + " | ".join(args.engines) + " |")
    print("|---|---|" + "---|" * len(args.engines))
    for size, (lo, hi) in enumerate(SIZES):
        for what in ("plan 1", "deviation"):
            cells = []
            for engine in args.engines:
                runs = seen.get((size, engine, what))
                if not runs:
                    cells.append("–")
                    continue
                mean = sum(w for w, _ in runs) / len(runs)
                proven = sum(ok for _, ok in runs)
                cells.append(f"{mean:.2f} s ({proven}/{len(runs)} proven)")
            if any(c != "–" for c in cells):
                print(f"| {lo:,}–{hi:,} | {what} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
