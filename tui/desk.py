"""The desk: which platform, which server, and the one desktop session the screens talk to.

Plain asyncio (no Textual): it turns the login form into a signed-in `DesktopSession`, waiting
for the built-in sandbox when it is still starting, and closes the session on sign-out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from tui.backends.session import Credentials, DesktopSession, ExistingSession, wall_clock_ms
from tui.config import DesktopSettings, Platform
from tui.domain import DesktopProfile
from tui.domain.errors import DesktopError, PlatformRefused, ServerUnreachable
from tui.local_sandbox import LocalSandbox

SessionFactory = Callable[[Platform, str, Callable[[], int]], DesktopSession]


class PlatformNotAvailable(DesktopError):
    sentence = "NICE CXone is not available in this version yet. Choose Sandbox or Webex."
    field = "platform"


def open_platform_session(
    platform: Platform, base_url: str, clock: Callable[[], int]
) -> DesktopSession:
    """The real backend for `platform`; the sandbox speaks the Webex protocol.

    Multi-login is allowed so that two of these desktops (say, a desk and a laptop) both stay
    live on one session; a desktop that does not allow it still takes over, and then this one
    offers to continue here.
    """
    if platform is Platform.CXONE:
        raise PlatformNotAvailable()
    from tui.backends.webex.client import WebexSession

    return WebexSession(base_url, clock=clock, allow_multi_login=True)


@dataclass(frozen=True, slots=True)
class SignedIn:
    profile: DesktopProfile
    existing: ExistingSession | None


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
        self._factory = session_factory
        self.local_sandbox = local_sandbox

    # -- time -----------------------------------------------------------------------------

    def now_ms(self) -> int:
        """The server's clock now (skew-corrected once a session knows it)."""
        return self.session.server_now_ms() if self.session else self.clock()

    def clock_text(self, at_ms: int) -> str:
        """A local wall-clock time of day, `14:03:07`, for the event log."""
        return datetime.fromtimestamp(at_ms / 1000, tz=self.timezone).strftime("%H:%M:%S")

    # -- signing in and out ------------------------------------------------------------------

    def uses_local_sandbox(self, platform: Platform, server_url: str) -> bool:
        return platform is Platform.SANDBOX and not server_url and self.local_sandbox is not None

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
        return SignedIn(profile, existing)

    async def sign_out(self) -> None:
        """Close the connection; the station session on the server is left as it is."""
        session, self.session = self.session, None
        if session is not None:
            await _close_quietly(session)


async def _close_quietly(session: DesktopSession) -> None:
    with contextlib.suppress(Exception):  # a broken connection must not stop signing out
        await session.close()
