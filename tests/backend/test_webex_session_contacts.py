"""`WebexSession` works contacts against a real sandbox: offer, accept, hold, resume, end and
wrap up with a code, the snapshot after each step; the errors each refusal becomes; RONA; a
call ringing on the agent's phone; the customer hanging up; a next state waiting for the
wrap-up; and a join restoring each open contact with its state.

Contacts come from the sandbox's traffic (every channel with room offered at once); every wait
is on the session's own events with a deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tui.backends.credentials import PasswordSignIn
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import AgentSnapshot, Availability, Channel, Interaction, LoginOption, WrapUpCode
from tui.domain import errors as e
from tui.domain.channels import ContactState
from tui.domain.events import NextStateRequested
from tui.domain.snapshot import NextState
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
OFFERS: dict[str, Any] = dict(
    traffic=True,
    seed=3,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=0.0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)
Desk = Callable[..., Awaitable[WebexSession]]


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], Any], what: str = "a condition"
) -> AgentSnapshot:
    try:
        async with asyncio.timeout(WAIT_S):
            while not check(session.snapshot):
                await session.next_batch()
    except TimeoutError:
        raise AssertionError(f"waited {WAIT_S}s for {what}") from None
    return session.snapshot


@pytest.fixture
async def desk(sandbox_factory: Callable[..., SandboxServer]) -> AsyncIterator[Desk]:
    """`await desk(server, "agent1")`: signed in, profile loaded, station session started."""
    sessions: list[WebexSession] = []

    async def make(server: SandboxServer, login: str, **knobs: Any) -> WebexSession:
        session = WebexSession(server.base_url, request_timeout=5.0, **knobs)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        profile = await session.load_profile()
        await session.start_station_session(
            StationLogin(
                profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
            )
        )
        return session

    yield make
    for session in sessions:
        await session.close()


def offered(channel: Channel) -> Callable[[AgentSnapshot], Interaction | None]:
    def first(snapshot: AgentSnapshot) -> Interaction | None:
        return next(
            (i for i in snapshot.contacts if i.channel is channel and i.state.is_offer), None
        )

    return first


def code_named(session: WebexSession, name: str) -> WrapUpCode:
    assert session.profile is not None
    return next(c for c in session.profile.wrap_up_codes if c.name == name)


def state_of(session: WebexSession, interaction_id: str) -> ContactState | None:
    contact = session.snapshot.contact(interaction_id)
    return contact.state if contact else None


async def test_a_contact_from_offer_to_wrap_up_through_the_session(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk(server, "agent3")
    assert session.profile is not None
    assert {c.name for c in session.profile.wrap_up_codes} == {
        c.name for c in server.org.wrap_up_codes()
    }
    assert next(c for c in session.profile.wrap_up_codes if c.is_default).name == "Resolved"
    await session.set_available()
    snapshot = await until(session, offered(Channel.CHAT), "a chat offer")
    chat = offered(Channel.CHAT)(snapshot)
    assert chat is not None
    assert chat.customer.startswith("visitor-") and chat.queue == "Chat Queue"
    assert chat.started_at > 0 and chat.rings_out_at == 0  # rings until answered here
    # Idle from here (no new offers), and the call ringing on the phone given back, so that
    # this chat is the only contact a next state waits for.
    lunch = next(c for c in session.profile.idle_codes if c.name == "Lunch")
    await session.set_idle(lunch)
    for ringing in [i for i in session.snapshot.contacts if i.state is ContactState.RINGING]:
        await session.end_contact(ringing.id)
        assert session.snapshot.contact(ringing.id) is None

    await session.accept_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.CONNECTED
    assert session.snapshot.handling_contacts
    await session.hold_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.HELD
    await session.resume_contact(chat.id)
    assert state_of(session, chat.id) is ContactState.CONNECTED

    session.publish(NextStateRequested(NextState(Availability.AVAILABLE)))
    await until(session, lambda s: s.next_state_pending is not None, "the next state pending")

    await session.end_contact(chat.id)
    contact = session.snapshot.contact(chat.id)
    assert contact is not None and contact.state is ContactState.WRAP_UP
    assert contact.customer == chat.customer  # the details stay through every step

    await session.wrap_up_contact(chat.id, code_named(session, "Sale"))
    assert session.snapshot.contact(chat.id) is None
    assert any("wrapped up (Sale)" in line.text for line in session.snapshot.log)
    assert session.snapshot.next_state_due == NextState(Availability.AVAILABLE)
    await session.set_available()
    assert session.snapshot.next_state is None
    assert session.snapshot.availability is Availability.AVAILABLE


async def test_refusals_become_the_desktops_errors(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk(server, "agent4")
    await session.set_available()
    chat = offered(Channel.CHAT)(await until(session, offered(Channel.CHAT), "a chat offer"))
    assert chat is not None

    with pytest.raises(e.ContactNotReady):
        await session.hold_contact(chat.id)
    with pytest.raises(e.ContactNotReady):
        await session.wrap_up_contact(chat.id, code_named(session, "Resolved"))
    with pytest.raises(e.NoSuchContact):
        await session.accept_contact("0f0f0f0f-0000-4000-8000-000000000000")
    with pytest.raises(e.PlatformRefused):
        await session.decline_contact(chat.id)
    assert not session.capabilities.decline_offer
    assert state_of(session, chat.id) is ContactState.OFFERED

    await session.accept_contact(chat.id)
    await session.end_contact(chat.id)
    with pytest.raises(e.InvalidWrapUpCode):
        await session.wrap_up_contact(chat.id, WrapUpCode("no-such-code", "Nothing"))
    assert state_of(session, chat.id) is ContactState.WRAP_UP


async def test_cancelling_an_offer_ends_it_with_no_wrap_up(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk(server, "agent5")
    await session.set_available()
    email = offered(Channel.EMAIL)(await until(session, offered(Channel.EMAIL), "an email"))
    assert email is not None
    await session.end_contact(email.id)
    assert session.snapshot.contact(email.id) is None


async def test_rona_takes_the_offer_away_and_puts_the_agent_in_rona(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**(OFFERS | dict(ring_for_s=1.0)))
    session = await desk(server, "agent6")
    await session.set_available()
    chat = offered(Channel.CHAT)(await until(session, offered(Channel.CHAT), "a chat offer"))
    assert chat is not None and chat.rings_out_at > chat.started_at
    snapshot = await until(
        session, lambda s: s.rona and s.contact(chat.id) is None, "RONA and the offer gone"
    )
    assert snapshot.availability is Availability.SYSTEM
    assert snapshot.idle_code is not None and snapshot.idle_code.name == "RONA"
    await session.set_available()
    assert not session.snapshot.rona


async def test_a_call_rings_on_the_agents_phone(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    session = await desk(server, "agent7")
    await session.set_available()
    snapshot = await until(
        session,
        lambda s: any(i.state is ContactState.RINGING for i in s.contacts),
        "a call ringing on the phone",
    )
    call = next(i for i in snapshot.contacts if i.state is ContactState.RINGING)
    assert call.channel is Channel.TELEPHONY


async def test_the_customer_hanging_up_leaves_the_contact_in_wrap_up(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    knobs = dict(auto_answer=("chat",), answer_after_s=(0.0, 0.0), handle_for_s=(0.3, 0.3))
    server = sandbox_factory(**(OFFERS | knobs))
    session = await desk(server, "agent8")
    await session.set_available()
    snapshot = await until(
        session,
        lambda s: any(
            i.channel is Channel.CHAT and i.state is ContactState.WRAP_UP for i in s.contacts
        ),
        "a chat the customer ended",
    )
    chat = next(
        i
        for i in snapshot.contacts
        if i.channel is Channel.CHAT and i.state is ContactState.WRAP_UP
    )
    await session.wrap_up_contact(chat.id, code_named(session, "Resolved"))
    assert session.snapshot.contact(chat.id) is None


async def test_a_join_restores_each_open_contact_with_its_state(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(**OFFERS)
    first = await desk(server, "agent9", allow_multi_login=True)
    await first.set_available()
    snapshot = await until(
        first,
        lambda s: sum(1 for i in s.contacts if i.channel is Channel.CHAT) >= 2,
        "two chat offers",
    )
    held, wrapping = [i for i in snapshot.contacts if i.channel is Channel.CHAT][:2]
    for chat in (held, wrapping):
        await first.accept_contact(chat.id)
    await first.hold_contact(held.id)
    await first.end_contact(wrapping.id)

    second = WebexSession(server.base_url, request_timeout=5.0, allow_multi_login=True)
    try:
        await second.sign_in(PasswordSignIn("agent9", "agent9"))
        await second.load_profile()
        await second.join_session()
        restored = await until(
            second,
            lambda s: (
                state_of(second, held.id) is ContactState.HELD
                and state_of(second, wrapping.id) is ContactState.WRAP_UP
            ),
            "both contacts restored with their states",
        )
        for chat in (held, wrapping):
            contact = restored.contact(chat.id)
            assert contact is not None
            assert (contact.customer, contact.queue) == (chat.customer, chat.queue)
        await second.resume_contact(held.id)  # the restored contact can be worked on
        assert state_of(second, held.id) is ContactState.CONNECTED
    finally:
        await second.close()


async def test_the_board_shows_an_agents_open_contacts_and_rona(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    knobs = dict(auto_answer=("chat",), answer_after_s=(0.0, 0.0), ring_for_s=1.0)
    server = sandbox_factory(**(OFFERS | knobs))
    agent = await desk(server, "agent2")
    await agent.set_available()
    snapshot = await until(
        agent,
        lambda s: s.rona and sum(1 for i in s.contacts if i.channel is Channel.CHAT) == 3,
        "three chats taken and the other offers rung out",
    )
    chats = [i for i in snapshot.contacts if i.channel is Channel.CHAT]
    assert all(i.state is ContactState.CONNECTED for i in chats)
    await agent.end_contact(chats[0].id)

    boss = WebexSession(server.base_url, request_timeout=5.0)
    try:
        await boss.sign_in(PasswordSignIn("super1", "super1"))
        await boss.load_profile()
        row = next(r for r in await boss.team_agents() if r.agent_id == snapshot.agent_id)
        assert row.rona and row.availability is Availability.SYSTEM
        assert row.open_contacts == 3  # two connected, one in wrap-up
        assert row.channel_load[Channel.CHAT] == (3, 3)
        assert row.wrap_up_contacts == 0  # the buddy list does not say (see team_agent_of)
    finally:
        await boss.close()
