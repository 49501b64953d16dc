"""Test knobs (off by default): answers of the CXone agent API shaped as a tenant may send them,
so the desktop's CXone client is shown to cope with what is not the sandbox's normal shape.

`SandboxConfig.cxone_answer_shapes` names the shapes to serve:

- `text-plain`: every answer under the agent API says `Content-Type: text/plain` whatever it
  carries (JSON included), so a client must read JSON without trusting the label.
- `bare-errors`: an error answer (4xx, 5xx) has no body at all, so a client must go by the
  status code, as NICE's agent SDK does (a tenant's 409 from get-next-event carries none).

The knobs change only the answers' labels and bodies, never what the sandbox does.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.sandbox.cxone.edge import ROOT

TEXT_PLAIN = "text-plain"
BARE_ERRORS = "bare-errors"
SHAPES = frozenset({TEXT_PLAIN, BARE_ERRORS})

_CONTENT_TYPE = b"content-type"
_CONTENT_LENGTH = b"content-length"


def check_shapes(shapes: Iterable[str]) -> list[str]:
    """The names among `shapes` that are not knobs of this module."""
    return sorted(set(shapes) - SHAPES)


class AnswerShapes:
    """ASGI middleware: reshapes the agent API's answers (paths under the CXone root)."""

    def __init__(self, app: ASGIApp, shapes: frozenset[str]) -> None:
        self.app = app
        self.text_plain = TEXT_PLAIN in shapes
        self.bare_errors = BARE_ERRORS in shapes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ROOT + "/"):
            await self.app(scope, receive, send)
            return
        bare = False

        async def reshaped(message: Message) -> None:
            nonlocal bare
            if message["type"] == "http.response.start":
                bare = self.bare_errors and message["status"] >= 400
                headers = list(message.get("headers", ()))
                if bare:
                    headers = [(k, v) for k, v in headers if k.lower() != _CONTENT_TYPE]
                    headers = [(k, v) for k, v in headers if k.lower() != _CONTENT_LENGTH]
                    headers.append((_CONTENT_LENGTH, b"0"))
                elif self.text_plain:
                    headers = [(k, v) for k, v in headers if k.lower() != _CONTENT_TYPE]
                    headers.append((_CONTENT_TYPE, b"text/plain; charset=utf-8"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and bare:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, reshaped)
