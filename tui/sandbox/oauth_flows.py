"""The sign-in flows a terminal uses on a real tenant, served by the sandbox so each is tested
for real (the token answers themselves are `oauth.py`'s):

- **Authorization code with PKCE** (RFC 6749 4.1, RFC 7636 S256 only): `GET /oauth/authorize`
  (also `/v1/authorize`, Webex's path, and `/auth/authorize`, CXone's) shows a small HTML
  sign-in page; its form posts back, and a right password redirects (303) to the client's
  loopback `redirect_uri` (http on 127.0.0.1, localhost or [::1], any port: RFC 8252 7.3)
  with `code` and `state`. The code is good once, for a minute, for that client, redirect and
  verifier (`grant_type=authorization_code` at the token endpoint).
- **Device authorization grant** (RFC 8628), at Webex's paths: `POST /v1/device/authorize`
  `{client_id, scope}` answers `device_code`, `user_code`, `verification_uri(_complete)`,
  `expires_in`, `interval`; `GET /oauth/device` is the page where a person signs in with the
  user code; the device polls `POST /v1/device/token` (or the token endpoint) with
  `grant_type=urn:ietf:params:oauth:grant-type:device_code` until it gets its tokens
  (`authorization_pending`, `slow_down`, `expired_token`, `access_denied` meanwhile).
- **CXone access keys**: `POST /authentication/v1/token/access-key`
  `{"accessKeyId", "accessKeySecret"}` (JSON) answers a token as the password grant does.

Client ids are not registered in the sandbox: any non-empty one is taken. Nothing here logs a
code, a token or a password.
"""

from __future__ import annotations

import html
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from tui.sandbox.body import read_json_object
from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.engine.pending_grants import (
    CODE_LIFETIME_MS,
    DEVICE_LIFETIME_MS,
    CodeGrant,
    normal_user_code,
)
from tui.sandbox.errors import OAuthError
from tui.sandbox.oauth import (
    DEVICE_GRANT,
    base_of,
    device_grant,
    pending_of,
    read_form,
    sign_in_limiter,
    token_answer,
    too_many_attempts,
)
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter(tags=["auth"], include_in_schema=False)
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
AUTHORIZE_PATHS = ("/oauth/authorize", "/v1/authorize", "/auth/authorize")
DEVICE_PAGE = "/oauth/device"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_PARAM = 512
_PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}


def _one(values: dict[str, str], name: str, *, required: bool = True) -> str:
    value = values.get(name, "")
    if len(value) > MAX_PARAM:
        raise OAuthError(400, "invalid_request", f"{name} is too long.")
    if required and not value:
        raise OAuthError(400, "invalid_request", f"{name} is required.")
    return value


def loopback_problem(redirect_uri: str) -> str:
    """Why `redirect_uri` is not a loopback redirect this sandbox may send a code to ('')."""
    try:
        parts = urlsplit(redirect_uri)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return "redirect_uri is not an address."
    if parts.scheme != "http" or (parts.hostname or "") not in LOOPBACK_HOSTS:
        return "redirect_uri must be http on this machine's loopback address."
    if parts.fragment:
        return "redirect_uri may not have a fragment."
    return ""


def _authorize_terms(values: dict[str, str]) -> dict[str, str]:
    """The authorization request's parameters, checked; OAuthError (400, JSON) when bad. Bad
    requests are refused here rather than redirected: the redirect is not trusted yet."""
    terms = {
        name: _one(values, name, required=name != "state")
        for name in (
            "client_id",
            "redirect_uri",
            "response_type",
            "code_challenge",
            "code_challenge_method",
            "state",
        )
    }
    terms["scope"] = _one(values, "scope", required=False)
    if terms["response_type"] != "code":
        raise OAuthError(400, "unsupported_response_type", "Only response_type=code is served.")
    problem = loopback_problem(terms["redirect_uri"])
    if problem:
        raise OAuthError(400, "invalid_request", problem)
    if terms["code_challenge_method"] != "S256":
        raise OAuthError(400, "invalid_request", "code_challenge_method must be S256.")
    if not 43 <= len(terms["code_challenge"]) <= 128:
        raise OAuthError(400, "invalid_request", "code_challenge is not an S256 challenge.")
    return terms


def _hidden(terms: dict[str, str]) -> str:
    return "\n".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in terms.items()
    )


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    text = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(text, status_code=status, headers=_PAGE_HEADERS)


def _sign_in_form(action: str, terms: dict[str, str], said: str = "", extra: str = "") -> str:
    note = f"<p role='alert'>{html.escape(said)}</p>" if said else ""
    return (
        f"{note}<form method='post' action='{html.escape(action)}'>{_hidden(terms)}{extra}"
        "<label>User <input name='username' autocomplete='username'></label>"
        "<label>Password <input name='password' type='password'></label>"
        "<button type='submit'>Sign in</button></form>"
    )


async def _authorize_page(request: Request) -> HTMLResponse:
    terms = _authorize_terms(dict(request.query_params))
    form = _sign_in_form(request.url.path, terms)
    return _page("Sign in to the sandbox contact center", form)


async def _authorize_post(request: Request, sandbox: SandboxDep) -> Response:
    form = await read_form(request)
    terms = _authorize_terms(form)
    username, password = _one(form, "username"), _one(form, "password")
    limiter = sign_in_limiter(sandbox)
    wait_s = limiter.retry_after(username)
    if wait_s:
        return too_many_attempts(wait_s)
    try:
        user = sandbox.engine.check_password(username, password)
    except NotAuthenticated as exc:
        limiter.failed(username)
        again = _sign_in_form(request.url.path, terms, exc.message)
        return _page("Sign in to the sandbox contact center", again, status=401)
    limiter.succeeded(username)
    now = sandbox.config.clock()
    code = pending_of(sandbox).new_code(
        CodeGrant(
            user.id,
            terms["client_id"],
            terms["redirect_uri"],
            terms["code_challenge"],
            now + CODE_LIFETIME_MS,
        )
    )
    query = {"code": code, **({"state": terms["state"]} if terms["state"] else {})}
    separator = "&" if "?" in terms["redirect_uri"] else "?"
    target = f"{terms['redirect_uri']}{separator}{urlencode(query)}"
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


for _path in AUTHORIZE_PATHS:
    router.add_api_route(_path, _authorize_page, methods=["GET"])
    router.add_api_route(_path, _authorize_post, methods=["POST"])


@router.post("/v1/device/authorize")
async def device_authorize(request: Request, sandbox: SandboxDep) -> JSONResponse:
    """RFC 8628 3.1-3.2: a device code for the device, a user code for the person."""
    form = await read_form(request, any_content_type=True)
    client_id = _one(form, "client_id")
    device_code, user_code = pending_of(sandbox).new_device(client_id, sandbox.config.clock())
    page = f"{base_of(request)}{DEVICE_PAGE}"
    body = {
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri": page,
        "verification_uri_complete": f"{page}?{urlencode({'user_code': user_code})}",
        "expires_in": DEVICE_LIFETIME_MS // 1000,
        "interval": sandbox.config.device_interval_s,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.get(DEVICE_PAGE)
async def device_page(request: Request) -> HTMLResponse:
    user_code = request.query_params.get("user_code", "")[:16]
    field = (
        "<label>Code shown on the device <input name='user_code' "
        f"value='{html.escape(user_code)}'></label>"
    )
    return _page("Sign in a device", _sign_in_form(DEVICE_PAGE, {}, extra=field))


@router.post(DEVICE_PAGE)
async def device_approve(request: Request, sandbox: SandboxDep) -> Response:
    form = await read_form(request)
    user_code = normal_user_code(_one(form, "user_code"))
    username, password = _one(form, "username"), _one(form, "password")
    grant = pending_of(sandbox).device_for_user_code(user_code, sandbox.config.clock())
    if grant is None:
        raise OAuthError(400, "invalid_request", "That code is unknown or has expired.")
    limiter = sign_in_limiter(sandbox)
    wait_s = limiter.retry_after(username)
    if wait_s:
        return too_many_attempts(wait_s)
    try:
        user = sandbox.engine.check_password(username, password)
    except NotAuthenticated as exc:
        limiter.failed(username)
        field = f"<input type='hidden' name='user_code' value='{html.escape(user_code)}'>"
        return _page("Sign in a device", _sign_in_form(DEVICE_PAGE, {}, exc.message, field), 401)
    limiter.succeeded(username)
    grant.user_id = user.id
    return _page("Device signed in", "<p>You may close this page and return to the device.</p>")


@router.post("/v1/device/token")
async def device_token(request: Request, sandbox: SandboxDep) -> JSONResponse:
    """The device's poll (the token endpoint takes the same grant)."""
    form = await read_form(request, any_content_type=True)
    if form.get("grant_type") != DEVICE_GRANT:
        raise OAuthError(400, "unsupported_grant_type", f"grant_type must be {DEVICE_GRANT}.")
    return token_answer(request, sandbox, device_grant(sandbox, form, request))


@router.post("/authentication/v1/token/access-key")
async def access_key_token(request: Request, sandbox: SandboxDep) -> JSONResponse:
    """CXone's access-key sign-in (JSON body)."""
    body = await read_json_object(request) or {}
    key_id, secret = body.get("accessKeyId"), body.get("accessKeySecret")
    if not isinstance(key_id, str) or not isinstance(secret, str) or not key_id or not secret:
        raise OAuthError(400, "invalid_request", "accessKeyId and accessKeySecret are required.")
    if len(key_id) > MAX_PARAM or len(secret) > MAX_PARAM:
        raise OAuthError(400, "invalid_request", "The access key is too long.")
    limiter = sign_in_limiter(sandbox)
    wait_s = limiter.retry_after(key_id)
    if wait_s:
        return too_many_attempts(wait_s)
    try:
        grant = sandbox.engine.sign_in_with_access_key(key_id, secret)
    except NotAuthenticated as exc:
        limiter.failed(key_id)
        raise OAuthError(401, "invalid_client", exc.message) from exc
    limiter.succeeded(key_id)
    return token_answer(request, sandbox, grant)
