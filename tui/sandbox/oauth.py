"""`POST /oauth/token` (also Webex's `/v1/access_token`): the OAuth2 password, refresh_token,
authorization_code (PKCE S256) and device_code grants, and the bearer-token check of every
other route. The pages and endpoints that lead to a code or a device grant are
`oauth_flows.py`'s.

The token answer is CXone's (the fields NICE's auth SDK reads from its token and whoami
answers): `access_token`, `token_type`, `expires_in`, `refresh_token`, `scope`,
`resource_server_base_uri` (the agent API's base, `.../inContactAPI/`),
`refresh_token_server_uri`, and the integer `agent_id`, `team_id` and `bus_no`; `tenantId` is
the sandbox's addition (a tenant carries it in its ID token). Refresh tokens rotate: each one
is good for one `grant_type=refresh_token`, and a second use is refused (`invalid_grant`).
The form is read whatever the content type says: NICE's SDK posts its refresh form labelled
`application/json`. Tokens are random, stored only as hashes, expire, can be revoked
(`POST /oauth/revoke`), and are never logged. Failed sign-ins are limited per user name
(`engine.limits.SignInLimiter`): the sixth within a minute is answered 429.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from tui.sandbox.cxone.ids import ids_of
from tui.sandbox.engine.auth import Grant, NotAuthenticated, RefreshRefused
from tui.sandbox.engine.limits import SignInLimiter
from tui.sandbox.engine.org import User
from tui.sandbox.engine.pending_grants import PendingGrants, s256
from tui.sandbox.errors import OAuthError
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter()

FORM_TYPE = "application/x-www-form-urlencoded"
TOKEN_PATH = "/oauth/token"
SCOPE = "RealTimeApi AdminApi AgentApi AuthenticationApi PatronApi ReportingApi"
MAX_FORM_BYTES = 4096
MAX_FIELD = 256
LIMITER = "auth.sign_in_limiter"
PENDING = "auth.pending_grants"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
WEBEX_TOKEN_PATH = "/v1/access_token"
"""Webex's token endpoint (`webexapis.com/v1/access_token`); the same grants as /oauth/token."""


async def read_form(request: Request, *, any_content_type: bool = False) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE and not any_content_type:
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


@router.post(WEBEX_TOKEN_PATH, tags=["auth"], include_in_schema=False)
@router.post(TOKEN_PATH, tags=["auth"])
async def issue_token(
    request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> JSONResponse:
    """`grant_type=password&username=agent3&password=agent3`, or
    `grant_type=refresh_token&refresh_token=...` (the refresh token is spent)."""
    form = await read_form(request, any_content_type=True)
    grant_type = form.get("grant_type", "")
    if not grant_type:
        raise OAuthError(400, "invalid_request", "grant_type is required.")
    if grant_type == "refresh_token":
        return token_answer(request, sandbox, _refreshed(sandbox, form))
    if grant_type == "authorization_code":
        return token_answer(request, sandbox, _code_grant(sandbox, form))
    if grant_type == DEVICE_GRANT:
        return token_answer(request, sandbox, device_grant(sandbox, form, request))
    if grant_type != "password":
        raise OAuthError(
            400,
            "unsupported_grant_type",
            "The password, refresh_token, authorization_code and device_code grants are served.",
        )
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
    return token_answer(request, sandbox, grant)


def _refreshed(sandbox: Sandbox, form: dict[str, str]) -> Grant:
    refresh_token = form.get("refresh_token", "")
    if not refresh_token:
        raise OAuthError(400, "invalid_request", "refresh_token is required.")
    try:
        return sandbox.engine.refresh(refresh_token)
    except RefreshRefused as exc:
        raise OAuthError(400, "invalid_grant", exc.message) from exc


def pending_of(sandbox: Sandbox) -> PendingGrants:
    """The sandbox's codes and device grants waiting to be traded for tokens."""
    pending = sandbox.routers.get(PENDING)
    if pending is None:
        pending = sandbox.routers[PENDING] = PendingGrants()
    return pending


def _code_grant(sandbox: Sandbox, form: dict[str, str]) -> Grant:
    """`code`, `redirect_uri`, `client_id` and `code_verifier` as at the authorization."""
    code, verifier = form.get("code", ""), form.get("code_verifier", "")
    if not code or not verifier:
        raise OAuthError(400, "invalid_request", "code and code_verifier are required.")
    terms = pending_of(sandbox).take_code(code, sandbox.config.clock())
    if (
        terms is None
        or terms.redirect_uri != form.get("redirect_uri", "")
        or terms.client_id != form.get("client_id", "")
        or s256(verifier) != terms.challenge
    ):
        raise OAuthError(400, "invalid_grant", "The code is not valid (or not for this client).")
    try:
        return sandbox.engine.grant_for(terms.user_id)
    except NotAuthenticated as exc:
        raise OAuthError(400, "invalid_grant", exc.message) from exc


def device_grant(sandbox: Sandbox, form: dict[str, str], request: Request) -> Grant:
    """A device's poll: tokens once a person has signed in with its user code."""
    device_code = form.get("device_code", "")
    client_id = form.get("client_id", "") or _basic_client_id(request)
    if not device_code or not client_id:
        raise OAuthError(400, "invalid_request", "device_code and client_id are required.")
    interval_ms = sandbox.config.device_interval_s * 1000
    outcome = pending_of(sandbox).poll(device_code, client_id, sandbox.config.clock(), interval_ms)
    words = {
        "pending": ("authorization_pending", "Nobody has signed in with the code yet."),
        "slow_down": ("slow_down", "Poll less often."),
        "expired": ("expired_token", "The device code has expired; ask for a new one."),
        "denied": ("access_denied", "The sign-in was refused."),
        "unknown": ("invalid_grant", "The device code is not valid."),
    }
    if outcome in words:
        error, description = words[outcome]
        raise OAuthError(400, error, description)
    try:
        return sandbox.engine.grant_for(outcome)
    except NotAuthenticated as exc:
        raise OAuthError(400, "invalid_grant", exc.message) from exc


def _basic_client_id(request: Request) -> str:
    """The client id of an HTTP Basic client authentication (the secret is not checked)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[0][:256]


def base_of(request: Request) -> str:
    """The sandbox's own address as this caller reaches it (no trailing slash)."""
    return str(request.base_url).rstrip("/")


def who(request: Request, sandbox: Sandbox, user: User) -> dict[str, object]:
    """What a CXone token and whoami answer say about the user and where the API is."""
    ids = ids_of(sandbox)
    base = base_of(request)
    return {
        "resource_server_base_uri": f"{base}/inContactAPI/",
        "refresh_token_server_uri": f"{base}{TOKEN_PATH}",
        "agent_id": ids.agent(user.id),
        "team_id": ids.team(user.teamIds[0]),
        "bus_no": ids.bus_no,
        "tenantId": sandbox.org.orgId,
    }


def token_answer(request: Request, sandbox: Sandbox, grant: Grant) -> JSONResponse:
    body = {
        "access_token": grant.token,
        "token_type": "Bearer",
        "expires_in": grant.expires_in_s,
        "refresh_token": grant.refresh_token,
        "scope": SCOPE,
        **who(request, sandbox, grant.user),
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@router.post("/oauth/revoke", tags=["auth"])
async def revoke_token(
    request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> Response:
    """RFC 7009: `token=...`; it stops working on every route. Holding it is the proof, and
    the answer is 200 whether or not it was valid, so it tells nothing about the token."""
    form = await read_form(request)
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


async def current_user(request: Request, sandbox: Annotated[Sandbox, Depends(sandbox_of)]) -> User:
    """The signed-in user, or 401 (missing, unknown or expired token). `async` to run on the
    loop, beside the store it reads, instead of in FastAPI's thread pool."""
    return sandbox.engine.identify(bearer_token(request))


CurrentUser = Annotated[User, Depends(current_user)]
