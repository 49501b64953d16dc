"""The one long-poll loop of a CXone session: get-next-event, again and again, forever.

Each answer may carry a new session id, which replaces the one the loop polls with. As in
NICE's agent SDK, the status code alone decides: a 304 means "nothing happened, poll again at
once"; a 409 means the session ended (with or without a body); a 401 means signing in again is
needed (the HTTP layer has already tried a fresh token and reported "signed out"), so the loop
stops. Any other answer (4xx, 5xx), a poll that the network fails, or one that hangs past its
timeout plus a margin, is abandoned: the loop reports "reconnecting n", waits a jittered,
capped backoff and re-attaches (the client joins the session again, which also re-syncs it),
until it is back online or the session is gone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tui.backends.cxone.http import CxoneHttp, PollAnswer
from tui.backends.live import LiveSetup, LiveSource, LiveTiming, Lost, Stop
from tui.domain.errors import (
    DesktopError,
    NoSuchSession,
    NotLoggedIn,
    NotSignedIn,
    PlatformRefused,
    RequestTimedOut,
    ServerUnreachable,
)

TASK_NAME = "cxone-poll"
ENDED_WHILE_AWAY = "the session ended while the desktop was disconnected"
FORGOTTEN = "the platform no longer knows this session id"

_TRANSIENT = (ServerUnreachable, RequestTimedOut, PlatformRefused)
"""Failures worth retrying: the network, a hang, the platform's own trouble."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PollTiming(LiveTiming):
    """How the loop keeps time; tests shrink these."""

    timeout: int = 30  # seconds the platform may hold each poll open (1..60; 0 would spin)
    margin: float = 5.0  # a poll unanswered this long past `timeout` is abandoned

    def __post_init__(self) -> None:
        if not 1 <= self.timeout <= 60:
            raise ValueError("the poll timeout must be within 1..60 s")
        if self.margin <= 0 or self.backoff_base <= 0 or self.backoff_cap < self.backoff_base:
            raise ValueError("margin and backoff must be positive, the cap at least the base")


OnAnswer = Callable[[PollAnswer], bool]
"""Takes a 200's answer; returns False when it ended the session (the loop then stops)."""


class PollLoop(LiveSource):
    """The CXone `LiveSource`: the session id a session polls with, and how it polls."""

    timing: PollTiming

    def __init__(
        self,
        *,
        http: CxoneHttp,
        on_answer: OnAnswer,
        on_ended: Callable[[str], None],
        reattach: Callable[[], Awaitable[str]],
        live: LiveSetup[PollTiming],
    ) -> None:
        self._http = http
        self._on_answer = on_answer
        self._on_ended = on_ended
        self._reattach = reattach
        super().__init__(name=TASK_NAME, live=live)
        self.session_id = ""
        self.polls = 0  # answered polls (200 or 304), for tests and diagnostics

    def start(self, session_id: str) -> None:
        """Poll `session_id` from now on (the caller stopped any earlier loop)."""
        if self.running:
            raise RuntimeError("the poll loop is already running")
        self.session_id = session_id
        self._live.start()

    # -- the live source -----------------------------------------------------------------------

    async def pump(self) -> None:
        """Poll until the connection is lost or the session is over."""
        while True:
            try:
                answer = await self._http.poll(
                    self.session_id, self.timing.timeout, self.timing.margin
                )
            except NotLoggedIn:  # 409: the session has ended
                self._on_ended("")
                raise Stop() from None
            except NotSignedIn:  # the HTTP layer has reported "signed out"
                raise Stop() from None
            except NoSuchSession:  # the id was forgotten (e.g. a wiped server): join again
                raise Lost(FORGOTTEN) from None
            except DesktopError as error:  # any other answer: the platform's trouble, retried
                raise Lost(error.sentence) from None
            self.polls += 1
            if answer is None:
                continue  # 304: nothing happened; poll again at once
            if answer.session_id:
                self.session_id = answer.session_id
            if not self._on_answer(answer):
                return

    async def reconnect(self) -> None:
        """Join the session again (which re-syncs it: `resync` has nothing to do); when the
        session is gone, say so and stop."""
        try:
            self.session_id = await self._reattach()
        except NotSignedIn:  # the HTTP layer has reported "signed out"
            raise Stop() from None
        except _TRANSIENT as error:
            raise Lost(error.sentence) from None
        except NoSuchSession:
            self._on_ended(ENDED_WHILE_AWAY)
            raise Stop() from None
        except DesktopError as error:  # e.g. no longer allowed to act as that agent
            self._on_ended(error.sentence)
            raise Stop() from None
