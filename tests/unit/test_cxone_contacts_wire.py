"""The CXone contact contract: the interaction routes the agent SDK calls, the disposition body,
and the contact events and AgentState fields the SDK reads, with their Status values. The values
are ours, shaped as the platform writes them (PascalCase; numbers and booleans often as text)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from tui.backends.cxone import wire

SESSION = "8f1c2a"
CONTACT = 584930211


def call_event(status: str = "Incoming", **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "Type": "CallContactEvent",
        "ContactID": str(CONTACT),
        "MasterID": str(CONTACT),
        "Status": status,
        "OriginalState": "False",
        "CallType": "Regular",
        "DNIS": "8005550100",
        "ANI": "4085550199",
        "Skill": "4021",
        "SkillName": "Billing",
        "IsInbound": "True",
        "StartTimeUTC": "2026-11-22T03:04:05.678Z",
        "StartTime": "2026-11-21T19:04:05.678",
        "LastStateChangeTimeUTC": "2026-11-22T03:04:07.000Z",
        "LastStateChangeTime": "2026-11-21T19:04:07.000",
        "ScreenPopUrl": "",
        "DisconnectCode": "None",
        "Timeout": "15",
        "AllowDispositions": "True",
        "Label": "",
        "IsLinked": "False",
        "FinalState": "False",
        "ParentContactId": "0",
        "InteractionId": "b7e3c1d0-1111-4222-8333-444455556666",
        "IsRequireManualAccept": "True",
    }
    event.update(changes)
    return event


def work_item_event(status: str = "Incoming", **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "Type": "WorkItemContactEvent",
        "ContactID": CONTACT + 1,
        "MasterID": CONTACT + 1,
        "AgentId": 1204,
        "Status": status,
        "Skill": "4030",
        "StartTimeUTC": "2026-11-22T03:10:00.000Z",
        "LastStateChangeTime": "2026-11-21T19:10:00.000",
        "FinalState": False,
        "RefusalTimeout": 30,
        "WorkItemId": "ticket-77",
        "WorkItemType": "Ticket",
        "WorkItemPayload": '{"subject": "Refund"}',
        "FromAddress": "pat@example.com",
    }
    event.update(changes)
    return event


CONTACT_EVENTS = [
    call_event("Incoming"),
    call_event("Active"),
    call_event("Holding"),
    call_event("Disconnected", FinalState="True"),
    {
        "Type": "ChatContactEvent",
        "ContactID": "584930300",
        "Status": "Active",
        "FromAddress": "visitor-19",
        "SkillName": "Chat support",
        "StartTimeUTC": "2026-11-22T03:20:00.000Z",
        "RefusalTimeout": "45",
    },
    {
        "Type": "EmailContactEvent",
        "ContactID": "584930301",
        "Status": "Incoming",
        "FromAddress": "pat@example.com",
        "SkillName": "Email support",
        "StartTimeUTC": "2026-11-22T03:21:00.000Z",
    },
    work_item_event("Incoming"),
    work_item_event("Active"),
    work_item_event("Disconnected", FinalState=True),
]


@pytest.mark.parametrize("raw", CONTACT_EVENTS, ids=lambda e: f"{e['Type']}-{e['Status']}")
def test_each_contact_event_parses_and_dumps_back(raw: dict[str, Any]) -> None:
    event = wire.parse_event(raw)
    assert isinstance(event, wire.ContactEvent)
    assert event.Status in wire.STATUS_VALUES[event.Type]
    again = wire.parse_event(json.loads(event.model_dump_json()))
    assert again == event
    assert json.loads(event.model_dump_json(exclude_unset=True)).keys() == raw.keys()


def test_the_fields_the_sdk_reads_are_typed() -> None:
    call = wire.parse_event(call_event("Disconnected", FinalState="True"))
    assert isinstance(call, wire.ContactEvent)
    assert call.ContactID == str(CONTACT)
    assert call.IsInbound is True
    assert call.FinalState is True
    assert call.AllowDispositions is True
    assert call.IsRequireManualAccept is True
    assert call.Timeout == 15
    assert call.DNIS == "8005550100"


def test_numeric_ids_arrive_as_numbers_or_text_and_stay_text() -> None:
    item = wire.parse_event(work_item_event())
    assert isinstance(item, wire.ContactEvent)
    assert (item.ContactID, item.MasterID, item.AgentId) == (str(CONTACT + 1), "584930212", "1204")
    assert item.RefusalTimeout == 30


def test_a_blank_timeout_means_none() -> None:
    call = wire.parse_event(call_event(Timeout=""))
    assert isinstance(call, wire.ContactEvent)
    assert call.Timeout is None


def test_unknown_fields_are_kept() -> None:
    call = wire.parse_event(call_event(OmniGroupId="9", ComplianceRecord="False"))
    assert isinstance(call, wire.ContactEvent)
    assert call.model_extra == {"OmniGroupId": "9", "ComplianceRecord": "False"}
    assert json.loads(call.model_dump_json())["OmniGroupId"] == "9"


def test_missing_optional_fields_are_tolerated_and_not_written() -> None:
    raw = {"Type": "CallContactEvent", "ContactID": "1", "Status": "Incoming"}
    call = wire.parse_event(raw)
    assert isinstance(call, wire.ContactEvent)
    assert call.FinalState is None and call.Timeout is None
    dumped = call.model_dump(mode="json")
    assert "FinalState" not in dumped and "Timeout" not in dumped
    assert dumped["ANI"] == ""  # the fields the sandbox always wrote are still written


@pytest.mark.parametrize(
    "raw",
    [
        call_event(Timeout="soon"),
        call_event(IsInbound="perhaps"),
        call_event(ContactID=12.5),
        call_event(ContactID=None),
        work_item_event(AgentId=[1204]),
        call_event(Status=3),
    ],
)
def test_a_wrong_type_is_refused(raw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        wire.ContactEvent.model_validate(raw)
    assert isinstance(wire.parse_event(raw), wire.UnknownEvent)


# -- AgentState around contacts ----------------------------------------------------------------


def test_agent_state_in_after_contact_work() -> None:
    raw = {
        "Type": "AgentState",
        "CurrentState": "Unavailable",
        "CurrentOutReason": "ACW",
        "StartTimeUTC": "2026-11-22T03:30:00.000Z",
        "IsAcw": "True",
        "AcwTimeout": "60",
        "NextIsAcw": "False",
        "NextStates": [{"State": "Available", "OutReason": ""}],
    }
    state = wire.parse_event(raw)
    assert isinstance(state, wire.AgentState)
    assert state.IsAcw is True
    assert state.AcwTimeout == 60
    assert state.NextIsAcw is False
    assert state.NextStates == [wire.NextState(State="Available", OutReason="")]
    assert wire.parse_event(json.loads(state.model_dump_json())) == state


def test_agent_state_as_the_sandbox_writes_it_is_unchanged() -> None:
    state = wire.AgentState(
        Type="AgentState",
        CurrentState="Available",
        StartTimeUTC="2026-11-22T03:30:00.000Z",
        NextStates=["Unavailable"],
    )
    assert state.model_dump(mode="json") == {
        "Type": "AgentState",
        "CurrentState": "Available",
        "CurrentOutReason": "",
        "StartTimeUTC": "2026-11-22T03:30:00.000Z",
        "NextStates": ["Unavailable"],
        "IsAcw": False,
        "ChangedBy": "",
        "ChangedById": "",
    }


@pytest.mark.parametrize("changes", [{"AcwTimeout": "a minute"}, {"IsAcw": "maybe"}])
def test_agent_state_refuses_wrong_types(changes: dict[str, Any]) -> None:
    raw = {"Type": "AgentState", "CurrentState": "Available", "StartTimeUTC": "x", **changes}
    with pytest.raises(ValidationError):
        wire.AgentState.model_validate(raw)


# -- interaction routes ------------------------------------------------------------------------


def test_the_route_table_matches_the_sdk() -> None:
    table = {
        action: (route.method, route.path_for(SESSION, str(CONTACT)), route.body, route.status)
        for action, route in wire.INTERACTION_ROUTES.items()
    }
    base = f"/agent-sessions/{SESSION}/interactions/{CONTACT}"
    assert table == {
        wire.InteractionAction.ACCEPT: ("POST", f"{base}/accept", None, 202),
        wire.InteractionAction.REJECT: ("POST", f"{base}/reject", None, 202),
        wire.InteractionAction.HOLD: ("POST", f"{base}/hold", None, 202),
        wire.InteractionAction.RESUME: ("POST", f"{base}/resume", None, 202),
        wire.InteractionAction.END: ("POST", f"{base}/end", None, 202),
        wire.InteractionAction.DISPOSITION: (
            "POST",
            f"{base}/disposition",
            wire.DispositionRequest,
            202,
        ),
    }


def test_disposition_round_trips_as_json_and_from_a_query_string() -> None:
    body = {
        "primaryDispositionId": 456789,
        "primaryDispositionNotes": "Refund agreed",
        "primaryCommitmentAmount": 25.5,
        "primaryCallbackTime": "2026-11-23T15:00:00.000Z",
        "primaryCallbackNumber": "4085550199",
    }
    parsed = wire.DispositionRequest.model_validate_json(json.dumps(body))
    assert json.loads(parsed.model_dump_json()) == body
    query = wire.DispositionRequest.from_query({"primaryDispositionId": "456789"})
    assert query == wire.DispositionRequest(primaryDispositionId=456789)


def test_disposition_needs_only_its_id_and_ignores_unknown_fields() -> None:
    parsed = wire.DispositionRequest.model_validate({"primaryDispositionId": 7, "customerId": "c"})
    assert parsed.model_dump(exclude_none=True) == {"primaryDispositionId": 7}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"primaryDispositionId": "7"},
        {"primaryDispositionId": 0},
        {"primaryDispositionId": 7, "primaryDispositionNotes": 5},
        {"primaryDispositionId": 7, "primaryCommitmentAmount": -1},
    ],
)
def test_disposition_refuses_wrong_types(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        wire.DispositionRequest.model_validate_json(json.dumps(body))


def test_contact_failures_have_names() -> None:
    assert wire.ErrorName.INVALID_CONTACT == "InvalidContactId"
    assert wire.ErrorName.INVALID_CONTACT_STATE == "InvalidContactState"
    assert wire.ErrorName.INVALID_DISPOSITION == "InvalidDisposition"
    body = wire.ErrorBody(error=wire.ErrorName.INVALID_CONTACT, message="No such contact.")
    assert body.model_dump() == {"error": "InvalidContactId", "message": "No such contact."}
