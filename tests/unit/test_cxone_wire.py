"""CXone wire models: events parse by Type and never raise; requests reject bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tui.backends.cxone.wire import (
    AgentSessionStart,
    AgentState,
    ContactEvent,
    JoinOutcome,
    StartSessionRequest,
    StateRequest,
    UnknownEvent,
    parse_event,
)


def test_agent_state_event_parses_and_keeps_extra_fields() -> None:
    event = parse_event(
        {
            "Type": "AgentState",
            "CurrentState": "Unavailable",
            "CurrentOutReason": "Lunch",
            "StartTimeUTC": "2026-11-22T03:04:05.678Z",
            "NextStates": ["Available"],
            "IsAcw": False,
            "IsOutbound": False,
        }
    )
    assert isinstance(event, AgentState)
    assert event.CurrentOutReason == "Lunch"
    assert event.model_extra == {"IsOutbound": False}


def test_session_start_and_contact_events() -> None:
    assert isinstance(
        parse_event({"Type": "AgentSessionStart", "SessionId": "x"}), AgentSessionStart
    )
    chat = parse_event({"Type": "ChatContactEvent", "ContactID": "c1", "Status": "Active"})
    assert isinstance(chat, ContactEvent) and chat.ContactID == "c1"


@pytest.mark.parametrize(
    "raw",
    [None, [], "AgentState", {"Type": "Nope"}, {"Type": "AgentState"}, {"Type": 5}, {}],
)
def test_bad_events_become_unknown(raw: object) -> None:
    assert isinstance(parse_event(raw), UnknownEvent)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_parse_event_never_raises(raw: object) -> None:
    parse_event(raw)


@given(st.dictionaries(st.sampled_from(["Type", "CurrentState", "StartTimeUTC"]), json_values))
def test_parse_event_never_raises_on_near_misses(raw: dict[str, object]) -> None:
    parse_event({"Type": "AgentState", **raw})


def test_requests_reject_wrong_types_and_long_strings_but_take_query_text() -> None:
    with pytest.raises(ValidationError):
        StateRequest.model_validate({"state": 1})
    with pytest.raises(ValidationError):
        StateRequest.model_validate({"state": "Unavailable", "reason": "x" * 129})
    query = StartSessionRequest.from_query(
        {"stationPhoneNumber": "14155550101", "inactivityTimeout": "30"}
    )
    assert isinstance(query, StartSessionRequest) and query.inactivityTimeout == 30


def test_join_outcomes_have_their_statuses() -> None:
    assert [o.status for o in JoinOutcome] == [202, 401, 404, 404, 403]
