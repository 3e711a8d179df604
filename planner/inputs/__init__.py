"""Reading what planners bring: the scenario file, the data tables, pins, and the checks that
the tables agree with each other and with the scenario."""
