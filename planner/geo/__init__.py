"""Vietnam's real administrative tree (contract section 12): the official lists of both eras,
the former communes of the 2025 merger, and free-text addresses resolved against a units file.

Only :mod:`planner.geo.source` knows where the lists come from (an optional package); the rest
works on plain records and on units files, so a newer list replaces one module.
"""
