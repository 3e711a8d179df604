"""Reports for the committee meeting, made from a run's output folder alone.

``planner.report.write.write_report(DIR)`` writes ``DIR/report.html`` (self-contained, opens
offline), ``DIR/proposal.docx`` and ``DIR/plans.xlsx``. They read only the folder's files, so
they work on any run folder: the one just written, a sweep's variant, or one sent by another
district.

This package file imports nothing: ``planner solve`` reads a previous plan through
``planner.report.folder`` without loading python-docx, Jinja2 or openpyxl.
"""
