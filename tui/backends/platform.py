"""What every platform's desktop session does alike, said once: `PlatformSession`.

Both platforms' sessions hold one HTTP client, a clock, a request timeout, a backoff for their
live updates and its random source, the connection as last reported, and the password of a
password sign-in (so that a token that expires can be renewed without the agent noticing).
A backend subclasses `PlatformSession`, passes how to open its HTTP client, and speaks its wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from abc import abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypedDict, TypeVar

from tui.auth.tokens import OAuthClient, TokenSet, refresh
from tui.backends.credentials import Credentials, OAuthSignIn, PasswordSignIn, wall_clock_ms
from tui.backends.http import PlatformHttp
from tui.backends.live import LiveConnection, LiveSetup, LiveTiming
from tui.backends.session import DesktopSession, Identity
from tui.domain import Connection, DesktopProfile, Link
from tui.domain.errors import DesktopError, NotSignedIn, RequestTimedOut

SIGNED_OUT_DETAIL = "the platform no longer accepts your sign-in; sign in again"
PASSWORD_TOKEN_PATH = "/oauth/token"

HttpT = TypeVar("HttpT", bound=PlatformHttp)
TimingT = TypeVar("TimingT", bound=LiveTiming)
T = TypeVar("T")


class SessionOptions(TypedDict, total=False):
    """The constructor options every platform's session takes (defaults in `PlatformSession`)."""

    token: str | None
    clock: Callable[[], int]
    request_timeout: float
    backoff_base: float
    backoff_cap: float
    rng: random.Random | None


class PlatformSession(DesktopSession, Generic[HttpT]):
    """A desktop session spoken over one platform's HTTP client, with live updates."""

    def __init__(
        self,
        base_url: str,
        open_http: Callable[..., HttpT],
        *,
        token: str | None = None,
        clock: Callable[[], int] = wall_clock_ms,
        request_timeout: float = 20.0,
        backoff_base: float = 0.5,
        backoff_cap: float = 15.0,
        rng: random.Random | None = None,
        on_offline: Callable[[], None] | None = None,
    ) -> None:
        """`open_http(base_url, timeout=, token=)` makes the session's one HTTP client;
        `on_offline` runs on every offline report."""
        super().__init__(clock=clock)
        self.base_url = base_url
        self.request_timeout = request_timeout
        self._http = open_http(base_url, timeout=request_timeout, token=token)
        self._backoff = LiveTiming(backoff_base=backoff_base, backoff_cap=backoff_cap)
        self._rng = rng
        self._password: PasswordSignIn | None = None
        self._tokens: TokenSet | None = None
        self._token_url = ""
        self._oauth = OAuthClient()
        self._renewing = asyncio.Lock()
        self._ahead: asyncio.Task[None] | None = None
        self.on_refresh_token: Callable[[str], None] | None = None
        """Told each new refresh token (they rotate), to keep it in the keyring."""
        self.refreshes = 0
        """Access tokens renewed with the refresh token (before expiry or after a 401)."""
        self._link = LiveConnection(self.publish, on_offline)

    def _live(self, kind: type[TimingT], **fields: Any) -> LiveSetup[TimingT]:
        """How this session's live source runs: reporting on this session's connection, with a
        `kind` of timing (`fields` and this session's backoff)."""
        backoff = self._backoff
        timing = kind(backoff_base=backoff.backoff_base, backoff_cap=backoff.backoff_cap, **fields)
        return LiveSetup(self._link, timing, self._rng)

    @property
    def connection(self) -> Connection:
        """The connection as last reported."""
        return self._link.current

    def _report(self, connection: Connection) -> None:
        self._link.report(connection)

    # -- signing in ------------------------------------------------------------------------------

    async def sign_in(self, credentials: Credentials) -> Identity:
        self._take(credentials, await self._first_tokens(credentials))
        return await self._who_am_i()

    async def sign_in_again(self, credentials: Credentials) -> Identity:
        """Signed out mid-shift: take new credentials for the same station session and stream
        (they carry on; nothing is started again). The sign-in must be the same user's."""
        before = self.identity
        tokens = await self._first_tokens(credentials)
        previous = self._http.client.headers.get("Authorization")
        self._http.set_token(tokens.access_token)
        try:
            identity = await self._who_am_i()
        except DesktopError:
            self._restore_header(previous)
            raise
        if before is not None and identity.agent_id != before.agent_id:
            self.identity = before
            self._restore_header(previous)
            raise NotSignedIn("Sign in as the same agent to carry on this session.")
        self._take(credentials, tokens)
        self._report(Connection(Link.ONLINE))
        await self._signed_in_again()
        return identity

    def _restore_header(self, previous: str | None) -> None:
        if previous is None:
            self._http.client.headers.pop("Authorization", None)
        else:
            self._http.client.headers["Authorization"] = previous

    async def _signed_in_again(self) -> None:
        """After `sign_in_again`: restart whatever stopped for want of a token (the stream)."""

    async def _first_tokens(self, credentials: Credentials) -> TokenSet:
        if isinstance(credentials, PasswordSignIn):
            grant = await self._http.password_grant(credentials.user, credentials.password)
            expires = self.clock() + grant.expires_in_s * 1000 if grant.expires_in_s else 0
            return TokenSet(grant.token, grant.refresh_token, expires, {"_issued_ms": self.clock()})
        if isinstance(credentials, OAuthSignIn):
            return TokenSet(
                credentials.access_token,
                credentials.refresh_token,
                credentials.expires_at_ms,
                dict(credentials.answer),
            )
        return TokenSet(credentials.token)

    def _take(self, credentials: Credentials, tokens: TokenSet) -> None:
        """Use these tokens from now on, and renew them before they expire."""
        self._http.set_token(tokens.access_token)
        self._tokens = tokens
        self._password = credentials if isinstance(credentials, PasswordSignIn) else None
        if isinstance(credentials, OAuthSignIn):
            self._token_url = credentials.token_url
            self._oauth = OAuthClient(credentials.client_id, credentials.client_secret)
        elif isinstance(credentials, PasswordSignIn):
            self._token_url = PASSWORD_TOKEN_PATH
            self._oauth = OAuthClient()
        else:
            self._token_url = ""
        self._plan_renewal()

    @property
    def refresh_token(self) -> str:
        """The current refresh token ('' when none): only for keeping in the keyring."""
        return self._tokens.refresh_token if self._tokens else ""

    def _plan_renewal(self) -> None:
        """Renew the access token a little before it expires (when it says when)."""
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead = None
        tokens = self._tokens
        if tokens is None or not tokens.refresh_at_ms() or not tokens.refresh_token:
            return
        with contextlib.suppress(RuntimeError):  # no running loop: renewed after a 401 only
            loop = asyncio.get_running_loop()
            self._ahead = loop.create_task(self._renew_ahead(tokens), name="token-renewal")

    async def _renew_ahead(self, tokens: TokenSet) -> None:
        wait_s = max(0.0, (tokens.refresh_at_ms() - self.clock()) / 1000)
        await asyncio.sleep(wait_s)
        self._ahead = None  # renew() plans the next one
        await self.renew(tokens.access_token)

    async def renew(self, refused: str) -> str | None:
        """A token to use instead of `refused` (expiring, or refused with a 401): the refresh
        token's, else a password sign-in's; None when none can be had. One at a time, so a
        rotating refresh token is never spent twice; a caller whose token has been renewed
        meanwhile just gets the new one."""
        async with self._renewing:
            current = self._tokens
            if current is not None and current.access_token != refused:
                return current.access_token
            fresh = await self._fresh(current)
            if fresh is None:
                return None
            self._tokens = fresh
            self._http.set_token(fresh.access_token)
            if fresh.refresh_token and self.on_refresh_token is not None:
                self.on_refresh_token(fresh.refresh_token)
            self._plan_renewal()
            return fresh.access_token

    async def _fresh(self, current: TokenSet | None) -> TokenSet | None:
        if current is not None and current.refresh_token and self._token_url:
            try:
                fresh = await refresh(
                    self._http.client, self._token_url, self._oauth, current.refresh_token
                )
            except DesktopError:
                pass  # refused or unreachable: a password may still do
            else:
                self.refreshes += 1
                return fresh
        if self._password is not None:
            try:
                grant = await self._http.password_grant(
                    self._password.user, self._password.password
                )
            except DesktopError:
                return None
            expires = self.clock() + grant.expires_in_s * 1000 if grant.expires_in_s else 0
            return TokenSet(grant.token, grant.refresh_token, expires, {"_issued_ms": self.clock()})
        return None

    def _signed_out(self) -> None:
        """The platform refused the token and no other could be had: say so."""
        self._report(Connection(Link.SIGNED_OUT, detail=SIGNED_OUT_DETAIL))

    async def _stop_renewing(self) -> None:
        if self._ahead is not None:
            self._ahead.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ahead
            self._ahead = None

    @abstractmethod
    async def _who_am_i(self) -> Identity:
        """Ask the platform who the token belongs to; sets `identity`."""

    async def _password_token(self, password: PasswordSignIn) -> str:
        """A fresh token for a password sign-in (the sandbox's tokens can expire)."""
        grant = await self._http.password_grant(password.user, password.password)
        return grant.token

    async def _new_token(self) -> str | None:
        """A token to replace the one in use, when one can be had (refresh token, password)."""
        current = self._tokens.access_token if self._tokens else ""
        return await self.renew(current)

    async def _confirmed(self, confirmation: Awaitable[T]) -> T:
        """Wait for what confirms a request, at most the request timeout (then RequestTimedOut).

        Both platforms answer a command at once and confirm it later (a frame, a poll)."""
        try:
            async with asyncio.timeout(self.request_timeout):
                return await confirmation
        except TimeoutError:
            raise RequestTimedOut() from None

    def _require_profile(self) -> DesktopProfile:
        if self.profile is None or self.identity is None:
            raise NotSignedIn("Sign in and load your profile first.")
        return self.profile
