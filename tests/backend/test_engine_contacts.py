"""A contact's life in the engine, in-process: a real SQLite store and a controlled clock.

Offer -> accept -> hold -> resume -> end -> wrap up; RONA and the queue; a phone answering;
the platform's wrap-up limit; and every request on a contact that is not the agent's, or not
in a state that allows it, refused with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backend.test_engine import Clock, code, make_engine, start
from tui.sandbox.config import SandboxConfig
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.model import (
    Availability,
    ContactRules,
    ContactStatus,
    Device,
    EventKind,
    Refusal,
)
from tui.sandbox.engine.org import Org, load_org
from tui.sandbox.engine.store import Store
from tui.sandbox.engine.traffic import Traffic


@pytest.fixture
def org() -> Org:
    return load_org()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[list[Store]]:
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


@pytest.fixture
def engine(org: Org, tmp_path: Path, stores: list[Store], clock: Clock) -> Engine:
    return make_engine(org, tmp_path, stores, clock, contact_rules=ContactRules(ring_for_s=15))


def offer(engine: Engine, agent: str, channel: str = "chat") -> str:
    event = engine.offer_contact(agent, channel, origin="visitor-1", queue="Chat Queue")
    assert event is not None and event.contact is not None
    return event.contact.contact_id


def test_a_contact_from_offer_to_wrap_up(engine: Engine, org: Org, clock: Clock) -> None:
    agent = start(engine, "agent1")
    contact_id = offer(engine, agent)
    offered = engine.contact(contact_id)
    assert offered is not None and offered.status is ContactStatus.OFFERED
    assert offered.rings_out_ms == clock.now + 15_000
    assert offered.number > 0

    steps = [
        (lambda: engine.accept_contact(agent, contact_id), EventKind.CONTACT_ASSIGNED),
        (lambda: engine.hold_contact(agent, contact_id), EventKind.CONTACT_HELD),
        (lambda: engine.resume_contact(agent, contact_id), EventKind.CONTACT_RESUMED),
        (lambda: engine.end_by_agent(agent, contact_id), EventKind.CONTACT_WRAP_UP),
    ]
    statuses = []
    for act, kind in steps:
        clock.now += 1000
        event = act()
        assert event.kind is kind and event.contact is not None
        assert event.contact.state_changed_ms == clock.now
        statuses.append(event.contact.status)
    assert statuses == [
        ContactStatus.ASSIGNED,
        ContactStatus.HELD,
        ContactStatus.ASSIGNED,
        ContactStatus.WRAP_UP,
    ]
    assert engine.contact(contact_id).ended_by == "agent"  # type: ignore[union-attr]
    assert engine.session_of(agent).interaction_ids == [contact_id]  # type: ignore[union-attr]

    done = engine.wrap_up_contact(agent, contact_id, code(org, "Sale"))
    assert done.kind is EventKind.CONTACT_WRAPPED_UP
    assert done.contact is not None and done.contact.wrap_up_code_id == code(org, "Sale")
    assert engine.contact(contact_id) is None
    assert engine.room_on(agent, "chat") == org.capacity("chat")


def test_requests_on_someone_elses_contact_are_refused(engine: Engine) -> None:
    mine = start(engine, "agent1")
    other = start(engine, "agent2")
    contact_id = offer(engine, mine)
    for act in (
        engine.accept_contact,
        engine.decline_contact,
        engine.hold_contact,
        engine.resume_contact,
        engine.end_by_agent,
    ):
        with pytest.raises(Rejected) as refused:
            act(other, contact_id)
        assert refused.value.refusal is Refusal.NO_SUCH_CONTACT
    assert engine.contact(contact_id).status is ContactStatus.OFFERED  # type: ignore[union-attr]


def test_requests_in_the_wrong_state_say_so(engine: Engine, org: Org) -> None:
    agent = start(engine, "agent1")
    contact_id = offer(engine, agent)
    for act in (engine.hold_contact, engine.resume_contact, engine.end_by_agent):
        with pytest.raises(Rejected) as refused:
            act(agent, contact_id)
        assert refused.value.refusal is Refusal.CONTACT_WRONG_STATE
        assert "still offered" in refused.value.message
    with pytest.raises(Rejected):
        engine.wrap_up_contact(agent, contact_id, code(org, "Sale"))
    engine.accept_contact(agent, contact_id)
    with pytest.raises(Rejected) as refused:
        engine.accept_contact(agent, contact_id)
    assert refused.value.refusal is Refusal.CONTACT_WRONG_STATE
    engine.end_by_agent(agent, contact_id)
    for bad in ("nope", code(org, "Lunch")):  # not a code; an idle code is no wrap-up code
        with pytest.raises(Rejected) as refused:
            engine.wrap_up_contact(agent, contact_id, bad)
        assert refused.value.refusal is Refusal.UNKNOWN_WRAP_UP_CODE


def test_a_call_rings_the_agents_own_phone_and_is_answered_there(engine: Engine) -> None:
    agent = start(engine, "agent1")  # signed in with a dial number
    contact_id = offer(engine, agent, "telephony")
    assert engine.contact(contact_id).status is ContactStatus.RINGING  # type: ignore[union-attr]
    with pytest.raises(Rejected):  # answered on the phone, not on the desktop
        engine.accept_contact(agent, contact_id)
    event = engine.assign_contact(contact_id)
    assert event is not None and event.contact is not None
    assert event.contact.status is ContactStatus.ASSIGNED and event.actor_id is None


def test_a_browser_call_is_accepted_on_the_desktop(engine: Engine, org: Org) -> None:
    user = org.user_by_login("agent9")  # the Browser Agent profile
    assert user is not None
    started = engine.start_session(
        user.id, dial_number="", device=Device.BROWSER, team_id=user.teamIds[0]
    )
    assert started.kind is EventKind.SESSION_STARTED, started
    contact_id = offer(engine, user.id, "telephony")
    assert engine.contact(contact_id).status is ContactStatus.OFFERED  # type: ignore[union-attr]
    assert engine.accept_contact(user.id, contact_id).kind is EventKind.CONTACT_ASSIGNED


def test_rona_requeues_the_contact_and_puts_the_agent_in_rona(
    engine: Engine, org: Org, clock: Clock
) -> None:
    first = start(engine, "agent1")
    second = start(engine, "agent2")
    engine.change_state(second, availability=Availability.IDLE, idle_code_id=code(org, "Lunch"))
    contact_id = offer(engine, first)
    inbox = engine._hub.open(first)
    clock.now += 15_000
    traffic = Traffic(engine, SandboxConfig(traffic=False, seed=1))
    traffic.step()
    kinds = []
    while not inbox._queue.empty():
        kinds.append(inbox._queue.get_nowait().kind)
    assert kinds[:2] == [EventKind.CONTACT_NOT_ANSWERED, EventKind.STATE_CHANGED]
    session = engine.session_of(first)
    assert session is not None and session.contacts == ()
    assert session.availability is Availability.IDLE
    assert session.idle_code_id == code(org, "RONA")
    assert [c.contact_id for c in engine.waiting()] == [contact_id]

    traffic.step()  # nobody Available: it waits
    assert engine.contact(contact_id) is None
    engine.change_state(second, availability=Availability.AVAILABLE)
    engine.change_state(first, availability=Availability.AVAILABLE)
    traffic.step()  # offered again, to the other agent only
    again = engine.contact(contact_id)
    assert again is not None and again.agent_id == second
    assert again.offered_to == (first,)
    assert engine.waiting() == []


def test_a_declined_offer_goes_to_another_agent_and_the_state_stays(engine: Engine) -> None:
    first = start(engine, "agent1")
    second = start(engine, "agent2")
    contact_id = offer(engine, first)
    event = engine.decline_contact(first, contact_id)
    assert event.kind is EventKind.CONTACT_DECLINED
    assert engine.session_of(first).availability is Availability.AVAILABLE  # type: ignore[union-attr]
    Traffic(engine, SandboxConfig(traffic=False, seed=1)).step()
    assert engine.contact(contact_id).agent_id == second  # type: ignore[union-attr]


def test_the_customer_ends_and_the_platform_wraps_up_after_its_limit(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock, contact_rules=ContactRules(wrap_up_for_s=30))
    agent = start(engine, "agent1")
    contact_id = offer(engine, agent)
    engine.accept_contact(agent, contact_id)
    event = engine.customer_ends(contact_id)
    assert event is not None and event.kind is EventKind.CONTACT_WRAP_UP
    assert event.contact is not None and event.contact.ended_by == "customer"
    assert event.contact.wrap_up_by_ms == clock.now + 30_000
    traffic = Traffic(engine, SandboxConfig(traffic=False, seed=1))
    clock.now += 29_000
    traffic.step()
    assert engine.contact(contact_id) is not None
    clock.now += 1_000
    traffic.step()
    assert engine.contact(contact_id) is None


def test_offers_connect_by_themselves_on_auto_answer_channels_and_phones(
    engine: Engine, clock: Clock
) -> None:
    agent = start(engine, "agent1")
    chat = offer(engine, agent, "chat")
    email = offer(engine, agent, "email")
    call = offer(engine, agent, "telephony")
    config = SandboxConfig(traffic=False, seed=1, auto_answer=("chat",), answer_after_s=(0, 0))
    traffic = Traffic(engine, config)
    traffic.step()  # scheduled
    traffic.step()  # due
    status = {cid: engine.contact(cid).status for cid in (chat, email, call)}  # type: ignore[union-attr]
    assert status == {
        chat: ContactStatus.ASSIGNED,
        email: ContactStatus.OFFERED,
        call: ContactStatus.ASSIGNED,
    }


def test_with_no_answer_a_call_on_the_phone_rings_out(engine: Engine, clock: Clock) -> None:
    agent = start(engine, "agent1")
    call = offer(engine, agent, "telephony")
    traffic = Traffic(engine, SandboxConfig(traffic=False, seed=1, phone_answers=False))
    for _ in range(5):
        traffic.step()
    assert engine.contact(call).status is ContactStatus.RINGING  # type: ignore[union-attr]
    clock.now += 15_000
    traffic.step()
    assert engine.contact(call) is None and engine.waiting()


def test_open_contacts_survive_a_restart(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    first = make_engine(org, tmp_path, stores, clock)
    agent = start(first, "agent1")
    contact_id = offer(first, agent)
    first.accept_contact(agent, contact_id)
    first.hold_contact(agent, contact_id)
    before = first.contact(contact_id)
    stores[0].close()
    stores.clear()
    second = make_engine(org, tmp_path, stores, clock)
    assert second.contact(contact_id) == before
    assert second.resume_contact(agent, contact_id).kind is EventKind.CONTACT_RESUMED
    number = offer(second, agent, "email")
    assert second.contact(number).number > before.number  # type: ignore[union-attr]


def test_contacts_are_found_by_id_among_many_agents_until_wrapped_up(
    engine: Engine, org: Org
) -> None:
    """The engine finds a contact through its index by owner, not a scan: the index follows
    a contact from agent to agent and forgets it once it is wrapped up."""
    agents = [start(engine, f"agent{n}") for n in range(1, 6)]
    ids = {agent: offer(engine, agent) for agent in agents}
    for agent, contact_id in ids.items():
        found = engine.contact(contact_id)
        assert found is not None and found.agent_id == agent
    first, second = agents[0], agents[1]
    engine.decline_contact(first, ids[first])
    assert engine.contact(ids[first]) is None  # waiting in its queue, on no one's session
    engine.accept_contact(second, ids[second])
    engine.end_by_agent(second, ids[second])
    engine.wrap_up_contact(second, ids[second], code(org, "Sale"))
    assert engine.contact(ids[second]) is None
    with pytest.raises(Rejected):
        engine.accept_contact(second, ids[second])
    Traffic(engine, SandboxConfig(traffic=False, seed=1)).step()
    moved = engine.contact(ids[first])
    assert moved is not None and moved.agent_id != first
    assert moved in engine.session_of(moved.agent_id).contacts  # type: ignore[union-attr]
