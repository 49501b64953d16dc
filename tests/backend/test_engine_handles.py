"""The engine's session handles and joins, in-process (a real SQLite store, a controlled clock):
the join rules, cursors and their replacement, restarts, and the rules polling protocols use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backend.test_engine import Clock, code, make_engine, start, uid
from tui.sandbox.engine.core import ENDED_HANDLES_KEPT_MS, Rejected
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.handles import HANDLES_KEPT_PER_CHAIN
from tui.sandbox.engine.model import Availability, Device, EventKind, Refusal
from tui.sandbox.engine.org import Org, load_org
from tui.sandbox.engine.store import Store


@pytest.fixture
def org() -> Org:
    return load_org()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stores() -> list[Store]:
    opened: list[Store] = []
    yield opened  # type: ignore[misc]
    for store in opened:
        store.close()


@pytest.fixture
def engine(org: Org, tmp_path: Path, stores: list[Store], clock: Clock) -> Engine:
    return make_engine(org, tmp_path, stores, clock)


def test_joining_ones_own_session_records_who_joined(engine: Engine, org: Org) -> None:
    agent = start(engine, "agent5")
    handle = engine.join_session(agent)
    session = engine.session_of(agent)
    assert session is not None
    assert (handle.agent_id, handle.holder_id, handle.session_id) == (
        agent,
        agent,
        session.session_id,
    )
    assert handle.after_seq is None and not handle.replaced and not handle.impersonating
    assert engine.handle(handle.handle_id) == handle
    assert engine.session_of_handle(handle) == session


def test_join_refusals(engine: Engine, org: Org) -> None:
    agent5 = uid(org, "agent5")
    super1, super2 = uid(org, "super1"), uid(org, "super2")

    def refusal(holder: str, **kw: str) -> Refusal:
        with pytest.raises(Rejected) as refused:
            engine.join_session(holder, **kw)
        return refused.value.refusal

    assert refusal(agent5) is Refusal.NO_SUCH_SESSION
    start(engine, "agent5")
    start(engine, "agent7")
    assert refusal(super2, agent_id=agent5) is Refusal.IMPERSONATION_NOT_ALLOWED
    assert refusal(super2, agent_id="nobody") is Refusal.IMPERSONATION_NOT_ALLOWED
    assert refusal(super1, agent_id="nobody") is Refusal.AGENT_NOT_FOUND
    assert refusal(super1, agent_id=uid(org, "agent7")) is Refusal.IMPERSONATION_NOT_ALLOWED
    assert refusal(uid(org, "agent4"), agent_id=agent5) is Refusal.IMPERSONATION_NOT_ALLOWED
    assert refusal(agent5, session_ref="made-up") is Refusal.NO_SUCH_SESSION

    acting = engine.join_session(super1, agent_id=agent5)
    assert acting.impersonating and acting.agent_id == agent5 and acting.holder_id == super1
    session = engine.session_of(agent5)
    assert session is not None
    by_ref = engine.join_session(super1, session_ref=session.session_id)
    assert by_ref.agent_id == agent5


def test_events_past_the_cursor_and_replacement(engine: Engine, org: Org, clock: Clock) -> None:
    agent = start(engine, "agent5")
    handle = engine.join_session(agent)
    assert engine.session_events(handle) == []  # not given the session yet
    primed = engine.replace_handle(handle, engine.last_seq())
    old = engine.handle(handle.handle_id)
    assert old is not None and old.replaced and primed.after_seq == engine.last_seq()
    assert primed.chain_id == handle.chain_id

    clock.now += 1000
    engine.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Lunch"))
    engine.change_state(agent, availability=Availability.IDLE, idle_code_id="nope")  # refused
    engine.change_state(agent, availability=Availability.AVAILABLE)
    found = engine.session_events(primed)
    assert [e.kind for e in found] == [EventKind.STATE_CHANGED, EventKind.STATE_CHANGED]
    assert found[0].session is not None and found[0].session.availability is Availability.IDLE
    assert found[0].seq < found[1].seq

    after = engine.replace_handle(primed, found[-1].seq)
    assert engine.session_events(after) == []
    engine.end_session(agent)
    assert engine.session_of_handle(after) is None
    start(engine, "agent5")  # a new session of the same agent is not the old handle's
    engine.change_state(agent, availability=Availability.AVAILABLE)
    assert [e.kind for e in engine.session_events(after)] == [EventKind.SESSION_ENDED]


def test_only_the_newest_replaced_handles_are_kept(engine: Engine) -> None:
    agent = start(engine, "agent5")
    chain = [engine.join_session(agent)]
    for _ in range(HANDLES_KEPT_PER_CHAIN + 5):
        chain.append(engine.replace_handle(chain[-1], engine.last_seq()))
    remembered = [h for h in chain if engine.handle(h.handle_id) is not None]
    assert remembered == chain[-(HANDLES_KEPT_PER_CHAIN + 1) :]


def test_handles_outlive_a_restart_until_their_session_is_long_over(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent = start(engine, "agent5")
    handle = engine.replace_handle(engine.join_session(agent), engine.last_seq())
    engine.change_state(agent, availability=Availability.AVAILABLE)

    again = make_engine(org, tmp_path, stores, clock)
    assert again.handle(handle.handle_id) == handle
    assert [e.kind for e in again.session_events(handle)] == [EventKind.STATE_CHANGED]

    again.end_session(agent)
    clock.now += ENDED_HANDLES_KEPT_MS - 1
    assert make_engine(org, tmp_path, stores, clock).handle(handle.handle_id) is not None
    clock.now += 2
    assert make_engine(org, tmp_path, stores, clock).handle(handle.handle_id) is None


def test_a_session_may_start_unavailable_on_the_default_code(engine: Engine, org: Org) -> None:
    user = org.user_by_login("agent5")
    assert user is not None
    event = engine.start_session(
        user.id,
        dial_number=user.extension,
        device=Device.EXTENSION,
        team_id=user.teamIds[0],
        available=False,
    )
    assert event.session is not None
    assert event.session.availability is Availability.IDLE
    assert event.session.idle_code_id == code(org, "Break")


def test_wrap_up_codes_need_permission_and_an_assigned_contact(engine: Engine, org: Org) -> None:
    agent = start(engine, "agent5")
    resolved = code(org, "Resolved")

    def state(allow: bool) -> tuple[EventKind, Refusal | None]:
        event = engine.change_state(
            agent, availability=Availability.IDLE, idle_code_id=resolved, allow_wrap_up=allow
        )
        return event.kind, event.refusal

    assert state(False) == (EventKind.STATE_CHANGE_REFUSED, Refusal.UNKNOWN_IDLE_CODE)
    assert state(True) == (EventKind.STATE_CHANGE_REFUSED, Refusal.NO_ACTIVE_CONTACT)
    offered = engine.offer_contact(agent, "chat")
    assert offered is not None and offered.contact is not None
    assert state(True) == (EventKind.STATE_CHANGE_REFUSED, Refusal.NO_ACTIVE_CONTACT)
    engine.assign_contact(offered.contact.contact_id)
    assert state(True) == (EventKind.STATE_CHANGED, None)
    session = engine.session_of(agent)
    assert session is not None and session.idle_code_id == resolved


def test_a_handle_reads_every_step_of_its_sessions_contacts(engine: Engine, org: Org) -> None:
    """A polling client learns each contact step (CXone turns them into contact events)."""
    agent = start(engine, "agent5")
    handle = engine.join_session(agent)
    handle = engine.replace_handle(handle, engine.last_seq())
    offered = engine.offer_contact(agent, "chat")
    assert offered is not None and offered.contact is not None
    contact_id = offered.contact.contact_id
    engine.accept_contact(agent, contact_id)
    engine.hold_contact(agent, contact_id)
    engine.resume_contact(agent, contact_id)
    engine.end_by_agent(agent, contact_id)
    engine.wrap_up_contact(agent, contact_id, code(org, "Sale"))
    second = engine.offer_contact(agent, "email")
    assert second is not None and second.contact is not None
    engine.decline_contact(agent, second.contact.contact_id)
    kinds = [event.kind for event in engine.session_events(handle)]
    assert kinds == [
        EventKind.CONTACT_OFFERED,
        EventKind.CONTACT_ASSIGNED,
        EventKind.CONTACT_HELD,
        EventKind.CONTACT_RESUMED,
        EventKind.CONTACT_WRAP_UP,
        EventKind.CONTACT_WRAPPED_UP,
        EventKind.CONTACT_OFFERED,
        EventKind.CONTACT_DECLINED,
    ]
