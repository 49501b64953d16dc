"""Where each platform serves its sign-in flows.

- **Webex** (an integration on the general Webex API, `webexapis.com`): authorization code with
  PKCE at `/v1/authorize`, tokens (code, refresh) at `/v1/access_token`, the device grant at
  `/v1/device/authorize` and `/v1/device/token`.
- **CXone**: the OpenID provider's discovery document names `authorization_endpoint` and
  `token_endpoint` (OIDC code flow with PKCE; refresh); access keys are traded at
  `/authentication/v1/token/access-key`. CXone offers no device grant.

The sandbox serves all of these at the same paths on its own address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tui.backends import http as shared

OPENID_CONFIGURATION = "/.well-known/openid-configuration"
ACCESS_KEY_PATH = "/authentication/v1/token/access-key"


@dataclass(frozen=True, slots=True)
class Endpoints:
    """A platform's sign-in addresses ('' where it does not offer that flow)."""

    authorize: str
    token: str
    device: str = ""
    device_token: str = ""
    access_key: str = ""


def webex_endpoints(api_url: str) -> Endpoints:
    """The general Webex API's (the vendor's, or the sandbox's own address)."""
    base = api_url.rstrip("/")
    return Endpoints(
        authorize=f"{base}/v1/authorize",
        token=f"{base}/v1/access_token",
        device=f"{base}/v1/device/authorize",
        device_token=f"{base}/v1/device/token",
    )


async def cxone_endpoints(client: httpx.AsyncClient, auth_url: str) -> Endpoints:
    """The CXone provider's, from its discovery document (its own paths when it has none)."""
    base = auth_url.rstrip("/")
    found: dict[str, Any] = {}
    response = await shared.send(client, "GET", f"{base}{OPENID_CONFIGURATION}")
    if response.status_code == 200:
        try:
            body = response.json()
        except ValueError:
            body = None
        found = body if isinstance(body, dict) else {}

    def url(name: str, fallback: str) -> str:
        value = found.get(name)
        ok = isinstance(value, str) and value.lower().startswith(("http://", "https://"))
        return value if ok else f"{base}{fallback}"  # type: ignore[return-value]

    return Endpoints(
        authorize=url("authorization_endpoint", "/auth/authorize"),
        token=url("token_endpoint", "/oauth/token"),
        access_key=f"{base}{ACCESS_KEY_PATH}",
    )
