"""The CXone agent API's edge: what CXone does to every request before any route sees it.

- **Path casing.** CXone serves its agent API case-insensitively on the prefix
  `incontactapi/services/vNN.0/`; NICE's SDK calls `/InContactAPI/services/v23.0/...`. The
  prefix is rewritten to the sandbox's own casing (`/inContactAPI/services/vNN.0/`), so the
  routes, their errors and the OpenAPI document keep one spelling. The rest of the path is
  left as it is.
- **The token server's casing.** `/InContactAuthorizationServer/Token/whoami` (any casing) is
  served as `/incontactauthorizationserver/token/whoami`.
- **CorrelationId.** A `CorrelationId` request header is echoed on the answer of every CXone
  path, success or error (even the last-resort 500).

`CxoneEdge` wraps the whole application (outside Starlette's error middleware), so nothing
answers a CXone path without passing through it.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ROOT = "/inContactAPI"
AUTH_SERVER = "/incontactauthorizationserver/"
CORRELATION_HEADER = "CorrelationId"
MAX_CORRELATION_ID = 128

_PREFIX = re.compile(r"/incontactapi(?=/|$)(?:/services(?=/|$)(?:/v(\d+)\.0(?=/|$))?)?", re.I)
_HEADER_KEY = CORRELATION_HEADER.lower().encode()


def canonical_path(path: str) -> str:
    """`path` with the CXone prefix in the sandbox's casing; any other path as it is."""
    if path[: len(AUTH_SERVER)].lower() == AUTH_SERVER:
        return path.lower()
    found = _PREFIX.match(path)
    if found is None:
        return path
    matched = found.group(0)
    canonical = ROOT
    if len(matched) > len(ROOT):
        canonical += "/services"
        if found.group(1) is not None:
            canonical += f"/v{found.group(1)}.0"
    return canonical + path[len(matched) :]


def correlation_id(scope: Scope) -> bytes | None:
    """The request's CorrelationId, when it is one that may be echoed (short, printable)."""
    for key, value in scope.get("headers", ()):
        if key.lower() == _HEADER_KEY:
            text = value.decode("latin-1").strip()
            if text and len(text) <= MAX_CORRELATION_ID and text.isprintable():
                return text.encode("latin-1")
            return None
    return None


class CxoneEdge:
    """ASGI middleware: the CXone prefix in one casing, and the CorrelationId echoed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = canonical_path(scope["path"])
        if path.startswith(AUTH_SERVER) and path != scope["path"]:
            scope = {**scope, "path": path, "raw_path": path.encode()}
        if not path.startswith(ROOT + "/"):
            await self.app(scope, receive, send)
            return
        if path != scope["path"]:
            scope = {**scope, "path": path, "raw_path": _raw_path(scope, path)}
        echo = correlation_id(scope)
        if echo is None:
            await self.app(scope, receive, send)
            return

        async def send_with_echo(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = message.get("headers", ())
                headers = [(k, v) for k, v in given if k.lower() != _HEADER_KEY]
                message = {**message, "headers": [*headers, (_HEADER_KEY, echo)]}
            await send(message)

        await self.app(scope, receive, send_with_echo)


def _raw_path(scope: Scope, path: str) -> bytes:
    """The raw path with the same prefix rewritten (only its case changes, so lengths agree)."""
    raw = scope.get("raw_path")
    given = str(scope["path"])
    found = _PREFIX.match(given)
    if not isinstance(raw, bytes) or found is None:
        return path.encode()
    size = len(found.group(0))
    if raw[:size].lower() == given[:size].lower().encode():
        return path[:size].encode() + raw[size:]
    return path.encode()
