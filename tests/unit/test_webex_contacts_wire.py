"""The Webex contact contract: the task routes the SDK calls with their bodies, and every
contact frame the SDK's task manager reads, with the fields it reads. Values are ours."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from tui.backends.webex import wire as w

ORG = "6f3e2c51-0b0d-4d0a-9a55-3c1f8b4a7e10"
AGENT = "0b3a9e4c-5d3f-4d6e-8a1b-9f2c7d6e5a41"
CALL = "4f5a6b7c-8d9e-4f0a-1b2c-3d4e5f6a7b8c"
LEG = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
QUEUE = "8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a"
WRAP = "9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"


def interaction(state: str = "new", *, held: bool = False, media_type: str = "telephony"):
    return {
        "interactionId": CALL,
        "orgId": ORG,
        "mediaType": media_type,
        "mediaChannel": "telephony" if media_type == "telephony" else "web",
        "state": state,
        "isFcManaged": False,
        "isTerminated": False,
        "currentVTeam": QUEUE,
        "previousVTeams": [QUEUE],
        "owner": AGENT,
        "contactDirection": {"type": "INBOUND"},
        "createdTimestamp": 1718000000000,
        "queuedTimestamp": 1718000001000,
        "callAssociatedDetails": {"ani": "+14085550199", "dn": "+18005550100"},
        "callProcessingDetails": {
            "ani": "+14085550199",
            "virtualTeamName": "Billing",
            "ronaTimeout": "15",
            "customerName": "Pat Doe",
        },
        "participants": {
            AGENT: {"id": AGENT, "pType": "Agent", "isWrapUp": state == "wrapUp"},
            "+14085550199": {"id": "+14085550199", "pType": "Customer"},
        },
        "media": {
            LEG: {
                "mediaResourceId": LEG,
                "mediaType": media_type,
                "mediaMgr": "callmm",
                "participants": [AGENT, "+14085550199"],
                "mType": "mainCall",
                "isHold": held,
                "holdTimestamp": 1718000060000 if held else None,
            }
        },
    }


def task(kind: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": kind,
        "interactionId": CALL,
        "agentId": AGENT,
        "mediaResourceId": LEG,
        "orgId": ORG,
        "trackingId": "routing_1",
        "eventType": "RoutingMessage",
        "eventTime": 1718000002000,
        "queueMgr": "aqm",
        "owner": AGENT,
        "destAgentId": AGENT,
        "consultMediaResourceId": "",
        "isConferencing": False,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


FRAMES: list[tuple[dict[str, Any], type[w.TaskFrame]]] = [
    (
        task("AgentContactReserved", interaction=interaction(), ronaTimeout=15),
        w.AgentContactReserved,
    ),
    (task("AgentContactHeld", interaction=interaction("hold", held=True)), w.AgentContactHeld),
    (task("AgentContactUnheld", interaction=interaction("connected")), w.AgentContactUnheld),
    (task("AgentWrapup", interaction=interaction("wrapUp")), w.AgentWrapup),
    (task("AgentWrappedUp", wrapUpAuxCodeId=WRAP), w.AgentWrappedUp),
    (task("AgentOfferContactRona", reason="RONA", reasonCode=156), w.AgentOfferContactRona),
    (
        task("AgentContactUnassigned", interaction=interaction("connected")),
        w.AgentContactUnassigned,
    ),
    (
        task("AgentContactAssignFailed", reason="No answer", reasonCode=1400),
        w.AgentContactAssignFailed,
    ),
    (
        task("AgentContactHoldFailed", reason="Not allowed", reasonCode="1151"),
        w.AgentContactHoldFailed,
    ),
    (
        task("AgentContactUnHoldFailed", reason="Not held", reasonCode=1152),
        w.AgentContactUnHoldFailed,
    ),
    (task("AgentContactEndFailed", reason="Gone", reasonCode=1153), w.AgentContactEndFailed),
    (task("AgentWrapupFailed", reason="Bad code", reasonCode=1154), w.AgentWrapupFailed),
]
FRAME_IDS = [data["type"] for data, _ in FRAMES]


@pytest.mark.parametrize(("data", "model"), FRAMES, ids=FRAME_IDS)
def test_each_contact_frame_parses_and_dumps_back(data: dict[str, Any], model: type) -> None:
    parsed = w.parse_task_frame(data)
    assert type(parsed) is model
    assert json.loads(parsed.model_dump_json(exclude_unset=True)) == data
    assert w.parse_task_frame(parsed.model_dump()) == parsed


def test_the_fields_the_sdk_reads_are_typed() -> None:
    held = w.parse_task_frame(task("AgentContactHeld", interaction=interaction("hold", held=True)))
    assert isinstance(held, w.AgentContactHeld)
    assert held.interaction.mediaType == "telephony"
    assert held.interaction.state == "hold"
    assert held.interaction.media is not None
    assert held.interaction.media[LEG].isHold is True
    assert held.interaction.participants is not None
    assert held.interaction.participants[AGENT]["pType"] == "Agent"
    assert held.interaction.callAssociatedDetails is not None
    assert held.interaction.callAssociatedDetails.ani == "+14085550199"
    assert held.interaction.contactDirection is not None
    assert held.interaction.contactDirection.type == "INBOUND"
    ended = w.parse_task_frame(task("AgentContactHoldFailed", reason="x", reasonCode="1151"))
    assert isinstance(ended, w.AgentContactHoldFailed)
    assert ended.reasonCode == "1151"


@pytest.mark.parametrize(("data", "model"), FRAMES, ids=FRAME_IDS)
def test_unknown_fields_are_kept(data: dict[str, Any], model: type) -> None:
    parsed = model.model_validate({**data, "spanId": "s1"})
    assert parsed.model_extra == {"spanId": "s1"}
    assert json.loads(parsed.model_dump_json())["spanId"] == "s1"


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("AgentWrappedUp", w.AgentWrappedUp),
        ("AgentOfferContactRona", w.AgentOfferContactRona),
        ("AgentContactAssignFailed", w.AgentContactAssignFailed),
        ("AgentWrapupFailed", w.AgentWrapupFailed),
    ],
)
def test_only_type_and_interaction_id_are_needed_where_the_sdk_reads_no_more(
    kind: str, model: type
) -> None:
    parsed = w.parse_task_frame({"type": kind, "interactionId": CALL})
    assert type(parsed) is model
    assert parsed.interaction is None
    assert parsed.eventType == "RoutingMessage"


def test_frames_that_carry_the_contact_need_its_interaction() -> None:
    with pytest.raises(ValidationError):
        w.AgentContactHeld.model_validate(task("AgentContactHeld"))
    assert w.parse_task_frame(task("AgentContactHeld")) is None


@pytest.mark.parametrize(
    "bad",
    [
        task("AgentContactHeld", interaction=interaction(), ronaTimeout="soon"),
        task("AgentContactHeld", interaction={**interaction(), "media": {LEG: {"isHold": True}}}),
        task("AgentContactHeld", interaction={**interaction(), "mediaType": 7}),
        {"type": "AgentWrappedUp", "interactionId": 42},
    ],
)
def test_a_wrong_type_is_refused(bad: dict[str, Any]) -> None:
    model = w.TASK_FRAME_MODELS[bad["type"]]
    with pytest.raises(ValidationError):
        model.model_validate(bad)
    assert w.parse_task_frame(bad) is None


def test_parse_task_frame_ignores_what_it_does_not_model() -> None:
    assert w.parse_task_frame({"type": "AgentOfferContact", "interactionId": CALL}) is None
    assert w.parse_task_frame(["AgentWrapup"]) is None
    assert w.parse_task_frame({"interactionId": CALL}) is None


def test_contact_frames_are_not_yet_part_of_the_socket_union() -> None:
    """Until the client maps them, the socket still hands them over as unknown events."""
    data = task("AgentWrapup", interaction=interaction("wrapUp"))
    raw = json.dumps({"type": "RoutingMessage", "data": data})
    msg = w.parse_frame(raw)
    assert isinstance(msg, w.Msg)
    assert isinstance(msg.data, w.UnknownEvent)
    assert isinstance(w.parse_task_frame(msg.data.model_dump()), w.AgentWrapup)


# -- offer, assigned, ended: the frames the client already maps ---------------------------------


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("AgentOfferContact", w.AgentOfferContact),
        ("AgentContactAssigned", w.AgentContactAssigned),
        ("ContactEnded", w.ContactEnded),
    ],
)
def test_platform_contact_frames_take_the_channel_from_their_interaction(
    kind: str, model: type
) -> None:
    data = task(kind, interaction=interaction("connected", media_type="chat"), ronaTimeout=15)
    msg = w.parse_frame(json.dumps({"type": "RoutingMessage", "orgId": ORG, "data": data}))
    assert isinstance(msg, w.Msg)
    assert type(msg.data) is model
    assert msg.data.mediaType == "chat"
    assert msg.data.mediaResourceId == LEG
    assert msg.data.ronaTimeout == 15
    assert msg.data.model_extra is not None
    assert msg.data.model_extra["queueMgr"] == "aqm"
    assert w.parse_frame(w.dump_frame(msg)) == msg


def test_contact_ended_carries_who_still_owes_a_wrap_up() -> None:
    data = task("ContactEnded", interaction=interaction("wrapUp"), agentsPendingWrapUp=[AGENT])
    ended = w.ContactEnded.model_validate(data)
    assert ended.agentsPendingWrapUp == [AGENT]
    assert ended.mediaType == "telephony"


# -- task routes -----------------------------------------------------------------------------


def test_the_route_table_matches_the_sdk() -> None:
    table = {
        action: (route.method, route.path_for(CALL), route.body, route.success, route.failure)
        for action, route in w.TASK_ROUTES.items()
    }
    base = f"/v1/tasks/{CALL}"
    assert table == {
        w.TaskAction.ACCEPT: (
            "POST",
            f"{base}/accept",
            w.EmptyTaskRequest,
            "AgentContactAssigned",
            "AgentContactAssignFailed",
        ),
        w.TaskAction.HOLD: (
            "POST",
            f"{base}/hold",
            w.HoldRequest,
            "AgentContactHeld",
            "AgentContactHoldFailed",
        ),
        w.TaskAction.UNHOLD: (
            "POST",
            f"{base}/unhold",
            w.HoldRequest,
            "AgentContactUnheld",
            "AgentContactUnHoldFailed",
        ),
        w.TaskAction.END: (
            "POST",
            f"{base}/end",
            w.EmptyTaskRequest,
            "AgentWrapup",
            "AgentContactEndFailed",
        ),
        w.TaskAction.WRAPUP: (
            "POST",
            f"{base}/wrapup",
            w.WrapupRequest,
            "AgentWrappedUp",
            "AgentWrapupFailed",
        ),
    }
    for route in w.TASK_ROUTES.values():
        assert route.success in w.EVENT_MODELS or route.success in w.TASK_FRAME_MODELS
        assert route.failure in w.TASK_FAILURE_TYPES


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (w.EmptyTaskRequest, {}),
        (w.HoldRequest, {"mediaResourceId": LEG}),
        (w.WrapupRequest, {"wrapUpReason": "Resolved", "auxCodeId": WRAP}),
    ],
)
def test_each_request_body_round_trips(model: type, body: dict[str, Any]) -> None:
    parsed = model.model_validate_json(json.dumps(body))
    assert json.loads(parsed.model_dump_json()) == body


def test_request_bodies_ignore_unknown_fields() -> None:
    parsed = w.HoldRequest.model_validate({"mediaResourceId": LEG, "extra": 1})
    assert parsed.model_dump() == {"mediaResourceId": LEG}


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (w.HoldRequest, {}),
        (w.HoldRequest, {"mediaResourceId": 12}),
        (w.HoldRequest, {"mediaResourceId": ""}),
        (w.WrapupRequest, {"wrapUpReason": "Resolved"}),
        (w.WrapupRequest, {"wrapUpReason": "Resolved", "auxCodeId": 5}),
        (w.WrapupRequest, {"wrapUpReason": "x" * 129, "auxCodeId": WRAP}),
    ],
)
def test_request_bodies_refuse_wrong_types_and_missing_fields(
    model: type, body: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        model.model_validate_json(json.dumps(body))


def test_wrap_up_codes_are_auxiliary_codes_with_what_the_sdk_reads() -> None:
    code = w.AuxiliaryCode.model_validate(
        {
            "id": WRAP,
            "name": "Resolved",
            "description": "Issue resolved",
            "active": True,
            "defaultCode": True,
            "isSystemCode": False,
            "workTypeId": "wt-2",
            "workTypeCode": "WRAP_UP_CODE",
        }
    )
    body = w.WrapupRequest(wrapUpReason=code.name, auxCodeId=code.id)
    assert body.auxCodeId == WRAP
    assert code.workTypeCode == "WRAP_UP_CODE"
