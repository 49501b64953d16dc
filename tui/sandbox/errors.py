"""Every error answer is a 4xx with a JSON body, whatever went wrong and wherever.

Handlers cover our own `ApiError`, the engine's refusals, FastAPI's validation errors, Starlette's
HTTP errors (404, 405, ...) and, as a last resort, any unexpected exception (logged with its
traceback, answered 500 without one). The body has the Webex `ApiErrorResponse` shape; the
OAuth token route answers in the OAuth2 shape instead (`OAuthError`), and a router can claim a
path prefix for its own shape (`add_error_shape`; the CXone router does).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from tui.backends.webex.wire import api_error
from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import Refusal

log = logging.getLogger(__name__)

TRACKING_HEADER = "TrackingID"
MAX_TRACKING_ID = 128

_STATUS_WORDS = {
    400: "The request is not valid.",
    401: "Sign in first.",
    403: "That is not allowed.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The request is too large.",
    415: "Send the body as application/json.",
}

_REFUSAL_STATUS = {
    Refusal.NOT_PERMITTED: 403,
    Refusal.INVALID_REQUEST: 400,
    Refusal.AGENT_NOT_FOUND: 404,
    Refusal.NO_SUCH_SESSION: 404,
    Refusal.IMPERSONATION_NOT_ALLOWED: 403,
}

ErrorRenderer = Callable[[int, str, str | None, dict[str, str]], JSONResponse]
"""(status, plain words, the error's name if the raiser gave one, headers) -> the answer."""


class ApiError(Exception):
    """Answer with this HTTP status and a plain-words description.

    `name` is the error's name for protocols whose error bodies carry one (CXone's `error`).
    """

    def __init__(
        self,
        status: int,
        description: str,
        headers: dict[str, str] | None = None,
        *,
        name: str | None = None,
    ):
        super().__init__(description)
        self.status = status
        self.description = description
        self.headers = headers
        self.name = name


class OAuthError(Exception):
    """An OAuth2 token-endpoint error: `{"error": code, "error_description": words}`."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


TRACKING_PREFIX = "sandbox"
"""Made-up tracking ids read ``sandbox_<uuid>``: the vendor's ``X_Y`` form, whose second part
its SDK logs (``trackingid.split('_')[1]``)."""


def tracking_id(request: Request) -> str:
    """The caller's TrackingID header (so a 202 can be matched to its frame), or a new one."""
    given = request.headers.get(TRACKING_HEADER, "").strip()
    if given and len(given) <= MAX_TRACKING_ID and given.isprintable():
        return given
    return f"{TRACKING_PREFIX}_{uuid.uuid4()}"


def describe_validation(errors: list[Any]) -> str:
    """Pydantic errors as one plain sentence per problem: `dialNumber: String should ...`."""
    parts = []
    for error in errors[:5]:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        where = ".".join(loc) or "body"
        parts.append(f"{where}: {error.get('msg', 'is not valid')}")
    if len(errors) > 5:
        parts.append(f"and {len(errors) - 5} more problems")
    return "; ".join(parts) + "."


def add_error_shape(app: FastAPI, prefix: str, render: ErrorRenderer) -> None:
    """Errors on paths under `prefix` are answered by `render` instead of the Webex shape."""
    shapes: list[tuple[str, ErrorRenderer]] = getattr(app.state, "error_shapes", [])
    app.state.error_shapes = [*shapes, (prefix, render)]


def error_response(
    request: Request,
    status: int,
    description: str,
    headers: dict[str, str] | None = None,
    name: str | None = None,
) -> JSONResponse:
    path = request.url.path
    for prefix, render in getattr(request.app.state, "error_shapes", ()):
        if path.startswith(prefix):
            return render(status, description, name, dict(headers or {}))
    tid = tracking_id(request)
    all_headers = {TRACKING_HEADER: tid, **(headers or {})}
    body = api_error(status, description, tid)
    return JSONResponse(body, status_code=status, headers=all_headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc.status, exc.description, exc.headers, exc.name)

    @app.exception_handler(OAuthError)
    async def _oauth_error(request: Request, exc: OAuthError) -> JSONResponse:
        body = {"error": exc.error, "error_description": exc.description}
        headers = {"Cache-Control": "no-store"}
        if exc.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="sandbox"'
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(request: Request, exc: NotAuthenticated) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="sandbox"'}
        return error_response(request, 401, exc.message, headers)

    @app.exception_handler(Rejected)
    async def _rejected(request: Request, exc: Rejected) -> JSONResponse:
        return error_response(request, _REFUSAL_STATUS.get(exc.refusal, 409), exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, 400, describe_validation(list(exc.errors())))

    @app.exception_handler(ValidationError)
    async def _invalid_model(request: Request, exc: ValidationError) -> JSONResponse:
        return error_response(request, 400, describe_validation(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        words = exc.detail if isinstance(exc.detail, str) and exc.detail else None
        generic = _STATUS_WORDS.get(exc.status_code, "The request failed.")
        if words is None or words in {"Not Found", "Method Not Allowed"}:
            words = generic
        return error_response(request, exc.status_code, words, dict(exc.headers or {}))

    @app.exception_handler(ClientDisconnect)
    async def _client_left(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # The caller gave up mid-request: nobody reads this answer, and it is not our fault.
        return error_response(request, 400, "The client closed the connection mid-request.")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "The sandbox hit an unexpected error; see its log.")
