"""What a token endpoint answered, read leniently, and the refresh_token grant."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tui.backends import http as shared
from tui.domain.errors import NotSignedIn, PlatformRefused, TooManySignIns

REFRESH_AHEAD_S = 60
"""An access token is renewed this long before it expires (a fifth of its life when shorter)."""


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """The integration the desktop signs in as (Webex: an integration's id and secret; CXone:
    the client id the tenant registered). The secret stays in memory."""

    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scope: str = ""

    def form(self) -> dict[str, str]:
        """The client's fields of a token request (those it has)."""
        found = {"client_id": self.client_id, "client_secret": self.client_secret}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True, slots=True)
class TokenSet:
    """An access token, the refresh token that renews it ('' when none), when it expires (epoch
    ms; 0: not said), and the whole answer (CXone's says whose token it is and where its API
    is). Never printed: the repr hides the tokens."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_at_ms: int = 0
    answer: dict[str, Any] = field(default_factory=dict, repr=False)

    def refresh_at_ms(self) -> int:
        """When to renew it: REFRESH_AHEAD_S before it expires (0: no expiry known)."""
        if not self.expires_at_ms:
            return 0
        life_ms = max(0, self.expires_at_ms - int(self.answer.get("_issued_ms", 0) or 0))
        ahead_ms = min(REFRESH_AHEAD_S * 1000, life_ms // 5) if life_ms else REFRESH_AHEAD_S * 1000
        return self.expires_at_ms - ahead_ms


def token_set(body: dict[str, Any], issued_ms: int, keep_refresh: str = "") -> TokenSet:
    """A token answer -> TokenSet; PlatformRefused when it holds no access token. A refresh
    answer without a refresh token keeps the old one (Webex's may omit it)."""
    access = body.get("access_token")
    if not isinstance(access, str) or not access:
        raise PlatformRefused("The sign-in answer carried no token.")
    refresh = body.get("refresh_token")
    expires_in = body.get("expires_in")
    expires_at = 0
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) and expires_in > 0:
        expires_at = issued_ms + int(expires_in * 1000)
    answer = {k: v for k, v in body.items() if k not in ("access_token", "refresh_token")}
    answer["_issued_ms"] = issued_ms
    return TokenSet(
        access_token=access,
        refresh_token=refresh if isinstance(refresh, str) and refresh else keep_refresh,
        expires_at_ms=expires_at,
        answer=answer,
    )


async def token_request(
    client: httpx.AsyncClient,
    url: str,
    form: dict[str, str],
    *,
    keep_refresh: str = "",
    auth: tuple[str, str] | None = None,
) -> TokenSet:
    """POST a grant to a token endpoint. A refused grant (400/401) is NotSignedIn."""
    issued = now_ms()
    kwargs: dict[str, Any] = {"data": form}
    if auth is not None:
        kwargs["auth"] = auth
    response = await shared.send(client, "POST", url, **kwargs)
    if response.status_code == 429:
        raise TooManySignIns(shared._seconds(response.headers.get("Retry-After")))
    if response.status_code in (400, 401):
        raise NotSignedIn("The platform refused the sign-in; sign in again.")
    if response.status_code != 200:
        raise shared.common_error(response.status_code, "")
    body = _json_object(response)
    return token_set(body, issued, keep_refresh)


async def refresh(
    client: httpx.AsyncClient, token_url: str, oauth: OAuthClient, refresh_token: str
) -> TokenSet:
    """The refresh_token grant: new tokens (the refresh token rotates where the platform
    rotates it); NotSignedIn when it is refused (revoked, spent or expired)."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, **oauth.form()}
    return await token_request(client, token_url, form, keep_refresh=refresh_token)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PlatformRefused("The sign-in answer could not be read.")
    return body
