"""The live event stream against a real sandbox: keepalives, silence, a server restart, a
multi-login take-over, a flood of 10,000 events, a request the server never answers."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WebexTestClient
from tui.backends.credentials import PasswordSignIn
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import (
    AgentSnapshot,
    Availability,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    ContactNotAnswered,
    ContactOffered,
    ContactWrappedUp,
    DesktopEvent,
    Link,
    LoginOption,
    LogKind,
    MultiLoginClosed,
    SessionSynced,
    SyncReason,
)
from tui.domain import errors as e
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
FAST = dict(keepalive=0.1, silence=1.0, backoff_base=0.05, backoff_cap=0.2, request_timeout=5.0)


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


@pytest.fixture
async def desk() -> AsyncIterator[Callable[..., Awaitable[WebexSession]]]:
    sessions: list[WebexSession] = []

    async def make(server: SandboxServer | str, login: str, **knobs: Any) -> WebexSession:
        url = server if isinstance(server, str) else server.base_url
        session = WebexSession(url, **{**FAST, **knobs})
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        profile = await session.load_profile()
        await session.start_station_session(
            StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, _free_number(login))
        )
        return session

    yield make
    for session in sessions:
        await session.close()


def _free_number(login: str) -> str:
    return f"1415555{int(login.removeprefix('agent').removeprefix('super')):04d}"


async def test_keepalives_keep_the_socket_alive(
    sandbox_factory: Callable[..., SandboxServer], desk: Callable[..., Awaitable[WebexSession]]
) -> None:
    """The server drops a socket silent for 0.5 s; ours sends every 0.1 s and stays up."""
    server = sandbox_factory(keepalive_interval_s=0.05, keepalive_timeout_s=0.5)
    session = await desk(server, "agent1")
    start = session.stream.frames_received
    async with asyncio.timeout(WAIT_S):
        while session.stream.frames_received < start + 40:  # >= 2 s of server keepalives
            await asyncio.sleep(0.05)
    assert session.snapshot.connection.link is Link.ONLINE
    said = [entry.text for entry in session.snapshot.log if entry.kind is LogKind.CONNECTION]
    assert said == ["Connecting to the platform.", "Connected; live updates are on."]


async def test_silence_is_a_lost_connection_and_it_comes_back(
    sandbox_factory: Callable[..., SandboxServer], desk: Callable[..., Awaitable[WebexSession]]
) -> None:
    """A server that says nothing for longer than `silence` is treated as gone."""
    server = sandbox_factory(keepalive_interval_s=60.0)
    session = await desk(server, "agent2", silence=0.4)
    seen = Recorder(session)
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)
    assert "nothing heard" in session.snapshot.connection.detail
    await seen.until(lambda s, _: s.connection.link is Link.ONLINE)
    await seen.until(
        lambda _, evs: any(
            isinstance(ev, SessionSynced) and ev.reason is SyncReason.RESYNCED for ev in evs
        )
    )
    assert session.snapshot.availability is Availability.AVAILABLE


async def test_server_restart_reconnects_and_resyncs_without_user_action(
    sandbox_factory: Callable[..., SandboxServer],
    desk: Callable[..., Awaitable[WebexSession]],
    webex: Callable[..., Awaitable[WebexTestClient]],
) -> None:
    server = sandbox_factory()
    session = await desk(server, "agent3")
    agent_id = session.snapshot.agent_id
    seen = Recorder(session)
    data_dir, port = server.config.data_dir, server.port
    assert data_dir is not None

    server.stop()
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)
    with pytest.raises(e.NotConnected):
        await session.set_available()

    # While the desktop cannot reach it, the agent's state changes on the server (another
    # server process on the same data, another port), so only a re-sync can show it.
    meanwhile = sandbox_factory(data_dir=data_dir)
    probe = await webex("agent3", server=meanwhile, clientType="Probe")
    await probe.set_state("Idle", server.org.auxiliaryCodes[0].id)  # Lunch
    changed = (await probe.next_frame("AgentStateChangeSuccess"))["data"]
    await probe.aclose()
    meanwhile.stop()

    restarted = sandbox_factory(data_dir=data_dir, port=port)
    snapshot = await seen.until(
        lambda s, _: s.connection.link is Link.ONLINE and s.availability is Availability.IDLE,
        timeout=10.0,
    )
    links = seen.links()
    assert links.index(Link.RECONNECTING) < len(links) - 1 - links[::-1].index(Link.ONLINE)
    assert any(
        isinstance(ev, SessionSynced) and ev.reason is SyncReason.RESYNCED for ev in seen.seen
    )

    truth = await webex("agent3", server=restarted, clientType="Probe")
    await truth.accepted("POST", "/v1/agents/reload")
    server_state = (await truth.next_frame("AgentReloginSuccess"))["data"]
    assert server_state["agentId"] == agent_id
    assert snapshot.session_id == server_state["agentSessionId"]
    assert snapshot.idle_code is not None and snapshot.idle_code.id == server_state["auxCodeId"]
    assert snapshot.state_changed_at == server_state["lastStateChangeTimestamp"]
    assert snapshot.state_changed_at == changed["lastStateChangeTimestamp"]
    assert snapshot.idle_code_changed_at == server_state["lastIdleCodeChangeTimestamp"]
    await session.set_available()  # and requests work again
    assert session.snapshot.availability is Availability.AVAILABLE


async def test_multi_login_close_is_reported_and_not_reconnected(
    sandbox: SandboxServer, desk: Callable[..., Awaitable[WebexSession]]
) -> None:
    first = await desk(sandbox, "agent4")
    seen = Recorder(first)
    second = WebexSession(sandbox.base_url, **FAST)
    try:
        await second.sign_in(PasswordSignIn("agent4", "agent4"))
        await second.load_profile()  # subscribes without allowMultiLogin: the first is closed
        await seen.until(lambda _, evs: any(isinstance(ev, MultiLoginClosed) for ev in evs))
        assert first.snapshot.multi_login_closed
        assert first.snapshot.connection.link is Link.OFFLINE
        assert first.stream.task_done  # the reader ended: nothing left that could reconnect
        assert Link.RECONNECTING not in seen.links()
        with pytest.raises(e.NotConnected):
            await first.set_available()

        second_seen = Recorder(second)
        await first.continue_here()  # take it back: the other desktop is closed in turn
        await second_seen.until(lambda _, evs: any(isinstance(ev, MultiLoginClosed) for ev in evs))
        await seen.until(lambda s, _: s.connection.is_online and not s.multi_login_closed)
        await first.set_idle(next(c for c in first.profile.selectable_idle_codes))  # type: ignore[union-attr]
        assert first.snapshot.availability is Availability.IDLE
    finally:
        await second.close()


async def test_ten_thousand_events_arrive_without_loss_in_order(
    sandbox_factory: Callable[..., SandboxServer], desk: Callable[..., Awaitable[WebexSession]]
) -> None:
    """The traffic simulator at full tilt pushes contact events through the real socket."""
    server = sandbox_factory(
        traffic=True,
        seed=3,
        offer_chance=1.0,
        traffic_tick_s=0.001,
        answer_after_s=(0.0, 0.0),
        auto_answer=("chat", "email", "social"),
        handle_for_s=(0.0, 0.0),
        wrap_up_for_s=0.001,  # the platform wraps up at once, so that channels free up again
    )
    session = await desk(server, "agent5", silence=5.0)
    wanted = 10_000
    contacts: list[tuple[str, str]] = []
    async with asyncio.timeout(45.0):
        while len(contacts) < wanted:
            for ev in await session.next_batch():
                match ev:
                    case ContactOffered():
                        contacts.append(("contact_offered", ev.interaction.id))
                    case ContactAssigned():
                        contacts.append(("contact_assigned", ev.interaction.id))
                    case ContactEnded():
                        contacts.append(("contact_ended", ev.interaction_id))
                    case ContactWrappedUp():
                        contacts.append(("contact_wrapped_up", ev.interaction_id))
                    case ContactNotAnswered():
                        contacts.append(("contact_not_answered", ev.interaction_id))
    assert session.snapshot.events_applied >= wanted
    committed = _contact_log(server, session.snapshot.agent_id, wanted)
    assert contacts[:wanted] == committed


async def test_request_the_server_never_answers_times_out(tmp_path: Path) -> None:
    """A real sandbox process, frozen with SIGSTOP after the session started."""
    data = str(tmp_path / "frozen")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui.sandbox",
            "--port",
            "0",
            "--no-traffic",
            "--no-floor",
            "--data-dir",
            data,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    session: WebexSession | None = None
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 15.0)
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://"), line
        session = WebexSession(url, **{**FAST, "request_timeout": 0.5, "silence": 30.0})
        await session.sign_in(PasswordSignIn("agent6", "agent6"))
        profile = await session.load_profile()
        await session.start_station_session(
            StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, "14155550106")
        )
        os.kill(process.pid, signal.SIGSTOP)
        try:
            with pytest.raises(e.RequestTimedOut):
                await session.set_idle(profile.selectable_idle_codes[0])
            assert session.snapshot.availability is Availability.AVAILABLE  # nothing shown done
        finally:
            os.kill(process.pid, signal.SIGCONT)
    finally:
        if session is not None:
            await session.close()
        process.terminate()
        process.wait(10)


async def test_close_ends_the_one_reader(
    sandbox: SandboxServer, desk: Callable[..., Awaitable[WebexSession]]
) -> None:
    session = await desk(sandbox, "agent7")
    readers = [t for t in asyncio.all_tasks() if t.get_name() == "webex-event-stream"]
    assert len(readers) == 1
    await session.close()
    assert session.stream.task_done
    assert session.snapshot.connection.link is Link.OFFLINE
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "webex-event-stream"]


def _contact_log(server: SandboxServer, agent_id: str, limit: int) -> list[tuple[str, str]]:
    """The first `limit` contact events the server committed for the agent, in commit order,
    as the desktop reads them: a contact that ends (the customer hung up, the agent ended it,
    an offer was cancelled or abandoned) is an end; wrapped up and RONA are their own."""
    assert server.config.data_dir is not None
    path = server.config.data_dir / "sandbox.sqlite3"
    leaves = ("contact_ended", "contact_wrap_up", "contact_declined")
    kinds = ("contact_offered", "contact_assigned", "contact_wrapped_up", "contact_not_answered")
    kinds = (*kinds, *leaves)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT kind, json_extract(payload, '$.contact.contact_id') FROM events"
            f" WHERE agent_id = ? AND kind IN ({', '.join('?' * len(kinds))})"
            " ORDER BY seq LIMIT ?",
            (agent_id, *kinds, limit),
        )
        return [("contact_ended" if kind in leaves else kind, cid) for kind, cid in rows]
