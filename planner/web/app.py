"""The page's routes: Starlette, Jinja2 templates, and htmx (vendored in ``static/``).

Every route answers with HTML built from the session (:mod:`planner.web.session`); a route
called by htmx (``HX-Request``) gets the fragment it swaps in, a plain form post gets a redirect
back to the page, so the page also works with scripts off (without progress updates).
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from planner.domain.words import lever_words, ramp_words, reason_words, role_title, rule_name
from planner.errors import BadInput, PlannerError, Problem
from planner.i18n import _, current_language
from planner.outputs.status import plan_quality, status_words
from planner.roadmap.table import RAMPS as ROADMAP_RAMPS
from planner.web.security import LoopbackOnly
from planner.web.session import (
    DOWNLOADS,
    MAX_UPLOAD_BYTES,
    RULES,
    Session,
)

STATIC = Path(__file__).parent / "static"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("planner.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _
    env.globals["lang"] = current_language
    env.globals["downloads"] = DOWNLOADS
    env.globals["ramps"] = ROADMAP_RAMPS
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"
    env.filters["share"] = _share
    env.filters["role"] = role_title
    env.filters["rule"] = rule_name
    env.filters["ramp"] = ramp_words
    env.filters["lever"] = lever_words
    env.filters["reason"] = reason_words
    env.filters["quality"] = plan_quality
    env.filters["status_words"] = status_words
    env.filters["day"] = _day
    return env


def _day(text: Any) -> str:
    """An ISO date as a cadre writes it, dd/mm/yyyy."""
    try:
        return date.fromisoformat(str(text)).strftime("%d/%m/%Y")
    except ValueError:
        return str(text)


def _share(numerator: Any, denominator: Any) -> float:
    try:
        n, d = float(numerator), float(denominator)
    except (TypeError, ValueError):
        return 0.0
    return n / d if d else 0.0


def create_app(session: Session, *, port: int, max_upload: int = MAX_UPLOAD_BYTES) -> Starlette:
    """The page for ``session``, answering only requests addressed to 127.0.0.1:``port``;
    a request body above ``max_upload`` bytes (and a little for the form) is refused."""
    env = _environment()

    def page(request: Request, template: str = "index.html", **extra: Any) -> HTMLResponse:
        context = {"s": session, "run": session.current(), "rules": RULES, **extra}
        html = env.get_template(template).render(context)
        return HTMLResponse(html)

    def back(request: Request, fragment: str = "main.html") -> Response:
        if request.headers.get("HX-Request"):
            return page(request, fragment)
        return RedirectResponse("/", status_code=303)

    async def index(request: Request) -> Response:
        return page(request)

    async def open_scenario(request: Request) -> Response:
        form = await request.form()
        choice = str(form.get("example") or "").strip()
        path_text = str(form.get("path") or "").strip()
        if choice.isdigit() and int(choice) < len(session.examples):
            session.open(session.examples[int(choice)])
        elif path_text:
            session.open(Path(path_text).expanduser())
        return back(request)

    async def upload(request: Request) -> Response:
        async with request.form(max_files=1, max_fields=10, max_part_size=max_upload) as f:
            item = f.get("file")
            if item is None or isinstance(item, str):
                raise BadInput(Problem("upload", None, None, _("choose a file to upload")))
            data = await item.read()
            session.upload(item.filename or "upload", data)
        return back(request)

    async def settings(request: Request) -> Response:
        form = await request.form()
        _read_settings(session, dict(form))
        if form.get("then") == "solve":
            session.start_solve()
        return back(request)

    async def solve(request: Request) -> Response:
        session.start_solve()  # a second click while solving starts nothing
        return back(request)

    async def run_panel(request: Request) -> Response:
        run = session.run_by_id(request.path_params["run_id"])
        if run is None:
            raise HTTPException(404)
        if run.status not in ("running", "ranking") and request.headers.get("HX-Request"):
            # done: the whole page part again, so that the solve button is enabled again
            response = page(request, "main.html")
            response.headers["HX-Retarget"] = "#main"
            response.headers["HX-Reswap"] = "innerHTML"
            return response
        return page(request, "run.html", run=run)

    async def pin(request: Request) -> Response:
        form = await request.form()
        session.pin(
            str(form.get("seat", "")), str(form.get("official", "")), str(form.get("action", ""))
        )
        return back(request, "pins.html")

    async def lever(request: Request) -> Response:
        if session.apply_lever(request.path_params["run_id"], int(request.path_params["index"])):
            session.start_solve()
        return back(request)

    async def sweep(request: Request) -> Response:
        from planner.whatif.sweep import parse_targets

        form = await request.form()
        ratios = parse_targets(str(form.get("targets", "")))
        session.start_sweep(ratios)
        return back(request)

    async def roadmap(request: Request) -> Response:
        form = await request.form()
        if "then" in form:  # the targets and rules on the page come along, as for a solve
            _read_settings(session, dict(form))
        if session.set_roadmap(str(form.get("batches", "")), str(form.get("ramp", ""))):
            session.start_roadmap()  # a second click while running starts nothing
        return back(request)

    async def roadmap_lever(request: Request) -> Response:
        run_id, index = request.path_params["run_id"], int(request.path_params["index"])
        if session.apply_roadmap_lever(run_id, index):
            session.start_roadmap()
        return back(request)

    async def download(request: Request) -> Response:
        run = session.run_by_id(request.path_params["run_id"])
        name = request.path_params["name"]
        path = None if run is None else await run_in_threadpool(run.file, name, make=True)
        if run is None or path is None:
            raise HTTPException(404)
        what = "roadmap" if run.kind == "roadmap" else "outputs"
        filename = f"{run.id}-{what}.zip" if name == "zip" else name
        return FileResponse(path, filename=filename)

    async def chart(request: Request) -> Response:
        run = session.run_by_id(request.path_params["run_id"])
        chart = {"sweep": "sweep.png", "roadmap": "roadmap.png"}
        path = None if run is None or run.kind not in chart else run.folder / chart[run.kind]
        if path is None or not path.is_file():
            raise HTTPException(404)
        return FileResponse(path, media_type="image/png")

    async def planner_error(request: Request, exc: Exception) -> Response:
        problems = exc.problems if isinstance(exc, BadInput) else []
        message = "" if problems else str(exc)
        html = env.get_template("error.html").render(s=session, problems=problems, message=message)
        return HTMLResponse(html, status_code=200 if request.headers.get("HX-Request") else 400)

    async def http_error(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 500
        text = _("Not found.") if code == 404 else _("This request cannot be answered.")
        return HTMLResponse(f"<!doctype html><p>{text}</p>", status_code=code)

    async def server_error(request: Request, exc: Exception) -> Response:
        traceback.print_exception(exc, file=sys.stderr)  # for the terminal, never the page
        text = _("Something went wrong inside the planner; see the terminal.")
        return HTMLResponse(f"<!doctype html><p>{text}</p>", status_code=500)

    routes = [
        Route("/", index),
        Route("/open", open_scenario, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        Route("/settings", settings, methods=["POST"]),
        Route("/solve", solve, methods=["POST"]),
        Route("/run/{run_id:str}", run_panel),
        Route("/pin", pin, methods=["POST"]),
        Route("/lever/{run_id:str}/{index:int}", lever, methods=["POST"]),
        Route("/sweep", sweep, methods=["POST"]),
        Route("/roadmap", roadmap, methods=["POST"]),
        Route("/roadmap/lever/{run_id:str}/{index:int}", roadmap_lever, methods=["POST"]),
        Route("/download/{run_id:str}/{name:str}", download),
        Route("/chart/{run_id:str}", chart),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        exception_handlers={
            PlannerError: planner_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.add_middleware(LoopbackOnly, port=port, max_body=max_upload + 64 * 1024)
    return app


def _number(text: str) -> float | int | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    return int(value) if value == int(value) and "." not in text else value


def _read_settings(session: Session, form: dict[str, Any]) -> None:
    """Targets and rules from the page's form, as scenario overrides (blank = as scenario)."""
    opened = session.opened
    if opened is None:
        return
    problems: list[Problem] = []

    def read(key: str, text: str) -> None:
        try:
            value = _number(text)
        except ValueError:
            problems.append(
                Problem(key, None, None, _("{value!r} is not a number").format(value=text))
            )
            return
        session.set_override(key, value)

    read("target.min_nonlocal_ratio", str(form.get("target.min_nonlocal_ratio", "")))
    for share in opened.groups:
        read(f"target.groups.{share.key}", str(form.get(f"group:{share.key}", "")))
    for share in opened.roles:
        read(f"target.roles.{share.key}", str(form.get(f"role:{share.key}", "")))
    for key, (kind, _label) in RULES.items():
        if kind == "bool":
            if f"{key}:shown" in form:
                session.set_override(key, key in form)
        else:
            read(key, str(form.get(key, "")))
    # a value equal to the scenario's own is no change
    for key, value in list(session.overrides.items()):
        if key in opened.rules and opened.rules[key] == value:
            del session.overrides[key]
    if problems:
        raise BadInput(problems)
