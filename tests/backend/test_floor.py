"""The live floor: simulated colleagues seen through super1's board on a real sandbox.

Every look at the team is the real client's board request (`WebexSession.team_agents()`) on a
real server; the floor's time runs 10x faster than the wall clock, so no test sleeps.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession, StationLogin, TeamAgent
from tui.backends.webex.client import WebexSession
from tui.cli import build_parser
from tui.domain import Availability, LoginOption
from tui.sandbox.cxone.ids import ids_of
from tui.sandbox.options import DEFAULT_FLOOR, contact_knobs
from tui.sandbox.server import SandboxServer

# A bound, not an expectation: on a quiet machine the floor shows all of it in a few seconds.
FLOOR_WAIT_S = 60.0
POLL_GAP_S = 0.05  # between board requests, so the loop does not starve the server thread
BUSY_FLOOR: dict[str, Any] = {
    "traffic": True,
    "floor": 6,
    "floor_speed": 10.0,
    "seed": 3,
    "traffic_tick_s": 0.05,
    "offer_chance": 0.1,
    "answer_after_s": (0.2, 0.5),
    "handle_for_s": (1.0, 3.0),
}
CXONE_FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
Factory = Callable[..., Awaitable[Any]]


@pytest.fixture
async def desk() -> AsyncIterator[Factory]:
    """`await desk(server, "super1")`: a signed-in WebexSession (or CxoneSession with
    `cxone=True`), profile loaded."""
    sessions: list[DesktopSession] = []

    async def make(server: SandboxServer, login: str, *, cxone: bool = False) -> Any:
        session: DesktopSession = (
            CxoneSession(server.base_url, **CXONE_FAST)
            if cxone
            else WebexSession(server.base_url, request_timeout=5.0)
        )
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


def floor_ids(server: SandboxServer, *, cxone: bool = False) -> set[str]:
    """The floor's agents as the platform's board names them (CXone numbers its agents)."""
    sandbox = server.app.state.sandbox
    floor = sandbox.floor
    assert floor is not None
    if not cxone:
        return set(floor.agent_ids)
    ids = ids_of(sandbox)
    return {str(ids.agent(agent_id)) for agent_id in floor.agent_ids}


@pytest.mark.parametrize("platform", ["cxone", "webex"])
async def test_the_floor_signs_in_takes_contacts_and_wraps_up_with_no_other_client(
    sandbox_factory: Callable[..., SandboxServer], desk: Factory, platform: str
) -> None:
    """super1's board: half the floor signed in, states changing, contacts open and (where
    the platform's board says so: CXone's agent states carry after-contact work) wrap-ups."""
    server = sandbox_factory(**BUSY_FLOOR)
    colleagues = floor_ids(server, cxone=platform == "cxone")
    assert len(colleagues) == 6
    boss = await desk(server, "super1", cxone=platform == "cxone")
    wrap_ups_shown = platform == "cxone"  # Webex's buddy list does not tell wrap-up apart
    seen_states: dict[str, set[tuple[Availability, str]]] = {}
    seen_contacts: set[str] = set()
    seen_wrap_ups: set[str] = set()
    most_signed_in = 0
    async with asyncio.timeout(FLOOR_WAIT_S):
        while True:
            board = await boss.team_agents()
            mine = [row for row in board if row.agent_id in colleagues]
            signed_in = [row for row in mine if row.session_id]
            most_signed_in = max(most_signed_in, len(signed_in))
            for row in signed_in:
                seen_states.setdefault(row.agent_id, set()).add(
                    (row.availability, row.idle_code_name)
                )
                if row.open_contacts:
                    seen_contacts.add(row.agent_id)
                if row.wrap_up_contacts:
                    seen_wrap_ups.add(row.agent_id)
            changed = [a for a, states in seen_states.items() if len(states) > 1]
            wrapped = seen_wrap_ups or not wrap_ups_shown
            if most_signed_in >= 2 and changed and seen_contacts and wrapped:
                break
            await asyncio.sleep(POLL_GAP_S)
    on_board = {row.agent_id for row in board if row.agent_id in colleagues}
    assert most_signed_in * 2 >= len(on_board)  # at least half of the floor super1 sees
    # Nobody but the floor moved: every other agent of super1's teams is still signed out.
    assert all(not row.session_id for row in board if row.agent_id not in colleagues)


async def test_the_floor_goes_idle_with_real_idle_codes(
    sandbox_factory: Callable[..., SandboxServer], desk: Factory
) -> None:
    server = sandbox_factory(**{**BUSY_FLOOR, "traffic": False, "floor_speed": 40.0})
    colleagues = floor_ids(server)
    boss = await desk(server, "super1")
    selectable = {c.name for c in server.org.auxiliaryCodes if c.is_idle_code and c.selectable}
    async with asyncio.timeout(FLOOR_WAIT_S):
        while True:
            board = await boss.team_agents()
            idle = [
                row
                for row in board
                if row.agent_id in colleagues
                and row.availability is Availability.IDLE
                and row.idle_code_name in selectable
            ]
            if idle:
                break
            await asyncio.sleep(POLL_GAP_S)
    assert idle[0].idle_code_name in {"Lunch", "Break", "Meeting", "Training", "Coaching"}


async def test_without_a_floor_nothing_moves(
    sandbox_factory: Callable[..., SandboxServer], desk: Factory
) -> None:
    server = sandbox_factory(**{**BUSY_FLOOR, "floor": 0, "offer_chance": 1.0})
    assert server.app.state.sandbox.floor is None
    agent = await desk(server, "agent1")
    await agent.start_station_session(login_for(agent))
    await agent.set_available()
    # The traffic has run: it offered agent1 a contact. Nobody else signed in meanwhile.
    async with asyncio.timeout(FLOOR_WAIT_S):
        while not agent.snapshot.contacts:
            await agent.next_batch()
    boss = await desk(server, "super1")
    board = await boss.team_agents()
    assert [row.agent_id for row in board if row.session_id] == [agent.snapshot.agent_id]


async def test_the_floor_leaves_a_user_who_signs_in_alone(
    sandbox_factory: Callable[..., SandboxServer], desk: Factory
) -> None:
    server = sandbox_factory(**BUSY_FLOOR)
    colleagues = floor_ids(server)
    agent2 = server.org.user_by_login("agent2")
    assert agent2 is not None and agent2.id in colleagues
    boss = await desk(server, "super1")
    await wait_for_row(boss, lambda row: row.agent_id == agent2.id and bool(row.session_id))

    person = await desk(server, "agent2")  # a real sign-in: the floor lets agent2 go
    assert agent2.id not in floor_ids(server)
    assert await person.find_existing_session() is None  # the floor's session ended
    await person.start_station_session(login_for(person))
    await person.set_available()
    mine = person.snapshot.session_id

    # Let the rest of the floor do many things; agent2 stays as the person left it.
    changes = 0
    last: dict[str, tuple[Availability, int]] = {}
    async with asyncio.timeout(FLOOR_WAIT_S):
        while changes < 6:
            for row in await boss.team_agents():
                now = (row.availability, row.open_contacts)
                if row.agent_id in colleagues - {agent2.id} and last.get(row.agent_id) != now:
                    changes += 1
                    last[row.agent_id] = now
            await asyncio.sleep(POLL_GAP_S)
    row = next(r for r in await boss.team_agents() if r.agent_id == agent2.id)
    assert row.session_id == mine
    # Its offers are its own: the floor accepted none of them for it.
    assert row.open_contacts == row.wrap_up_contacts == 0 or person.snapshot.contacts


async def test_a_supervisor_changes_a_colleagues_state(
    sandbox_factory: Callable[..., SandboxServer], desk: Factory
) -> None:
    server = sandbox_factory(**{**BUSY_FLOOR, "traffic": False, "floor_speed": 2.0})
    boss = await desk(server, "super1")
    row = await wait_for_row(
        boss, lambda r: r.agent_id in floor_ids(server) and r.availability is Availability.AVAILABLE
    )
    assert boss.profile is not None
    coaching = next(c for c in boss.profile.idle_codes if c.name == "Coaching")
    await boss.set_agent_state(row.agent_id, Availability.IDLE, coaching)
    changed = await wait_for_row(
        boss, lambda r: r.agent_id == row.agent_id and r.idle_code_name == "Coaching"
    )
    assert changed.availability is Availability.IDLE


def test_the_sandbox_command_takes_floor_flags() -> None:
    def floor(*flags: str) -> int:
        return contact_knobs(build_parser().parse_args(["sandbox", *flags]))["floor"]

    assert floor() == DEFAULT_FLOOR
    assert floor("--floor", "3") == 3
    assert floor("--no-floor") == 0


def test_the_desktop_takes_no_floor() -> None:
    from tui.cli import _flags

    assert _flags(build_parser().parse_args(["--no-floor"]))["floor"] is False
    assert _flags(build_parser().parse_args([]))["floor"] is None


# -- helpers ----------------------------------------------------------------------------------


def login_for(session: WebexSession) -> StationLogin:
    profile = session.profile
    assert profile is not None
    return StationLogin(
        profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
    )


async def wait_for_row(boss: WebexSession, check: Callable[[TeamAgent], bool]) -> TeamAgent:
    async with asyncio.timeout(FLOOR_WAIT_S):
        while True:
            for row in await boss.team_agents():
                if check(row):
                    return row
            await asyncio.sleep(POLL_GAP_S)
