"""``planner serve [SCENARIO] [--port N]``: the deliberation page on 127.0.0.1 (section 11)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from planner.commands.scenarios import bundled_root
from planner.errors import BadInput, Problem
from planner.i18n import LANGUAGES, N_, _, set_language

HELP = N_("Serve the deliberation page on 127.0.0.1 only; its work is removed on exit.")


def examples() -> list[Path]:
    """The bundled scenarios the page offers: those shipped in the package (also after a
    plain ``pip install``, as ``planner scenarios`` lists them)."""
    root = bundled_root()
    return sorted(root.glob("*/scenario.toml")) if root.is_dir() else []


def serve(
    scenario: Annotated[
        Path | None, typer.Argument(help=N_("scenario.toml to open (optional)"))
    ] = None,
    port: Annotated[int, typer.Option("--port", help=N_("port on 127.0.0.1 (0: any free)"))] = 8765,
    lang: Annotated[
        str | None, typer.Option("--lang", help=N_("vi (default) or en; also PLANNER_LANG"))
    ] = None,
) -> None:
    """Serve the deliberation page on 127.0.0.1 only; its work is removed on exit."""
    import uvicorn

    from planner.web import Session, create_app

    if lang is not None:
        if lang not in LANGUAGES:
            message = _("{value} is not one of {choices}").format(
                value=lang, choices=", ".join(LANGUAGES)
            )
            raise BadInput(Problem("--lang", None, None, message))
        set_language(lang)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        sock.close()
        raise BadInput(
            Problem(
                "--port",
                None,
                None,
                _("cannot listen on 127.0.0.1:{port} ({error})").format(
                    port=port, error=error.strerror
                ),
            )
        ) from None
    port = sock.getsockname()[1]
    session = Session(scenario, examples=examples())
    try:
        app = create_app(session, port=port)
        typer.echo(_("The page is at http://127.0.0.1:{port}/ (Ctrl-C to stop).").format(port=port))
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        session.close()
        sock.close()
