"""``planner serve``: the deliberation page (contract section 11), a thin layer over the library.

:mod:`planner.web.session` holds one planner's state and calls the commands' library functions;
:mod:`planner.web.app` is the Starlette application (Jinja2 templates, htmx vendored in
``static/``, no outside script, style or font); :mod:`planner.web.security` keeps it local.
"""

from planner.web.app import create_app
from planner.web.session import Session

__all__ = ["Session", "create_app"]
