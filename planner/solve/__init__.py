"""From a checked scenario to validated plans: the dense problem, the ranking strategy, the
executor that runs independent parts, and ``planner solve`` as a library call."""
