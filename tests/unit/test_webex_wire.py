"""The Webex wire contract, the socket side: frames parse to their models, and nothing on the
wire makes parsing raise (request bodies: test_webex_wire_requests.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tui.backends.webex import wire as w

ORG = "6f3e2c51-0b0d-4d0a-9a55-3c1f8b4a7e10"
AGENT = "0b3a9e4c-5d3f-4d6e-8a1b-9f2c7d6e5a41"
SESSION = "a9d8c7b6-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
TEAM = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
SITE = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
LUNCH = "3e4f5a6b-7c8d-4e9f-0a1b-2c3d4e5f6a7b"
CALL = "4f5a6b7c-8d9e-4f0a-1b2c-3d4e5f6a7b8c"
CHAT = "5a6b7c8d-9e0f-4a1b-2c3d-4e5f6a7b8c9d"


def station_login_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agentId": AGENT,
        "agentSessionId": SESSION,
        "auxCodeId": LUNCH,
        "channelsMap": {"telephony": [CALL], "chat": [CHAT], "email": [], "social": []},
        "dialNumber": "14085550123",
        "eventType": "AgentDesktopMessage",
        "interactionIds": [CALL, CHAT],
        "lastIdleCodeChangeTimestamp": 1718000005000,
        "lastStateChangeTimestamp": 1718000000000,
        "orgId": ORG,
        "profileType": "BLENDED",
        "roles": ["agent"],
        "siteId": SITE,
        "status": "LoggedIn",
        "subStatus": "Idle",
        "supervisorSessionId": None,
        "teamId": TEAM,
        "trackingId": "notifs_7c1f0e2a",
        "type": "AgentStationLoginSuccess",
    }
    data.update(changes)
    return data


def frame(kind: str, data: dict[str, Any], **envelope: Any) -> str:
    return json.dumps(
        {"type": kind, "orgId": ORG, "trackingId": "notifs_7c1f0e2a", "data": data, **envelope}
    )


def failure(event: str, reason: str, code: int) -> dict[str, Any]:
    return {
        "agentId": AGENT,
        "eventType": "AgentDesktopMessage",
        "orgId": ORG,
        "reason": reason,
        "reasonCode": code,
        "trackingId": "notifs_1",
        "type": event,
    }


STATE_CHANGE = {
    "agentId": AGENT,
    "agentSessionId": SESSION,
    "auxCodeId": "0",
    "changedBy": "self",
    "changedById": AGENT,
    "changedByName": "Agent One",
    "eventType": "AgentDesktopMessage",
    "lastIdleCodeChangeTimestamp": 1718000100000,
    "lastStateChangeTimestamp": 1718000100000,
    "lastStateChangeReason": "Back from lunch",
    "orgId": ORG,
    "status": "LoggedIn",
    "subStatus": "Available",
    "trackingId": "notifs_2",
    "type": "AgentStateChangeSuccess",
}

LOGOUT = {
    "agentId": AGENT,
    "agentSessionId": SESSION,
    "eventType": "AgentDesktopMessage",
    "logoutReason": "Logout initiated by agent1",
    "loggedOutBy": "self",
    "orgId": ORG,
    "roles": ["agent"],
    "status": "LoggedOut",
    "subStatus": "Idle",
    "teamId": TEAM,
    "trackingId": "notifs_3",
    "type": "AgentLogoutSuccess",
}

BUDDIES = {
    "agentId": AGENT,
    "agentSessionId": SESSION,
    "eventType": "AgentDesktopMessage",
    "orgId": ORG,
    "trackingId": "notifs_4",
    "type": "BuddyAgents",
    "agentList": [
        {
            "agentId": "agent-2",
            "agentName": "Agent Two",
            "state": "Available",
            "teamId": TEAM,
            "teamName": "Sales",
            "siteId": SITE,
            "lastStateChangeTimestamp": 1718000000000,
            "dn": "14085550124",
            "channels": [{"channelType": "telephony", "capacity": 1, "assigned": 0}],
        },
        {
            "agentId": "agent-3",
            "agentName": "Agent Three",
            "state": "Idle",
            "teamId": TEAM,
            "teamName": "Sales",
            "siteId": SITE,
            "idleCodeId": LUNCH,
            "idleCodeName": "Lunch",
            "lastStateChangeTimestamp": 1718000000000,
        },
    ],
}


def contact(event: str, media: str = "telephony", **extra: Any) -> dict[str, Any]:
    return {
        "agentId": AGENT,
        "eventType": "RoutingMessage",
        "interactionId": CALL,
        "mediaType": media,
        "orgId": ORG,
        "trackingId": "routing_1",
        "type": event,
        "interaction": {
            "from": "+14085550199",
            "queue": "Support",
            "createdTimestamp": 1718000200000,
            "callAssociatedData": {"accountId": {"value": "42"}},
        },
        **extra,
    }


def agent_contact(state: str = "connected", **interaction: Any) -> dict[str, Any]:
    """An open contact as the platform re-sends it after a relogin (fields the SDK reads)."""
    return {
        "agentId": AGENT,
        "eventType": "RoutingMessage",
        "interactionId": CALL,
        "mediaResourceId": CALL,
        "orgId": ORG,
        "trackingId": "routing_2",
        "type": "AgentContact",
        "queueMgr": "aqm",
        "interaction": {
            "interactionId": CALL,
            "mediaType": "telephony",
            "mediaChannel": "broadcloud",
            "state": state,
            "callAssociatedDetails": {
                "ani": "+14085550199",
                "dn": "+18005550100",
                "virtualTeamName": "Support",
                "ronaTimeout": "30",
            },
            "participants": {
                "+14085550199": {"id": "+14085550199", "pType": "Customer", "name": "Ada"},
                AGENT: {"id": AGENT, "pType": "Agent"},
            },
            "createdTimestamp": 1718000200000,
            "queuedTimestamp": 1718000201000,
            "isTerminated": False,
            **interaction,
        },
    }


# (coarse Msg.type, data, expected model)
EXAMPLES: list[tuple[str, dict[str, Any], type[BaseModel]]] = [
    ("StationLogin", station_login_data(), w.StationLoginSuccess),
    (
        "StationLogin",
        failure("AgentStationLoginFailed", "INVALID_DIAL_NUMBER", 1001),
        w.StationLoginFailed,
    ),
    ("AgentStateChange", STATE_CHANGE, w.AgentStateChangeSuccess),
    (
        "AgentStateChange",
        failure("AgentStateChangeFailed", "INVALID_IDLE_CODE", 1007),
        w.AgentStateChangeFailed,
    ),
    ("Logout", LOGOUT, w.AgentLogoutSuccess),
    ("Logout", failure("AgentLogoutFailed", "AGENT_NOT_LOGGED_IN", 1006), w.AgentLogoutFailed),
    (
        "AgentReloginSuccess",
        station_login_data(
            type="AgentReloginSuccess",
            deviceType="AGENT_DN",
            dn="14085550123",
            isExtension=False,
            lastStateChangeReason="Lunch",
        ),
        w.AgentReloginSuccess,
    ),
    (
        "AgentReloginFailed",
        failure("AgentReloginFailed", "AGENT_NOT_FOUND", 1009),
        w.AgentReloginFailed,
    ),
    ("BuddyAgents", BUDDIES, w.BuddyAgents),
    (
        "AGENT_MULTI_LOGIN",
        {
            "agentId": AGENT,
            "orgId": ORG,
            "trackingId": "notifs_5",
            "type": "AgentMultiLoginCloseSession",
            "subscriptionId": "AgentDesktop-1",
        },
        w.AgentMultiLoginCloseSession,
    ),
    ("RoutingMessage", contact("AgentOfferContact"), w.AgentOfferContact),
    ("RoutingMessage", contact("AgentContactAssigned", "chat"), w.AgentContactAssigned),
    ("RoutingMessage", contact("ContactEnded", "email", reason="customer left"), w.ContactEnded),
    ("RoutingMessage", agent_contact(), w.AgentContact),
]


EXAMPLE_IDS = [data["type"] for _, data, _ in EXAMPLES]


def parse_msg(raw: str | bytes) -> w.Msg:
    parsed = w.parse_frame(raw)
    assert isinstance(parsed, w.Msg), parsed
    return parsed


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------


def test_every_modelled_event_has_an_example() -> None:
    assert {data["type"] for _, data, _ in EXAMPLES} == set(w.EVENT_MODELS)
    assert set(w.MSG_TYPE_FOR_EVENT) == set(w.EVENT_MODELS)


@pytest.mark.parametrize(("kind", "data", "model"), EXAMPLES, ids=EXAMPLE_IDS)
def test_each_event_parses_to_its_model(
    kind: str, data: dict[str, Any], model: type[BaseModel]
) -> None:
    msg = parse_msg(frame(kind, data))
    assert type(msg.data) is model
    assert msg.type == kind
    assert msg.orgId == ORG
    assert msg.data.model_dump(by_alias=True, exclude_unset=True) == data


@pytest.mark.parametrize(("kind", "data", "model"), EXAMPLES, ids=EXAMPLE_IDS)
def test_server_built_frames_round_trip(
    kind: str, data: dict[str, Any], model: type[BaseModel]
) -> None:
    event = model.model_validate(data)
    msg = w.Msg.of(event)  # type: ignore[arg-type]
    assert msg.type == kind == w.MSG_TYPE_FOR_EVENT[data["type"]]
    assert msg.orgId == data.get("orgId")
    again = parse_msg(w.dump_frame(msg))
    assert again == msg
    assert w.parse_frame(msg.model_dump_json()) == msg


def test_keepalive() -> None:
    assert isinstance(w.parse_frame(w.KEEPALIVE_JSON), w.Keepalive)
    assert isinstance(w.parse_frame(b'{"keepalive": "true"}'), w.Keepalive)
    assert w.dump_frame(w.Keepalive()) == w.KEEPALIVE_JSON
    assert json.loads(w.Keepalive().model_dump_json()) == {"keepalive": "true"}
    assert isinstance(w.parse_frame('{"keepalive": "nope"}'), w.UnknownFrame)


def test_welcome() -> None:
    parsed = w.parse_frame(json.dumps({"type": "Welcome", "data": {"agentId": AGENT, "x": 1}}))
    assert isinstance(parsed, w.Welcome)
    assert parsed.data.agentId == AGENT
    built = w.Welcome.for_agent(AGENT)
    assert json.loads(w.dump_frame(built)) == {"type": "Welcome", "data": {"agentId": AGENT}}
    assert w.parse_frame(w.dump_frame(built)) == built
    assert isinstance(w.parse_frame('{"type":"Welcome","data":{}}'), w.UnknownFrame)


def test_station_login_success_has_exactly_the_published_fields() -> None:
    published = set(station_login_data())
    assert set(w.StationLoginSuccess.model_fields) == published


def test_station_login_success_round_trips_with_every_field() -> None:
    raw = frame("StationLogin", station_login_data())
    msg = parse_msg(raw)
    ev = msg.data
    assert isinstance(ev, w.StationLoginSuccess)
    assert ev.agentId == AGENT and ev.agentSessionId == SESSION and ev.auxCodeId == LUNCH
    assert ev.channelsMap == {"telephony": [CALL], "chat": [CHAT], "email": [], "social": []}
    assert ev.dialNumber == "14085550123"
    assert ev.eventType == "AgentDesktopMessage"
    assert ev.interactionIds == [CALL, CHAT]
    assert ev.lastIdleCodeChangeTimestamp == 1718000005000
    assert isinstance(ev.lastStateChangeTimestamp, int)
    assert ev.orgId == ORG and ev.profileType == "BLENDED" and ev.roles == ["agent"]
    assert ev.siteId == SITE and ev.status == "LoggedIn" and ev.subStatus == "Idle"
    assert ev.supervisorSessionId is None and ev.teamId == TEAM
    assert ev.type == "AgentStationLoginSuccess"
    assert json.loads(w.dump_frame(msg)) == json.loads(raw)


@pytest.mark.parametrize("missing", ["dialNumber", "roles", "supervisorSessionId"])
def test_station_login_success_without_an_optional_field(missing: str) -> None:
    data = station_login_data()
    del data[missing]
    ev = parse_msg(frame("StationLogin", data)).data
    assert isinstance(ev, w.StationLoginSuccess)
    assert getattr(ev, missing) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subStatus", "Busy"),
        ("eventType", "SomethingElse"),
        ("lastStateChangeTimestamp", "yesterday"),
        ("channelsMap", ["telephony"]),
        ("agentId", 42),
    ],
)
def test_a_known_event_with_bad_fields_is_an_unknown_frame(field: str, value: Any) -> None:
    parsed = w.parse_frame(frame("StationLogin", station_login_data(**{field: value})))
    assert isinstance(parsed, w.UnknownFrame)
    assert field in parsed.reason


def test_a_known_event_missing_a_required_field_is_an_unknown_frame() -> None:
    data = station_login_data()
    del data["agentSessionId"]
    parsed = w.parse_frame(frame("StationLogin", data))
    assert isinstance(parsed, w.UnknownFrame)
    assert "agentSessionId" in parsed.reason


def test_extra_fields_are_kept_everywhere_and_written_back() -> None:
    data = contact("AgentOfferContact", queueMgr="aqm", owner={"id": "x"})
    raw = frame("RoutingMessage", data, spanId="abc")
    msg = parse_msg(raw)
    assert msg.model_extra == {"spanId": "abc"}
    assert isinstance(msg.data, w.AgentOfferContact)
    assert msg.data.model_extra == {"queueMgr": "aqm", "owner": {"id": "x"}}
    assert msg.data.interaction.from_ == "+14085550199"
    assert msg.data.interaction.model_extra == {
        "callAssociatedData": {"accountId": {"value": "42"}}
    }
    assert json.loads(msg.model_dump_json(exclude_unset=True)) == json.loads(raw)
    assert w.parse_frame(w.dump_frame(msg)) == msg


def test_an_unknown_event_type_is_a_generic_message() -> None:
    data = {"type": "AgentWrapup", "agentId": AGENT, "wrapUpAuxCodeId": "w1"}
    msg = parse_msg(frame("RoutingMessage", data))
    assert isinstance(msg.data, w.UnknownEvent)
    assert msg.data.type == "AgentWrapup"
    assert msg.data.model_extra == {"agentId": AGENT, "wrapUpAuxCodeId": "w1"}
    assert w.parse_frame(w.dump_frame(msg)) == msg


def test_an_unknown_coarse_kind_still_parses() -> None:
    msg = parse_msg(frame("SomethingNew", STATE_CHANGE))
    assert msg.type == "SomethingNew"
    assert isinstance(msg.data, w.AgentStateChangeSuccess)


def test_interaction_from_is_from_on_the_wire() -> None:
    built = w.Interaction(from_="+14085550100", queue="Sales")
    assert json.loads(built.model_dump_json())["from"] == "+14085550100"
    assert w.Interaction.model_validate({"from": "x"}).from_ == "x"
    ev = w.AgentOfferContact(interactionId=CALL, mediaType="chat", agentId=AGENT)
    assert ev.interaction == w.Interaction()


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\x00garbage",
        b"",
        "",
        "   ",
        "[]",
        "null",
        '"x"',
        "42",
        "true",
        "{",
        "{}",
        '{"type": "StationLogin"}',
        '{"type": "StationLogin", "data": null}',
        '{"type": "StationLogin", "data": []}',
        '{"type": "StationLogin", "data": {}}',
        '{"type": "StationLogin", "data": {"type": 5}}',
        '{"type": "StationLogin", "data": {"type": ["AgentStationLoginSuccess"]}}',
        '{"type": 7, "data": {"type": "AgentWrapup"}}',
        '{"keepalive": {"deep": [1, 2]}}',
        '{"type": "Welcome", "data": "agent1"}',
        "[" * 5000 + "]" * 5000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        '{"type": "X", "data": {"type": "X", "junk": ' + "[" * 3000 + "]" * 3000 + "}}",
        '{"type": "X", "data": {"type": "AgentStationLoginSuccess", "agentId": "\\ud800"}}',
        b'{"type": "X", "data": {"type": "ContactEnded"}}',
    ],
)
def test_garbage_never_raises(raw: str | bytes) -> None:
    parsed = w.parse_frame(raw)
    assert isinstance(parsed, (w.Keepalive, w.Welcome, w.Msg, w.UnknownFrame))
    if isinstance(parsed, w.UnknownFrame):
        assert parsed.reason
        assert isinstance(parsed.raw, str)


def test_not_text_at_all_never_raises() -> None:
    parsed = w.parse_frame(12345)  # type: ignore[arg-type]
    assert isinstance(parsed, w.UnknownFrame)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_never_raises(value: Any) -> None:
    parsed = w.parse_frame(json.dumps(value))
    assert isinstance(parsed, (w.Keepalive, w.Welcome, w.Msg, w.UnknownFrame))


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*w.EVENT_MODELS, "Welcome", "Other"]),
    fields=st.dictionaries(st.text(max_size=12), json_values, max_size=8),
    envelope_type=st.one_of(st.sampled_from(["StationLogin", "Welcome"]), json_values),
)
def test_any_envelope_with_any_data_never_raises(
    kind: str, fields: dict[str, Any], envelope_type: Any
) -> None:
    raw = json.dumps({"type": envelope_type, "data": {**fields, "type": kind}})
    parsed = w.parse_frame(raw)
    assert isinstance(parsed, (w.Keepalive, w.Welcome, w.Msg, w.UnknownFrame))


@settings(max_examples=200, deadline=None)
@given(extra=st.dictionaries(st.text(min_size=1, max_size=12), json_values, max_size=6))
def test_a_valid_event_keeps_any_extra_fields(extra: dict[str, Any]) -> None:
    data = station_login_data()
    extra = {k: v for k, v in extra.items() if k not in data}
    parsed = w.parse_frame(frame("StationLogin", {**data, **extra}))
    assert isinstance(parsed, w.Msg), parsed
    assert parsed.data.model_extra == extra


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_arbitrary_bytes_and_text_never_raise(raw: bytes | str) -> None:
    parsed = w.parse_frame(raw)
    assert isinstance(parsed, (w.Keepalive, w.Welcome, w.Msg, w.UnknownFrame))


def test_ten_thousand_frames_parse_to_their_own_types_in_order() -> None:
    """Speed is measured by the benchmark command; here only that nothing is lost or mixed up."""
    raws = [frame(kind, data) for kind, data, _ in EXAMPLES]
    parsed = [w.parse_frame(raws[i % len(raws)]) for i in range(10_000)]
    assert len(parsed) == 10_000
    assert all(
        type(p) is type(parsed[i % len(raws)]) and not isinstance(p, w.UnknownFrame)
        for i, p in enumerate(parsed)
    )


# --------------------------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------------------------


def test_failure_reason_codes_are_unique_and_complete() -> None:
    assert set(w.FAILURE_REASON_CODES) == set(w.FailureReason)
    codes = list(w.FAILURE_REASON_CODES.values())
    assert len(codes) == len(set(codes))
    for reason in w.FailureReason:
        assert w.failure_reason_for_code(reason.code) is reason
    assert w.failure_reason_for_code(-1) is None


def test_failure_reason_codes_are_stable() -> None:
    """These numbers are on the wire: changing one breaks the other side."""
    assert {r.value: r.code for r in w.FailureReason} == {
        "INVALID_DIAL_NUMBER": 1001,
        "DUPLICATE_LOCATION": 1002,
        "AGENT_ALREADY_LOGGED_IN": 1003,
        "INVALID_TEAM": 1004,
        "INVALID_DEVICE_TYPE": 1005,
        "AGENT_NOT_LOGGED_IN": 1006,
        "INVALID_IDLE_CODE": 1007,
        "NOT_PERMITTED": 1008,
        "AGENT_NOT_FOUND": 1009,
    }


def test_failures_built_from_a_reason_carry_its_code() -> None:
    ev = w.StationLoginFailed.from_reason(
        w.FailureReason.DUPLICATE_LOCATION, agentId=AGENT, orgId=ORG, trackingId="t"
    )
    assert ev.reason == "DUPLICATE_LOCATION" and ev.reasonCode == 1002
    assert ev.failure is w.FailureReason.DUPLICATE_LOCATION
    msg = parse_msg(w.dump_frame(w.Msg.of(ev)))
    assert msg.type == "StationLogin"
    assert isinstance(msg.data, w.StationLoginFailed)
    assert isinstance(msg.data, w.FailureEvent)
    assert msg.data.failure is w.FailureReason.DUPLICATE_LOCATION


def test_a_reason_this_side_does_not_know_still_parses() -> None:
    data = failure("AgentStateChangeFailed", "SOME_NEW_REASON", 4242)
    ev = parse_msg(frame("AgentStateChange", data)).data
    assert isinstance(ev, w.AgentStateChangeFailed)
    assert ev.failure is None and ev.reasonCode == 4242


def test_a_failure_without_reason_code_is_an_unknown_frame() -> None:
    data = failure("AgentLogoutFailed", "AGENT_NOT_LOGGED_IN", 1006)
    del data["reasonCode"]
    assert isinstance(w.parse_frame(frame("Logout", data)), w.UnknownFrame)


def test_msg_of_uses_explicit_envelope_ids() -> None:
    ev = w.AgentStateChangeSuccess.model_validate(STATE_CHANGE)
    msg = w.Msg.of(ev, org_id="other-org", tracking_id="req-1")
    assert (msg.type, msg.orgId, msg.trackingId) == ("AgentStateChange", "other-org", "req-1")
