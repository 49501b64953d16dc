"""How a CXone client finds its way: the discovery documents and whoami.

- `GET /.well-known/openid-configuration`: the OpenID provider's document, with the fields
  NICE's auth SDK reads (`token_endpoint`, ...) and the `authorization_endpoint` of the
  OIDC code flow with PKCE (`oauth_flows.py`). The token endpoint is `/oauth/token`
  (`oauth.py`).
- `GET /.well-known/cxone-configuration?tenantId=`: where a tenant's APIs are. The SDK reads
  `api_endpoint` (the agent API's base; paths start `/InContactAPI/...`), `area`, `cluster`,
  `domain`, `acdDomain`, `uhDomain` and `globaldomain_v1`; everything is this sandbox.
- `POST /incontactauthorizationserver/token/whoami` `{"token": <access token>}`: who the token
  is for, as the SDK's `WhoamiResponse` reads it (`agent_id`, `team_id`, `bus_no` integers,
  `resource_server_base_uri`, ...). The path is matched case-insensitively (`edge.py`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from tui.sandbox.body import read_json_object
from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.errors import ApiError, OAuthError
from tui.sandbox.oauth import TOKEN_PATH, base_of, who
from tui.sandbox.state import Sandbox, sandbox_of

WHOAMI_PATH = "/incontactauthorizationserver/token/whoami"
AREA = "sandbox"
CLUSTER = "SB1"
MAX_TENANT_ID = 64
MAX_TOKEN = 512

router = APIRouter(tags=["auth"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/.well-known/openid-configuration")
async def openid_configuration(request: Request) -> JSONResponse:
    base = base_of(request)
    body = {
        "issuer": base,
        "authorization_endpoint": f"{base}/auth/authorize",
        "token_endpoint": f"{base}{TOKEN_PATH}",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "grant_types_supported": [
            "password",
            "refresh_token",
            "authorization_code",
            "urn:ietf:params:oauth:grant-type:device_code",
        ],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic"],
        "response_types_supported": ["code"],
        "scopes_supported": ["openid"],
        "subject_types_supported": ["public"],
    }
    return JSONResponse(body)


@router.get("/.well-known/cxone-configuration")
async def cxone_configuration(request: Request, sandbox: SandboxDep) -> JSONResponse:
    """400 without a tenantId; 404 for a tenant the sandbox does not have."""
    given = request.query_params.getlist("tenantId")
    if len(given) != 1 or not given[0].strip():
        raise ApiError(400, "Give the tenantId once.")
    tenant_id = given[0].strip()
    if len(tenant_id) > MAX_TENANT_ID or tenant_id != sandbox.org.orgId:
        raise ApiError(404, "There is no such tenant.")
    base = base_of(request)
    host = request.url.hostname or "127.0.0.1"
    body = {
        "private": False,
        "area": AREA,
        "cluster": CLUSTER,
        "domain": host,
        "acdDomain": host,
        "uhDomain": host,
        "globaldomain_v1": host,
        "ui_endpoint": base,
        "auth_endpoint": base,
        "api_endpoint": base,
        "tenantId": tenant_id,
    }
    return JSONResponse(body)


@router.post(WHOAMI_PATH)
async def whoami(request: Request, sandbox: SandboxDep) -> JSONResponse:
    """The token comes in the JSON body (`token`), as the SDK sends it."""
    try:
        body = await read_json_object(request, any_content_type=True) or {}
    except ApiError as exc:
        raise OAuthError(400, "invalid_request", exc.description) from exc
    token = body.get("token")
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        raise OAuthError(400, "invalid_request", "Give the access token as token.")
    try:
        user = sandbox.engine.identify(token)
    except NotAuthenticated as exc:
        raise OAuthError(401, "invalid_token", exc.message) from exc
    facts = who(request, sandbox, user)
    answer = {
        **facts,
        "expires_in": sandbox.engine.expires_in_s(token),
        "iss": base_of(request),
        "sub": f"user:{user.id}",
    }
    return JSONResponse(answer, headers=_NO_STORE)
