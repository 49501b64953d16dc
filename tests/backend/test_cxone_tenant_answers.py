"""`CxoneSession` against a sandbox answering as a tenant may (`cxone/answer_shapes.py`): every
answer labelled text/plain and every error answer without a body, so the client must go by the
status code as NICE's agent SDK does. It signs in, starts or joins, changes state, lets a
supervisor change an agent's state, and sees the session end (a 409 with no body)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.backend.cxone_http import CxoneFactory, agent_number, api
from tests.backend.test_cxone_poll import Recorder
from tests.backend.test_cxone_session import Desk, code
from tui.backends.credentials import PasswordSignIn, TokenSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import StationLogin
from tui.domain import AgentLoggedOut, Availability, Link, LoginOption
from tui.domain import errors as e
from tui.sandbox.server import SandboxServer

FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=1, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
TENANT_SHAPES = frozenset({"text-plain", "bare-errors"})


@pytest.fixture
def tenant(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(cxone_answer_shapes=TENANT_SHAPES)


@pytest.fixture
async def desk(tenant: SandboxServer) -> AsyncIterator[Desk]:
    """`await desk("agent1")`: signed in on the tenant-shaped sandbox, profile loaded."""
    sessions: list[CxoneSession] = []

    async def make(login: str, **knobs: Any) -> CxoneSession:
        session = CxoneSession(tenant.base_url, **{**FAST, **knobs})
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


def station(session: CxoneSession) -> StationLogin:
    assert session.profile is not None
    return StationLogin("", LoginOption.DIAL_NUMBER, session.profile.default_dial_number)


async def test_the_knobs_shape_the_answers(tenant: SandboxServer, cxone: CxoneFactory) -> None:
    client = await cxone("agent1", server=tenant)
    codes = await client.call("GET", f"teams/{client.team_id}/unavailable-codes")
    assert codes.status_code == 200 and codes.headers["content-type"].startswith("text/plain")
    assert all(isinstance(c["outStateId"], int) for c in codes.json()["unavailableCodes"])
    missing = await client.poll("no-such-session")
    assert missing.status_code == 404 and missing.content == b""
    async with httpx.AsyncClient(base_url=tenant.base_url) as anonymous:
        refused = await anonymous.get(api("agents/states"))
    assert refused.status_code == 401 and refused.content == b""


async def test_signs_in_starts_changes_state_and_logs_out(
    desk: Desk, tenant: SandboxServer, cxone: CxoneFactory
) -> None:
    """Integer ids (kept as text), NextStates objects and text/plain answers are all read."""
    agent = await desk("agent1")
    assert agent.identity is not None and agent.profile is not None
    number = agent_number(tenant, "agent1")
    assert agent.identity.agent_id == number and number.isdigit()
    assert agent.profile.default_team_id.isdigit()
    assert all(c.id.isdigit() for c in agent.profile.idle_codes)
    started = await agent.start_station_session(station(agent))
    assert started.has_session and started.agent_id == number
    assert started.availability is Availability.IDLE and started.idle_code is None  # blank reason

    probe = await cxone("agent1", server=tenant)  # what the desktop read: the vendor's shapes
    _, events = await probe.events((await probe.join()).json()["sessionId"])
    state = next(ev for ev in events if ev["Type"] == "AgentState")
    assert all(isinstance(n, dict) and "State" in n for n in state["NextStates"])
    start = next(ev for ev in events if ev["Type"] == "AgentSessionStart")
    assert start["AgentId"] == number and start["BusNo"] is not None
    await agent.set_available()
    assert agent.snapshot.availability is Availability.AVAILABLE
    await agent.set_idle(code(agent, "Lunch"))
    assert agent.snapshot.idle_code == code(agent, "Lunch")

    with pytest.raises(e.AlreadyLoggedIn):  # a bare 409 on start: one exists
        await agent.start_station_session(station(agent))
    await agent.log_out()
    assert agent.snapshot.availability is Availability.LOGGED_OUT


async def test_a_second_desktop_joins_and_each_join_failure_is_told_by_status(
    desk: Desk,
) -> None:
    agent = await desk("agent2")
    await agent.start_station_session(station(agent))
    again = await desk("agent2")
    found = await again.find_existing_session()
    assert found is not None and found.session_id == agent.snapshot.session_id
    joined = await again.join_session()
    assert joined.session_id == agent.snapshot.session_id

    nobody = await desk("agent9")
    assert await nobody.find_existing_session() is None  # a bare 404: no session
    with pytest.raises(e.NoSuchSession):
        await nobody.join_session()
    with pytest.raises(e.ImpersonationNotEnabled):  # a bare 403
        await nobody.join_session(as_agent_id=agent.snapshot.agent_id)


async def test_a_supervisor_changes_an_agents_state_by_status_alone(desk: Desk) -> None:
    agent = await desk("agent3")
    await agent.start_station_session(station(agent))
    boss = await desk("super1")
    agent_id = agent.snapshot.agent_id
    await boss.set_agent_state(agent_id, Availability.IDLE, code(boss, "Coaching"))
    changed = await Recorder(agent).until(lambda s, _: s.idle_code == code(agent, "Coaching"))
    assert changed.changed_by_name == "Morgan Lee"
    await boss.set_agent_state(agent_id, Availability.AVAILABLE)
    await Recorder(agent).until(lambda s, _: s.availability is Availability.AVAILABLE)

    with pytest.raises(e.NotPermitted):  # a bare 403: may not act as agents
        await (await desk("super2")).set_agent_state(agent_id, Availability.AVAILABLE)
    absent = next(r for r in await boss.team_agents() if r.availability is Availability.LOGGED_OUT)
    with pytest.raises(e.NotLoggedIn):  # a bare 404: no session to join
        await boss.set_agent_state(absent.agent_id, Availability.AVAILABLE)


async def test_a_bare_409_on_the_poll_ends_the_session_without_reconnecting(
    desk: Desk, tenant: SandboxServer, cxone: CxoneFactory
) -> None:
    """The session ends between two polls: the next poll is a 409 with no body, which ends the
    session on the desktop at once (no "reconnecting", no join attempted)."""
    agent = await desk("agent4")
    await agent.start_station_session(station(agent))
    seen = Recorder(agent)
    loop = agent.poll_loop
    handle = loop.session_id
    await loop.stop()  # between two polls

    other = await cxone("agent4", server=tenant)
    joined = await other.join()
    assert (await other.end(joined.json()["sessionId"])).status_code == 202
    bare = await other.poll(joined.json()["sessionId"])  # what the desktop's poll will get
    assert bare.status_code in (200, 409)

    loop.start(handle)
    out = await seen.until(lambda s, _: s.availability is Availability.LOGGED_OUT)
    ended = [ev for ev in seen.seen if isinstance(ev, AgentLoggedOut)]
    assert len(ended) == 1 and ended[0].reason == ""
    assert Link.RECONNECTING not in seen.links()
    assert out.connection.link is Link.ONLINE
    async with asyncio.timeout(5.0):
        while loop.running:
            await asyncio.sleep(0.01)
    with pytest.raises(e.NotLoggedIn):
        await agent.set_available()


async def test_a_refused_pasted_token_says_signed_out(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    """A pasted token cannot be renewed: once the platform refuses it (a bare 401), the desktop
    says "signed out", not "online", and stops polling."""
    server = sandbox_factory(cxone_answer_shapes=TENANT_SHAPES, token_lifetime_s=1.5)
    probe = await cxone("agent8", server=server)
    session = CxoneSession(server.base_url, **FAST)
    try:
        await session.sign_in(TokenSignIn(probe.token))
        await session.load_profile()
        await session.start_station_session(station(session))
        seen = Recorder(session)
        snapshot = await seen.until(lambda s, _: s.connection.link is Link.SIGNED_OUT)
        assert snapshot.connection.label == "signed out"
        assert "sign in again" in snapshot.connection.detail
        assert any(line.text.startswith("Signed out: the platform") for line in snapshot.log)
        async with asyncio.timeout(5.0):
            while session.poll_loop.running:
                await asyncio.sleep(0.01)
        with pytest.raises(e.NotConnected):
            await session.set_available()
    finally:
        await session.close()


async def test_an_expiring_token_is_refreshed_with_the_rotating_refresh_token(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """Tokens live 1 s: the desktop refreshes (refresh_token grant; each answer's refresh token
    replaces the spent one) on each 401 and carries on, the link online throughout."""
    server = sandbox_factory(cxone_answer_shapes=TENANT_SHAPES, token_lifetime_s=1.0)
    session = CxoneSession(server.base_url, **FAST)
    try:
        await session.sign_in(PasswordSignIn("agent7", "agent7"))
        await session.load_profile()
        await session.start_station_session(station(session))
        seen = Recorder(session)
        async with asyncio.timeout(10.0):
            while session.tokens_renewed < 3:  # three refreshes: each refresh token spent once
                await asyncio.sleep(0.05)
        assert session.tokens_refreshed == session.tokens_renewed  # never the password
        await session.set_idle(code(session, "Lunch"))
        await session.set_available()
        assert session.snapshot.connection.link is Link.ONLINE
        assert Link.SIGNED_OUT not in seen.links() and Link.RECONNECTING not in seen.links()
    finally:
        await session.close()


@pytest.mark.parametrize("status", [503, 400, 403])
async def test_another_error_on_the_poll_is_retried_and_the_session_resynced(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory, status: int
) -> None:
    """A poll answered 5xx or another 4xx (no body) is the platform's trouble: "reconnecting",
    a short backoff, the session joined again and re-synced, then online; nothing ended."""
    server = sandbox_factory(cxone_answer_shapes=TENANT_SHAPES, test_hooks=True)
    session = CxoneSession(server.base_url, **FAST)
    try:
        await session.sign_in(PasswordSignIn("agent6", "agent6"))
        await session.load_profile()
        await session.start_station_session(station(session))
        seen = Recorder(session)
        hooks = await cxone("agent6", server=server)
        queued = await hooks.http.post(
            "/test-hooks/poll-answers", json={"bodies": ["", ""], "status": status}
        )
        assert queued.status_code == 200, queued.text
        back = await seen.until(
            lambda s, _: (
                Link.RECONNECTING in seen.links()
                and s.connection.link is Link.ONLINE
                and seen.resynced()
            )
        )
        assert back.has_session
        assert not any(isinstance(ev, AgentLoggedOut) for ev in seen.seen)
        await session.set_idle(code(session, "Lunch"))  # the poll is live again
        assert session.snapshot.idle_code == code(session, "Lunch")
    finally:
        await session.close()
