"""The shared live loop on its own: a scripted source stands in for a platform, and the loop's
reports, retries and stops are read back in order. (The platforms' own sources are tested
against a real sandbox in tests/backend.)"""

from __future__ import annotations

import asyncio
import random
from collections import deque

import pytest

from tui.backends.live import (
    LiveConnection,
    LiveSetup,
    LiveSource,
    LiveTiming,
    Lost,
    Stop,
)
from tui.domain import Connection, ConnectionChanged, DesktopEvent, Link

FAST = LiveTiming(backoff_base=0.001, backoff_cap=0.002)


class Script(LiveSource):
    """Each pump / reconnect takes the next outcome: None (works), or an exception to raise."""

    def __init__(
        self,
        live: LiveSetup[LiveTiming],
        pumps: list[BaseException | None],
        reconnects: list[BaseException | None],
    ) -> None:
        super().__init__(name="scripted-live", live=live)
        self.pumps = deque(pumps)
        self.reconnects = deque(reconnects)
        self.calls: list[str] = []

    async def pump(self) -> None:
        self.calls.append("pump")
        outcome = self.pumps.popleft()
        if outcome is not None:
            raise outcome

    async def resync(self) -> None:
        self.calls.append("resync")

    async def disconnect(self) -> None:
        self.calls.append("disconnect")

    async def reconnect(self) -> None:
        self.calls.append("reconnect")
        outcome = self.reconnects.popleft()
        if outcome is not None:
            raise outcome

    async def finished(self) -> None:
        async with asyncio.timeout(2.0):
            while self.running:
                await asyncio.sleep(0.001)


def scripted(
    pumps: list[BaseException | None], reconnects: list[BaseException | None]
) -> tuple[Script, list[DesktopEvent], LiveConnection]:
    seen: list[DesktopEvent] = []
    offline: list[bool] = []
    connection = LiveConnection(seen.append, on_offline=lambda: offline.append(True))
    connection.report(Connection(Link.ONLINE))
    seen.clear()
    return (
        Script(LiveSetup(connection, FAST, random.Random(1)), pumps, reconnects),
        seen,
        connection,
    )


def reports(seen: list[DesktopEvent]) -> list[tuple[Link, int, str]]:
    return [
        (ev.connection.link, ev.connection.attempt, ev.connection.detail)
        for ev in seen
        if isinstance(ev, ConnectionChanged)
    ]


async def test_a_loss_reconnects_with_growing_attempts_then_resyncs() -> None:
    source, seen, _ = scripted(
        pumps=[Lost("gone"), None], reconnects=[Lost("still down"), Lost("again"), None]
    )
    source._live.start()
    await source.finished()
    assert reports(seen) == [
        (Link.RECONNECTING, 1, "gone"),
        (Link.RECONNECTING, 2, "still down"),
        (Link.RECONNECTING, 3, "again"),
        (Link.ONLINE, 0, ""),
    ]
    assert source.calls == [
        "pump",
        "disconnect",
        "reconnect",
        "reconnect",
        "reconnect",
        "resync",
        "pump",
    ]


async def test_stop_with_a_detail_goes_offline_and_ends_the_task() -> None:
    source, seen, connection = scripted(pumps=[Stop("signed in elsewhere")], reconnects=[])
    source._live.start()
    await source.finished()
    assert reports(seen) == [(Link.OFFLINE, 0, "signed in elsewhere")]
    assert source.calls == ["pump"]  # no disconnect: the source let go itself
    assert not connection.is_online


async def test_stop_without_a_detail_leaves_the_connection_as_it_was() -> None:
    source, seen, connection = scripted(pumps=[Lost("gone")], reconnects=[Stop()])
    source._live.start()
    await source.finished()
    assert reports(seen) == [(Link.RECONNECTING, 1, "gone")]
    assert connection.current.link is Link.RECONNECTING


async def test_a_second_start_while_running_is_refused_and_stop_cancels() -> None:
    never = asyncio.Event()

    class Forever(Script):
        async def pump(self) -> None:
            await never.wait()

    connection = LiveConnection(lambda ev: None)
    source = Forever(LiveSetup(connection, FAST), [], [])
    source._live.start()
    with pytest.raises(RuntimeError):
        source._live.start()
    assert [t for t in asyncio.all_tasks() if t.get_name() == "scripted-live"]
    await source.stop()
    assert not source.running


def test_every_offline_report_runs_the_hook_but_publishes_only_changes() -> None:
    seen: list[DesktopEvent] = []
    hooks: list[bool] = []
    connection = LiveConnection(seen.append, on_offline=lambda: hooks.append(True))
    connection.report(Connection(Link.OFFLINE))  # as it already was: not published
    connection.report(Connection(Link.ONLINE))
    connection.report(Connection(Link.OFFLINE, detail="bye"))
    assert reports(seen) == [(Link.ONLINE, 0, ""), (Link.OFFLINE, 0, "bye")]
    assert hooks == [True, True]
