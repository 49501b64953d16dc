"""HTTP pieces every platform backend shares: the one reused client with its bearer token,
sending with transport failures turned into typed errors, the OAuth2 password grant, reading an
answer into its model, and what a non-2xx answer means when a platform says no more."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from tui.domain.errors import (
    DesktopError,
    NotPermitted,
    NotSignedIn,
    PlatformRefused,
    RequestTimedOut,
    ServerUnreachable,
    TooManySignIns,
    WrongPassword,
)

ModelT = TypeVar("ModelT", bound=BaseModel)


IDLE_CONNECTION_KEPT_S = 25.0
"""How long an idle connection is kept for the next request. httpx keeps one 5 s, so an agent
acting every 10 s paid a new connection (a TLS handshake on a real tenant) for every action, and
under load the sandbox set up and tore down one connection per request. Browser desktops keep
theirs far longer; this stays under the sandbox's 30 s so it never closes one as we reuse it."""


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate checks every HTTP client of this process uses, made once.

    Left to itself httpx makes a context for each client, loading the whole CA bundle: 52 ms
    of CPU on the development machine, paid at each sign-in (and 2,000 times over in the load
    tool's ramp). A context is made to be shared; this one checks exactly as each client's own
    would (httpx's defaults, which honour SSL_CERT_FILE and SSL_CERT_DIR)."""
    return httpx.create_ssl_context()


class PlatformHttp:
    """Every request of one session goes through the one AsyncClient held here."""

    def __init__(self, base_url: str, *, timeout: float, token: str | None = None) -> None:
        self.client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            verify=tls_context(),
            limits=httpx.Limits(
                max_connections=100,
                max_keepalive_connections=20,
                keepalive_expiry=IDLE_CONNECTION_KEPT_S,
            ),
        )
        if token:
            self.set_token(token)

    @property
    def has_token(self) -> bool:
        return "Authorization" in self.client.headers

    def set_token(self, token: str) -> None:
        self.client.headers["Authorization"] = f"Bearer {token}"

    async def aclose(self) -> None:
        await self.client.aclose()

    async def password_grant(self, user: str, password: str) -> TokenGrant:
        """The OAuth2 password grant (the sandbox's) -> a bearer token."""
        return await password_grant(self.client, user, password)


async def send(client: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request; a connection that cannot be made is ServerUnreachable, a slow answer
    RequestTimedOut."""
    try:
        answer = await client.request(method, path, **kwargs)
    except httpx.TimeoutException as exc:
        if isinstance(exc, httpx.ConnectTimeout):
            raise ServerUnreachable() from exc
        raise RequestTimedOut() from exc
    except (httpx.TransportError, OSError) as exc:
        raise ServerUnreachable() from exc
    return _unlinked(answer)


def _unlinked(answer: httpx.Response) -> httpx.Response:
    """The answer, read, with a stream that no longer points back at it.

    httpx links each response and its stream both ways: some 37 objects a request that only
    the cyclic collector frees. Under load (1,000 agents a process) that was a 130-260 ms
    collection every few seconds, a stall for every request in flight. The body has been read
    (the client does not stream), so holding it as bytes loses nothing.
    """
    answer.stream = httpx.ByteStream(answer.content)
    return answer


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """A token from `/oauth/token`, with who it is for when the answer says (CXone's does)."""

    token: str
    agent_id: str = ""
    team_id: str = ""
    refresh_token: str = ""
    expires_in_s: int = 0


async def password_grant(client: httpx.AsyncClient, user: str, password: str) -> TokenGrant:
    """The OAuth2 password grant -> a bearer token; WrongPassword when the platform says so."""
    form = {"grant_type": "password", "username": user, "password": password}
    response = await send(client, "POST", "/oauth/token", data=form)
    if response.status_code == 401 or oauth_error(response) == "invalid_grant":
        raise WrongPassword()
    if response.status_code == 429:
        raise TooManySignIns(_seconds(response.headers.get("Retry-After")))
    if response.status_code != 200:
        raise common_error(response.status_code, "")
    try:
        body = response.json()
    except ValueError:
        body = None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        raise PlatformRefused("The sign-in answer carried no token.")
    assert isinstance(body, dict)
    expires = body.get("expires_in")
    return TokenGrant(
        token,
        _text(body.get("agent_id")),
        _text(body.get("team_id")),
        refresh_token=_text(body.get("refresh_token")),
        expires_in_s=expires if isinstance(expires, int) and not isinstance(expires, bool) else 0,
    )


def oauth_error(response: httpx.Response) -> str:
    """The OAuth2 `error` code of a token-endpoint answer ('' when there is none)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else ""


def common_error(status: int, said: str) -> DesktopError:
    """What a non-2xx answer means when the platform's answer says nothing more specific;
    `said` is the platform's own words, used only where ours would be vaguer."""
    if status == 401:
        return NotSignedIn()
    if status == 403:
        return NotPermitted()
    if status >= 500:
        return PlatformRefused(f"The platform had a problem (HTTP {status}). Try again.")
    return PlatformRefused(said or f"The platform did not accept the request (HTTP {status}).")


def _seconds(header: str | None) -> int | None:
    """Retry-After in seconds (the HTTP-date form is not used by the platforms)."""
    if header and header.strip().isascii() and header.strip().isdigit():
        return min(int(header.strip()), 24 * 3600)
    return None


def _text(value: object) -> str:
    """Text, or an id the platform sends as an integer (CXone's agent_id) as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else ""


def validated(model: type[ModelT], content: bytes) -> ModelT:
    """The answer read into `model`; PlatformRefused when it does not fit."""
    try:
        return model.model_validate_json(content)
    except ValidationError as exc:
        raise PlatformRefused("The platform sent an answer the desktop cannot read.") from exc
