"""The hard rules, stated twice on purpose: vectorised for the model (``eligibility``) and plainly,
one official and one seat at a time (``plain``), which the validator (``validator``) uses to check
every plan without a solver."""
