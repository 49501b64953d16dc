"""How the desktop signs in, by method, and keeps a sign-in across restarts (no Textual).

Methods: `password` (the sandbox's), `token` (pasted), `browser` (authorization code with
PKCE and a loopback redirect), `device` (the device grant: Webex only) and `access-key`
(CXone only). A browser, device or access-key sign-in gets a refresh token, which is kept in
the OS keyring when there is one, so that the next start signs in with it and asks nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

import httpx

from tui.auth import keeping
from tui.auth.endpoints import Endpoints, cxone_endpoints, webex_endpoints
from tui.auth.flows import (
    DeviceCode,
    access_key_sign_in,
    device_sign_in,
    loopback_sign_in,
)
from tui.auth.tokens import OAuthClient, TokenSet, refresh
from tui.backends.session import OAuthSignIn
from tui.config import Platform
from tui.domain.errors import DesktopError, PlatformRefused

SIGN_IN_TIMEOUT_S = 20.0


class SignInMethod(StrEnum):
    PASSWORD = "password"
    TOKEN = "token"
    BROWSER = "browser"
    DEVICE = "device"
    ACCESS_KEY = "access-key"

    @property
    def label(self) -> str:
        return {
            "password": "Password",
            "token": "Token",
            "browser": "Browser",
            "device": "Device code",
            "access-key": "Access key",
        }[self]


METHODS: dict[Platform, tuple[SignInMethod, ...]] = {
    Platform.SANDBOX: (
        SignInMethod.PASSWORD,
        SignInMethod.BROWSER,
        SignInMethod.DEVICE,
        SignInMethod.TOKEN,
    ),
    Platform.WEBEX: (SignInMethod.BROWSER, SignInMethod.DEVICE, SignInMethod.TOKEN),
    Platform.CXONE: (
        SignInMethod.PASSWORD,
        SignInMethod.BROWSER,
        SignInMethod.ACCESS_KEY,
        SignInMethod.TOKEN,
    ),
}
"""The methods each platform offers, the first its default. Webex has no password grant for
an integration; CXone offers no device grant."""


def methods_for(platform: Platform) -> tuple[SignInMethod, ...]:
    return METHODS[platform]


@dataclass(frozen=True, slots=True)
class Flow:
    """What a sign-in flow needs besides the platform: the integration, where the sign-in
    server is (Webex: the general API; CXone: its auth host; '' = the agent API's own), and
    how to tell the user where to go."""

    oauth: OAuthClient
    auth_url: str = ""
    show_url: Callable[[str], Awaitable[None] | None] = print
    show_code: Callable[[DeviceCode], Awaitable[None] | None] = print
    timeout_s: float = 300.0


async def endpoints_for(client: httpx.AsyncClient, platform: Platform, auth_base: str) -> Endpoints:
    if platform is Platform.CXONE:
        return await cxone_endpoints(client, auth_base)
    return webex_endpoints(auth_base)


def auth_base(platform: Platform, base_url: str, auth_url: str) -> str:
    """Where the sign-in flows are: the configured address, else for Webex the general Webex
    API (the sandbox's own address when it is a sandbox), else the agent API's address."""
    if auth_url:
        return auth_url.rstrip("/")
    if platform is not Platform.CXONE:
        from tui.backends.webex.hosts import default_people_url

        return default_people_url(base_url).rstrip("/")
    return base_url.rstrip("/")


def credentials_of(tokens: TokenSet, token_url: str, oauth: OAuthClient) -> OAuthSignIn:
    return OAuthSignIn(
        tokens.access_token,
        tokens.refresh_token,
        tokens.expires_at_ms,
        token_url,
        oauth.client_id,
        oauth.client_secret,
        dict(tokens.answer),
    )


async def obtain(
    method: SignInMethod,
    platform: Platform,
    base_url: str,
    flow: Flow,
    *,
    key_id: str = "",
    key_secret: str = "",
) -> OAuthSignIn:
    """Run a browser, device or access-key sign-in to its end -> credentials for a session."""
    base = auth_base(platform, base_url, flow.auth_url)
    async with httpx.AsyncClient(timeout=SIGN_IN_TIMEOUT_S) as client:
        endpoints = await endpoints_for(client, platform, base)
        if method is SignInMethod.BROWSER:
            tokens = await loopback_sign_in(
                client, endpoints, flow.oauth, flow.show_url, timeout_s=flow.timeout_s
            )
        elif method is SignInMethod.DEVICE:
            tokens = await device_sign_in(client, endpoints, flow.oauth, flow.show_code)
        elif method is SignInMethod.ACCESS_KEY:
            tokens = await access_key_sign_in(client, endpoints, key_id, key_secret)
        else:
            raise PlatformRefused(f"{method.label} is not a flow of its own.")
    return credentials_of(tokens, endpoints.token, flow.oauth)


def account_of(platform: Platform, base_url: str) -> keeping.Account:
    """The keyring entry of a platform and server (one kept sign-in for each)."""
    return keeping.Account(platform.value, base_url.rstrip("/"), "")


async def kept_sign_in(platform: Platform, base_url: str, flow: Flow) -> OAuthSignIn | None:
    """The sign-in kept in the keyring, renewed now (its refresh token rotates, and the new
    one is kept); None when there is none or it no longer works (it is then forgotten)."""
    account = account_of(platform, base_url)
    kept = keeping.load(account)
    if not kept:
        return None
    base = auth_base(platform, base_url, flow.auth_url)
    try:
        async with httpx.AsyncClient(timeout=SIGN_IN_TIMEOUT_S) as client:
            endpoints = await endpoints_for(client, platform, base)
            tokens = await refresh(client, endpoints.token, flow.oauth, kept)
    except DesktopError:
        keeping.forget(account)
        return None
    keep(account, tokens.refresh_token)
    return credentials_of(tokens, endpoints.token, flow.oauth)


def keep(account: keeping.Account, refresh_token: str) -> str:
    """Keep a refresh token in the keyring; '' when kept (or nothing to keep), else the plain
    sentence to show: why it was not."""
    if not refresh_token:
        return ""
    try:
        keeping.save(account, refresh_token)
    except keeping.KeyringUnavailable as why:
        return str(why)
    return ""
