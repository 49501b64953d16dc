"""Webex contact frames -> desktop contact events (`tui.backends.webex.contacts`), pure: each
frame the SDK's task manager handles, read as the SDK reads it; another agent's frame, a
frame that only prepares another, and malformed ones give nothing and never raise."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.test_webex_contacts_wire import AGENT, CALL, WRAP, interaction, task
from tui.backends.webex import wire as w
from tui.backends.webex.contacts import ContactContext, contact_events, task_view
from tui.domain import (
    AgentSnapshot,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    ContactRestored,
    DesktopProfile,
    WrapUpCode,
    apply,
)
from tui.domain.channels import ContactState, Direction
from tui.domain.events import (
    ContactHeld,
    ContactNotAnswered,
    ContactResumed,
    ContactRinging,
    ContactWrappedUp,
)

AT = 1718000002000
PROFILE = DesktopProfile(
    agent_id=AGENT, agent_name="Pat Agent", wrap_up_codes=(WrapUpCode(WRAP, "Resolved", True),)
)
CTX = ContactContext(agent_id=AGENT, profile=PROFILE)


def received(data: dict[str, Any]) -> Any:
    """`data` as the client gets it: parsed off the socket inside its envelope."""
    msg = w.parse_frame(json.dumps({"type": "RoutingMessage", "data": data}))
    assert isinstance(msg, w.Msg)
    return msg.data


def events(data: dict[str, Any], ctx: ContactContext = CTX) -> tuple[Any, ...]:
    return contact_events(received(data), ctx)


def test_an_offer_is_offered_with_who_where_and_when_it_rings_out() -> None:
    (offered,) = events(task("AgentOfferContact", interaction=interaction(), ronaTimeout=15))
    assert isinstance(offered, ContactOffered)
    contact = offered.interaction
    assert (contact.id, contact.channel, contact.state) == (
        CALL,
        Channel.TELEPHONY,
        ContactState.OFFERED,
    )
    assert contact.customer == "+14085550199" and contact.started_at == 1718000000000
    assert contact.rings_out_at == AT + 15_000
    assert contact.direction is Direction.INBOUND
    outbound = {**interaction(), "contactDirection": {"type": "OUTBOUND"}}
    (dialled,) = events(task("AgentOfferContact", interaction=outbound))
    assert dialled.interaction.direction is Direction.OUTBOUND


def test_a_voice_offer_rings_on_the_agents_phone_when_they_take_calls_there() -> None:
    phone = ContactContext(agent_id=AGENT, profile=PROFILE, rings_on_phone=True)
    offered, ringing = events(task("AgentOfferContact", interaction=interaction()), phone)
    assert isinstance(offered, ContactOffered) and ringing == ContactRinging(CALL, AT)
    chat = task("AgentOfferContact", interaction=interaction(media_type="chat"))
    assert len(events(chat, phone)) == 1


def test_the_reserved_frame_only_prepares_the_offer() -> None:
    assert events(task("AgentContactReserved", interaction=interaction())) == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            task("AgentContactHeld", interaction=interaction("hold", held=True)),
            ContactHeld(CALL, AT),
        ),
        (
            task("AgentContactUnheld", interaction=interaction("connected")),
            ContactResumed(CALL, AT),
        ),
        (
            task("AgentWrapup", interaction=interaction("wrapUp")),
            ContactEnded(CALL, Channel.TELEPHONY, AT, wrap_up=True),
        ),
        (
            task("ContactEnded", interaction=interaction("wrapUp"), agentsPendingWrapUp=[AGENT]),
            ContactEnded(CALL, Channel.TELEPHONY, AT, wrap_up=True),
        ),
        (
            task("ContactEnded", interaction=interaction(), agentsPendingWrapUp=[]),
            ContactEnded(CALL, Channel.TELEPHONY, AT, wrap_up=False),
        ),
        (
            task("AgentWrappedUp", wrapUpAuxCodeId=WRAP),
            ContactWrappedUp(CALL, AT, WrapUpCode(WRAP, "Resolved", True)),
        ),
        (
            task("AgentOfferContactRona", interaction=interaction(), ronaTimeout=15),
            ContactNotAnswered(CALL, AT, Channel.TELEPHONY, 15),
        ),
    ],
    ids=lambda value: getattr(value, "get", lambda _: None)("type"),
)
def test_each_step_is_its_event(data: dict[str, Any], expected: Any) -> None:
    assert events(data) == (expected,)


def test_assigned_is_connected() -> None:
    (assigned,) = events(task("AgentContactAssigned", interaction=interaction("connected")))
    assert isinstance(assigned, ContactAssigned)
    assert assigned.interaction.state is ContactState.CONNECTED
    assert assigned.interaction.queue == ""  # no virtualTeamName in callAssociatedDetails here


@pytest.mark.parametrize(
    ("record", "state"),
    [
        (interaction("new"), ContactState.OFFERED),
        (interaction("connected"), ContactState.CONNECTED),
        (interaction("hold", held=True), ContactState.HELD),
        (interaction("connected", held=True), ContactState.HELD),
        (interaction("wrapUp"), ContactState.WRAP_UP),
    ],
)
def test_a_whole_contact_after_relogin_keeps_its_state(
    record: dict[str, Any], state: ContactState
) -> None:
    (restored,) = events(task("AgentContact", interaction=record))
    assert isinstance(restored, ContactRestored) and restored.interaction.state is state
    # A held leg says since when; otherwise the record is dated when it was sent.
    held_since = 1718000060000 if state is ContactState.HELD else AT
    assert restored.interaction.state_changed_at == held_since


def test_another_agents_frame_says_nothing_about_this_desktop() -> None:
    other = task("AgentContactHeld", interaction=interaction("hold"), agentId="someone-else")
    assert events(other) == ()


@pytest.mark.parametrize(
    "data",
    [
        task("AgentContactHeld"),  # no interaction: the model wants one
        task("AgentContactHeld", interaction={"mediaType": 7}),
        {"type": "AgentWrapup"},
        {"type": "AgentOfferContact", "interactionId": CALL},
        {"type": "SomethingNew", "interactionId": CALL},
    ],
)
def test_malformed_or_unknown_frames_give_nothing(data: dict[str, Any]) -> None:
    parsed = w.parse_frame(json.dumps({"type": "RoutingMessage", "data": data}))
    target = parsed.data if isinstance(parsed, w.Msg) else data
    assert contact_events(target, CTX) == ()


@given(
    kind=st.sampled_from([*sorted(w.TASK_FRAME_MODELS), "AgentContact", "ContactEnded"]),
    body=st.dictionaries(
        st.sampled_from(["interactionId", "agentId", "interaction", "eventTime", "ronaTimeout"]),
        st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2),
    ),
)
def test_no_frame_makes_the_mapping_raise(kind: str, body: dict[str, Any]) -> None:
    data = {"type": kind, **body}
    parsed = w.parse_frame(json.dumps({"type": "RoutingMessage", "data": data}))
    if isinstance(parsed, w.Msg):
        contact_events(parsed.data, CTX)
        task_view(parsed.data)


def test_a_contact_that_moved_on_while_away_is_restored_in_its_new_state() -> None:
    """Connected when the desktop lost the socket, ended by the customer meanwhile: the
    record after the relogin puts it in wrap-up (its dated state wins over the known one)."""
    (assigned,) = events(task("AgentContactAssigned", interaction=interaction("connected")))
    snapshot = apply(AgentSnapshot(), assigned, 0)
    later = task("AgentContact", interaction=interaction("wrapUp"), eventTime=AT + 60_000)
    (restored,) = events(later)
    contact = apply(snapshot, restored, 0).contact(CALL)
    assert contact is not None and contact.state is ContactState.WRAP_UP
