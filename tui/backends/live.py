"""The one reconnecting live-updates loop every platform shares.

A platform brings its live updates its own way (Webex: a notification websocket; CXone: a long
poll); a `LiveSource` says only that part: pump updates until the connection is lost, re-sync
after a reconnect, let go of a lost connection, and connect again. `LiveLoop` does the rest, the
same for both: one named task that pumps, and after a loss reports "reconnecting n", waits a
jittered, capped backoff (`backoff_delay`), connects again until it works, reports "online" and
re-syncs; or stops for good (and goes offline when the source says so) when the source raises
`Stop`: another desktop took over, the session ended, signing in again is needed.

`LiveConnection` is the connection as last reported, and the one door every report goes through.
`LiveTiming` is the backoff; each platform's timing adds its own (keepalive, poll timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tui.backends.backoff import backoff_delay
from tui.domain import Connection, ConnectionChanged, DesktopEvent, Link


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveTiming:
    """How the loop backs off between reconnect attempts; tests shrink these."""

    backoff_base: float = 0.5  # first reconnect delay (before jitter)
    backoff_cap: float = 15.0  # longest reconnect delay

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Delay before reconnect `attempt` (1, 2, ...); see `backoff_delay`."""
        return backoff_delay(attempt, self.backoff_base, self.backoff_cap, rng)


TimingT = TypeVar("TimingT", bound=LiveTiming)


class Lost(Exception):
    """The live connection is gone for now: the loop reconnects. `detail` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Stop(Exception):
    """The live updates are over for good. With `offline`, the loop goes offline saying that;
    without, the source has already told the desktop what happened."""

    def __init__(self, offline: str | None = None) -> None:
        super().__init__(offline or "stopped")
        self.offline = offline


class LiveConnection:
    """The connection as last reported. A change is published as `ConnectionChanged`; every
    offline report also runs `on_offline` (e.g. to fail what waits for a confirmation)."""

    def __init__(
        self,
        publish: Callable[[DesktopEvent], None],
        on_offline: Callable[[], None] | None = None,
    ) -> None:
        self._publish = publish
        self._on_offline = on_offline
        self.current = Connection(Link.OFFLINE)

    @property
    def is_online(self) -> bool:
        return self.current.is_online

    def report(self, connection: Connection) -> None:
        if connection != self.current:
            self.current = connection
            self._publish(ConnectionChanged(connection))
        if connection.link is Link.OFFLINE and self._on_offline is not None:
            self._on_offline()


@dataclass(frozen=True, slots=True)
class LiveSetup(Generic[TimingT]):
    """What a source's loop takes from its session: the connection it reports on, its timing,
    and the random source of the backoff's jitter."""

    connection: LiveConnection
    timing: TimingT
    rng: random.Random | None = None


class LiveSource(ABC):
    """What differs between platforms: how updates arrive and how to connect again. A source
    owns the one `LiveLoop` that pumps it (`start`, `stop`, `running`)."""

    def __init__(self, *, name: str, live: LiveSetup[LiveTiming]) -> None:
        self.timing = live.timing
        self._connection = live.connection
        self._live = LiveLoop(
            self, name=name, report=live.connection.report, timing=live.timing, rng=live.rng
        )

    @property
    def running(self) -> bool:
        return self._live.running

    async def stop(self) -> None:
        """Cancel the loop's task, reporting nothing."""
        await self._live.stop()

    @abstractmethod
    async def pump(self) -> None:
        """Bring updates until the connection is lost (raise Lost) or over (raise Stop, or
        return)."""

    async def resync(self) -> None:
        """After a reconnect, before pumping: catch up with what happened meanwhile."""
        return None  # by default, connecting again was enough

    async def disconnect(self) -> None:
        """Let go of a lost connection (the loop then reconnects)."""
        return None  # by default, there is nothing to let go of

    @abstractmethod
    async def reconnect(self) -> None:
        """Connect again; raise Lost to try again after the next backoff, Stop to give up."""


class LiveLoop:
    """The one task that keeps a source's updates flowing, reconnecting after every loss."""

    def __init__(
        self,
        source: LiveSource,
        *,
        name: str,
        report: Callable[[Connection], None],
        timing: LiveTiming,
        rng: random.Random | None = None,
    ) -> None:
        self._source = source
        self._name = name
        self._report = report
        self.timing = timing
        self._rng = rng or random.Random()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, *, resync: bool = False) -> None:
        """Start pumping now (the source is connected); with `resync`, re-sync first."""
        if self.running:
            raise RuntimeError(f"the {self._name} task is already running")
        self._task = asyncio.get_running_loop().create_task(self._run(resync), name=self._name)

    async def stop(self) -> None:
        """Cancel the task, reporting nothing."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, resync: bool) -> None:
        try:
            while True:
                try:
                    if resync:
                        await self._source.resync()
                    await self._source.pump()
                    return
                except Lost as lost:
                    detail = lost.detail
                await self._source.disconnect()
                await self._reconnect(detail)
                resync = True
        except Stop as stop:
            if stop.offline is not None:
                self._report(Connection(Link.OFFLINE, detail=stop.offline))

    async def _reconnect(self, detail: str) -> None:
        """Back off and connect again until it works (Stop passes through)."""
        attempt = 0
        while True:
            attempt += 1
            self._report(Connection(Link.RECONNECTING, attempt=attempt, detail=detail))
            await asyncio.sleep(self.timing.backoff(attempt, self._rng))
            try:
                await self._source.reconnect()
            except Lost as lost:
                detail = lost.detail
                continue
            self._report(Connection(Link.ONLINE))
            return
