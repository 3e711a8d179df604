"""What keeps a local page local: only loopback Host names, no cross-site posts, bounded bodies.

The server binds 127.0.0.1, but a web page elsewhere can still make the planner's browser send
requests to it, with its own host name resolving to 127.0.0.1 (DNS rebinding). Such a request
carries that foreign name in ``Host``, so every request whose ``Host`` is not
``127.0.0.1:PORT`` or ``localhost:PORT`` is refused; a form post from another site carries a
foreign ``Origin`` and is refused too. Bodies above ``max_body`` bytes are refused before they
are read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from planner.i18n import _

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


class BodyTooLarge(Exception):
    pass


class LoopbackOnly:
    """ASGI middleware: refuse foreign ``Host``/``Origin`` and bodies above ``max_body``."""

    def __init__(self, app: ASGIApp, *, port: int, max_body: int) -> None:
        self.app = app
        self.hosts = allowed_hosts(port)
        self.origins = frozenset(f"http://{h}" for h in self.hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").strip().lower()
        if host not in self.hosts:
            await _refuse(send, 421, _("This page answers only at 127.0.0.1."))
            return
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in self.origins and origin != "null":
            await _refuse(send, 403, _("Requests from other sites are refused."))
            return
        if scope["method"] not in ("GET", "HEAD"):
            if origin == "null":
                await _refuse(send, 403, _("Requests from other sites are refused."))
                return
            length = headers.get("content-length")
            if length is None and "chunked" in headers.get("transfer-encoding", ""):
                await _refuse(send, 411, _("A length is required."))
                return
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                await _refuse(send, 413, _("The upload is too large."))
                return
            receive = _bounded(receive, self.max_body)
        try:
            await self.app(scope, receive, send)
        except BodyTooLarge:
            await _refuse(send, 413, _("The upload is too large."))


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge
        return message

    return wrapped


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
