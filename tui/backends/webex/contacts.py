"""Webex contact (task) frames -> desktop contact events. Pure: no I/O, never raises on a frame.

The socket's event union models the offer, the assignment, the end and the whole contact; the
other task frames (held, unheld, wrap-up, wrapped up, RONA, the failures) arrive as
``UnknownEvent`` and are read here with ``wire.parse_task_frame``. Either way the frame is read
as the SDK reads it (``wire.TaskFrame``): the channel is ``interaction.mediaType``, who it is
from ``callAssociatedDetails.ani``, the queue ``virtualTeamName``, wrap-up owed when the agent's
participant ``isWrapUp`` or their id is in ``agentsPendingWrapUp``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from tui.backends.webex import wire
from tui.domain import (
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    ContactRestored,
    DesktopEvent,
    DesktopProfile,
    Interaction,
)
from tui.domain.channels import ContactState, Direction, channel_from_wire
from tui.domain.events import (
    ContactHeld,
    ContactNotAnswered,
    ContactResumed,
    ContactRinging,
    ContactWrappedUp,
)

CONTACT_FRAME_TYPES = frozenset(
    {"AgentOfferContact", "AgentContactAssigned", "ContactEnded", "AgentContact"}
    | set(wire.TASK_FRAME_MODELS)
)
"""``data.type`` of every frame about one contact."""

_STATE = {
    "new": ContactState.OFFERED,
    "connected": ContactState.CONNECTED,
    "conference": ContactState.CONNECTED,
    "hold": ContactState.HELD,
    "wrapUp": ContactState.WRAP_UP,
}


@dataclass(frozen=True, slots=True)
class ContactContext:
    agent_id: str
    profile: DesktopProfile | None = None
    rings_on_phone: bool = False
    """The agent takes calls on their own phone (a dial number or an extension): a voice
    offer rings there, and is answered there."""


def contact_type(data: Any) -> str | None:
    """The frame's ``data.type`` when it is a contact frame; None otherwise."""
    kind = getattr(data, "type", None)
    return kind if kind in CONTACT_FRAME_TYPES else None


def task_view(data: Any) -> wire.TaskFrame | None:
    """A contact frame read as the SDK's TaskData (its own model for the task frames); None
    when it is not one, or says too little (no ``interactionId``)."""
    if contact_type(data) is None:
        return None
    raw = data.model_dump(mode="json", by_alias=True) if hasattr(data, "model_dump") else data
    if not isinstance(raw, dict):
        return None
    if raw.get("type") in wire.TASK_FRAME_MODELS:
        return wire.parse_task_frame(raw)  # its own model, or nothing: it is malformed
    try:
        return wire.TaskFrame.model_validate(raw)
    except ValidationError:
        pass
    # An older or shorter frame: an `interaction` without the whole record.
    trimmed = {k: v for k, v in raw.items() if k != "interaction"}
    try:
        return wire.TaskFrame.model_validate(trimmed)
    except ValidationError:
        return None


def contact_events(data: Any, ctx: ContactContext) -> tuple[DesktopEvent, ...]:
    """The desktop events a contact frame stands for (often one; none for a frame that only
    prepares another, or is about someone else)."""
    frame = task_view(data)
    if frame is None:
        return ()
    if frame.agentId and frame.agentId != ctx.agent_id:
        return ()
    at = frame.eventTime or 0
    iid = frame.interactionId
    match frame.type:
        case "AgentOfferContact":
            offered = interaction_of(frame, data, ContactState.OFFERED)
            if frame.ronaTimeout and at:
                offered = _with(offered, rings_out_at=at + frame.ronaTimeout * 1000)
            events: tuple[DesktopEvent, ...] = (ContactOffered(offered),)
            if offered.channel is Channel.TELEPHONY and ctx.rings_on_phone:
                events += (ContactRinging(iid, at),)
            return events
        case "AgentContactAssigned":
            return (ContactAssigned(interaction_of(frame, data, ContactState.CONNECTED)),)
        case "AgentContactHeld":
            return (ContactHeld(iid, at),)
        case "AgentContactUnheld":
            return (ContactResumed(iid, at),)
        case "AgentWrapup" | "AgentContactUnassigned":
            return (ContactEnded(iid, _channel(frame, data), at, wrap_up=True),)
        case "ContactEnded":
            owed = ctx.agent_id in (frame.agentsPendingWrapUp or ())
            return (ContactEnded(iid, _channel(frame, data), at, wrap_up=owed),)
        case "AgentWrappedUp":
            code_id = getattr(frame, "wrapUpAuxCodeId", None) or ""
            code = ctx.profile.wrap_up_code(code_id) if ctx.profile and code_id else None
            return (ContactWrappedUp(iid, at, code),)
        case "AgentOfferContactRona":
            return (ContactNotAnswered(iid, at, _channel(frame, data), frame.ronaTimeout or 0),)
        case "AgentContact":
            restored = interaction_of(frame, data, restored_state(frame, ctx))
            # The record is sent now, not when its state began; a held leg says since when.
            # (Undated, the reducer would keep a known state over the record's: it is dated.)
            since = _held_since(frame, restored.state) or restored.state_changed_at
            restored = _with(restored, state_changed_at=since)
            offer = restored.state is ContactState.OFFERED
            if offer and restored.channel is Channel.TELEPHONY and ctx.rings_on_phone:
                restored = _with(restored, state=ContactState.RINGING)
            return (ContactRestored(restored),)
    return ()


def restored_state(frame: wire.TaskFrame, ctx: ContactContext) -> ContactState:
    """The contact's state from the platform's record: the agent's participant says whether a
    wrap-up is owed; otherwise ``interaction.state`` (or a held main leg) says."""
    details = frame.interaction
    if details is None:
        return ContactState.CONNECTED
    me = (details.participants or {}).get(ctx.agent_id)
    if isinstance(me, dict) and me.get("isWrapUp") is True:
        return ContactState.WRAP_UP
    state = _STATE.get(details.state or "", ContactState.CONNECTED)
    main = (details.media or {}).get(frame.mediaResourceId or "")
    if state is ContactState.CONNECTED and main is not None and main.isHold:
        return ContactState.HELD
    return state


def interaction_of(frame: wire.TaskFrame, data: Any, state: ContactState) -> Interaction:
    """The desktop's contact from a frame: who (``ani``, else the short form's ``from``, else
    the customer participant), queue (``virtualTeamName``, else ``queue``/``queueName``), since
    (``createdTimestamp``, else ``queuedTimestamp``). What the frame lacks stays empty."""
    details = frame.interaction
    associated = (details.callAssociatedDetails if details else None) or (
        wire.CallAssociatedDetails()
    )
    short = getattr(data, "interaction", None)
    short_from = getattr(short, "from_", None) if isinstance(short, wire.Interaction) else None
    short_queue = getattr(short, "queue", None) if isinstance(short, wire.Interaction) else None
    short_created = (
        getattr(short, "createdTimestamp", None) if isinstance(short, wire.Interaction) else None
    )
    started = (
        (details.createdTimestamp or details.queuedTimestamp if details else None)
        or short_created
        or 0
    )
    return Interaction(
        id=frame.interactionId,
        channel=_channel(frame, data) or Channel.TELEPHONY,
        started_at=started,
        customer=associated.ani or short_from or (_customer(details) if details else ""),
        queue=associated.virtualTeamName or short_queue or frame.queueName or "",
        state=state,
        state_changed_at=frame.eventTime or 0,
        direction=_direction(details),
    )


def _held_since(frame: wire.TaskFrame, state: ContactState) -> int:
    main = (
        (frame.interaction.media or {}).get(frame.mediaResourceId or "")
        if frame.interaction
        else None
    )
    if state is ContactState.HELD and main is not None and main.holdTimestamp:
        return main.holdTimestamp
    return 0


def _direction(details: wire.ContactInteraction | None) -> Direction:
    """``contactDirection.type`` (``INBOUND`` / ``OUTBOUND``); inbound when not said."""
    said = details.contactDirection.type if details and details.contactDirection else ""
    return Direction.OUTBOUND if said.upper() == "OUTBOUND" else Direction.INBOUND


def failure_sentence(frame: wire.TaskFrame) -> str:
    """A failure frame's reason in plain words."""
    words = (frame.reason or "no reason given").replace("_", " ").lower()
    return f"The platform refused: {words} (code {frame.reasonCode})."


SOCIAL_MEDIA = frozenset({"sms", "facebook", "whatsapp"})
"""The SDK's MEDIA_CHANNEL values that a multimedia profile counts as its ``social`` channel."""


def _channel(frame: wire.TaskFrame, data: Any) -> Channel | None:
    media = frame.interaction.mediaType if frame.interaction else None
    name = (media or getattr(data, "mediaType", None) or "").strip().lower()
    return Channel.SOCIAL if name in SOCIAL_MEDIA else channel_from_wire(name)


def _customer(details: wire.ContactInteraction) -> str:
    for participant in (details.participants or {}).values():
        if isinstance(participant, dict) and participant.get("pType") == "Customer":
            name = participant.get("name") or participant.get("id")
            return name if isinstance(name, str) else ""
    return ""


def _with(interaction: Interaction, **changes: Any) -> Interaction:
    return replace(interaction, **changes)
