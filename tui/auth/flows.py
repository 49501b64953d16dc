"""The sign-in flows a terminal can use, on httpx and asyncio alone:

- `loopback_sign_in`: authorization code with PKCE (S256) and a redirect to a one-shot HTTP
  listener on 127.0.0.1 (RFC 8252): the desktop shows the address to open (and opens a
  browser where there is one), waits for the redirect, checks `state`, trades the code.
- `device_sign_in`: the device authorization grant (RFC 8628): the desktop shows the code and
  the address to visit on any other device, and polls until someone signs in there.
- `access_key_sign_in`: CXone's access key id and secret.

No token, code or secret is logged or put into an error.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tui.auth.endpoints import Endpoints
from tui.auth.tokens import OAuthClient, TokenSet, now_ms, token_request, token_set
from tui.backends import http as shared
from tui.domain.errors import NotSignedIn, PlatformRefused

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
CALLBACK_PATH = "/callback"
MAX_REQUEST = 8192
DONE_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Signed in</title></head>"
    b"<body><h1>Signed in</h1><p>Return to the agent desktop; you may close this page.</p>"
    b"</body></html>"
)
FAILED_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Not signed in</title></head>"
    b"<body><h1>Not signed in</h1><p>Return to the agent desktop and try again.</p>"
    b"</body></html>"
)


def pkce_pair() -> tuple[str, str]:
    """(code verifier, its S256 challenge)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


ShowUrl = Callable[[str], Awaitable[None] | None]


async def _call(show: Callable[..., Awaitable[None] | None], *args: object) -> None:
    result = show(*args)
    if asyncio.iscoroutine(result):
        await result


class _Callback:
    """A one-shot HTTP listener on 127.0.0.1 for the redirect (any free port)."""

    def __init__(self) -> None:
        self.query: asyncio.Future[dict[str, str]] = asyncio.get_running_loop().create_future()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
            with contextlib.suppress(asyncio.TimeoutError):
                while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                    pass
            parts = line.decode("latin-1")[:MAX_REQUEST].split(" ")
            target = urlsplit(parts[1]) if len(parts) >= 2 else None
            ours = target is not None and parts[0] == "GET" and target.path == CALLBACK_PATH
            query = {k: v[0] for k, v in parse_qs(target.query).items()} if ours and target else {}
            good = ours and "code" in query
            body = DONE_PAGE if good else FAILED_PAGE
            status = b"200 OK" if good else b"400 Bad Request"
            writer.write(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Cache-Control: no-store\r\nConnection: close\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            await writer.drain()
            if ours and not self.query.done() and ("code" in query or "error" in query):
                self.query.set_result(query)
        except (TimeoutError, OSError, UnicodeError):
            pass
        finally:
            writer.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{CALLBACK_PATH}"


def open_browser(url: str) -> bool:
    """Open `url` in a browser where this machine has one (False when it has none)."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    try:
        return webbrowser.open(url, new=2)
    except Exception:
        return False


async def loopback_sign_in(
    client: httpx.AsyncClient,
    endpoints: Endpoints,
    oauth: OAuthClient,
    show_url: ShowUrl,
    *,
    timeout_s: float = 300.0,
) -> TokenSet:
    """Authorization code with PKCE and a loopback redirect. `show_url(url)` tells the user
    where to sign in (and may open a browser); NotSignedIn when they do not within
    `timeout_s` or the platform refuses."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    callback = _Callback()
    await callback.start()
    try:
        query = {
            "client_id": oauth.client_id,
            "response_type": "code",
            "redirect_uri": callback.redirect_uri,
            "scope": oauth.scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        separator = "&" if "?" in endpoints.authorize else "?"
        await _call(show_url, f"{endpoints.authorize}{separator}{urlencode(query)}")
        try:
            answer = await asyncio.wait_for(asyncio.shield(callback.query), timeout_s)
        except TimeoutError:
            raise NotSignedIn("Nobody signed in in the browser in time; try again.") from None
    finally:
        await callback.close()
    if answer.get("state") != state:
        raise NotSignedIn("The browser's answer was not for this sign-in; try again.")
    if "code" not in answer:
        raise NotSignedIn("The sign-in was refused in the browser.")
    form = {
        "grant_type": "authorization_code",
        "code": answer["code"],
        "redirect_uri": callback.redirect_uri,
        "code_verifier": verifier,
        **oauth.form(),
    }
    return await token_request(client, endpoints.token, form)


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """What to show the user: the code to type and where."""

    user_code: str
    verification_uri: str
    verification_uri_complete: str = ""


async def device_sign_in(
    client: httpx.AsyncClient,
    endpoints: Endpoints,
    oauth: OAuthClient,
    show_code: Callable[[DeviceCode], Awaitable[None] | None],
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> TokenSet:
    """The device authorization grant, polled until done (or refused, or expired)."""
    if not endpoints.device:
        raise PlatformRefused("This platform offers no device sign-in.")
    form = {"client_id": oauth.client_id, **({"scope": oauth.scope} if oauth.scope else {})}
    response = await shared.send(client, "POST", endpoints.device, data=form)
    if response.status_code != 200:
        raise shared.common_error(response.status_code, "The device sign-in could not start.")
    try:
        body = response.json()
        device_code = str(body["device_code"])
        shown = DeviceCode(
            str(body["user_code"]),
            str(body["verification_uri"]),
            str(body.get("verification_uri_complete") or ""),
        )
        interval = float(body.get("interval", 5))
        deadline = now_ms() + int(float(body.get("expires_in") or 300) * 1000)
    except (ValueError, KeyError, TypeError):
        raise PlatformRefused("The device sign-in answer could not be read.") from None
    await _call(show_code, shown)
    poll = {"grant_type": DEVICE_GRANT, "device_code": device_code, **oauth.form()}
    auth = (oauth.client_id, oauth.client_secret) if oauth.client_secret else None
    while now_ms() < deadline:
        await sleep(interval)
        issued = now_ms()
        kwargs: dict[str, object] = {"data": poll}
        if auth is not None:
            kwargs["auth"] = auth
        answer = await shared.send(client, "POST", endpoints.device_token, **kwargs)
        if answer.status_code == 200:
            try:
                return token_set(answer.json(), issued)
            except ValueError:
                raise PlatformRefused("The sign-in answer could not be read.") from None
        error = shared.oauth_error(answer)
        if error == "slow_down":
            interval += 5
        elif error != "authorization_pending" and answer.status_code != 428:
            raise NotSignedIn("The device sign-in was refused or expired; try again.")
    raise NotSignedIn("Nobody signed in with the code in time; try again.")


async def access_key_sign_in(
    client: httpx.AsyncClient, endpoints: Endpoints, key_id: str, secret: str
) -> TokenSet:
    """CXone's access key: its id and secret traded for tokens."""
    issued = now_ms()
    body = {"accessKeyId": key_id, "accessKeySecret": secret}
    response = await shared.send(client, "POST", endpoints.access_key, json=body)
    if response.status_code in (400, 401, 403):
        raise NotSignedIn("The access key or its secret is wrong.")
    if response.status_code != 200:
        raise shared.common_error(response.status_code, "")
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise PlatformRefused("The sign-in answer could not be read.")
    return token_set(answer, issued)
