"""The desk: which platform, which server, and the one desktop session the screens talk to.

Plain asyncio (no Textual): it turns the login form into a signed-in `DesktopSession`, waiting
for the built-in sandbox when it is still starting, and closes the session on sign-out.

A supervisor acting as an agent gets a second session of their own (`acting`), joined to the
agent's station session, so that their own session and the board stay as they were; leaving
it closes only that connection and the agent's session carries on.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from tui.backends.credentials import Credentials, OAuthSignIn, wall_clock_ms
from tui.config import DesktopSettings, Platform
from tui.desk.local_sandbox import LocalSandbox
from tui.domain.errors import (
    DesktopError,
    ImpersonationNotEnabled,
    NotSignedIn,
    PlatformRefused,
    ServerUnreachable,
)

if TYPE_CHECKING:  # the session and the domain are read when a sign-in needs them
    from tui.backends.session import DesktopSession, ExistingSession
    from tui.domain import Capabilities, DesktopProfile

SessionFactory = Callable[[Platform, str, Callable[[], int]], "DesktopSession"]


def has_built_in(platform: Platform) -> bool:
    """Whether an empty server address means the built-in sandbox on this platform."""
    return platform in (Platform.SANDBOX, Platform.CXONE)


def open_platform_session(
    platform: Platform, base_url: str, clock: Callable[[], int], *, webex_api_url: str = ""
) -> DesktopSession:
    """The real backend for `platform`; the sandbox platform speaks the Webex protocol (the
    built-in sandbox serves CXone's too).

    Multi-login is allowed so that two of these desktops (say, a desk and a laptop) both stay
    live on one session; a desktop that does not allow it still takes over, and then this one
    offers to continue here.
    """
    if platform is Platform.CXONE:
        from tui.backends.cxone.client import CxoneSession

        return CxoneSession(base_url, clock=clock)
    from tui.backends.webex.client import WebexSession

    return WebexSession(
        base_url, clock=clock, allow_multi_login=True, people_url=webex_api_url or None
    )


@dataclass(frozen=True, slots=True)
class SignedIn:
    profile: DesktopProfile
    existing: ExistingSession | None
    note: str = ""
    """Something to tell the user about the sign-in (e.g. that no keyring keeps it)."""


@dataclass(frozen=True, slots=True)
class SignInDetails:
    """How the user signed in, kept in memory only, to open an acting session the same way."""

    platform: Platform
    base_url: str
    credentials: Credentials


class Desk:
    def __init__(
        self,
        settings: DesktopSettings,
        *,
        session_factory: SessionFactory = open_platform_session,
        clock: Callable[[], int] = wall_clock_ms,
        timezone: tzinfo | None = None,
        local_sandbox: LocalSandbox | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.timezone = timezone
        self.session: DesktopSession | None = None
        self.acting: DesktopSession | None = None  # a supervisor acting as an agent
        self._signed_in_with: SignInDetails | None = None
        if session_factory is open_platform_session and settings.webex_api_url:
            session_factory = functools.partial(
                open_platform_session, webex_api_url=settings.webex_api_url
            )
        self._factory = session_factory
        self.local_sandbox = local_sandbox

    @property
    def signed_in_at(self) -> tuple[Platform, str, str] | None:
        """(platform, server, user name typed) of the current sign-in; None when signed out."""
        details = self._signed_in_with
        if details is None:
            return None
        user = getattr(details.credentials, "user", "")
        return details.platform, details.base_url, user if isinstance(user, str) else ""

    @property
    def capabilities(self) -> Capabilities:
        """What the signed-in platform lets the screens offer."""
        from tui.backends.session import DesktopSession

        return self.session.capabilities if self.session else DesktopSession.capabilities

    # -- time -----------------------------------------------------------------------------

    def now_ms(self) -> int:
        """The server's clock now (skew-corrected once a session knows it)."""
        return self.session.server_now_ms() if self.session else self.clock()

    def clock_text(self, at_ms: int) -> str:
        """A local wall-clock time of day, `14:03:07`, for the event log."""
        return datetime.fromtimestamp(at_ms / 1000, tz=self.timezone).strftime("%H:%M:%S")

    # -- signing in and out ------------------------------------------------------------------

    def uses_local_sandbox(self, platform: Platform, server_url: str) -> bool:
        """An empty address on the sandbox or CXone means the built-in sandbox, which serves
        both the Webex and the CXone agent API."""
        return has_built_in(platform) and not server_url and self.local_sandbox is not None

    async def server_for(self, platform: Platform, server_url: str) -> str:
        server_url = server_url.strip().rstrip("/")
        if self.uses_local_sandbox(platform, server_url):
            assert self.local_sandbox is not None
            return await self.local_sandbox.wait_url()
        if not server_url:
            raise ServerUnreachable("Enter the server address.", field="server")
        if not server_url.startswith(("http://", "https://")):
            raise ServerUnreachable("The address must start with https:// or http://.")
        return server_url

    async def sign_in(
        self, platform: Platform, server_url: str, credentials: Credentials
    ) -> SignedIn:
        """Sign in, load the profile (opening the event stream) and look for a session."""
        await self.sign_out()
        base_url = await self.server_for(platform, server_url)
        session = self._factory(platform, base_url, self.clock)
        try:
            await session.sign_in(credentials)
            profile = await session.load_profile()
            existing = await session.find_existing_session()
        except DesktopError:
            await _close_quietly(session)
            raise
        except Exception as error:  # a backend bug must still read as a sentence
            await _close_quietly(session)
            raise PlatformRefused(f"Signing in failed unexpectedly: {error}") from error
        except BaseException:  # cancelled (a newer sign-in replaced this one)
            await _close_quietly(session)
            raise
        self.session = session
        session.watch_queues()  # the queue figures, polled for the board and the status screen
        self._signed_in_with = SignInDetails(platform, base_url, credentials)
        return SignedIn(profile, existing, self._keep_signed_in(platform, base_url, session))

    def _keep_signed_in(self, platform: Platform, base_url: str, session: DesktopSession) -> str:
        """A refresh token from a sign-in flow is kept in the keyring (and again each time it
        rotates); what to tell the user when it cannot be."""
        from tui.desk.signing import account_of, keep

        refresh_token = getattr(session, "refresh_token", "")
        details = self._signed_in_with
        if not refresh_token or details is None or not isinstance(details.credentials, OAuthSignIn):
            return ""
        account = account_of(platform, base_url)
        setattr(session, "on_refresh_token", lambda token: keep(account, token))  # noqa: B010
        return keep(account, refresh_token)

    async def sign_in_again(self, credentials: Credentials) -> None:
        """Signed out mid-shift: new credentials for the same session and stream."""
        session, details = self.session, self._signed_in_with
        if session is None or details is None:
            raise NotSignedIn()
        again = getattr(session, "sign_in_again", None)
        if again is None:
            raise NotSignedIn()
        await again(credentials)
        self._signed_in_with = SignInDetails(details.platform, details.base_url, credentials)
        self._keep_signed_in(details.platform, details.base_url, session)

    async def sign_out(self) -> None:
        """Close the connections; the station sessions on the server are left as they are."""
        await self.stop_acting()
        self._signed_in_with = None
        session, self.session = self.session, None
        if session is not None:
            await _close_quietly(session)

    # -- joining by id, and acting as another agent -------------------------------------------

    async def join_by_id(self, session_id: str, as_agent_id: str = "") -> bool:
        """Join a session by its id, or an agent's session as them; True when now acting.

        Joining another agent's session is acting as them, so it gets a session of its own:
        whether a typed id is the user's own is asked of the platform first.
        """
        own = self.session
        if own is None or own.profile is None:
            raise NotSignedIn()
        me = own.profile.agent_id
        if as_agent_id and as_agent_id != me:
            await self.act_as(as_agent_id, session_id or None)
            return True
        if own.profile.can_impersonate and session_id:
            existing = await own.find_existing_session()
            if existing is None or existing.session_id != session_id:
                await self.act_as(None, session_id)
                return True
        await own.join_session(session_id or None)
        return False

    async def act_as(self, agent_id: str | None, session_id: str | None = None) -> DesktopSession:
        """Join `agent_id`'s session (or the session `session_id`) as that agent."""
        own = self.session
        details = self._signed_in_with
        if own is None or own.profile is None or details is None:
            raise NotSignedIn()
        if not own.profile.can_impersonate:
            raise ImpersonationNotEnabled()
        await self.stop_acting()
        acting = self._factory(details.platform, details.base_url, self.clock)
        try:
            await acting.sign_in(details.credentials)
            await acting.load_profile()
            await acting.join_session(session_id, as_agent_id=agent_id)
        except DesktopError:
            await _close_quietly(acting)
            raise
        except Exception as error:  # a backend bug must still read as a sentence
            await _close_quietly(acting)
            raise PlatformRefused(f"Joining the agent's session failed: {error}") from error
        except BaseException:
            await _close_quietly(acting)
            raise
        self.acting = acting
        return acting

    async def stop_acting(self) -> None:
        """Leave the agent's session to them: close our connection to it, end nothing."""
        acting, self.acting = self.acting, None
        if acting is not None:
            await _close_quietly(acting)


async def _close_quietly(session: DesktopSession) -> None:
    with contextlib.suppress(Exception):  # a broken connection must not stop signing out
        await session.close()
