"""The pure optimisation layer: dense indices in, assignments out.

Nothing here knows about CSV files, unit names or Vietnamese; :mod:`planner` maps its domain
objects to an :class:`~models.instance.Instance` once, and maps the solution back once.
"""
