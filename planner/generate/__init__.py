"""Seeded synthetic data in the contract's format, and the bundled scenarios made from it.

Real personnel files cannot leave an Organization Committee, yet the planner has to be shown,
tested and benchmarked on data that looks like them: Vietnamese names with diacritics, Hanoi's
real district and commune counts, mostly local incumbents, deputies and district cadres on the
planning list. A :class:`Spec` says what to make, :func:`generate` makes it from a seed (same
seed, same bytes), :func:`write` / :func:`write_scenario` put it on disk, and
:func:`planner.generate.audit.check` verifies, without a solver, that the targets are reachable.

Command line: ``python -m planner.generate KIND OUT_DIR [--seed N] [--scale F] [--check]``.
"""

from planner.generate.core import GeneratedData, generate
from planner.generate.output import scenario_toml, write, write_scenario
from planner.generate.presets import BUNDLED_SEEDS, KINDS, Block, Province, Spec, preset

__all__ = [
    "BUNDLED_SEEDS",
    "KINDS",
    "Block",
    "GeneratedData",
    "Province",
    "Spec",
    "generate",
    "preset",
    "scenario_toml",
    "write",
    "write_scenario",
]
