"""What every platform's desktop session does alike, said once: `PlatformSession`.

Both platforms' sessions hold one HTTP client, a clock, a request timeout, a backoff for their
live updates and its random source, the connection as last reported, and the password of a
password sign-in (so that a token that expires can be renewed without the agent noticing).
A backend subclasses `PlatformSession`, passes how to open its HTTP client, and speaks its wire.
"""

from __future__ import annotations

import asyncio
import random
from abc import abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypedDict, TypeVar

from tui.backends.http import PlatformHttp
from tui.backends.live import LiveConnection, LiveSetup, LiveTiming
from tui.backends.session import (
    Credentials,
    DesktopSession,
    Identity,
    PasswordSignIn,
    wall_clock_ms,
)
from tui.domain import Connection, DesktopProfile
from tui.domain.errors import DesktopError, NotSignedIn, RequestTimedOut

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
        if isinstance(credentials, PasswordSignIn):
            grant = await self._http.password_grant(credentials.user, credentials.password)
            self._http.set_token(grant.token)
            self._password = credentials
        else:
            self._http.set_token(credentials.token)
            self._password = None
        return await self._who_am_i()

    @abstractmethod
    async def _who_am_i(self) -> Identity:
        """Ask the platform who the token belongs to; sets `identity`."""

    async def _password_token(self, password: PasswordSignIn) -> str:
        """A fresh token for a password sign-in (the sandbox's tokens can expire)."""
        grant = await self._http.password_grant(password.user, password.password)
        return grant.token

    async def _new_token(self) -> str | None:
        """A password sign-in can quietly get a new token when the old one expires."""
        if self._password is None:
            return None
        try:
            return await self._password_token(self._password)
        except DesktopError:
            return None

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
