"""`CxoneSession`'s contact operations end to end against a real sandbox whose traffic makes
the contacts: each step returns once the snapshot shows it, the platform's refusals are typed
errors, the dispositions are the contact's skill's, a join restores every contact in its state,
RONA puts the desktop in RONA, and the supervisor's board counts contacts. No mocks; every wait
is on the session's own events with a deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.backend.cxone_http import user_of_number
from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession, StationLogin
from tui.domain import AgentSnapshot, Availability, Channel, ContactState, Interaction, LoginOption
from tui.domain import errors as e
from tui.domain.profile import WrapUpCode
from tui.sandbox.server import SandboxServer

WAIT_S = 8.0
FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
OFFERS: dict[str, Any] = dict(
    traffic=True,
    seed=11,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)
Desk = Callable[..., Awaitable[CxoneSession]]


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], bool], what: str
) -> AgentSnapshot:
    try:
        async with asyncio.timeout(WAIT_S):
            while not check(session.snapshot):
                await session.next_batch()
    except TimeoutError:
        raise AssertionError(f"waited {WAIT_S}s for {what}: {session.snapshot.contacts}") from None
    return session.snapshot


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    """`await desk("agent3", server)`: a signed-in CxoneSession with its profile loaded."""
    sessions: list[CxoneSession] = []

    async def make(login: str, server: SandboxServer) -> CxoneSession:
        session = CxoneSession(server.base_url, **FAST)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


async def on_shift(session: CxoneSession) -> None:
    profile = session.profile
    assert profile is not None
    login = StationLogin(
        profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
    )
    await session.start_station_session(login)


def offers(snapshot: AgentSnapshot, channel: Channel) -> list[Interaction]:
    return [i for i in snapshot.contacts if i.channel is channel and i.offered]


async def offered(session: CxoneSession, *channels: Channel, count: int = 1) -> AgentSnapshot:
    """Available until the traffic has offered on every one of `channels`, then Idle so that
    nothing more comes while the test works them."""
    await session.set_available()
    snapshot = await until(
        session,
        lambda s: all(len(offers(s, ch)) >= count for ch in channels),
        f"offers on {channels}",
    )
    assert session.profile is not None
    lunch = next(c for c in session.profile.idle_codes if c.name == "Lunch")
    await session.set_idle(lunch)
    return snapshot


def state_of(session: CxoneSession, interaction_id: str) -> ContactState | None:
    found = session.snapshot.contact(interaction_id)
    return found.state if found else None


async def test_a_contact_worked_from_offer_to_disposition(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk("agent3", server)
    assert session.capabilities.decline_offer
    await on_shift(session)
    snapshot = await offered(session, Channel.CHAT, Channel.EMAIL)
    chat, email = offers(snapshot, Channel.CHAT)[0], offers(snapshot, Channel.EMAIL)[0]
    assert chat.id.isdigit() and chat.queue == "Chat Queue" and chat.customer

    with pytest.raises(e.ContactNotReady):
        await session.hold_contact(chat.id)
    await session.accept_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.CONNECTED
    await session.hold_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.HELD
    with pytest.raises(e.ContactNotReady):
        await session.hold_contact(chat.id)
    await session.resume_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.CONNECTED
    await session.end_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.WRAP_UP

    codes = await session.wrap_up_codes(chat.id)
    assert {c.name for c in codes} >= {"Resolved", "Escalated", "Follow-up", "Sale"}
    assert all(c.id.isdigit() for c in codes)
    assert await session.wrap_up_codes(chat.id) is codes  # read once per skill
    with pytest.raises(e.InvalidWrapUpCode):
        await session.wrap_up_contact(chat.id, WrapUpCode("not-a-number", "Odd"))
    with pytest.raises(e.InvalidWrapUpCode):
        await session.wrap_up_contact(chat.id, WrapUpCode("99999", "Unknown"))
    sale = next(c for c in codes if c.name == "Sale")
    await session.wrap_up_contact(chat.id, sale)
    assert session.snapshot.contact(chat.id) is None
    assert any("wrapped up (Sale)." in entry.text for entry in session.snapshot.log)
    with pytest.raises(e.NoSuchContact):
        await session.accept_contact(chat.id)

    await session.decline_contact(email.id)
    assert session.snapshot.contact(email.id) is None
    assert not session.snapshot.rona


async def test_a_call_rings_on_the_agents_phone_and_is_answered_there(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk("agent3", server)
    await on_shift(session)
    await session.set_available()
    ringing = ContactState.RINGING
    snapshot = await until(
        session, lambda s: any(i.state is ringing for i in s.contacts), "a call ringing"
    )
    call = next(i for i in snapshot.contacts if i.state is ringing)
    assert call.channel is Channel.TELEPHONY and call.customer.startswith("+1")
    with pytest.raises(e.ContactNotReady):
        await session.accept_contact(call.id)
    await session.decline_contact(call.id)
    assert session.snapshot.contact(call.id) is None


async def test_a_join_restores_every_contact_in_its_state(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    first = await desk("agent3", server)
    await on_shift(first)
    snapshot = await offered(first, Channel.CHAT, count=3)
    chats = offers(snapshot, Channel.CHAT)
    held, wrapping, waiting = chats[0], chats[1], chats[2]
    for step in (first.accept_contact, first.hold_contact):
        await step(held.id)
    await first.accept_contact(wrapping.id)
    await first.end_contact(wrapping.id)
    expected = {
        held.id: ContactState.HELD,
        wrapping.id: ContactState.WRAP_UP,
        waiting.id: ContactState.OFFERED,
    }

    second = await desk("agent3", server)
    await second.join_session()
    restored = {i.id: i for i in second.snapshot.contacts}
    assert {k: restored[k].state for k in expected} == expected
    known = {i.id: i for i in first.snapshot.contacts}
    for contact_id in expected:
        mine, theirs = restored[contact_id], known[contact_id]
        assert (mine.customer, mine.queue, mine.started_at) == (
            theirs.customer,
            theirs.queue,
            theirs.started_at,
        )

    # The joined desktop works them, and the first one follows.
    await second.resume_contact(held.id)
    codes = await second.wrap_up_codes(wrapping.id)
    await second.wrap_up_contact(wrapping.id, codes[0])
    await until(first, lambda s: s.contact(wrapping.id) is None, "the wrap-up on the first desk")
    await until(
        first,
        lambda s: (c := s.contact(held.id)) is not None and c.state is ContactState.CONNECTED,
        "the resume on the first desk",
    )


async def test_an_offer_left_ringing_puts_the_desktop_in_rona(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**(OFFERS | {"ring_for_s": 0.5}))
    session = await desk("agent3", server)
    await on_shift(session)
    await session.set_available()
    await until(session, lambda s: s.rona, "RONA")
    await until(session, lambda s: s.availability is Availability.SYSTEM, "the RONA state")
    assert session.snapshot.idle_code is not None and session.snapshot.idle_code.name == "RONA"
    await until(session, lambda s: not s.contacts, "every offer rung out")
    await session.set_available()
    assert not session.snapshot.rona


async def test_the_board_counts_each_agents_contacts(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await desk("agent3", server)
    await on_shift(agent)
    snapshot = await offered(agent, Channel.CHAT)
    chat = offers(snapshot, Channel.CHAT)[0]
    await agent.accept_contact(chat.id)
    await agent.end_contact(chat.id)
    assert agent.identity is not None
    me = server.org.user(user_of_number(server, agent.identity.agent_id))
    assert me is not None
    boss = next(
        u
        for u in server.org.users
        if u.is_supervisor and set(u.supervisedTeamIds) & set(me.teamIds)
    )
    supervisor = await desk(boss.login, server)
    rows = {row.agent_id: row for row in await supervisor.team_agents()}
    row = rows[agent.identity.agent_id]
    assert row.open_contacts == len(agent.snapshot.contacts)
    assert row.wrap_up_contacts == 1
    assert not row.rona
