"""rotation-planner: ranked rotation plans for commune leaders.

The package is the application layer (reading and checking data, eligibility, scenarios,
solving strategy, ranking, results, export, the CLI). The pure optimisation layer lives in the
sibling package :mod:`models`, which sees dense integer indices only.
"""

__version__ = "0.1.0"
