"""CXone contact events -> desktop contact events, the whole picture's contact states, the
contact errors and the board's contact counts. Pure functions only."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tui.backends.cxone import wire
from tui.backends.cxone.contact_mapping import contact_event
from tui.backends.cxone.mapping import Action, MappingContext, error_for, fold, state_key
from tui.backends.cxone.profile import build_profile, team_agent_of
from tui.domain import (
    AgentSnapshot,
    Availability,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactHeld,
    ContactNotAnswered,
    ContactOffered,
    ContactRestored,
    ContactResumed,
    ContactState,
    ContactWrappedUp,
    FrameIgnored,
    SessionSynced,
    SyncReason,
    apply,
)
from tui.domain import errors as e

T = "2026-11-22T03:04:05.678Z"
T_MS = wire.parse_utc_iso(T)
START = {"Type": "AgentSessionStart", "SessionId": "s", "AgentId": "a5", "TeamId": "t1"}
STATE = {"Type": "AgentState", "CurrentState": "Available", "StartTimeUTC": T}
CTX = MappingContext(agent_id="a5")


def chat(status: str, **fields: Any) -> dict[str, Any]:
    return {
        "Type": "ChatContactEvent",
        "ContactID": 700000001,
        "Status": status,
        "MediaType": "chat",
        "StartTimeUTC": T,
        "LastStateChangeTime": T,
        "FromAddress": "visitor-1",
        "Skill": 4100002,
        "SkillName": "Chat Queue",
        **fields,
    }


def one(raw: dict[str, Any], was: ContactState | None = None) -> object:
    """One event about contact 700000001, which the desktop knew to be `was` (or not at all)."""
    event = wire.parse_event(raw)
    assert isinstance(event, wire.ContactEvent)
    return contact_event(event, {"700000001": was} if was else {})


def test_each_status_maps_against_where_the_contact_was() -> None:
    offer = one(chat("Incoming", Timeout=15))
    assert isinstance(offer, ContactOffered)
    assert offer.interaction.id == "700000001" and offer.interaction.queue == "Chat Queue"
    assert offer.interaction.rings_out_at == T_MS + 15_000  # type: ignore[operator]
    assert isinstance(one(chat("Active"), was=ContactState.OFFERED), ContactAssigned)
    assert isinstance(one(chat("Active")), ContactAssigned)
    assert isinstance(one(chat("Active"), was=ContactState.HELD), ContactResumed)
    assert isinstance(one(chat("Holding"), was=ContactState.CONNECTED), ContactHeld)
    restored = one(chat("Holding"))
    assert isinstance(restored, ContactRestored)
    assert restored.interaction.state is ContactState.HELD
    ended = one(chat("Disconnected", FinalState="False"), was=ContactState.CONNECTED)
    assert isinstance(ended, ContactEnded) and ended.wrap_up and ended.at == T_MS
    done = one(chat("Disconnected", FinalState=True), was=ContactState.WRAP_UP)
    assert isinstance(done, ContactWrappedUp)
    gone = one(chat("Disconnected", FinalState=True, DisconnectCode="Rejected"))
    assert isinstance(gone, ContactEnded) and not gone.wrap_up
    rona = one(chat("Disconnected", FinalState=True, DisconnectCode="Refused"))
    assert isinstance(rona, ContactNotAnswered) and rona.channel is Channel.CHAT
    assert isinstance(one(chat("Masking")), FrameIgnored)


def test_one_answer_moves_the_contact_event_by_event() -> None:
    """Within an answer each event is read against where the previous one left the contact."""
    events = [
        chat("Incoming"),
        chat("Active"),
        chat("Holding"),
        chat("Active"),
        chat("Disconnected", FinalState=False),
        STATE | {"IsAcw": True},
        chat("Disconnected", FinalState=True),
    ]
    folded = fold(events, SyncReason.RESYNCED, CTX)
    kinds = [type(ev).__name__ for ev in folded.events]
    assert kinds == [
        "ContactOffered",
        "ContactAssigned",
        "ContactHeld",
        "ContactResumed",
        "ContactEnded",
        "AgentStateChanged",
        "ContactWrappedUp",
    ]
    snapshot = AgentSnapshot()
    for event in folded.events:
        snapshot = apply(snapshot, event, 0)
        if isinstance(event, ContactEnded):
            assert snapshot.contact("700000001").state is ContactState.WRAP_UP  # type: ignore[union-attr]
    assert snapshot.contact("700000001") is None


def test_the_known_states_carry_across_answers() -> None:
    ctx = MappingContext(agent_id="a5", contacts={"700000001": ContactState.HELD})
    (event,) = fold([chat("Active")], SyncReason.RESYNCED, ctx).events
    assert isinstance(event, ContactResumed)


def test_a_whole_picture_keeps_each_contact_in_its_state() -> None:
    picture = [
        START,
        STATE | {"IsAcw": True},
        chat("Incoming"),
        chat("Holding", ContactID=2),
        chat("Disconnected", ContactID=3, FinalState=False),
        chat("Disconnected", ContactID=4, FinalState=True),
        chat("Active", ContactID=5),
    ]
    (synced,) = fold(picture, SyncReason.JOINED, CTX).events
    assert isinstance(synced, SessionSynced)
    states = {i.id: i.state for i in synced.channels[Channel.CHAT]}
    assert states == {
        "700000001": ContactState.OFFERED,
        "2": ContactState.HELD,
        "3": ContactState.WRAP_UP,
        "5": ContactState.CONNECTED,
    }
    assert all(i.state_changed_at == T_MS for i in synced.channels[Channel.CHAT])


def test_contact_refusals_are_typed() -> None:
    def body(name: str) -> bytes:
        return wire.ErrorBody(error=name, message="no").model_dump_json().encode()

    assert isinstance(error_for(404, body("InvalidContactId"), Action.CONTACT), e.NoSuchContact)
    assert isinstance(error_for(404, b"", Action.CONTACT), e.NoSuchContact)
    assert isinstance(
        error_for(409, body("InvalidContactState"), Action.CONTACT), e.ContactNotReady
    )
    assert isinstance(
        error_for(400, body("InvalidDisposition"), Action.WRAP_UP), e.InvalidWrapUpCode
    )
    assert isinstance(error_for(400, body("InvalidRequest"), Action.WRAP_UP), e.InvalidWrapUpCode)
    assert isinstance(error_for(404, body("InvalidAgentSession"), Action.CONTACT), e.NoSuchSession)


def test_the_board_row_counts_contacts_and_names_rona() -> None:
    codes = [wire.UnavailableCode(outStateId="r", outStateName="RONA", isSystem=True)]
    profile = build_profile(wire.AgentRecord(agentId="s1"), codes)
    row = wire.AgentStateRow(
        agentId="a5",
        agentStateName="Unavailable",
        outStateDescription="RONA",
        contacts={"chat": 2, "email": 1},
        offeredContacts=1,
        acwContacts=1,
    )
    agent = team_agent_of(row, profile)
    assert (agent.open_contacts, agent.wrap_up_contacts, agent.rona) == (4, 1, True)
    plain = team_agent_of(wire.AgentStateRow(agentId="a6", agentStateName="Available"), profile)
    assert (plain.open_contacts, plain.wrap_up_contacts, plain.rona) == (0, 0, False)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "Type": st.sampled_from(["CallContactEvent", "DigitalContactEvent", "X"]),
                "ContactID": st.sampled_from([1, 2, "1", ""]) | json_values,
                "Status": st.sampled_from(["Incoming", "Active", "Holding", "Disconnected"])
                | json_values,
            },
            optional={
                "FinalState": st.sampled_from([True, False, "True", "False", ""]) | json_values,
                "DisconnectCode": st.sampled_from(["Refused", "Rejected"]) | json_values,
                "Timeout": json_values,
                "Skill": json_values,
                "LastStateChangeTime": json_values,
            },
        ),
        max_size=8,
    )
)
def test_random_contact_events_never_raise(events: list[dict[str, Any]]) -> None:
    """A picture with the first ones, then the rest one by one: nothing raises."""
    snapshot = AgentSnapshot()
    for answer in ([START, STATE, *events[:2]], events[2:]):
        for event in fold(answer, SyncReason.RESYNCED, CTX).events:
            snapshot = apply(snapshot, event, 0)


def test_a_call_that_needs_no_accept_rings_on_the_agents_phone() -> None:
    call = chat("Incoming", Type="CallContactEvent", MediaType="telephony", ANI="+14155550100")
    ringing = call | {"IsRequireManualAccept": False, "Timeout": 15}
    kinds = [type(ev).__name__ for ev in fold([ringing], SyncReason.RESYNCED, CTX).events]
    assert kinds == ["ContactOffered", "ContactRinging"]
    snapshot = AgentSnapshot()
    for event in fold([ringing], SyncReason.RESYNCED, CTX).events:
        snapshot = apply(snapshot, event, 0)
    found = snapshot.contact("700000001")
    assert found is not None and found.state is ContactState.RINGING
    (synced,) = fold([START, STATE, ringing], SyncReason.JOINED, CTX).events
    assert isinstance(synced, SessionSynced)
    (restored,) = synced.channels[Channel.TELEPHONY]
    assert restored.state is ContactState.RINGING and restored.rings_out_at == T_MS + 15_000  # type: ignore[operator]
    manual = call | {"IsRequireManualAccept": True}
    kinds = [type(ev).__name__ for ev in fold([manual], SyncReason.RESYNCED, CTX).events]
    assert kinds == ["ContactOffered"]


def test_the_agent_state_after_an_end_is_not_a_change_when_only_acw_moved() -> None:
    """A contact's end (and its last word) carries the agent's AgentState for IsAcw; when the
    state itself is what the desktop shows, it is no news (and no "Now Available" line)."""
    ctx = MappingContext(agent_id="a5", state=state_key(Availability.AVAILABLE, None, T_MS))
    same = STATE | {"IsAcw": True}
    events = fold([chat("Disconnected", FinalState=False), same], SyncReason.RESYNCED, ctx).events
    assert [type(ev).__name__ for ev in events] == ["ContactEnded"]
    moved = same | {"CurrentState": "Unavailable", "CurrentOutReason": "Lunch"}
    events = fold([chat("Disconnected", FinalState=True), moved], SyncReason.RESYNCED, ctx).events
    assert [type(ev).__name__ for ev in events] == ["ContactEnded", "AgentStateChanged"]
    alone = fold([same], SyncReason.RESYNCED, ctx).events  # not after an end: a change
    assert [type(ev).__name__ for ev in alone] == ["AgentStateChanged"]
