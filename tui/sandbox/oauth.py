"""`POST /oauth/token` (OAuth2 password grant) and the bearer-token check of every other route.

The token response also carries `agent_id` and `team_id`, as CXone's legacy token does, so a
desktop learns who it is in one round trip. Tokens are random, stored only as hashes, expire,
can be revoked (`POST /oauth/revoke`), and are never logged. Failed sign-ins are limited per
user name (`engine.limits.SignInLimiter`): the sixth within a minute is answered 429.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.engine.limits import SignInLimiter
from tui.sandbox.engine.org import User
from tui.sandbox.errors import OAuthError
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter()

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 4096
MAX_FIELD = 256
LIMITER = "auth.sign_in_limiter"


async def _read_form(request: Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise OAuthError(400, "invalid_request", f"Send the token request as {FORM_TYPE}.")
    raw = await request.body()
    if len(raw) > MAX_FORM_BYTES:
        raise OAuthError(400, "invalid_request", "The token request is too large.")
    try:
        text = raw.decode("utf-8")
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise OAuthError(400, "invalid_request", "The form could not be read.") from exc
    form: dict[str, str] = {}
    for name, values in fields.items():
        if len(values) != 1:
            raise OAuthError(400, "invalid_request", f"Send {name} once.")
        if len(values[0]) > MAX_FIELD:
            raise OAuthError(400, "invalid_request", f"{name} is too long.")
        form[name] = values[0]
    return form


@router.post("/oauth/token", tags=["auth"])
async def issue_token(
    request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> JSONResponse:
    """Password grant: `grant_type=password&username=agent3&password=agent3`."""
    form = await _read_form(request)
    grant_type = form.get("grant_type", "")
    if not grant_type:
        raise OAuthError(400, "invalid_request", "grant_type is required.")
    if grant_type != "password":
        raise OAuthError(400, "unsupported_grant_type", "Only the password grant is supported.")
    username, password = form.get("username", ""), form.get("password", "")
    if not username or not password:
        raise OAuthError(400, "invalid_request", "username and password are required.")
    limiter = sign_in_limiter(sandbox)
    wait_s = limiter.retry_after(username)
    if wait_s:
        return too_many_attempts(wait_s)
    try:
        grant = sandbox.engine.sign_in(username, password)
    except NotAuthenticated as exc:
        limiter.failed(username)
        raise OAuthError(400, "invalid_grant", exc.message) from exc
    limiter.succeeded(username)
    body = {
        "access_token": grant.token,
        "token_type": "Bearer",
        "expires_in": grant.expires_in_s,
        "agent_id": grant.user.id,
        "team_id": grant.user.teamIds[0],
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@router.post("/oauth/revoke", tags=["auth"])
async def revoke_token(
    request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> Response:
    """RFC 7009: `token=...`; it stops working on every route. Holding it is the proof, and
    the answer is 200 whether or not it was valid, so it tells nothing about the token."""
    form = await _read_form(request)
    token = form.get("token", "")
    if not token:
        raise OAuthError(400, "invalid_request", "token is required.")
    sandbox.engine.revoke(token)
    return Response(status_code=200, headers={"Cache-Control": "no-store"})


def sign_in_limiter(sandbox: Sandbox) -> SignInLimiter:
    limiter = sandbox.routers.get(LIMITER)
    if limiter is None:
        limiter = sandbox.routers[LIMITER] = SignInLimiter()
    return limiter


def too_many_attempts(wait_s: int) -> JSONResponse:
    body = {
        "error": "too_many_attempts",
        "error_description": (
            f"Too many failed sign-ins for this user; try again in {wait_s} seconds."
        ),
    }
    headers = {"Retry-After": str(wait_s), "Cache-Control": "no-store"}
    return JSONResponse(body, status_code=429, headers=headers)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_user(request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]) -> User:
    """The signed-in user, or 401 (missing, unknown or expired token)."""
    return sandbox.engine.identify(bearer_token(request))


CurrentUser = Annotated[User, Depends(current_user)]
