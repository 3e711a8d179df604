"""``python -m planner.generate KIND OUT_DIR``: write a ready-to-run scenario folder.

Without ``--seed`` a bundled kind uses its bundled seed, so that the command in
scenarios/README.md regenerates the committed files exactly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from planner.errors import PlannerError
from planner.generate.audit import CheckRules, check
from planner.generate.core import generate
from planner.generate.output import write_scenario
from planner.generate.presets import BUNDLED_SEEDS, KINDS, preset
from planner.i18n import _


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m planner.generate",
        description=_("Generate a synthetic scenario folder (data/*.csv and scenario.toml)."),
    )
    parser.add_argument("kind", choices=KINDS, help=_("which preset to generate"))
    parser.add_argument("out_dir", type=Path, help=_("folder to write (created if missing)"))
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help=_("random seed (default: the bundled seed of the kind, else 0)"),
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=_("multiply every district's (province's) commune count, e.g. 0.1"),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("also print eligible pairs and each group's reachable share"),
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error(_("--scale must be positive"))
    seed = args.seed if args.seed is not None else BUNDLED_SEEDS.get(args.kind, 0)
    started = time.perf_counter()
    try:
        spec = preset(args.kind, args.scale)
    except PlannerError as error:  # a real-map preset without the optional extra
        print(error, file=sys.stderr)
        return int(error.exit_code)
    data = generate(spec, seed)
    path = write_scenario(data, args.out_dir, args.scale)
    elapsed = time.perf_counter() - started
    print(
        _(
            "{path}: {units} units, {seats} seats, {officials} officials, {relations} relations, "
            "{preferences} preferences (seed {seed}, {seconds:.1f} s)"
        ).format(
            path=path,
            units=len(data.units),
            seats=len(data.seats),
            officials=len(data.officials),
            relations=len(data.relations),
            preferences=len(data.preferences),
            seed=seed,
            seconds=elapsed,
        )
    )
    if args.check:
        report = check(data, CheckRules.of(spec))
        print(report.text())
        if not report.feasible():
            print(_("some group cannot reach its target"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
