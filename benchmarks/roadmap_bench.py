"""Roadmap timings (benchmarks/README.md, roadmap section); never run by the tests.

    python benchmarks/roadmap_bench.py SCENARIO DATE [DATE...] [--engine E] [--set K=V]...

Prints the time to prepare the batches, to solve the ONE joint model (status, cost, bound,
parts) and to plan the batches one at a time.
"""

from __future__ import annotations

import argparse
import time

from planner.inputs.consistency import load_checked
from planner.roadmap.run import prepare, solve_greedy, solve_joint


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("dates", nargs="+")
    parser.add_argument("--engine", default="lp+scip")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--greedy", action="store_true")
    args = parser.parse_args()
    batches = "[" + ", ".join(f'"{d}"' for d in args.dates) + "]"
    started = time.perf_counter()
    scenario, dataset, tree = load_checked(
        args.scenario, sets=[f"roadmap.batches={batches}", *args.set]
    )
    read = time.perf_counter()
    setup = prepare(scenario, dataset, tree)
    prepared = time.perf_counter()
    pairs = [len(b.official) for b in setup.joint.batches]
    joint = solve_joint(setup.joint, engine=args.engine, time_limit_s=args.time_limit)
    solved = time.perf_counter()
    print(
        f"read {read - started:.1f} s, prepare {prepared - read:.1f} s (pairs per batch {pairs}), "
        f"joint {solved - prepared:.1f} s: {joint.status} cost {joint.cost} bound {joint.bound} "
        f"in {joint.parts} parts with {args.engine}"
    )
    if args.greedy:
        greedy = solve_greedy(setup, time_limit_s=args.time_limit)
        print(f"one at a time {time.perf_counter() - solved:.1f} s: cost {greedy.cost}")


if __name__ == "__main__":
    main()
