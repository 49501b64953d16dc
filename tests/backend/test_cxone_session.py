"""`CxoneSession` against a real sandbox: sign-in, the profile, the station session, joining
(every outcome a typed error), impersonation, supervisors, logout and the idle codes."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from tests.backend.cxone_http import CxoneFactory, agent_number
from tui.backends.credentials import PasswordSignIn, TokenSignIn, wall_clock_ms
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession, StationLogin
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
FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
Desk = Callable[..., Awaitable[CxoneSession]]


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], bool], timeout: float = WAIT_S
) -> AgentSnapshot:
    """Wait on the session's own events until its snapshot satisfies `check`."""
    async with asyncio.timeout(timeout):
        while not check(session.snapshot):
            await session.next_batch()
    return session.snapshot


@pytest.fixture
async def desk(sandbox: SandboxServer) -> AsyncIterator[Desk]:
    """`await desk("agent1")`: a signed-in CxoneSession with its profile loaded."""
    sessions: list[CxoneSession] = []

    async def make(
        login: str, *, server: SandboxServer | None = None, **knobs: Any
    ) -> CxoneSession:
        session = CxoneSession((server or sandbox).base_url, **{**FAST, **knobs})
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


def code(session: CxoneSession, name: str) -> IdleCode:
    assert session.profile is not None
    return next(c for c in session.profile.idle_codes if c.name == name)


def station(session: CxoneSession, option: LoginOption = LoginOption.DIAL_NUMBER) -> StationLogin:
    profile = session.profile
    assert profile is not None
    number = profile.default_extension if option is LoginOption.EXTENSION else None
    return StationLogin(profile.default_team_id, option, number or profile.default_dial_number)


def agent_id(session: CxoneSession) -> str:
    assert session.identity is not None
    return session.identity.agent_id


# -- signing in --------------------------------------------------------------------------------


async def test_sign_in_loads_identity_and_profile(sandbox: SandboxServer, desk: Desk) -> None:
    session = await desk("agent5")
    user = sandbox.org.user_by_login("agent5")
    assert user is not None and session.identity is not None
    number = agent_number(sandbox, "agent5")  # CXone's integer id, kept as text
    assert (session.identity.agent_id, session.identity.display_name) == (number, "Emery Garcia")
    assert session.platform == "cxone"
    profile = session.profile
    assert profile is not None and not profile.is_supervisor and not profile.can_impersonate
    assert [t.name for t in profile.teams] == ["Support"] and profile.teams[0].site_name == "Austin"
    selectable = [c.name for c in profile.selectable_idle_codes]
    assert selectable == ["Lunch", "Break", "Meeting", "Training", "Coaching"]
    assert code(session, "RONA").is_system  # known by name, never offered
    assert "Resolved" not in [c.name for c in profile.idle_codes]  # ACW: not an idle code
    assert profile.terminal_login_options == (LoginOption.DIAL_NUMBER, LoginOption.EXTENSION)
    assert (profile.default_dial_number, profile.default_extension) == ("14155550105", "1005")
    assert profile.dial_plan.problem_with("12345", LoginOption.DIAL_NUMBER)
    assert profile.dial_plan.problem_with("1005", LoginOption.EXTENSION) is None
    assert profile.channel_capacity[Channel.CHAT] == 3
    assert session.snapshot.connection.link is Link.ONLINE
    boss = await desk("super1")
    assert boss.profile is not None and boss.profile.is_supervisor and boss.profile.can_impersonate


async def test_sign_in_failures(
    sandbox: SandboxServer, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    expired = sandbox_factory(token_lifetime_s=0)
    attempts: list[tuple[str, Any, type[e.DesktopError]]] = [
        (sandbox.base_url, PasswordSignIn("agent1", "wrong"), e.WrongPassword),
        (sandbox.base_url, TokenSignIn("not-a-token"), e.NotSignedIn),
        (expired.base_url, PasswordSignIn("agent1", "agent1"), e.NotSignedIn),
        (dead, PasswordSignIn("agent1", "agent1"), e.ServerUnreachable),
    ]
    for url, credentials, error in attempts:
        session = CxoneSession(url, request_timeout=2.0)
        try:
            with pytest.raises(error):
                await session.sign_in(credentials)
        finally:
            await session.close()


async def test_a_platform_token_is_used_as_is(sandbox: SandboxServer, cxone: CxoneFactory) -> None:
    probe = await cxone("agent2")
    session = CxoneSession(sandbox.base_url, token=probe.token)
    try:
        profile = await session.load_profile()  # no sign_in: the token is enough
        assert profile.agent_id == probe.agent_id
    finally:
        await session.close()


# -- the station session -----------------------------------------------------------------------


async def test_start_idle_with_a_code_and_back_then_log_out(desk: Desk) -> None:
    session = await desk("agent5")
    assert await session.find_existing_session() is None
    started = await session.start_station_session(station(session))
    assert started.has_session and started.session_id
    assert started.availability is Availability.IDLE  # CXone sessions start Unavailable
    assert started.idle_code is None  # with a blank reason, as CXone starts a session
    assert (started.team_name, started.site_name) == ("Support", "Austin")
    assert (started.login_option, started.dial_number) == (LoginOption.DIAL_NUMBER, "14155550105")
    assert started.log[-1].text.startswith("Station session started on team Support")
    assert started.channel(Channel.CHAT) is not None
    assert started.channel(Channel.CHAT).capacity == 3  # type: ignore[union-attr]

    await session.set_idle(code(session, "Lunch"))
    idle = session.snapshot
    assert idle.availability is Availability.IDLE and idle.idle_code == code(session, "Lunch")
    assert idle.state_changed_at >= started.state_changed_at > 0
    assert elapsed_seconds(idle.state_changed_at, session.server_now_ms()) < 2

    await session.set_available()
    assert session.snapshot.availability is Availability.AVAILABLE
    assert session.snapshot.idle_code is None and session.snapshot.changed_by_name == ""

    await session.log_out()
    out = session.snapshot
    assert out.availability is Availability.LOGGED_OUT and not out.has_session
    assert out.log[-1].text == "Logged out."
    assert await session.find_existing_session() is None
    with pytest.raises(e.NotLoggedIn):
        await session.set_available()


async def test_start_on_a_station_id(desk: Desk) -> None:
    session = await desk("agent6")
    snapshot = await session.start_station_session(station(session, LoginOption.EXTENSION))
    assert (snapshot.login_option, snapshot.dial_number) == (LoginOption.EXTENSION, "1006")


async def test_a_session_that_exists_is_offered_and_joined_from_a_second_desktop(
    desk: Desk,
) -> None:
    first = await desk("agent3")
    await first.start_station_session(station(first))
    await first.set_idle(code(first, "Meeting"))

    second = await desk("agent3")
    with pytest.raises(e.AlreadyLoggedIn):  # a 409: offer joining instead
        await second.start_station_session(station(second))
    existing = await second.find_existing_session()
    assert existing is not None and existing.session_id == first.snapshot.session_id
    assert existing.availability is Availability.IDLE and existing.team_name == "Sales"
    assert existing.login_option is LoginOption.DIAL_NUMBER and existing.started_at > 0

    joined = await second.join_session(existing.session_id)
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
    assert {f: getattr(joined, f) for f in fields} == {
        f: getattr(first.snapshot, f) for f in fields
    }
    assert joined.log[-1].text.startswith("Joined the existing station session")
    assert joined.impersonated_by == ""

    await second.set_available()  # both follow the one session
    await until(first, lambda s: s.availability is Availability.AVAILABLE)
    assert first.snapshot.state_changed_at == second.snapshot.state_changed_at


async def test_station_errors(desk: Desk) -> None:
    session = await desk("agent4")
    with pytest.raises(e.InvalidDialNumber) as caught:  # caught before anything is sent
        await session.start_station_session(StationLogin("", LoginOption.DIAL_NUMBER, "12345"))
    assert caught.value.field == "dial_number"
    assert session.profile is not None
    session.profile = replace(session.profile, dial_plan=DialPlan())  # let the server say it
    with pytest.raises(e.InvalidDialNumber):
        await session.start_station_session(StationLogin("", LoginOption.DIAL_NUMBER, "12345"))
    holder = await desk("agent1")
    await holder.start_station_session(station(holder))
    with pytest.raises(e.DialNumberInUse):
        await session.start_station_session(
            StationLogin("", LoginOption.DIAL_NUMBER, "14155550101")
        )
    with pytest.raises(e.PlatformRefused):
        await session.start_station_session(StationLogin("", LoginOption.BROWSER, ""))
    assert not session.snapshot.has_session


# -- joining: every outcome ------------------------------------------------------------------


async def test_each_join_outcome_is_its_own_typed_error(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory()
    sessions: list[CxoneSession] = []

    async def make(login: str, **kw: Any) -> CxoneSession:
        session = CxoneSession(server.base_url, **FAST, **kw)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    try:
        agent = await make("agent5")
        with pytest.raises(e.NoSuchSession):  # InvalidAgentSession: nothing to join
            await agent.join_session()
        await agent.start_station_session(station(agent))
        with pytest.raises(e.NoSuchSession):
            await agent.join_session("made-up-session-id")
        with pytest.raises(e.ImpersonationNotEnabled):  # super2 may not impersonate
            await (await make("super2")).join_session(as_agent_id=agent_id(agent))
        with pytest.raises(e.NoSuchAgent):  # InvalidAgentId
            await (await make("super1")).join_session(as_agent_id="no-such-agent")

        # InvalidSecurityUser: a platform token that the platform no longer knows.
        probe = await cxone("super1", server=server)
        by_token = CxoneSession(server.base_url, **FAST)
        sessions.append(by_token)
        await by_token.sign_in(TokenSignIn(probe.token))
        await by_token.load_profile()
        port = server.port
        server.stop()
        sandbox_factory(port=port)  # a fresh server on the same address: the token is unknown
        with pytest.raises(e.NotSignedIn):
            await by_token.join_session(as_agent_id=agent_id(agent))
    finally:
        for session in sessions:
            await session.close()


async def test_a_supervisor_acts_as_an_agent_and_the_agent_sees_who(desk: Desk) -> None:
    agent = await desk("agent5")
    await agent.start_station_session(station(agent))
    await agent.set_idle(code(agent, "Lunch"))

    boss = await desk("super1")
    acting = await boss.join_session(as_agent_id=agent_id(agent))
    assert acting.impersonated_by == "Morgan Lee" and boss.acting_as == agent_id(agent)
    assert (acting.agent_id, acting.agent_name) == (agent_id(agent), "Emery Garcia")
    assert acting.session_id == agent.snapshot.session_id
    assert acting.availability is Availability.IDLE and acting.idle_code == code(boss, "Lunch")

    await boss.set_available()  # acting as the agent, on the agent's session
    seen = await until(agent, lambda s: s.availability is Availability.AVAILABLE)
    assert seen.changed_by_name == "Morgan Lee"
    assert boss.snapshot.availability is Availability.AVAILABLE


async def test_a_supervisor_changes_an_agent_through_the_agents_session(desk: Desk) -> None:
    """As NICE's SDK can: join the agent's session with asAgentId, set the state there. The
    supervisor's own desktop follows nothing new, and the agent's session goes on."""
    agent = await desk("agent2")
    await agent.start_station_session(station(agent))
    boss = await desk("super1")
    await boss.set_agent_state(agent_id(agent), Availability.IDLE, code(boss, "Coaching"))
    changed = await until(agent, lambda s: s.idle_code == code(agent, "Coaching"))
    assert changed.changed_by_name == "Morgan Lee"
    assert "set by Morgan Lee" in changed.log[-1].text
    assert boss.snapshot.availability is Availability.UNKNOWN  # not folded into the boss's own
    assert not boss.poll_loop.running and boss.acting_as is None

    session_id = agent.snapshot.session_id
    await boss.set_agent_state(agent_id(agent), Availability.AVAILABLE)
    back = await until(agent, lambda s: s.availability is Availability.AVAILABLE)
    assert back.session_id == session_id and agent.poll_loop.running

    outsider = await desk("super2")
    with pytest.raises(e.NotPermitted) as caught:
        await outsider.set_agent_state(agent_id(agent), Availability.AVAILABLE)
    assert "act as other agents" in caught.value.sentence
    with pytest.raises(e.NoSuchAgent):
        await boss.set_agent_state("nobody", Availability.AVAILABLE)
    absent = next(r for r in await boss.team_agents() if r.availability is Availability.LOGGED_OUT)
    with pytest.raises(e.NotLoggedIn):
        await boss.set_agent_state(absent.agent_id, Availability.AVAILABLE)
    with pytest.raises(e.NotPermitted):
        await agent.set_agent_state(absent.agent_id, Availability.AVAILABLE)


async def test_the_supervisor_board(desk: Desk) -> None:
    agent = await desk("agent5")
    await agent.start_station_session(station(agent))
    await agent.set_idle(code(agent, "Training"))
    boss = await desk("super1")
    board = await boss.team_agents()
    assert len(board) == 6 and [r.team_name for r in board] == ["Sales"] * 3 + ["Support"] * 3
    row = next(r for r in board if r.agent_id == agent_id(agent))
    assert (row.availability, row.idle_code_name) == (Availability.IDLE, "Training")
    assert row.session_id == agent.snapshot.session_id
    assert row.state_changed_at == agent.snapshot.state_changed_at
    assert row.channel_load[Channel.CHAT] == (0, 3)
    with pytest.raises(e.NotPermitted):
        await agent.team_agents()


async def test_the_board_looks_whole_once_then_only_at_what_changed(desk: Desk) -> None:
    """`updatedSince` from the last answer's `lastPollTime`: nothing changed is a 304 (no
    rows), a change lists only that agent."""
    boss = await desk("super1")
    first = await boss.team_changes()
    assert first.whole and len(first.agents) == 6
    quiet = await boss.team_changes()
    assert not quiet.whole and quiet.agents == []
    agent = await desk("agent5")
    await agent.start_station_session(station(agent))
    await agent.set_idle(code(agent, "Training"))
    changed = await boss.team_changes()
    assert not changed.whole and [r.agent_id for r in changed.agents] == [agent_id(agent)]
    assert (changed.agents[0].availability, changed.agents[0].idle_code_name) == (
        Availability.IDLE,
        "Training",
    )
    assert (await boss.team_changes()).agents == []
    assert len(await boss.team_agents()) == 6  # the whole list is still there to ask for
    assert (await boss.team_changes()).agents == []  # and asking it did not move the looks on


# -- ending ------------------------------------------------------------------------------------


async def test_a_session_ended_elsewhere_ends_on_every_desktop(desk: Desk) -> None:
    agent = await desk("agent6")
    await agent.start_station_session(station(agent))
    watcher = await desk("agent6")
    await watcher.join_session()
    boss = await desk("super1")
    await boss.join_session(as_agent_id=agent_id(agent))
    await boss.log_out()  # the supervisor, acting as the agent, ends the agent's session
    out = await until(agent, lambda s: s.availability is Availability.LOGGED_OUT)
    assert out.log[-1].text == "Logged out by Morgan Lee."
    await until(watcher, lambda s: s.availability is Availability.LOGGED_OUT)
    assert not agent.poll_loop.running and not watcher.poll_loop.running
    assert agent.snapshot.connection.link is Link.ONLINE  # the platform is still reachable


# -- idle codes ---------------------------------------------------------------------------------


async def test_codes_are_refreshed_when_a_reason_is_unknown(desk: Desk) -> None:
    session = await desk("agent7")
    await session.start_station_session(station(session))
    assert session.profile is not None
    meeting = code(session, "Meeting")
    stale = tuple(c for c in session.profile.idle_codes if c.name != "Meeting")
    session.profile = replace(session.profile, idle_codes=stale)  # the platform added one since

    other = await desk("agent7")
    await other.join_session()
    await other.set_idle(code(other, "Meeting"))
    seen = await until(session, lambda s: s.idle_code is not None and s.idle_code.name == "Meeting")
    assert seen.availability is Availability.IDLE
    async with asyncio.timeout(WAIT_S):  # told of a reason it did not know, it reloads the codes
        while meeting not in session.profile.idle_codes:
            await asyncio.sleep(0.01)

    session.profile = replace(session.profile, idle_codes=(*stale, IdleCode("x", "Gone Code")))
    with pytest.raises(e.InvalidIdleCode):
        await session.set_idle(IdleCode("x", "Gone Code"))
    async with asyncio.timeout(WAIT_S):
        while IdleCode("x", "Gone Code") in session.profile.idle_codes:
            await asyncio.sleep(0.01)
    with pytest.raises(e.InvalidIdleCode):  # a system code is refused before sending
        await session.set_idle(code(session, "RONA"))


async def test_server_clock_skew_is_measured_from_fresh_changes(sandbox: SandboxServer) -> None:
    """A terminal clock a minute slow still counts timers against the server's clock."""
    slow = 60_000
    session = CxoneSession(sandbox.base_url, clock=lambda: wall_clock_ms() - slow, **FAST)
    try:
        await session.sign_in(PasswordSignIn("agent9", "agent9"))
        await session.load_profile()
        await session.start_station_session(station(session))
        await session.set_idle(code(session, "Training"))
        assert abs(session.skew.offset_ms - slow) < 1_000
        assert abs(session.server_now_ms() - wall_clock_ms()) < 1_000
        assert elapsed_seconds(session.snapshot.state_changed_at, session.server_now_ms()) == 0
    finally:
        await session.close()


async def test_contacts_arrive_and_a_joining_desktop_sees_them(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(
        traffic=True,
        seed=11,
        offer_chance=1.0,
        traffic_tick_s=0.02,
        answer_after_s=(0.0, 0.0),
        auto_answer=("chat", "email", "social"),
        handle_for_s=(60.0, 60.0),
    )
    agent = await desk("agent5", server=server)
    await agent.start_station_session(station(agent))
    assert all(load.load == 0 for load in agent.snapshot.channels)  # Unavailable: no offers
    await agent.set_available()

    def full(snapshot: AgentSnapshot) -> bool:
        return all(load.is_full for load in snapshot.channels)

    handling = await until(agent, full)
    assert handling.channel(Channel.CHAT).load == 3  # type: ignore[union-attr]
    interaction = handling.channel(Channel.TELEPHONY).interactions[0]  # type: ignore[union-attr]
    assert interaction.customer.startswith("+1415555") and interaction.queue == "Voice Queue"
    assert interaction.started_at > 0

    second = await desk("agent5", server=server)
    joined = await second.join_session()
    ids = {ch.channel: sorted(i.id for i in ch.interactions) for ch in joined.channels}
    assert ids == {ch.channel: sorted(i.id for i in ch.interactions) for ch in handling.channels}

    boss = await desk("super1", server=server)
    row = next(r for r in await boss.team_agents() if r.agent_id == agent_id(agent))
    assert row.channel_load == {Channel.TELEPHONY: (1, 1), Channel.CHAT: (3, 3),
                                Channel.EMAIL: (2, 2), Channel.SOCIAL: (2, 2)}  # fmt: skip

    await agent.log_out()  # ends the contacts with the session
    assert all(load.load == 0 for load in agent.snapshot.channels)
    await until(second, lambda s: s.availability is Availability.LOGGED_OUT)
