"""Several batches planned together (contract section 10): ``planner roadmap``.

- :mod:`planner.roadmap.table`: the scenario's ``[roadmap]`` table, checked key by key;
- :mod:`planner.roadmap.state`: the roll-forward of the state between batches (pure);
- :mod:`planner.roadmap.ramp`: each batch's required counts and their exact ratios;
- :mod:`planner.roadmap.model`: ONE model over all batches (joint assignment, tenure across
  batches, per-batch caps and targets), solved with the ``models`` engines;
- :mod:`planner.roadmap.run`: joint and one-at-a-time plans, batch problems, validation;
- :mod:`planner.roadmap.output`: the output folder (batch-k/, roadmap.csv/png, run.json).
"""
