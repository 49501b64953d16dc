"""The one long-poll loop of a CXone session: get-next-event, again and again, forever.

Each answer may carry a new session id, which replaces the one the loop polls with. A 304 means
"nothing happened, poll again at once"; a 409 means the session ended; a 401 means signing in
again is needed (the HTTP layer has already tried a fresh token), so the loop goes offline. A
poll that the network fails, or that hangs past its timeout plus a margin, is abandoned: the
loop reports "reconnecting n", waits a jittered, capped backoff and re-attaches (the client
joins the session again, which also re-syncs it), until it is back online or the session is
gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tui.backends.backoff import backoff_delay
from tui.backends.cxone.http import CxoneHttp, PollAnswer
from tui.domain import Connection, Link
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


@dataclass(frozen=True, slots=True)
class PollTiming:
    """How the loop keeps time; tests shrink these."""

    timeout: int = 30  # seconds the platform may hold each poll open (1..60; 0 would spin)
    margin: float = 5.0  # a poll unanswered this long past `timeout` is abandoned
    backoff_base: float = 0.5  # first reconnect delay (before jitter)
    backoff_cap: float = 15.0  # longest reconnect delay

    def __post_init__(self) -> None:
        if not 1 <= self.timeout <= 60:
            raise ValueError("the poll timeout must be within 1..60 s")
        if self.margin <= 0 or self.backoff_base <= 0 or self.backoff_cap < self.backoff_base:
            raise ValueError("margin and backoff must be positive, the cap at least the base")

    def backoff(self, attempt: int, rng: random.Random) -> float:
        return backoff_delay(attempt, self.backoff_base, self.backoff_cap, rng)


OnAnswer = Callable[[PollAnswer], bool]
"""Takes a 200's answer; returns False when it ended the session (the loop then stops)."""


class _Stop(Exception):
    """The loop is done (the session is gone, or signing in again is needed)."""


class PollLoop:
    """The one task that polls a session, and the session id it polls with."""

    def __init__(
        self,
        *,
        http: CxoneHttp,
        on_answer: OnAnswer,
        on_ended: Callable[[str], None],
        reattach: Callable[[], Awaitable[str]],
        report: Callable[[Connection], None],
        timing: PollTiming | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._http = http
        self._on_answer = on_answer
        self._on_ended = on_ended
        self._reattach = reattach
        self._report = report
        self.timing = timing or PollTiming()
        self._rng = rng or random.Random()
        self.session_id = ""
        self._task: asyncio.Task[None] | None = None
        self.polls = 0  # answered polls (200 or 304), for tests and diagnostics

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, session_id: str) -> None:
        """Poll `session_id` from now on (the caller stopped any earlier loop)."""
        if self.running:
            raise RuntimeError("the poll loop is already running")
        self.session_id = session_id
        self._task = asyncio.get_running_loop().create_task(self._run(), name=TASK_NAME)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- the task ------------------------------------------------------------------------------

    async def _run(self) -> None:
        with contextlib.suppress(_Stop):
            await self._loop()

    async def _loop(self) -> None:
        attempt, detail = 0, ""
        while True:
            if attempt:
                await self._reconnect(attempt, detail)
                attempt = 0
            try:
                answer = await self._http.poll(
                    self.session_id, self.timing.timeout, self.timing.margin
                )
            except NotLoggedIn:  # 409: the session has ended
                self._on_ended("")
                return
            except NotSignedIn as error:
                self._go_offline(error.sentence)
            except NoSuchSession:  # the id was forgotten (e.g. a wiped server): join again
                attempt, detail = 1, FORGOTTEN
                continue
            except _TRANSIENT as error:
                attempt, detail = 1, error.sentence
                continue
            self.polls += 1
            if answer is None:
                continue  # 304: nothing happened; poll again at once
            if answer.session_id:
                self.session_id = answer.session_id
            if not self._on_answer(answer):
                return

    async def _reconnect(self, attempt: int, detail: str) -> None:
        """Back off and re-attach until it works; raises _Stop when the session is gone."""
        while True:
            self._report(Connection(Link.RECONNECTING, attempt=attempt, detail=detail))
            await asyncio.sleep(self.timing.backoff(attempt, self._rng))
            try:
                self.session_id = await self._reattach()
            except NotSignedIn as error:
                self._go_offline(error.sentence)
            except _TRANSIENT as error:
                attempt, detail = attempt + 1, error.sentence
                continue
            except NoSuchSession:
                self._on_ended(ENDED_WHILE_AWAY)
                raise _Stop() from None
            except DesktopError as error:  # e.g. no longer allowed to act as that agent
                self._on_ended(error.sentence)
                raise _Stop() from None
            self._report(Connection(Link.ONLINE))
            return

    def _go_offline(self, detail: str) -> None:
        self._report(Connection(Link.OFFLINE, detail=detail))
        raise _Stop()
