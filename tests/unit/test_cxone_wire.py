"""CXone wire models: events parse by Type and never raise; requests reject bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tui.backends.cxone.wire import (
    AgentRecord,
    AgentSessionStart,
    AgentState,
    ContactEvent,
    ErrorName,
    JoinOutcome,
    JoinSessionRequest,
    NextEventRequest,
    StartSessionRequest,
    StateRequest,
    UnknownEvent,
    parse_event,
    parse_utc_iso,
    utc_iso,
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


@given(st.integers(min_value=0, max_value=253_402_300_799_999))
def test_utc_times_round_trip_to_the_millisecond(epoch_ms: int) -> None:
    text = utc_iso(epoch_ms)
    assert text.endswith("Z") and len(text) == 24
    assert parse_utc_iso(text) == epoch_ms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T03:04:05.678Z", 1795316645678),
        ("2026-11-22T03:04:05Z", 1795316645000),
        ("2026-11-22T03:04:05.678", 1795316645678),  # no zone: UTC, as the name says
        ("2026-11-22T04:04:05.678+01:00", 1795316645678),
        ("", None),
        ("yesterday", None),
        ("2026-13-40T99:00:00Z", None),
        ("9" * 60, None),
    ],
)
def test_parse_utc_iso(text: str, expected: int | None) -> None:
    assert parse_utc_iso(text) == expected


@given(st.text(max_size=50))
def test_parse_utc_iso_never_raises(text: str) -> None:
    parse_utc_iso(text)


def test_next_event_timeout_is_a_whole_number_of_seconds_up_to_a_minute() -> None:
    assert NextEventRequest.from_query({}).timeout == 0
    assert NextEventRequest.from_query({"timeout": "60"}).timeout == 60
    for bad in ("61", "-1", "1.5", "abc", ""):
        with pytest.raises(ValidationError):
            NextEventRequest.from_query({"timeout": bad})
    with pytest.raises(ValidationError):
        NextEventRequest.model_validate({"timeout": "5"})  # a JSON body needs a number


def test_session_start_and_agent_state_carry_the_sandbox_additions() -> None:
    start = parse_event(
        {"Type": "AgentSessionStart", "SessionId": "s", "TeamName": "Support", "StationId": "1005"}
    )
    assert isinstance(start, AgentSessionStart) and start.TeamName == "Support"
    state = parse_event(
        {
            "Type": "AgentState",
            "CurrentState": "Unavailable",
            "StartTimeUTC": "2026-11-22T03:04:05.678Z",
            "ChangedBy": "Morgan Lee",
            "ChangedById": "u1",
        }
    )
    assert isinstance(state, AgentState) and state.ChangedById == "u1"


def test_an_agent_record_from_a_platform_without_the_additions_gets_defaults() -> None:
    record = AgentRecord.model_validate({"agentId": "a1", "firstName": "Ana", "extra": 1})
    assert record.loginOptions == ["PhoneNumber", "StationId"]
    assert record.teams == [] and record.dialPlans == [] and not record.canImpersonate
    assert JoinSessionRequest.from_query({"sessionId": "s1"}).sessionId == "s1"
    assert ErrorName.SESSION_ENDED == "AgentSessionEnded"


def test_ids_arrive_as_integers_or_their_text_and_are_kept_as_text() -> None:
    as_number = AgentRecord.model_validate({"agentId": 1234, "teamId": 77, "businessUnitId": 9})
    as_text = AgentRecord.model_validate({"agentId": "1234", "teamId": "77"})
    assert (as_number.agentId, as_number.teamId, as_number.businessUnitId) == ("1234", "77", "9")
    assert (as_text.agentId, as_text.teamId) == ("1234", "77")
    start = parse_event({"Type": "AgentSessionStart", "AgentId": 1234, "TeamId": 77, "BusNo": 5})
    assert isinstance(start, AgentSessionStart) and (start.AgentId, start.BusNo) == ("1234", "5")


def test_next_states_are_objects_and_bare_names_are_still_read() -> None:
    base = {"Type": "AgentState", "CurrentState": "Unavailable", "StartTimeUTC": ""}
    objects = parse_event(
        {**base, "NextStates": [{"State": "Available", "OutReason": "", "IsAcw": False}]}
    )
    bare = parse_event({**base, "NextStates": ["Available"]})
    assert isinstance(objects, AgentState) and isinstance(bare, AgentState)
    first = objects.NextStates[0]
    assert not isinstance(first, str) and first.State == "Available"
    assert first.model_extra == {"IsAcw": False}  # extra fields kept
    assert bare.NextStates == ["Available"]


def test_a_join_writes_the_agent_to_act_as_as_a_number_like_the_sdk() -> None:
    assert JoinSessionRequest(asAgentId="1234").model_dump(exclude_none=True) == {"asAgentId": 1234}
    assert JoinSessionRequest(asAgentId=1234).asAgentId == "1234"
    assert JoinSessionRequest().model_dump(exclude_none=True) == {}


def test_optional_fields_may_be_missing() -> None:
    state = parse_event({"Type": "AgentState", "CurrentState": "Available"})
    assert isinstance(state, AgentState)
    assert (state.StartTimeUTC, state.NextStates, state.IsAcw) == ("", [], False)
    start = parse_event({"Type": "AgentSessionStart"})
    assert isinstance(start, AgentSessionStart) and start.AgentId == "" and start.BusNo is None
    record = AgentRecord.model_validate({"agentId": 7})
    assert (record.teams, record.dialPlans, record.canImpersonate) == ([], [], False)
