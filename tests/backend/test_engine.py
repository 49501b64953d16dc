"""The engine, store and traffic simulator in-process (a real SQLite store, a controlled clock)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from tui.sandbox.config import SandboxConfig
from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.hub import Hub
from tui.sandbox.engine.model import Availability, Device, EventKind, Refusal
from tui.sandbox.engine.org import Org, load_org
from tui.sandbox.engine.store import Store
from tui.sandbox.engine.traffic import Traffic


def _plain(value: Any) -> Any:
    """json.dumps' default for what asdict leaves: enums as their values."""
    if isinstance(value, Enum):
        return value.value
    raise TypeError(type(value).__name__)


class Clock:
    def __init__(self, start: int = 1_700_000_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


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


def make_engine(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock, name: str = "db", **kw: float
) -> Engine:
    store = Store(tmp_path / name)
    stores.append(store)
    return Engine(org, store, Hub(), clock=clock, **kw)


def uid(org: Org, login: str) -> str:
    user = org.user_by_login(login)
    assert user is not None
    return user.id


def code(org: Org, name: str) -> str:
    return next(c.id for c in org.auxiliaryCodes if c.name == name)


def start(engine: Engine, login: str) -> str:
    org = engine.org
    user = org.user_by_login(login)
    assert user is not None
    event = engine.start_session(
        user.id,
        dial_number=user.defaultDialNumber,
        device=Device.DIAL_NUMBER,
        team_id=user.teamIds[0],
    )
    assert event.kind is EventKind.SESSION_STARTED, event
    return user.id


def test_timestamps_follow_the_documented_rules(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent = start(engine, "agent3")
    t0 = clock.now
    session = engine.session_of(agent)
    assert session and session.state_changed_ms == session.idle_code_changed_ms == t0

    clock.now += 1000  # Available -> Idle(Lunch): both
    engine.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Lunch"))
    s = engine.session_of(agent)
    assert s and (s.state_changed_ms, s.idle_code_changed_ms) == (t0 + 1000, t0 + 1000)

    clock.now += 1000  # Idle(Lunch) -> Idle(Break): only the idle code's
    engine.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Break"))
    s = engine.session_of(agent)
    assert s and (s.state_changed_ms, s.idle_code_changed_ms) == (t0 + 1000, t0 + 2000)

    clock.now += 1000  # Idle(Break) -> Idle(Break): nothing
    engine.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Break"))
    s = engine.session_of(agent)
    assert s and (s.state_changed_ms, s.idle_code_changed_ms) == (t0 + 1000, t0 + 2000)

    clock.now += 1000  # -> Available: both
    engine.change_state(agent, availability=Availability.AVAILABLE)
    s = engine.session_of(agent)
    assert s and (s.state_changed_ms, s.idle_code_changed_ms) == (t0 + 4000, t0 + 4000)
    assert s.idle_code_id is None


def test_refusals_are_events_and_change_nothing(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent = start(engine, "agent3")
    before = engine.session_of(agent)
    event = engine.change_state(
        agent, availability=Availability.IDLE, idle_code_id=code(org, "RONA")
    )
    assert (event.kind, event.refusal) == (
        EventKind.STATE_CHANGE_REFUSED,
        Refusal.IDLE_CODE_NOT_SELECTABLE,
    )
    assert engine.session_of(agent) == before


def test_supervisor_permissions(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent3, agent7 = start(engine, "agent3"), start(engine, "agent7")
    super1, super2 = uid(org, "super1"), uid(org, "super2")
    event = engine.change_state(
        super1, availability=Availability.IDLE, idle_code_id=code(org, "Coaching"), agent_id=agent3
    )
    assert event.kind is EventKind.STATE_CHANGED and event.actor_id == super1
    assert set(event.audience) == {agent3, super1}
    for actor, target in ((super1, agent7), (super2, agent3), (uid(org, "agent1"), agent3)):
        with pytest.raises(Rejected) as refused:
            engine.change_state(actor, availability=Availability.AVAILABLE, agent_id=target)
        assert refused.value.refusal is Refusal.NOT_PERMITTED


def test_tokens_expire_and_are_stored_only_as_hashes(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock, token_lifetime_s=60)
    grant = engine.sign_in("agent3", "agent3")
    assert engine.identify(grant.token).login == "agent3"
    clock.now += 59_999
    assert engine.identify(grant.token).login == "agent3"
    clock.now += 1
    with pytest.raises(NotAuthenticated):
        engine.identify(grant.token)
    with pytest.raises(NotAuthenticated):
        engine.sign_in("agent3", "agent4")
    raw = (tmp_path / "db" / "sandbox.sqlite3").read_bytes()
    raw += (tmp_path / "db" / "sandbox.sqlite3-wal").read_bytes()
    assert grant.token.encode() not in raw


def test_the_store_is_wal_and_the_log_is_in_order(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    events = [engine.attach(uid(org, "agent1"))]
    agent = start(engine, "agent1")
    events.append(
        engine.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Lunch"))
    )
    events.append(engine.end_session(agent, reason="bye"))
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    with sqlite3.connect(tmp_path / "db" / "sandbox.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        kinds = [row[0] for row in db.execute("SELECT kind FROM events ORDER BY seq")]
    assert kinds == [
        "session_attach_refused",
        "session_started",
        "state_changed",
        "session_ended",
    ]


def test_sessions_survive_a_new_engine_on_the_same_store(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    first = make_engine(org, tmp_path, stores, clock)
    agent = start(first, "agent5")
    first.change_state(agent, availability=Availability.IDLE, idle_code_id=code(org, "Meeting"))
    before = first.session_of(agent)
    stores[0].close()
    stores.clear()
    second = make_engine(org, tmp_path, stores, clock)
    assert second.session_of(agent) == before
    event = second.attach(agent)
    assert event.kind is EventKind.SESSION_ATTACHED and event.session == before


def test_a_dial_number_stays_taken_across_a_restart_and_frees_at_logout(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    first = make_engine(org, tmp_path, stores, clock)
    holder = start(first, "agent5")
    number = first.session_of(holder).dial_number  # type: ignore[union-attr]
    stores[0].close()
    stores.clear()
    engine = make_engine(org, tmp_path, stores, clock)
    other = uid(org, "agent6")
    team = org.user(other).teamIds[0]  # type: ignore[union-attr]

    def sign_in() -> EventKind:
        return engine.start_session(
            other, dial_number=number, device=Device.DIAL_NUMBER, team_id=team
        ).kind

    assert sign_in() is EventKind.SESSION_START_REFUSED  # still agent5's, after the restart
    engine.end_session(holder)
    assert sign_in() is EventKind.SESSION_STARTED


def run_traffic(org: Org, tmp_path: Path, stores: list[Store], seed: int, name: str) -> list[tuple]:
    clock = Clock()
    engine = make_engine(org, tmp_path, stores, clock, name=name)
    config = SandboxConfig(
        seed=seed, traffic_tick_s=1.0, offer_chance=0.3, answer_after_s=(1, 3), handle_for_s=(2, 8)
    )
    traffic = Traffic(engine, config)
    agents = [start(engine, login) for login in ("agent1", "agent2", "agent4")]
    engine.change_state(agents[1], availability=Availability.IDLE, idle_code_id=code(org, "Lunch"))
    seen: list[tuple] = []
    for _ in range(60):
        clock.now += 1000
        traffic.step()
        for session in engine.sessions():
            for channel in org.channel_types:
                held = session.held_on(channel)
                assert held <= org.capacity(channel)
            if session.agent_id == agents[1]:
                assert session.contacts == (), "an Idle agent is offered nothing"
            seen.append(
                tuple(sorted((c.contact_id, c.channel, c.status.value) for c in session.contacts))
            )
    return seen


def test_traffic_is_deterministic_with_a_seed(
    org: Org, tmp_path: Path, stores: list[Store]
) -> None:
    one = run_traffic(org, tmp_path, stores, seed=42, name="one")
    two = run_traffic(org, tmp_path, stores, seed=42, name="two")
    other = run_traffic(org, tmp_path, stores, seed=43, name="three")
    assert one == two
    assert one != other
    assert any(one), "some contacts were offered"


def test_logout_ends_contacts(org: Org, tmp_path: Path, stores: list[Store], clock: Clock) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent = start(engine, "agent1")
    offered = engine.offer_contact(agent, "chat")
    assert offered is not None and offered.contact is not None
    engine.assign_contact(offered.contact.contact_id)
    assert engine.session_of(agent).interaction_ids == [offered.contact.contact_id]  # type: ignore[union-attr]
    engine.end_session(agent)
    assert engine.session_of(agent) is None
    assert engine.offer_contact(agent, "chat") is None


def test_a_roster_is_logged_without_its_rows(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    start(engine, "agent3")
    start(engine, "agent7")
    super1 = uid(org, "super1")
    event = engine.roster(super1, correlation_id="look-1")
    assert event.kind is EventKind.ROSTER and len(event.roster) >= 1  # the answer has them
    logged = stores[-1].events(after_seq=event.seq - 1, limit=1)[0]
    assert logged["kind"] == "roster" and logged["correlation_id"] == "look-1"
    assert logged["payload"]["roster"] == []  # the log keeps that it was sent, not the rows


def test_a_roster_reuses_the_entries_of_agents_who_did_not_change(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent3, agent5 = start(engine, "agent3"), start(engine, "agent5")  # both super1's
    super1 = uid(org, "super1")
    first = {e.agent_id: e for e in engine.roster(super1).roster}
    clock.now += 1_000
    lunch = code(org, "Lunch")
    engine.change_state(agent5, availability=Availability.IDLE, idle_code_id=lunch)
    second = {e.agent_id: e for e in engine.roster(super1).roster}
    assert second[agent3] is first[agent3]  # the same session: the very same entry
    assert second[agent5] is not first[agent5]
    assert (second[agent5].availability, second[agent5].idle_code_id) == (Availability.IDLE, lunch)
    assert first[agent5].idle_code_id != lunch
    assert second[agent5].state_changed_ms == first[agent5].state_changed_ms + 1_000


def test_events_are_logged_as_dataclasses_asdict_would_write_them(
    org: Org, tmp_path: Path, stores: list[Store], clock: Clock
) -> None:
    engine = make_engine(org, tmp_path, stores, clock)
    agent = start(engine, "agent1")
    event = engine.change_state(
        agent, availability=Availability.IDLE, idle_code_id=code(org, "Lunch")
    )
    logged = stores[-1].events(after_seq=event.seq - 1, limit=1)[0]["payload"]
    expected = json.loads(json.dumps(dataclasses.asdict(replace(event, seq=0)), default=_plain))
    assert logged == expected
