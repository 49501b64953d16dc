"""Engine contact events -> the Webex contact (task) frames, as the SDK's task manager reads them.

One engine event may be more than one frame (an offer is ``AgentContactReserved`` then
``AgentOfferContact``). Every frame carries the SDK's TaskData fields (``wire.TaskFrame``):
``interactionId``, ``agentId``, ``mediaResourceId``, the whole ``interaction`` record (state,
participants, the main media leg with ``isHold``, who and where from), ``queueMgr``, ``owner``,
``ronaTimeout``, and ``reason`` / ``reasonCode`` on failures. Frames the socket's event union
models (offer, assigned, ended, the whole contact) are built as those models; the others travel
as ``UnknownEvent`` after validating against their own model, so both sides read one contract.

Beyond the SDK's fields, each frame also says the agent's load after it (``agentSessionId``,
``channelsMap``, ``interactionIds``) and the channel at the top (``mediaType``), as the
sandbox's earlier contact frames did, so a desktop need not keep count itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.backends.webex import wire
from tui.sandbox.engine.model import (
    AgentSession,
    Contact,
    ContactAction,
    ContactStatus,
    Event,
    EventKind,
    Refusal,
)
from tui.sandbox.engine.org import Org

ENTRY_POINT_DN = "+18005550100"
"""The number every sandbox contact reached (the one entry point's); a real tenant's vary."""
QUEUE_MANAGER = "aqm"

STATE_OFFERED = "new"
STATE_CONNECTED = "connected"
STATE_HOLD = "hold"
STATE_WRAP_UP = "wrapUp"

INTERACTION_STATE: dict[ContactStatus, str] = {
    ContactStatus.OFFERED: STATE_OFFERED,
    ContactStatus.RINGING: STATE_OFFERED,
    ContactStatus.ASSIGNED: STATE_CONNECTED,
    ContactStatus.HELD: STATE_HOLD,
    ContactStatus.WRAP_UP: STATE_WRAP_UP,
}
"""``interaction.state`` per engine status; an ended contact's record says ``isTerminated``."""

MEDIA_CHANNEL = {"telephony": "telephony", "chat": "web", "email": "email", "social": "facebook"}

FAILURE_FRAME: dict[ContactAction, str] = {
    ContactAction.ACCEPT: "AgentContactAssignFailed",
    ContactAction.HOLD: "AgentContactHoldFailed",
    ContactAction.RESUME: "AgentContactUnHoldFailed",
    ContactAction.END: "AgentContactEndFailed",
    ContactAction.DECLINE: "AgentContactEndFailed",  # the SDK's cancel is `end` on an offer
    ContactAction.WRAP_UP: "AgentWrapupFailed",
}

FAILURE_REASON: dict[Refusal, wire.TaskFailureReason] = {
    Refusal.CONTACT_WRONG_STATE: wire.TaskFailureReason.INVALID_CONTACT_STATE,
    Refusal.UNKNOWN_WRAP_UP_CODE: wire.TaskFailureReason.INVALID_WRAP_UP_CODE,
    Refusal.NO_SUCH_CONTACT: wire.TaskFailureReason.CONTACT_NOT_FOUND,
    Refusal.NOT_LOGGED_IN: wire.TaskFailureReason.CONTACT_NOT_FOUND,
}

_UNION_MODELS: dict[str, type[Any]] = {
    "AgentOfferContact": wire.AgentOfferContact,
    "AgentContactAssigned": wire.AgentContactAssigned,
    "ContactEnded": wire.ContactEnded,
    "AgentContact": wire.AgentContact,
}


class ContactFrames:
    """Builds the contact frames' ``data`` for an engine event (one per sandbox socket)."""

    def __init__(self, org: Org, common: Callable[[Event], dict[str, Any]]) -> None:
        self._org = org
        self._common = common

    def data(self, event: Event) -> list[Any]:
        """The frames' data for a contact event, in order; [] when it has none."""
        contact = event.contact
        if contact is None:
            return []
        if event.kind is EventKind.CONTACT_ACTION_REFUSED:
            return [self._failure(event, contact)]
        session = event.session
        if session is None:
            return []
        kind = event.kind
        if kind is EventKind.CONTACT_OFFERED:
            names = ["AgentContactReserved", "AgentOfferContact"]
        elif kind is EventKind.CONTACT_WRAP_UP:
            names = ["AgentWrapup" if contact.ended_by == "agent" else "ContactEnded"]
        else:
            name = {
                EventKind.CONTACT_ASSIGNED: "AgentContactAssigned",
                EventKind.CONTACT_HELD: "AgentContactHeld",
                EventKind.CONTACT_RESUMED: "AgentContactUnheld",
                EventKind.CONTACT_WRAPPED_UP: "AgentWrappedUp",
                EventKind.CONTACT_NOT_ANSWERED: "AgentOfferContactRona",
                EventKind.CONTACT_DECLINED: "ContactEnded",  # `end` on an offer: the cancel
                EventKind.CONTACT_ENDED: "ContactEnded",
            }.get(kind)
            if name is None:
                return []
            names = [name]
        return [self._frame(name, event, contact, session) for name in names]

    def agent_contact(self, event: Event, contact: Contact) -> wire.AgentContact:
        """The platform's whole record of one open contact, as a relogin re-sends it."""
        fields = self._task_fields(event, contact, event.agent_id)
        return wire.AgentContact.model_validate({"type": "AgentContact", **fields})

    # Internals ------------------------------------------------------------------------------

    def _frame(self, name: str, event: Event, contact: Contact, session: AgentSession) -> Any:
        fields = self._task_fields(event, contact, session.agent_id)
        fields |= {
            "type": name,
            "mediaType": contact.channel,
            "agentSessionId": session.session_id,
            "channelsMap": session.channel_load(self._org.channel_types),
            "interactionIds": session.interaction_ids,
        }
        if name == "ContactEnded":
            owed = contact.status is ContactStatus.WRAP_UP
            fields |= {
                "reason": event.detail or ("Customer ended" if owed else "Ended"),
                "agentsPendingWrapUp": [session.agent_id] if owed else [],
                "wrapUpRequired": owed,
            }
        elif name == "AgentWrappedUp" and contact.wrap_up_code_id:
            fields["wrapUpAuxCodeId"] = contact.wrap_up_code_id
        elif name == "AgentWrapup":
            fields["wrapUpRequired"] = True
        elif name == "AgentOfferContactRona":
            fields["reason"] = "RONA"
        return _as_data(name, fields)

    def _failure(self, event: Event, contact: Contact) -> Any:
        assert event.action is not None and event.refusal is not None
        name = FAILURE_FRAME[event.action]
        reason = FAILURE_REASON.get(event.refusal, wire.TaskFailureReason.INVALID_CONTACT_STATE)
        fields = self._task_fields(event, contact, contact.agent_id)
        fields |= {
            "type": name,
            "agentId": event.actor_id or event.agent_id,
            "reason": reason.value,
            "reasonCode": reason.code,
            "description": event.detail,
        }
        return _as_data(name, fields)

    def _task_fields(self, event: Event, contact: Contact, agent_id: str) -> dict[str, Any]:
        """The TaskData fields every contact frame carries."""
        common = self._common(event)
        fields: dict[str, Any] = {
            "interactionId": contact.contact_id,
            "agentId": agent_id,
            "mediaResourceId": contact.contact_id,
            "orgId": common["orgId"],
            "trackingId": common["trackingId"],
            "eventType": wire.ROUTING_MESSAGE,
            "eventTime": event.at_ms,
            "queueMgr": QUEUE_MANAGER,
            "owner": agent_id,
            "queueName": contact.queue,
            "isConferencing": False,
            "isConsulted": False,
            "interaction": self._interaction(contact, agent_id),
        }
        rona = _rona_timeout_s(contact)
        if rona is not None:
            fields["ronaTimeout"] = rona
        return fields

    def _interaction(self, contact: Contact, agent_id: str) -> dict[str, Any]:
        held = contact.status is ContactStatus.HELD
        state = INTERACTION_STATE.get(contact.status)
        processing: dict[str, Any] = {
            "ani": contact.origin,
            "dnis": ENTRY_POINT_DN,
            "virtualTeamName": contact.queue,
        }
        rona = _rona_timeout_s(contact)
        if rona is not None:
            processing["ronaTimeout"] = str(rona)
        record = wire.ContactInteraction(
            interactionId=contact.contact_id,
            mediaType=contact.channel,
            mediaChannel=MEDIA_CHANNEL.get(contact.channel, contact.channel),
            state=state,
            orgId=self._org.orgId,
            owner=agent_id,
            isFcManaged=False,
            isTerminated=state is None,
            contactDirection=wire.ContactDirection(type="INBOUND"),
            createdTimestamp=contact.offered_ms,
            queuedTimestamp=contact.offered_ms,
            mainInteractionId=contact.contact_id,
            callAssociatedDetails=wire.CallAssociatedDetails(
                ani=contact.origin, dn=ENTRY_POINT_DN, virtualTeamName=contact.queue
            ),
            callProcessingDetails=processing,
            participants={
                contact.origin: {"id": contact.origin, "pType": "Customer"},
                agent_id: {
                    "id": agent_id,
                    "pType": "Agent",
                    "hasJoined": contact.status.is_live or contact.status is ContactStatus.WRAP_UP,
                    "isWrapUp": contact.status is ContactStatus.WRAP_UP,
                },
            },
            media={
                contact.contact_id: wire.MediaEntry(
                    mediaResourceId=contact.contact_id,
                    mediaType=contact.channel,
                    mediaMgr=f"{contact.channel}mm",
                    participants=[contact.origin, agent_id],
                    mType="mainCall",
                    isHold=held,
                    holdTimestamp=contact.state_changed_ms if held else None,
                )
            },
        )
        fields = record.model_dump(mode="json", exclude_none=True)
        # The sandbox's earlier short form, still read by older desktops: who and which queue.
        return fields | {"from": contact.origin, "queue": contact.queue}


def _rona_timeout_s(contact: Contact) -> int | None:
    """How long the offer rings before RONA, while it is an offer that rings out."""
    if not contact.status.is_offer or not contact.rings_out_ms:
        return None
    return max(0, round((contact.rings_out_ms - contact.since_ms) / 1000))


def _as_data(name: str, fields: dict[str, Any]) -> Any:
    """The frame's data: its union model, or (a task frame) an `UnknownEvent` holding exactly
    what its own model accepted."""
    model = _UNION_MODELS.get(name)
    if model is not None:
        return model.model_validate(fields)
    wire.TASK_FRAME_MODELS[name].model_validate(fields)  # the contract, checked as it is sent
    return wire.UnknownEvent.model_validate(fields)


def is_contact_data(data: Any) -> bool:
    """Whether a frame's data is a contact frame (its envelope's type is ``RoutingMessage``)."""
    kind = getattr(data, "type", None)
    return kind in _UNION_MODELS or kind in wire.TASK_FRAME_MODELS
