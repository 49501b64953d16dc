"""How a CXone desktop finds its way and stays signed in, as NICE's auth SDK does.

- **Discovery.** `GET /.well-known/openid-configuration` on the server the user named gives
  the `token_endpoint`. A server without the document (an older sandbox) is asked at
  `/oauth/token`.
- **Grants.** Password (the sandbox's sign-in) and `refresh_token` (`scope=openid`, the SDK's
  refresh) are form posts to the token endpoint. The answer says who the token is for
  (`agent_id`, `team_id`, `bus_no`: integers on a tenant, kept as text) and where the agent
  API is (`resource_server_base_uri`, `.../inContactAPI/`, whose base the SDK takes). Refresh
  tokens rotate: each answer's replaces the last.
- **Whoami.** A pasted token says nothing about itself, so its owner is asked of
  `POST /incontactauthorizationserver/token/whoami` `{"token": ...}`, as the SDK asks, which
  answers with the same fields as the token answer.
- **Where the API is.** `resource_server_base_uri` when an answer gives it; otherwise the
  tenant's `/.well-known/cxone-configuration?tenantId=` (`api_endpoint`) when the tenant is
  known; otherwise the server the user named.

Nothing here keeps tokens anywhere but in memory, and no token is put into an error or a log.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin

import httpx

from tui.backends import http as shared
from tui.backends.credentials import PasswordSignIn
from tui.domain.errors import (
    DesktopError,
    NotSignedIn,
    PlatformRefused,
    TooManySignIns,
    WrongPassword,
)

OPENID_CONFIGURATION = "/.well-known/openid-configuration"
CXONE_CONFIGURATION = "/.well-known/cxone-configuration"
FALLBACK_TOKEN_PATH = "/oauth/token"
WHOAMI_PATH = "/incontactauthorizationserver/token/whoami"

_API_ROOT = re.compile(r"/incontactapi/?$", re.IGNORECASE)
_MAX_TEXT = 4096


@dataclass(frozen=True, slots=True)
class CxoneTokens:
    """What a token answer (or whoami) said. Ids are text; '' where the answer had none."""

    access_token: str
    refresh_token: str = ""
    agent_id: str = ""
    team_id: str = ""
    bus_no: str = ""
    tenant_id: str = ""
    api_base: str = ""
    """The agent API's base (before `/inContactAPI/...`), no trailing slash."""

    def knowing(self, other: CxoneTokens) -> CxoneTokens:
        """These tokens, with what `other` knows and these do not (ids, the API base)."""
        return replace(
            self,
            agent_id=self.agent_id or other.agent_id,
            team_id=self.team_id or other.team_id,
            bus_no=self.bus_no or other.bus_no,
            tenant_id=self.tenant_id or other.tenant_id,
            api_base=self.api_base or other.api_base,
        )


def api_base_of(resource_server_base_uri: str) -> str:
    """`https://api-c1.example.com/inContactAPI/` -> `https://api-c1.example.com` (the SDK
    drops the `/incontactapi/` part, whatever its casing)."""
    return _API_ROOT.sub("", resource_server_base_uri.strip()).rstrip("/")


def _id_text(value: object) -> str:
    """An id as text: integers (the platform's) and integer text alike; '' for anything else."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and len(value) <= 128:
        return value.strip()
    return ""


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) and len(value) <= _MAX_TEXT else ""


def tokens_of(body: dict[str, Any], access_token: str = "") -> CxoneTokens:
    """A token answer or a whoami answer, read leniently."""
    base = _text(body.get("resource_server_base_uri"))
    return CxoneTokens(
        access_token=_text(body.get("access_token")) or access_token,
        refresh_token=_text(body.get("refresh_token")),
        agent_id=_id_text(body.get("agent_id")),
        team_id=_id_text(body.get("team_id")),
        bus_no=_id_text(body.get("bus_no")),
        tenant_id=_id_text(body.get("tenantId")),
        api_base=api_base_of(base) if base.lower().startswith(("http://", "https://")) else "",
    )


def _seconds(header: str | None) -> int | None:
    """Retry-After in seconds, when it is a number."""
    text = (header or "").strip()
    return min(int(text), 24 * 3600) if text.isascii() and text.isdigit() else None


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


class CxoneSignIn:
    """Discovery, the token endpoint's grants and whoami, over the session's one HTTP client.

    `server` is the address the user gave (the sandbox, or the tenant's API host)."""

    def __init__(self, client: httpx.AsyncClient, server: str) -> None:
        self._client = client
        self.server = server.rstrip("/")
        self._token_endpoint = ""

    async def token_endpoint(self) -> str:
        """The discovered token endpoint (asked once)."""
        if not self._token_endpoint:
            endpoint = ""
            response = await shared.send(self._client, "GET", self._at(OPENID_CONFIGURATION))
            if response.status_code == 200:
                body = _json_object(response) or {}
                endpoint = _text(body.get("token_endpoint"))
            if not endpoint.lower().startswith(("http://", "https://")):
                endpoint = self._at(FALLBACK_TOKEN_PATH)
            self._token_endpoint = endpoint
        return self._token_endpoint

    async def password(self, user: str, password: str) -> CxoneTokens:
        """The password grant; WrongPassword or TooManySignIns when the platform says so."""
        form = {"grant_type": "password", "username": user, "password": password}
        response = await self._grant(form)
        if response.status_code == 401 or shared.oauth_error(response) == "invalid_grant":
            raise WrongPassword()
        return self._tokens(response)

    async def refresh(self, refresh_token: str) -> CxoneTokens:
        """The refresh_token grant, as the SDK sends it; NotSignedIn when it is refused."""
        form = {"grant_type": "refresh_token", "scope": "openid", "refresh_token": refresh_token}
        response = await self._grant(form)
        if response.status_code in (400, 401):
            raise NotSignedIn()
        return self._tokens(response)

    async def whoami(self, access_token: str) -> CxoneTokens:
        """Who a token is for and where its API is; NotSignedIn when the token is refused."""
        response = await shared.send(
            self._client, "POST", self._at(WHOAMI_PATH), json={"token": access_token}
        )
        if response.status_code in (400, 401, 403):
            raise NotSignedIn()
        body = _json_object(response) if response.status_code == 200 else None
        if body is None:
            raise PlatformRefused("The platform could not say whom this sign-in belongs to.")
        return tokens_of(body, access_token)

    async def api_endpoint(self, tenant_id: str) -> str:
        """The tenant's agent API base from its CXone configuration ('' when it has none)."""
        response = await shared.send(
            self._client,
            "GET",
            self._at(CXONE_CONFIGURATION),
            params={"tenantId": tenant_id},
        )
        body = _json_object(response) if response.status_code == 200 else None
        endpoint = _text(body.get("api_endpoint")) if body else ""
        return api_base_of(endpoint) if endpoint.lower().startswith(("http://", "https://")) else ""

    async def _grant(self, form: dict[str, str]) -> httpx.Response:
        response = await shared.send(self._client, "POST", await self.token_endpoint(), data=form)
        if response.status_code == 429:
            raise TooManySignIns(_seconds(response.headers.get("Retry-After")))
        return response

    def _tokens(self, response: httpx.Response) -> CxoneTokens:
        if response.status_code != 200:
            raise shared.common_error(response.status_code, "")
        tokens = tokens_of(_json_object(response) or {})
        if not tokens.access_token:
            raise PlatformRefused("The sign-in answer carried no token.")
        return tokens

    def _at(self, path: str) -> str:
        return urljoin(self.server + "/", path.lstrip("/"))


class TokenKeeper:
    """The tokens of one CXone session, and how they are renewed after a 401: with the refresh
    token when there is one (the answer's rotated one replaces it), else with the password of a
    password sign-in; a pasted token cannot be renewed. Renewals are taken one at a time, and a
    request refused with a token that has since been renewed just gets the new one, so a
    rotating refresh token is never spent twice."""

    def __init__(self, signin: CxoneSignIn) -> None:
        self.signin = signin
        self.tokens: CxoneTokens | None = None
        self._password: PasswordSignIn | None = None
        self._renewing = asyncio.Lock()
        self.renewals = 0  # tokens renewed after a 401
        self.refreshes = 0  # of those, by the refresh token
        self.on_refreshed: Callable[[str], None] | None = None
        """Told each new refresh token (they rotate), to keep it in the keyring."""

    async def sign_in(self, credentials: PasswordSignIn | None, token: str = "") -> CxoneTokens:
        """Sign in with a password, or take a pasted token; then learn whose it is and where
        the agent API is (`resolved`)."""
        if credentials is not None:
            tokens = await self.signin.password(credentials.user, credentials.password)
        else:
            tokens = CxoneTokens(token.strip())
        self._password = credentials
        self.tokens = await self.resolved(tokens)
        return self.tokens

    async def take(self, tokens: CxoneTokens) -> CxoneTokens:
        """Tokens a sign-in flow got elsewhere (browser, access key, the keyring's refresh
        token): learn whose they are and where the API is, and renew them from now on."""
        self._password = None
        self.tokens = await self.resolved(tokens)
        return self.tokens

    async def resolved(self, tokens: CxoneTokens) -> CxoneTokens:
        """`tokens` with the agent's id and the API base filled in: whoami when the token
        answer did not say, the tenant's CXone configuration when nothing gave the base (and
        the server the user named when nothing says)."""
        if not tokens.agent_id:
            tokens = tokens.knowing(await self.signin.whoami(tokens.access_token))
        if not tokens.api_base and tokens.tenant_id:
            tokens = replace(tokens, api_base=await self.signin.api_endpoint(tokens.tenant_id))
        if not tokens.agent_id:
            raise PlatformRefused("The platform did not say which agent this sign-in is.")
        return tokens

    async def renew(self, refused: str) -> str | None:
        """A token to try instead of `refused`; None when there is none to be had."""
        async with self._renewing:
            tokens = self.tokens
            if tokens is None:
                return None
            if tokens.access_token != refused:
                return tokens.access_token  # renewed meanwhile, for another request
            fresh = await self._fresh(tokens)
            if fresh is None:
                return None
            self.tokens = fresh.knowing(tokens)
            self.renewals += 1
            if fresh.refresh_token and self.on_refreshed is not None:
                self.on_refreshed(fresh.refresh_token)
            return fresh.access_token

    async def _fresh(self, tokens: CxoneTokens) -> CxoneTokens | None:
        if tokens.refresh_token:
            try:
                fresh = await self.signin.refresh(tokens.refresh_token)
            except DesktopError:
                pass  # refused or unreachable: a password may still do
            else:
                self.refreshes += 1
                return fresh
        if self._password is not None:
            try:
                return await self.signin.password(self._password.user, self._password.password)
            except DesktopError:
                return None
        return None
