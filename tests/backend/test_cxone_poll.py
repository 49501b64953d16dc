"""The CXone long-poll loop against real sandboxes: one loop that follows the rotating id and
polls again after a 304, a server restart (reconnecting, then online and re-synced), a sandbox
frozen with SIGSTOP (the hanging poll is abandoned and retried), a session that ended while the
desktop was away, and a token that expires."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backend.cxone_http import CxoneFactory
from tests.clocks import SandboxClock
from tui.backends.credentials import PasswordSignIn, TokenSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.cxone.poll import ENDED_WHILE_AWAY, TASK_NAME
from tui.backends.session import DesktopSession, StationLogin
from tui.domain import (
    AgentLoggedOut,
    AgentSnapshot,
    Availability,
    ConnectionChanged,
    DesktopEvent,
    Link,
    LoginOption,
    SessionSynced,
    SyncReason,
)
from tui.domain import errors as e
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
FAST: dict[str, Any] = dict(
    request_timeout=2.0, poll_timeout=1, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
Desk = Callable[..., Awaitable[CxoneSession]]


class Recorder:
    """Reads a session's events as the desktop would, keeping every one in order."""

    def __init__(self, session: DesktopSession) -> None:
        self.session = session
        self.seen: list[DesktopEvent] = []

    async def until(
        self, check: Callable[[AgentSnapshot, list[DesktopEvent]], bool], timeout: float = WAIT_S
    ) -> AgentSnapshot:
        async with asyncio.timeout(timeout):
            while not check(self.session.snapshot, self.seen):
                self.seen.extend(await self.session.next_batch())
        return self.session.snapshot

    def links(self) -> list[Link]:
        return [ev.connection.link for ev in self.seen if isinstance(ev, ConnectionChanged)]

    def resynced(self) -> bool:
        return any(
            isinstance(ev, SessionSynced) and ev.reason is SyncReason.RESYNCED for ev in self.seen
        )


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    """`await desk(server_or_url, "agent3")`: signed in, profile loaded, session started."""
    sessions: list[CxoneSession] = []

    async def make(
        server: SandboxServer | str, login: str, *, start: bool = True, **knobs: Any
    ) -> CxoneSession:
        url = server if isinstance(server, str) else server.base_url
        session = CxoneSession(url, **{**FAST, **knobs})
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        profile = await session.load_profile()
        if start:
            await session.start_station_session(
                StationLogin("", LoginOption.DIAL_NUMBER, profile.default_dial_number)
            )
        return session

    yield make
    for session in sessions:
        await session.close()


def polls() -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks() if t.get_name() == TASK_NAME and not t.done()]


def lunch(session: CxoneSession) -> Any:
    assert session.profile is not None
    return next(c for c in session.profile.idle_codes if c.name == "Lunch")


async def test_one_loop_follows_the_rotating_id_and_polls_again_after_a_304(
    sandbox: SandboxServer, desk: Desk
) -> None:
    session = await desk(sandbox, "agent1")
    assert len(polls()) == 1
    loop = session.poll_loop
    first_id = loop.session_id
    await session.set_available()
    await session.set_idle(lunch(session))
    assert loop.session_id != first_id  # each answer's new id replaced the old one

    answered = loop.polls
    async with asyncio.timeout(WAIT_S):  # nothing happens: 304s, each polled again at once
        while loop.polls < answered + 2:
            await asyncio.sleep(0.05)
    assert session.snapshot.connection.link is Link.ONLINE

    await session.join_session()  # following anew still leaves one loop
    assert len(polls()) == 1
    await session.set_available()
    await session.close()
    assert polls() == [] and session.snapshot.connection.link is Link.OFFLINE


async def test_server_restart_reconnects_and_resyncs_without_user_action(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk, cxone: CxoneFactory
) -> None:
    server = sandbox_factory()
    session = await desk(server, "agent3")
    seen = Recorder(session)
    data_dir, port = server.config.data_dir, server.port
    assert data_dir is not None

    server.stop()
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)
    with pytest.raises(e.NotConnected):
        await session.set_available()

    # While the desktop cannot reach it, the agent's state changes on the server (another server
    # process on the same data, another port), so only a re-sync can show it.
    meanwhile = sandbox_factory(data_dir=data_dir)
    boss = await cxone("super1", server=meanwhile)
    path = f"agents/{session.snapshot.agent_id}/state"
    changed = await boss.call("POST", path, json={"state": "Unavailable", "reason": "Lunch"})
    assert changed.status_code == 202
    await boss.aclose()
    meanwhile.stop()

    restarted = sandbox_factory(data_dir=data_dir, port=port)
    snapshot = await seen.until(
        lambda s, _: s.connection.link is Link.ONLINE and s.idle_code == lunch(session),
        timeout=10.0,
    )
    links = seen.links()
    assert Link.RECONNECTING in links and links[-1] is Link.ONLINE
    assert seen.resynced()

    truth = await cxone("super1", server=restarted)
    rows = (await truth.call("GET", "agents/states")).json()["agentStates"]
    row = next(r for r in rows if str(r["agentId"]) == snapshot.agent_id)
    assert (row["agentStateName"], row["outStateDescription"]) == ("Unavailable", "Lunch")
    assert row["sessionId"] == snapshot.session_id
    await session.set_available()  # and requests work again
    assert session.snapshot.availability is Availability.AVAILABLE


@pytest.fixture
def frozen_sandbox(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A sandbox in its own process (so it can be frozen with SIGSTOP); its url."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.sandbox", "--port", "0", "--no-traffic", "--no-floor",
         "--data-dir", str(tmp_path / "frozen")],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://"), line
        yield process, url
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(10)


async def test_a_poll_that_hangs_is_abandoned_and_retried(
    frozen_sandbox: tuple[subprocess.Popen[str], str], desk: Desk
) -> None:
    process, url = frozen_sandbox
    session = await desk(url, "agent6")
    seen = Recorder(session)
    timing = session.poll_loop.timing

    os.kill(process.pid, signal.SIGSTOP)  # connections still open; nothing answers
    frozen_at = time.monotonic()
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)
    assert time.monotonic() - frozen_at <= timing.timeout + timing.margin + 1.0
    assert "did not answer a poll" in session.snapshot.connection.detail
    with pytest.raises(e.NotConnected):
        await session.set_available()

    os.kill(process.pid, signal.SIGCONT)
    await seen.until(lambda s, evs: s.connection.link is Link.ONLINE and seen.resynced())
    await session.set_idle(lunch(session))  # the loop is live again
    assert session.snapshot.idle_code == lunch(session)
    assert len(polls()) == 1


async def test_a_session_ended_while_away_is_reported_once_back(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk, cxone: CxoneFactory
) -> None:
    server = sandbox_factory()
    session = await desk(server, "agent4")
    seen = Recorder(session)
    data_dir, port = server.config.data_dir, server.port
    server.stop()
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)

    meanwhile = sandbox_factory(data_dir=data_dir)
    other = await cxone("agent4", server=meanwhile)
    handle = (await other.join()).json()["sessionId"]
    assert (await other.end(handle)).status_code == 202
    await other.aclose()
    meanwhile.stop()

    sandbox_factory(data_dir=data_dir, port=port)
    out = await seen.until(lambda s, _: s.availability is Availability.LOGGED_OUT, timeout=10.0)
    ended = [ev for ev in seen.seen if isinstance(ev, AgentLoggedOut)]
    assert [ev.reason for ev in ended] == [ENDED_WHILE_AWAY]
    assert out.connection.link is Link.ONLINE and not session.poll_loop.running


async def test_an_expiring_token_is_renewed_quietly_with_a_password(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(token_lifetime_s=1.0)
    session = await desk(server, "agent7")
    async with asyncio.timeout(WAIT_S):  # the token lives 1 s; the loop polls every second
        while session.tokens_renewed == 0:
            await asyncio.sleep(0.05)
    assert session.snapshot.connection.link is Link.ONLINE
    await session.set_idle(lunch(session))
    assert session.snapshot.idle_code == lunch(session)


async def test_an_expired_platform_token_signs_the_desktop_out(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    """A pasted token cannot be renewed: the desktop says "signed out", not "online"."""
    clock = SandboxClock()
    server = sandbox_factory(token_lifetime_s=60, clock=clock)
    probe = await cxone("agent8", server=server)
    session = CxoneSession(server.base_url, **FAST)
    try:
        await session.sign_in(TokenSignIn(probe.token))
        profile = await session.load_profile()
        await session.start_station_session(
            StationLogin("", LoginOption.DIAL_NUMBER, profile.default_dial_number)
        )
        seen = Recorder(session)
        clock.skip(61)
        snapshot = await seen.until(lambda s, _: s.connection.link is Link.SIGNED_OUT)
        assert "sign in again" in snapshot.connection.detail
        async with asyncio.timeout(WAIT_S):
            while session.poll_loop.running:
                await asyncio.sleep(0.01)
        with pytest.raises(e.NotConnected):
            await session.set_available()
    finally:
        await session.close()
