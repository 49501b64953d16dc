"""The contacts' domain: their states, RONA, the pending next state, odd and hostile events."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_domain import synced as domain_synced
from tui.domain import (
    AgentActivity,
    AgentLoggedOut,
    AgentSnapshot,
    AgentStateChanged,
    Availability,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactHeld,
    ContactNotAnswered,
    ContactOffered,
    ContactRestored,
    ContactResumed,
    ContactRinging,
    ContactState,
    ContactWrappedUp,
    ContactWrapUpStarted,
    DesktopEvent,
    Direction,
    IdleCode,
    Interaction,
    LogKind,
    NextState,
    NextStateCancelled,
    NextStateRequested,
    SessionSynced,
    WrapUpCode,
    apply,
    apply_all,
)

LUNCH = IdleCode("c-lunch", "Lunch")
RONA = IdleCode("c-rona", "RONA", is_system=True)
SALE = WrapUpCode("w-sale", "Sale made")
CALL = Interaction("call-1", Channel.TELEPHONY, 1_000, "+14155550123", "Voice Queue")
CHAT = Interaction("chat-1", Channel.CHAT, 2_000, "visitor-7", "Chat Queue")


def synced(
    channels: dict[Channel, tuple[Interaction, ...]] | None = None,
    availability: Availability = Availability.AVAILABLE,
) -> SessionSynced:
    """The domain tests' session, with an email channel and earlier stamps."""
    return domain_synced(
        availability=availability,
        state_changed_at=500,
        idle_code_changed_at=500,
        channels=channels or {},
        capacity={Channel.TELEPHONY: 1, Channel.CHAT: 3, Channel.EMAIL: 2},
    )


def started() -> AgentSnapshot:
    return apply(AgentSnapshot(), synced(), 0)


def run(snapshot: AgentSnapshot, *events: DesktopEvent) -> AgentSnapshot:
    return apply_all(snapshot, list(events), 0)


def last(snapshot: AgentSnapshot) -> str:
    return snapshot.log[-1].text


def test_a_voice_contact_offered_connected_held_resumed_wrapped_up_and_gone() -> None:
    snap = run(started(), ContactOffered(CALL))
    call = snap.contact("call-1")
    assert call is not None and call.state is ContactState.OFFERED and call.offered
    assert snap.activity is AgentActivity.OFFERED and snap.channel(Channel.TELEPHONY).load == 0
    assert last(snap) == "Voice contact from +14155550123 offered."

    snap = run(snap, ContactAssigned(CALL))
    assert snap.contact("call-1").state is ContactState.CONNECTED  # type: ignore[union-attr]
    assert snap.activity is AgentActivity.ENGAGED and snap.channel(Channel.TELEPHONY).load == 1

    snap = run(snap, ContactHeld("call-1", 5_000))
    call = snap.contact("call-1")
    assert call is not None and call.state is ContactState.HELD and call.state_since == 5_000
    assert last(snap) == "Voice contact from +14155550123 held."
    assert snap.activity is AgentActivity.ENGAGED

    snap = run(snap, ContactResumed("call-1", 7_000))
    call = snap.contact("call-1")
    assert call is not None and call.state is ContactState.CONNECTED and call.state_since == 7_000
    assert last(snap) == "Voice contact from +14155550123 resumed."

    snap = run(snap, ContactEnded("call-1", Channel.TELEPHONY, at=9_000, wrap_up=True))
    call = snap.contact("call-1")
    assert call is not None and call.in_wrap_up and call.state_since == 9_000
    assert snap.activity is AgentActivity.WRAP_UP and snap.channel(Channel.TELEPHONY).load == 1
    assert last(snap) == "Voice contact from +14155550123 ended; wrap it up."

    snap = run(snap, ContactWrappedUp("call-1", 12_000, SALE))
    assert snap.contact("call-1") is None and snap.contacts == ()
    assert snap.activity is AgentActivity.NONE
    assert last(snap) == "Voice contact from +14155550123 wrapped up (Sale made)."


def test_an_accepted_voice_offer_rings_the_agents_phone_and_counts_as_taken() -> None:
    snap = run(started(), ContactOffered(CALL), ContactRinging("call-1", 3_000))
    call = snap.contact("call-1")
    assert call is not None and call.state is ContactState.RINGING and not call.offered
    assert snap.channel(Channel.TELEPHONY).load == 1 and snap.activity is AgentActivity.ENGAGED
    assert last(snap) == "Voice contact from +14155550123 is ringing on your phone."
    assert ContactState.RINGING.word == "Ringing on your phone"


def test_wrap_up_said_before_the_end_stays_until_wrapped_up() -> None:
    """Some platforms say wrap-up first and the end after; the end does not finish the work."""
    snap = run(started(), ContactAssigned(CHAT), ContactWrapUpStarted("chat-1", 4_000))
    assert last(snap) == "Chat contact from visitor-7 in wrap-up."
    snap = run(snap, ContactEnded("chat-1", Channel.CHAT, at=4_500))
    chat = snap.contact("chat-1")
    assert chat is not None and chat.in_wrap_up and chat.state_changed_at == 4_000
    assert run(snap, ContactWrappedUp("chat-1", 6_000)).contacts == ()


def test_an_end_without_wrap_up_drops_the_contact_as_before() -> None:
    snap = run(started(), ContactAssigned(CHAT), ContactEnded("chat-1", at=3_000))
    assert snap.contacts == () and last(snap) == "Chat contact from visitor-7 ended."


def test_rona_takes_the_offer_back_and_lasts_until_the_agent_is_available() -> None:
    snap = run(started(), ContactOffered(CALL))
    snap = run(snap, ContactNotAnswered("call-1", 16_000, Channel.TELEPHONY, timeout_s=15))
    assert snap.contacts == () and snap.rona and snap.activity is AgentActivity.RONA
    assert last(snap) == (
        "Voice contact from +14155550123 was not answered in 15 s and went back to its queue: "
        "you are in RONA."
    )
    snap = run(snap, AgentStateChanged(Availability.SYSTEM, RONA, 16_000, 16_000))
    assert snap.activity is AgentActivity.RONA
    late = run(snap, AgentStateChanged(Availability.AVAILABLE, None, 15_000, 15_000))
    assert late.rona, "a frame stamped before the RONA does not end it"
    snap = run(snap, AgentStateChanged(Availability.AVAILABLE, None, 20_000, 20_000))
    assert not snap.rona and snap.activity is AgentActivity.NONE


def test_rona_for_an_offer_the_desktop_never_saw_still_puts_the_agent_in_rona() -> None:
    snap = run(started(), ContactAssigned(CHAT), ContactNotAnswered("gone", 9_000))
    assert snap.rona and snap.contact("chat-1") is not None
    assert last(snap) == "A contact was not answered and went back to its queue: you are in RONA."
    email = run(started(), ContactNotAnswered("gone", 9_000, Channel.EMAIL))
    assert last(email).startswith("An email contact was not answered")


def test_a_re_sync_in_another_state_than_the_system_one_ends_rona_and_logout_clears_all() -> None:
    snap = run(started(), ContactNotAnswered("x", 9_000))
    assert run(snap, synced(availability=Availability.SYSTEM)).rona
    assert not run(snap, synced(availability=Availability.IDLE)).rona
    wanted = NextState(Availability.IDLE, LUNCH)
    out = run(snap, ContactAssigned(CALL), NextStateRequested(wanted), AgentLoggedOut())
    assert not out.rona and out.next_state is None and out.contacts == ()


def test_the_next_state_waits_for_the_last_contact_to_be_wrapped_up() -> None:
    wanted = NextState(Availability.IDLE, LUNCH)
    snap = run(started(), ContactAssigned(CALL), ContactAssigned(CHAT))
    snap = run(snap, NextStateRequested(wanted))
    assert snap.next_state_pending == wanted and snap.next_state_due is None
    assert last(snap) == "Next state Idle (Lunch), once your contacts are wrapped up."

    snap = run(snap, ContactEnded("call-1", at=5_000, wrap_up=True))
    snap = run(snap, ContactWrappedUp("call-1", 6_000, SALE))
    assert snap.next_state_pending == wanted and snap.next_state_due is None, "a chat is open"
    assert last(snap) == "Voice contact from +14155550123 wrapped up (Sale made)."

    snap = run(snap, ContactEnded("chat-1", at=7_000, wrap_up=True))
    assert snap.next_state_due is None, "not before the wrap-up is done"
    snap = run(snap, ContactOffered(Interaction("chat-2", Channel.CHAT, 7_500)))
    snap = run(snap, ContactWrappedUp("chat-1", 8_000))
    assert snap.next_state_due == wanted and snap.next_state_pending is None
    assert (
        last(snap) == "Chat contact from visitor-7 wrapped up. Next state Idle (Lunch) applies now."
    )

    snap = run(snap, AgentStateChanged(Availability.IDLE, LUNCH, 8_100, 8_100))
    assert snap.next_state is None and snap.next_state_due is None


def test_a_next_state_with_no_contact_open_is_due_at_once_and_can_be_cancelled() -> None:
    wanted = NextState(Availability.AVAILABLE)
    snap = run(started(), NextStateRequested(wanted))
    assert snap.next_state_due == wanted and last(snap) == "Next state Available applies now."
    snap = run(snap, ContactAssigned(CHAT))
    assert snap.next_state_pending == wanted
    other = run(snap, AgentStateChanged(Availability.IDLE, LUNCH, 9_000, 9_000))
    assert other.next_state == wanted, "only the state asked for ends it"
    snap = run(snap, NextStateCancelled())
    assert snap.next_state is None and last(snap) == "Next state Available cancelled."
    assert run(snap, NextStateCancelled()).log == snap.log


def test_a_re_sync_keeps_a_contacts_details_and_undated_state() -> None:
    snap = run(started(), ContactAssigned(CALL), ContactHeld("call-1", 5_000))
    bare = Interaction("call-1", Channel.TELEPHONY, 0)  # ids only, as Webex's channelsMap
    snap = run(snap, synced({Channel.TELEPHONY: (bare,)}))
    call = snap.contact("call-1")
    assert call is not None and (call.customer, call.queue, call.started_at) == (
        "+14155550123",
        "Voice Queue",
        1_000,
    )
    assert call.state is ContactState.HELD and call.state_since == 5_000
    dated = Interaction("call-1", Channel.TELEPHONY, 0, state_changed_at=6_000)
    snap = run(snap, ContactRestored(dated))
    call = snap.contact("call-1")
    assert call is not None and call.state is ContactState.CONNECTED and call.customer
    assert last(snap) == "Voice contact from +14155550123 still open (queue Voice Queue)."
    held = Interaction("call-1", Channel.TELEPHONY, 0, state=ContactState.HELD, state_changed_at=7)
    assert last(run(snap, ContactRestored(held))).endswith("still on hold (queue Voice Queue).")
    ended = Interaction(
        "call-1", Channel.TELEPHONY, 0, state=ContactState.ENDED, state_changed_at=8
    )
    assert run(snap, ContactRestored(ended)).contacts == ()


def test_events_for_a_contact_the_desktop_does_not_have_are_logged_and_ignored() -> None:
    base = run(started(), ContactAssigned(CHAT))
    for event in (
        ContactHeld("nope", 1),
        ContactResumed("nope", 1),
        ContactRinging("nope", 1),
        ContactWrapUpStarted("nope", 1),
        ContactWrappedUp("nope", 1, SALE),
    ):
        after = apply(base, event, 0)
        assert after.channels == base.channels, event
        assert after.log[-1].kind is LogKind.PROBLEM
        assert after.log[-1].text.startswith("Ignored ") and "(nope)" in after.log[-1].text
        assert apply(AgentSnapshot(), event, 0).contacts == ()  # before any session, too


def test_a_contact_repeated_on_another_channel_moves_and_keeps_one_place() -> None:
    snap = run(started(), ContactAssigned(CHAT))
    moved = Interaction("chat-1", Channel.EMAIL, 2_000, direction=Direction.OUTBOUND)
    snap = run(snap, ContactOffered(moved))
    assert [i.id for i in snap.contacts] == ["chat-1"]
    assert snap.channel(Channel.EMAIL).interactions[0].direction is Direction.OUTBOUND


def test_the_contact_defaults_read_as_before() -> None:
    """A contact built as before the states came is connected, inbound, timed from its offer."""
    plain = Interaction("c", Channel.CHAT, 42)
    assert plain.state is ContactState.CONNECTED and plain.direction is Direction.INBOUND
    assert not plain.offered and plain.state_since == 42
    assert {s.word for s in ContactState} >= {"Offered", "Connected", "On hold", "Wrap-up"}


# -- random sequences --------------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", ""])
AT = st.integers(min_value=0, max_value=10**13)
CHANNELS = st.sampled_from(list(Channel))
INTERACTIONS = st.builds(
    Interaction,
    id=IDS,
    channel=CHANNELS,
    started_at=AT,
    customer=st.text(max_size=8),
    queue=st.text(max_size=8),
    state=st.sampled_from(list(ContactState)),
    state_changed_at=AT,
    direction=st.sampled_from(list(Direction)),
)
NEXT = st.builds(
    NextState,
    availability=st.sampled_from([Availability.AVAILABLE, Availability.IDLE]),
    idle_code=st.sampled_from([None, LUNCH]),
)
EVENTS: st.SearchStrategy[DesktopEvent] = st.one_of(
    st.builds(ContactOffered, INTERACTIONS),
    st.builds(ContactAssigned, INTERACTIONS),
    st.builds(ContactRestored, INTERACTIONS),
    st.builds(ContactRinging, IDS, AT),
    st.builds(ContactHeld, IDS, AT),
    st.builds(ContactResumed, IDS, AT),
    st.builds(ContactWrapUpStarted, IDS, AT),
    st.builds(ContactWrappedUp, IDS, AT, st.sampled_from([None, SALE])),
    st.builds(ContactEnded, IDS, st.none() | CHANNELS, AT, st.booleans()),
    st.builds(ContactNotAnswered, IDS, AT, st.none() | CHANNELS, st.integers(-5, 60)),
    st.builds(NextStateRequested, NEXT),
    st.just(NextStateCancelled()),
    st.builds(
        AgentStateChanged,
        st.sampled_from(list(Availability)),
        st.sampled_from([None, LUNCH, RONA]),
        AT,
        AT,
    ),
    st.just(synced()),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENTS, max_size=40), st.booleans())
def test_random_contact_events_never_raise_nor_put_a_contact_in_two_places(
    events: list[DesktopEvent], with_session: bool
) -> None:
    snap = started() if with_session else AgentSnapshot()
    before = snap.events_applied
    for event in events:
        snap = apply(snap, event, 0)
        places = Counter(i.id for i in snap.contacts)
        assert all(n == 1 for n in places.values()), places
        for load in snap.channels:
            assert all(i.channel is load.channel for i in load.interactions)
        assert ContactState.ENDED not in {i.state for i in snap.contacts}
        assert snap.next_state_pending is None or snap.next_state_due is None
        assert snap.activity is not AgentActivity.RONA or snap.rona
    assert snap.events_applied == before + len(events)
