"""Seeded synthetic data in the contract's format, and the bundled scenarios made from it.

Real personnel files cannot leave an Organization Committee, yet the planner has to be shown,
tested and benchmarked on data that looks like them: Vietnamese names with diacritics, Hanoi's
real district and commune counts, mostly local incumbents, deputies and district cadres on the
planning list. A :class:`Spec` says what to make, :func:`generate` makes it from a seed (same
seed, same bytes), :func:`write` / :func:`write_scenario` put it on disk, and
:func:`planner.generate.audit.check` verifies, without a solver, that the targets are reachable.

Command line: ``python -m planner.generate KIND OUT_DIR [--seed N] [--scale F] [--check]``.

The modules: :mod:`~planner.generate.presets` (the kinds), :mod:`~planner.generate.core`,
:mod:`~planner.generate.output`, :mod:`~planner.generate.audit`. This package file imports none
of them, so that ``planner --help`` lists the kinds without loading pandas.
"""
