"""Contact frames shaped exactly as the vendor's SDK types them (``@webex/contact-center``
services/task/types.ts: ``TaskData`` and its ``Interaction``) parse into our models: every
field the SDK types is accepted as it types it, fields we do not know are kept, optional ones
may be missing, and the desktop reads the contact from them."""

from __future__ import annotations

import json
from typing import Any

from tui.backends.webex import wire as w
from tui.backends.webex.contacts import ContactContext, contact_events, task_view
from tui.domain import Channel, ContactOffered, ContactRestored
from tui.domain.channels import ContactState

AGENT = "6f7b5c1e-0d8a-4b3f-9e21-5a4c3b2d1e0f"
CALL = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
LEG = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
AT = 1718000002000
CTX = ContactContext(agent_id=AGENT)


def sdk_interaction(media_type: str = "telephony", **changes: Any) -> dict[str, Any]:
    """An ``Interaction`` with every field the SDK types, valued as it types them."""
    record: dict[str, Any] = {
        "isFcManaged": False,
        "isTerminated": False,
        "mediaType": media_type,
        "previousVTeams": ["vt-1"],
        "state": "new",
        "currentVTeam": "vt-1",
        "participants": {
            AGENT: {"id": AGENT, "pType": "Agent", "isWrapUp": False, "hasJoined": True},
            "+14155550199": {"id": "+14155550199", "pType": "Customer", "name": "Dana"},
            "note": "an entry the SDK types as any",
        },
        "interactionId": CALL,
        "orgId": "org-1",
        "createdTimestamp": AT - 5000,
        "isWrapUpAssist": False,
        "callProcessingDetails": {
            "QMgrName": "aqm",
            "taskToBeSelfServiced": "false",
            "ani": "+14155550199",
            "displayAni": "+14155550199",
            "dnis": "+18005550100",
            "tenantId": "t-1",
            "QueueId": "q-1",
            "vteamId": "vt-1",
            "customerName": "Dana",
            "virtualTeamName": "Support",
            "ronaTimeout": "15",
            "consultDestinationAgentJoined": True,
            "BLIND_TRANSFER_IN_PROGRESS": False,
        },
        "mainInteractionId": CALL,
        "media": {
            LEG: {
                "mediaResourceId": LEG,
                "mediaType": media_type,
                "mediaMgr": "vmm",
                "participants": ["+14155550199", AGENT],
                "mType": "mainCall",
                "isHold": False,
                "holdTimestamp": None,
            }
        },
        "owner": AGENT,
        "mediaChannel": "broadcloud",
        "contactDirection": {"type": "INBOUND"},
        "outboundType": None,
        "callFlowParams": {
            "Lang": {
                "name": "Lang",
                "qualifier": "",
                "description": "",
                "valueDataType": "string",
                "value": "en",
            }
        },
        "callAssociatedDetails": {"ani": "+14155550199", "virtualTeamName": "Support"},
    }
    return {**record, **changes}


def sdk_task(kind: str, **changes: Any) -> dict[str, Any]:
    """A ``TaskData`` with every field the SDK types (optional ones included)."""
    data: dict[str, Any] = {
        "mediaResourceId": LEG,
        "eventType": "RoutingMessage",
        "eventTime": AT,
        "agentId": AGENT,
        "destAgentId": AGENT,
        "trackingId": "notifs_1",
        "consultMediaResourceId": "",
        "interaction": sdk_interaction(),
        "participantId": AGENT,
        "fromOwner": False,
        "toOwner": True,
        "childInteractionId": "",
        "interactionId": CALL,
        "orgId": "org-1",
        "owner": AGENT,
        "queueMgr": "aqm",
        "queueName": "Support",
        "type": kind,
        "ronaTimeout": 15,
        "isConsulted": False,
        "isConferencing": False,
        "isConferenceInProgress": False,
        "updatedBy": AGENT,
        "destinationType": "Agent",
        "autoResumed": False,
        "reasonCode": "0",
        "reason": "",
        "consultingAgentId": "",
        "taskId": CALL,
        "id": CALL,
        "isWebCallMute": False,
        "reservationInteractionId": CALL,
        "reservedAgentChannelId": "ch-1",
        "wrapUpRequired": False,
        "isAutoAnswering": False,
        "agentsPendingWrapUp": [],
        "aFieldOfTomorrow": {"kept": True},
    }
    return {**data, **changes}


def received(data: dict[str, Any]) -> Any:
    msg = w.parse_frame(json.dumps({"type": "RoutingMessage", "orgId": "org-1", "data": data}))
    assert isinstance(msg, w.Msg), msg
    return msg.data


def test_an_offer_with_every_sdk_field_parses_and_keeps_what_it_does_not_know() -> None:
    data = received(sdk_task("AgentOfferContact"))
    assert isinstance(data, w.AgentOfferContact)
    assert data.model_extra is not None and data.model_extra["aFieldOfTomorrow"] == {"kept": True}
    frame = task_view(data)
    assert frame is not None and frame.interaction is not None
    assert frame.taskId == CALL and frame.reservedAgentChannelId == "ch-1"
    assert frame.interaction.callFlowParams is not None
    assert frame.interaction.callProcessingDetails is not None
    assert frame.interaction.callProcessingDetails["consultDestinationAgentJoined"] is True
    (offered,) = contact_events(data, CTX)
    assert isinstance(offered, ContactOffered)
    contact = offered.interaction
    assert (contact.id, contact.channel, contact.customer, contact.queue) == (
        CALL,
        Channel.TELEPHONY,
        "+14155550199",
        "Support",
    )


def test_each_task_frame_the_sdk_types_parses_whole() -> None:
    for kind in ("AgentContactReserved", "AgentContactHeld", "AgentContactUnheld", "AgentWrapup"):
        frame = task_view(received(sdk_task(kind)))
        assert frame is not None and frame.type == kind, kind
        assert frame.interaction is not None and frame.interaction.media is not None
    contact = received(sdk_task("AgentContact", interaction=sdk_interaction(state="connected")))
    assert isinstance(contact, w.AgentContact)
    (restored,) = contact_events(contact, CTX)
    assert isinstance(restored, ContactRestored)
    assert restored.interaction.state is ContactState.CONNECTED


def test_a_frame_with_only_what_the_sdk_requires_inside_is_tolerated() -> None:
    bare = {
        "type": "AgentOfferContact",
        "interactionId": CALL,
        "agentId": AGENT,
        "interaction": {"interactionId": CALL, "mediaType": "chat"},
    }
    (offered,) = contact_events(received(bare), CTX)
    assert isinstance(offered, ContactOffered)
    assert offered.interaction.channel is Channel.CHAT and offered.interaction.customer == ""
    held = {
        "type": "AgentContactHeld",
        "interactionId": CALL,
        "interaction": {
            "interactionId": CALL,
            "mediaType": "telephony",
            "media": {LEG: {"mediaResourceId": LEG}},  # a leg that says no more
        },
    }
    frame = task_view(received(held))
    assert frame is not None and frame.interaction is not None
    assert frame.interaction.media is not None and frame.interaction.media[LEG].isHold is False


def test_the_sdks_other_media_channels_parse_and_count_as_social() -> None:
    for media in ("whatsapp", "sms", "facebook"):
        data = received(sdk_task("AgentOfferContact", interaction=sdk_interaction(media)))
        assert isinstance(data, w.AgentOfferContact), media
        (offered,) = contact_events(data, CTX)
        assert offered.interaction.channel is Channel.SOCIAL, media


def test_numbers_where_the_platform_usually_writes_text_are_read_as_text() -> None:
    details = {"ani": 14155550199, "dn": 18005550100, "virtualTeamName": "Support"}
    data = received(
        sdk_task("AgentOfferContact", interaction=sdk_interaction(callAssociatedDetails=details))
    )
    (offered,) = contact_events(data, CTX)
    assert offered.interaction.customer == "14155550199"
