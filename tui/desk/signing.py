"""How the desktop signs in, by method, and keeps a sign-in across restarts (no Textual).

Methods: `password` (the sandbox's), `token` (pasted), `browser` (authorization code with
PKCE and a loopback redirect), `device` (the device grant: Webex only) and `access-key`
(CXone only). A browser, device or access-key sign-in gets a refresh token, which is kept in
the OS keyring when there is one, so that the next start signs in with it and asks nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from tui.auth import keeping
from tui.auth.endpoints import Endpoints, cxone_endpoints, webex_endpoints
from tui.auth.flows import (
    DeviceCode,
    access_key_sign_in,
    device_sign_in,
    loopback_sign_in,
    open_browser,
)
from tui.auth.tokens import OAuthClient, TokenSet, refresh
from tui.backends.credentials import Credentials, OAuthSignIn, PasswordSignIn, TokenSignIn
from tui.backends.http import tls_context
from tui.config import DesktopSettings, Platform, client_secret_from_env
from tui.desk.methods import SignInMethod, Typed
from tui.domain.errors import DesktopError, PlatformRefused

SIGN_IN_TIMEOUT_S = 20.0


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
    async with httpx.AsyncClient(timeout=SIGN_IN_TIMEOUT_S, verify=tls_context()) as client:
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
        async with httpx.AsyncClient(timeout=SIGN_IN_TIMEOUT_S, verify=tls_context()) as client:
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


WEBEX_SCOPES = "cjp:config_read cjp:user spark:people_read"
"""What the desktop asks a Webex integration for: the agent's configuration, the agent APIs
and who the user is (register the integration with these)."""
CXONE_SCOPES = "openid"


def flow_for(settings: DesktopSettings, platform: Platform, say: Callable[[str], None]) -> Flow:
    """The flow as the settings configure it; `say` tells the user where to go."""

    def show_url(url: str) -> None:
        if open_browser(url):
            say(f"A browser was opened to sign in. If none shows, open: {url}")
        else:
            say(f"Open this address in a browser to sign in: {url}")

    def show_code(code: DeviceCode) -> None:
        say(f"On any device, open {code.verification_uri} and enter the code {code.user_code}")

    scope = CXONE_SCOPES if platform is Platform.CXONE else WEBEX_SCOPES
    oauth = OAuthClient(settings.client_id, client_secret_from_env(), scope)
    return Flow(oauth, settings.auth_url, show_url, show_code)


async def credentials_for(
    method: SignInMethod,
    platform: Platform,
    base_url: str,
    settings: DesktopSettings,
    typed: Typed,
    say: Callable[[str], None],
) -> Credentials:
    """The credentials a method gives: typed ones at once; a flow's after it is run (or the
    keyring's kept sign-in, which asks nothing)."""
    if method is SignInMethod.PASSWORD:
        return PasswordSignIn(typed.user, typed.password)
    if method is SignInMethod.TOKEN:
        return TokenSignIn(typed.token)
    flow = flow_for(settings, platform, say)
    kept = await kept_sign_in(platform, base_url, flow)
    if kept is not None:
        return kept
    if method is not SignInMethod.ACCESS_KEY and not flow.oauth.client_id:
        raise PlatformRefused(
            "Set the OAuth client id (--client-id or AGENT_DESKTOP_CLIENT_ID) for this sign-in.",
            field="form",
        )
    return await obtain(
        method, platform, base_url, flow, key_id=typed.key_id, key_secret=typed.key_secret
    )
