"""Two desktops of one agent and their supervisor change that agent's state at the same moment,
round after round. Every client ends on the server's final state, each saw every change once
and in the server's order, and the server's event log has no gap or duplicate."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tui.backends.credentials import PasswordSignIn
from tui.backends.session import StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import AgentStateChanged, Availability, DesktopEvent, IdleCode, LoginOption
from tui.sandbox.server import SandboxServer

ROUNDS = 100
WAIT_S = 10.0

StateKey = tuple[str, str | None, int, int]
"""(availability, idle code id, state stamp, idle-code stamp): one state as both sides see it."""


class Watcher:
    """Reads every event of a session in the background, as the desktop's reader would."""

    def __init__(self, session: WebexSession) -> None:
        self.session = session
        self.events: list[DesktopEvent] = []
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            self.events.extend(await self.session.next_batch())

    def changes(self) -> list[StateKey]:
        return [
            (
                event.availability.value,
                event.idle_code.id if event.idle_code else None,
                event.state_changed_at,
                event.idle_code_changed_at,
            )
            for event in self.events
            if isinstance(event, AgentStateChanged)
        ]

    async def stop(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


@pytest.fixture
async def sessions(sandbox: SandboxServer) -> AsyncIterator[Callable[[str], Awaitable[Any]]]:
    made: list[WebexSession] = []

    async def make(login: str) -> WebexSession:
        session = WebexSession(sandbox.base_url, allow_multi_login=True, request_timeout=WAIT_S)
        made.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in made:
        await session.close()


def server_state_changes(server: SandboxServer, agent_id: str) -> tuple[list[int], list[StateKey]]:
    """Every sequence number of the log, and the agent's state changes in log order."""
    assert server.config.data_dir is not None
    path = server.config.data_dir / "sandbox.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT seq, kind, agent_id, payload FROM events ORDER BY seq").fetchall()
    changes = []
    for _, kind, agent, payload in rows:
        if kind == "state_changed" and agent == agent_id:
            session = json.loads(payload)["session"]
            changes.append(
                (
                    session["availability"],
                    session["idle_code_id"],
                    session["state_changed_ms"],
                    session["idle_code_changed_ms"],
                )
            )
    return [row[0] for row in rows], changes


async def test_two_desktops_and_a_supervisor_converge(
    sandbox: SandboxServer, sessions: Callable[[str], Awaitable[WebexSession]]
) -> None:
    desk, laptop, supervisor = (
        await sessions("agent1"),
        await sessions("agent1"),
        await sessions("super1"),
    )
    profile = desk.profile
    assert profile is not None
    await desk.start_station_session(
        StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, "14155550101")
    )
    await laptop.join_session()
    agent_id = desk.snapshot.agent_id
    codes: list[IdleCode | None] = [None, *profile.selectable_idle_codes]
    watchers = [Watcher(desk), Watcher(laptop)]
    rng = random.Random(6)

    def request(session: WebexSession, code: IdleCode | None) -> Awaitable[None]:
        if session is supervisor:
            if code is None:
                return supervisor.set_agent_state(agent_id, Availability.AVAILABLE)
            return supervisor.set_agent_state(agent_id, Availability.IDLE, code)
        return session.set_available() if code is None else session.set_idle(code)

    for _ in range(ROUNDS):
        asked = [request(s, rng.choice(codes)) for s in (desk, laptop, supervisor)]
        outcomes = await asyncio.gather(*asked, return_exceptions=True)
        assert outcomes == [None, None, None]

    seqs, truth = server_state_changes(sandbox, agent_id)
    assert seqs == list(range(1, len(seqs) + 1)), "the event log has a gap or a duplicate"
    assert len(truth) == 3 * ROUNDS
    final = truth[-1]
    try:
        async with asyncio.timeout(WAIT_S):
            while any(w.changes() != truth for w in watchers):
                await asyncio.sleep(0.01)
    finally:
        for watcher in watchers:
            await watcher.stop()
    for session in (desk, laptop):
        snapshot = session.snapshot
        assert (
            snapshot.availability.value,
            snapshot.idle_code.id if snapshot.idle_code else None,
            snapshot.state_changed_at,
            snapshot.idle_code_changed_at,
        ) == final

    row = next(a for a in await supervisor.team_agents() if a.agent_id == agent_id)
    assert row.availability.value == final[0]
    assert row.state_changed_at == final[2]
    named = {c.id: c.name for c in profile.idle_codes}
    assert row.idle_code_name == (named[final[1]] if final[1] else "")
