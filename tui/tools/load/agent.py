"""One simulated agent: the real Webex client, signed in, changing its state on demand."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter

from tui.backends.credentials import PasswordSignIn
from tui.backends.session import StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import (
    Availability,
    ConnectionChanged,
    FrameIgnored,
    IdleCode,
    Link,
    LoginOption,
    MultiLoginClosed,
    RequestRefused,
)
from tui.tools.load.org import dial_number_of, login_of


class SimAgent:
    """One agent: a real `WebexSession`, and a task counting the events it applies."""

    def __init__(self, index: int, base_url: str, request_timeout: float, seed: int) -> None:
        self.index = index
        self.login = login_of(index)
        self.session = WebexSession(
            base_url, request_timeout=request_timeout, rng=random.Random(seed * 100_003 + index)
        )
        self.codes: tuple[IdleCode, ...] = ()
        self.connected = False
        self.last_request_s = 0.0  # perf_counter when its last request ended
        self.idle_before_s = 0.0  # how long its HTTP connection had been idle before a change
        self._was_online = False
        self._watch: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        """Sign in, load the profile (opens the socket), start a Dial Number station session."""
        session = self.session
        await session.sign_in(PasswordSignIn(self.login, self.login))
        profile = await session.load_profile()
        self.codes = profile.selectable_idle_codes
        team_id = profile.default_team_id or (profile.teams[0].id if profile.teams else "")
        login = StationLogin(team_id, LoginOption.DIAL_NUMBER, dial_number_of(self.index))
        await session.start_station_session(login)
        self.connected = True
        self.last_request_s = time.perf_counter()

    def watch(self, counts: Counter[str], errors: Counter[str]) -> None:
        self._watch = asyncio.create_task(self._count(counts, errors))

    async def _count(self, counts: Counter[str], errors: Counter[str]) -> None:
        """Consume the session's events as a desktop would; note the ones that mean trouble."""
        while True:
            for event in await self.session.next_batch():
                name = type(event).__name__
                counts[name] += 1
                if isinstance(event, ConnectionChanged):
                    online = event.connection.link is Link.ONLINE
                    if self._was_online and not online:
                        errors["connection lost"] += 1  # once per loss, not per retry
                    self._was_online = online
                elif isinstance(event, RequestRefused | FrameIgnored | MultiLoginClosed):
                    errors[name] += 1

    async def stop_watching(self) -> None:
        task, self._watch = self._watch, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def online(self) -> bool:
        return self.session.stream.is_online and self.session.snapshot.has_session

    async def change(self, rng: random.Random) -> float:
        """One state change; the request-to-event latency in ms. Raises DesktopError."""
        snapshot = self.session.snapshot
        wanted: IdleCode | None = None
        if snapshot.availability is not Availability.IDLE or (rng.random() >= 0.5 and self.codes):
            current = snapshot.idle_code.id if snapshot.idle_code else None
            wanted = rng.choice([c for c in self.codes if c.id != current] or list(self.codes))
        started = time.perf_counter()
        self.idle_before_s = started - self.last_request_s
        try:
            if wanted is None:
                await self.session.set_available()
            else:
                await self.session.set_idle(wanted)
        finally:
            self.last_request_s = time.perf_counter()
        elapsed = self.last_request_s - started
        after = self.session.snapshot
        if wanted is None and after.availability is not Availability.AVAILABLE:
            raise WrongState("not Available after the confirming frame")
        if wanted is not None and (after.idle_code is None or after.idle_code.id != wanted.id):
            raise WrongState("not Idle with the chosen code after the confirming frame")
        return elapsed * 1000.0


class WrongState(Exception):
    """The confirming frame arrived, but the snapshot does not show the requested state."""
