"""`WebexSession` against a real sandbox: sign-in, the station session, joining, and every
error produced for real by the server (or, where the desktop must refuse first, proven to
have sent nothing)."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from tests.conftest import WebexTestClient
from tui.backends.credentials import PasswordSignIn, TokenSignIn, wall_clock_ms
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import (
    AgentSnapshot,
    Availability,
    Channel,
    DialPlan,
    IdleCode,
    Link,
    LoginOption,
    elapsed_seconds,
)
from tui.domain import errors as e
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
Factory = Callable[..., Awaitable[WebexSession]]


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], bool], timeout: float = WAIT_S
) -> AgentSnapshot:
    """Wait on the session's own events until its snapshot satisfies `check`."""
    async with asyncio.timeout(timeout):
        while not check(session.snapshot):
            await session.next_batch()
    return session.snapshot


def server_events(server: SandboxServer, agent_id: str) -> list[dict[str, Any]]:
    """The sandbox's committed event log for one agent, read straight from its database."""
    assert server.config.data_dir is not None
    path = server.config.data_dir / "sandbox.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT kind, correlation_id FROM events WHERE agent_id = ? ORDER BY seq", (agent_id,)
        )
        return [{"kind": kind, "correlation_id": cid} for kind, cid in rows]


@pytest.fixture
async def desk(sandbox: SandboxServer) -> AsyncIterator[Factory]:
    """`await desk("agent1")`: a signed-in WebexSession with its profile loaded (stream open)."""
    sessions: list[WebexSession] = []

    async def make(
        login: str, *, server: SandboxServer | None = None, **knobs: Any
    ) -> WebexSession:
        session = WebexSession((server or sandbox).base_url, request_timeout=5.0, **knobs)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


def code(session: WebexSession, name: str) -> IdleCode:
    assert session.profile is not None
    found = next(c for c in session.profile.idle_codes if c.name == name)
    return found


def station(session: WebexSession, dial_number: str | None = None) -> StationLogin:
    profile = session.profile
    assert profile is not None
    return StationLogin(
        profile.default_team_id, LoginOption.DIAL_NUMBER, dial_number or profile.default_dial_number
    )


# -- signing in --------------------------------------------------------------------------------


async def test_sign_in_loads_identity_profile_and_goes_online(
    sandbox: SandboxServer, desk: Factory
) -> None:
    session = await desk("agent1")
    user = sandbox.org.user_by_login("agent1")
    assert user is not None
    assert session.identity is not None and session.identity.agent_id == user.id
    profile = session.profile
    assert profile is not None
    assert profile.agent_name == "Avery Chen" and not profile.is_supervisor
    assert [t.name for t in profile.teams] == ["Sales"]
    assert profile.team(profile.default_team_id) is not None
    assert "Lunch" in [c.name for c in profile.selectable_idle_codes]
    assert "RONA" not in [c.name for c in profile.selectable_idle_codes]
    assert code(session, "RONA").is_system
    assert profile.default_dial_number == user.defaultDialNumber
    assert profile.dial_plan.problem_with("12345", LoginOption.DIAL_NUMBER)
    assert profile.channel_capacity[Channel.CHAT] == sandbox.org.capacity("chat")
    assert session.snapshot.connection.link is Link.ONLINE


async def test_wrong_password(sandbox: SandboxServer) -> None:
    session = WebexSession(sandbox.base_url)
    try:
        with pytest.raises(e.WrongPassword) as caught:
            await session.sign_in(PasswordSignIn("agent1", "not-the-password"))
        assert caught.value.field == "password"
    finally:
        await session.close()


async def test_unreachable_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = WebexSession(f"http://127.0.0.1:{port}", request_timeout=2.0)
    try:
        with pytest.raises(e.ServerUnreachable):
            await session.sign_in(PasswordSignIn("agent1", "agent1"))
    finally:
        await session.close()


async def test_bad_token(sandbox: SandboxServer) -> None:
    session = WebexSession(sandbox.base_url)
    try:
        with pytest.raises(e.NotSignedIn):
            await session.sign_in(TokenSignIn("this-is-not-a-token"))
    finally:
        await session.close()


async def test_expired_token(sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(token_lifetime_s=0)
    session = WebexSession(server.base_url)
    try:
        with pytest.raises(e.NotSignedIn):
            await session.sign_in(PasswordSignIn("agent1", "agent1"))
    finally:
        await session.close()


async def test_a_token_from_the_platform_is_used_as_is(
    sandbox: SandboxServer, webex: Callable[..., Awaitable[WebexTestClient]]
) -> None:
    probe = await webex("agent2", connect=False)
    session = WebexSession(sandbox.base_url, token=probe.token)
    try:
        profile = await session.load_profile()  # no sign_in call: the token is enough
        assert profile.agent_id == probe.user_id
    finally:
        await session.close()


# -- the station session -----------------------------------------------------------------------


async def test_login_idle_with_a_code_available_and_logout(desk: Factory) -> None:
    session = await desk("agent1")
    snapshot = await session.start_station_session(station(session))
    assert snapshot.session_id and snapshot.has_session
    assert snapshot.availability is Availability.AVAILABLE  # the demo org's availableOnLogin
    assert (snapshot.team_name, snapshot.site_name) == ("Sales", "Austin")
    assert snapshot.login_option is LoginOption.DIAL_NUMBER
    assert snapshot.dial_number == "14155550101"
    assert snapshot.channel(Channel.CHAT) is not None
    assert snapshot.channel(Channel.CHAT).capacity == 3  # type: ignore[union-attr]

    await session.set_idle(code(session, "Lunch"))
    idle = session.snapshot
    assert idle.availability is Availability.IDLE and idle.idle_code == code(session, "Lunch")
    assert idle.state_changed_at >= snapshot.state_changed_at
    assert not idle.shows_idle_code_timer

    await session.set_idle(code(session, "Break"))  # idle -> idle: only the code timer moves
    moved = session.snapshot
    assert moved.idle_code == code(session, "Break")
    assert moved.state_changed_at == idle.state_changed_at
    assert moved.idle_code_changed_at >= idle.idle_code_changed_at

    await session.set_available()
    assert session.snapshot.availability is Availability.AVAILABLE
    assert session.snapshot.idle_code is None
    assert session.snapshot.changed_by_name == ""

    await session.log_out("End of shift")
    out = session.snapshot
    assert out.availability is Availability.LOGGED_OUT and not out.has_session
    assert out.log[-1].text == "Logged out (End of shift)."
    assert await session.find_existing_session() is None


async def test_join_the_same_session_from_a_second_desktop(desk: Factory) -> None:
    first = await desk("agent3")
    await first.start_station_session(station(first))
    await first.set_idle(code(first, "Meeting"))

    second = await desk("agent3", allow_multi_login=True)
    existing = await second.find_existing_session()
    assert existing is not None
    assert existing.session_id == first.snapshot.session_id
    assert existing.availability is Availability.IDLE and existing.team_name == "Sales"
    assert existing.login_option is LoginOption.DIAL_NUMBER and existing.started_at > 0

    joined = await second.join_session(existing.session_id)
    mine = first.snapshot
    fields = (
        "session_id",
        "agent_id",
        "team_id",
        "site_id",
        "dial_number",
        "login_option",
        "availability",
        "idle_code",
        "state_changed_at",
        "idle_code_changed_at",
    )
    assert {f: getattr(joined, f) for f in fields} == {f: getattr(mine, f) for f in fields}
    assert joined.log[-1].text.startswith("Joined the existing station session")
    joined_here = "Another desktop joined this session"
    await until(first, lambda s: any(e.text.startswith(joined_here) for e in s.log))

    # Both stay live: a change from one desktop shows on the other.
    await second.set_available()
    await until(first, lambda s: s.availability is Availability.AVAILABLE)
    assert first.snapshot.state_changed_at == second.snapshot.state_changed_at


async def test_join_an_ended_session(desk: Factory) -> None:
    session = await desk("agent4")
    await session.start_station_session(station(session))
    old = session.snapshot.session_id
    await session.log_out()
    await session.start_station_session(station(session))
    with pytest.raises(e.NoSuchSession):
        await session.join_session(old)


async def test_supervisor_changes_an_agent_of_their_team(desk: Factory) -> None:
    agent = await desk("agent2")
    await agent.start_station_session(station(agent))
    boss = await desk("super1")
    assert boss.profile is not None and boss.profile.is_supervisor

    board = await boss.team_agents()
    row = next(r for r in board if r.agent_id == agent.snapshot.agent_id)
    assert row.availability is Availability.AVAILABLE and row.team_name == "Sales"
    assert row.channel_load[Channel.CHAT] == (0, 3)
    assert any(r.availability is Availability.LOGGED_OUT for r in board)

    await boss.set_agent_state(agent.snapshot.agent_id, Availability.IDLE, code(boss, "Coaching"))
    changed = await until(agent, lambda s: s.availability is Availability.IDLE)
    assert changed.idle_code == code(agent, "Coaching")
    assert changed.changed_by_name == "Morgan Lee"
    assert boss.snapshot.availability is Availability.UNKNOWN  # not folded into the boss's own


async def test_a_look_at_the_team_makes_again_only_the_rows_that_changed(desk: Factory) -> None:
    agent = await desk("agent6")
    await agent.start_station_session(station(agent))
    boss = await desk("super1")
    first = {row.agent_id: row for row in await boss.team_agents()}
    again = {row.agent_id: row for row in await boss.team_agents()}
    signed_in = [agent_id for agent_id, row in first.items() if row.session_id]
    assert _id(agent) in signed_in
    assert all(again[agent_id] is first[agent_id] for agent_id in signed_in)  # the same rows

    await agent.set_idle(code(agent, "Lunch"))
    after = {row.agent_id: row for row in await boss.team_agents()}
    assert after[_id(agent)] is not first[_id(agent)]
    assert after[_id(agent)].availability is Availability.IDLE
    assert all(after[i] is first[i] for i in signed_in if i != _id(agent))


async def test_the_board_is_handed_the_whole_team_once_then_only_what_changed(
    desk: Factory,
) -> None:
    """Every look reads the whole buddy list; the board gets it whole at the first look and
    when someone leaves the list, and otherwise only the rows that changed."""
    agent, other = await desk("agent6"), await desk("agent2")
    await agent.start_station_session(station(agent))
    await other.start_station_session(station(other))
    boss = await desk("super1")
    first = await boss.team_changes()
    assert first.whole and {_id(agent), _id(other)} <= {row.agent_id for row in first.agents}
    assert any(row.availability is Availability.LOGGED_OUT for row in first.agents)
    quiet = await boss.team_changes()
    assert not quiet.whole and quiet.agents == []

    await agent.set_idle(code(agent, "Lunch"))
    changed = await boss.team_changes()
    assert not changed.whole
    assert [(row.agent_id, row.availability) for row in changed.agents] == [
        (_id(agent), Availability.IDLE)
    ]

    await other.log_out()
    left = await boss.team_changes()
    assert left.whole
    gone = next(row for row in left.agents if row.agent_id == _id(other))
    assert gone.availability is Availability.LOGGED_OUT


# -- every error, for real ---------------------------------------------------------------------


async def test_invalid_dial_number_is_caught_before_anything_is_sent(
    sandbox: SandboxServer, desk: Factory
) -> None:
    session = await desk("agent5")
    with pytest.raises(e.InvalidDialNumber) as caught:
        await session.start_station_session(station(session, "12345"))
    assert caught.value.field == "dial_number"
    assert "12345 is not a valid dial number" in caught.value.sentence
    assert server_events(sandbox, _id(session)) == []


async def test_invalid_dial_number_refused_by_the_server(
    sandbox: SandboxServer, desk: Factory
) -> None:
    session = await desk("agent5")
    assert session.profile is not None
    session.profile = replace(session.profile, dial_plan=DialPlan())  # bypass the local check
    with pytest.raises(e.InvalidDialNumber) as caught:
        await session.start_station_session(station(session, "12345"))
    assert caught.value.field == "dial_number"
    kinds = [row["kind"] for row in server_events(sandbox, _id(session))]
    assert kinds == ["session_start_refused"]


async def test_dial_number_in_use(desk: Factory) -> None:
    first = await desk("agent1")
    await first.start_station_session(station(first))
    other = await desk("agent2")
    with pytest.raises(e.DialNumberInUse):
        await other.start_station_session(station(other, "14155550101"))


async def test_already_logged_in_and_invalid_team(desk: Factory) -> None:
    session = await desk("agent6")
    with pytest.raises(e.InvalidTeam):
        billing = "d78bf9b8-66d4-4da0-8d3b-e9036b17db35"
        login = replace(station(session), team_id=billing)
        await session.start_station_session(login)
    await session.start_station_session(station(session))
    with pytest.raises(e.AlreadyLoggedIn):
        await session.start_station_session(station(session, "14155550199"))


async def test_idle_codes_the_platform_refuses(desk: Factory) -> None:
    session = await desk("agent7")
    with pytest.raises(e.NotLoggedIn):
        await session.set_idle(code(session, "Lunch"))
    await session.start_station_session(station(session))
    with pytest.raises(e.InvalidIdleCode):
        await session.set_idle(IdleCode("no-such-code", "Made up"))
    with pytest.raises(e.InvalidIdleCode):  # system codes are refused before sending
        await session.set_idle(code(session, "RONA"))
    assert session.snapshot.availability is Availability.AVAILABLE


async def test_not_permitted(desk: Factory) -> None:
    agent1 = await desk("agent1")
    await agent1.start_station_session(station(agent1))
    agent2 = await desk("agent2")
    with pytest.raises(e.NotPermitted):  # an agent using agentId
        await agent2.set_agent_state(_id(agent1), Availability.IDLE, code(agent2, "Lunch"))
    outsider = await desk("super2")  # supervises Billing only
    with pytest.raises(e.NotPermitted) as caught:
        await outsider.set_agent_state(_id(agent1), Availability.AVAILABLE)
    assert "supervise" in caught.value.sentence
    assert agent1.snapshot.availability is Availability.AVAILABLE


async def test_supervisor_sets_an_agent_without_a_session(desk: Factory) -> None:
    boss = await desk("super1")
    assert boss.identity is not None
    board = await boss.team_agents()
    absent = next(r for r in board if r.availability is Availability.LOGGED_OUT)
    with pytest.raises(e.NotLoggedIn):
        await boss.set_agent_state(absent.agent_id, Availability.AVAILABLE)


async def test_no_session_to_join(desk: Factory) -> None:
    session = await desk("agent8")
    assert await session.find_existing_session() is None
    with pytest.raises(e.NoSuchSession):
        await session.join_session()


async def test_webex_cannot_act_as_another_agent(desk: Factory) -> None:
    boss = await desk("super1")
    agent = await desk("agent1")
    with pytest.raises(e.ImpersonationNotEnabled):
        await boss.join_session(as_agent_id=_id(agent))


def _id(session: WebexSession) -> str:
    assert session.identity is not None
    return session.identity.agent_id


async def test_server_clock_skew_is_measured_from_fresh_changes(sandbox: SandboxServer) -> None:
    """A terminal clock a minute slow still counts timers against the server's clock."""
    slow = 60_000
    session = WebexSession(sandbox.base_url, clock=lambda: wall_clock_ms() - slow)
    try:
        await session.sign_in(PasswordSignIn("agent9", "agent9"))
        await session.load_profile()
        await session.start_station_session(station(session))
        await session.set_idle(code(session, "Training"))
        assert abs(session.skew.offset_ms - slow) < 1_000
        assert abs(session.server_now_ms() - wall_clock_ms()) < 1_000
        started = session.snapshot.state_changed_at
        assert elapsed_seconds(started, session.server_now_ms()) == 0  # the timer shows 00:00
    finally:
        await session.close()
