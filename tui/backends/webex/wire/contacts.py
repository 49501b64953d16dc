"""The contact (task) frames of the Webex notification socket, as the ``@webex/contact-center``
SDK reads them: a contact's whole record (``ContactInteraction``) and every ``RoutingMessage``
the SDK's task manager handles for the life of one contact.

Reserved -> offered -> assigned (accepted) -> held / unheld -> wrap-up (ended by the agent) or
ended -> wrapped up; an offer left ringing ends in ``AgentOfferContactRona``. Each task request
(``tasks.py``) is answered 202 and then by one of these frames, or by its ``...Failed`` frame.

The frames here are modelled and parsed by ``parse_task_frame``; the ones already part of the
socket's event union (offer, assigned, ended, the whole contact) live in ``events.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError

from tui.backends.webex.wire.common import ServerModel

ROUTING_MESSAGE = "RoutingMessage"
"""The coarse ``Msg.type`` and the ``eventType`` of every contact frame."""


class CallAssociatedDetails(ServerModel):
    """``interaction.callAssociatedDetails``: who and where a contact came from. The platform
    sends every value as a string (a number that comes anyway is read as its text); names
    beyond these are kept as they come."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    ani: str | None = None
    """The customer: caller number, chat visitor, email address or social handle."""
    dn: str | None = None
    """The number or address the customer reached (the entry point's)."""
    virtualTeamName: str | None = None
    """The queue the contact came through."""


class MediaEntry(ServerModel):
    """One leg of a contact in ``interaction.media`` (the main call, a consult leg, ...)."""

    mediaResourceId: str
    mediaType: str | None = None
    mediaMgr: str | None = None
    participants: list[str] = Field(default_factory=list)
    mType: str | None = None
    """``mainCall`` for the customer's leg, ``consult`` for a consult leg."""
    isHold: bool | None = False
    holdTimestamp: int | None = None
    """Epoch ms when this leg was put on hold; null when it is not held."""


class ContactDirection(ServerModel):
    type: str
    """``INBOUND`` or ``OUTBOUND``."""


class ContactInteraction(ServerModel):
    """``data.interaction``: the platform's whole record of one contact (the SDK's Interaction).

    The SDK reads ``mediaType`` (which channel), ``state``, ``participants`` (the agent's own
    entry says whether wrap-up is pending: ``isWrapUp``), ``media`` (held legs) and
    ``callAssociatedDetails`` / ``callProcessingDetails`` (who, from where, which queue).
    """

    interactionId: str
    mediaType: str
    """``telephony``, ``chat``, ``email`` or ``social``; ``mediaChannel`` names the app."""
    state: str | None = None
    """``new`` while offered; ``connected``, ``hold``, ``conference``, ``wrapUp`` after."""
    callAssociatedDetails: CallAssociatedDetails | None = None
    participants: dict[str, Any] | None = None
    """Participant id -> that participant (``pType`` is ``Customer``, ``Agent``, ...); the SDK
    types it ``any``, so an entry is read only when it is an object."""
    createdTimestamp: int | None = None
    """Epoch ms when the contact entered the contact center."""
    queuedTimestamp: int | None = None
    """Epoch ms when the contact was queued."""
    isTerminated: bool | None = None
    orgId: str | None = None
    isFcManaged: bool | None = None
    currentVTeam: str | None = None
    """The id of the queue the contact is in now."""
    previousVTeams: list[str] | None = None
    media: dict[str, MediaEntry] | None = None
    """Media resource id -> that leg."""
    owner: str | None = None
    """The agent id that owns the contact."""
    mediaChannel: str | None = None
    """The app behind the channel: ``telephony``, ``web``, ``sms``, ``facebook``, ``whatsapp``."""
    contactDirection: ContactDirection | None = None
    outboundType: str | None = None
    callProcessingDetails: dict[str, Any] | None = None
    """Flow variables; the SDK reads ``ani``, ``dnis``, ``virtualTeamName``, ``customerName``,
    ``ronaTimeout`` (seconds, as a string) and more. Values are mostly strings."""
    callAssociatedData: dict[str, dict[str, Any]] | None = None
    mainInteractionId: str | None = None
    parentInteractionId: str | None = None
    isWrapUpAssist: bool | None = None
    callFlowParams: dict[str, Any] | None = None
    """Flow parameter name -> ``{name, qualifier, description, valueDataType, value}``."""


class TaskFrame(ServerModel):
    """The fields every contact frame may carry (the SDK's TaskData); the SDK finds its task by
    ``interactionId`` and merges the rest into it."""

    type: str
    interactionId: str
    agentId: str | None = None
    mediaResourceId: str | None = None
    """The main leg's media resource id: what hold and unhold send back."""
    interaction: ContactInteraction | None = None
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = ROUTING_MESSAGE
    eventTime: int | None = None
    queueMgr: str | None = None
    owner: str | None = None
    destAgentId: str | None = None
    consultMediaResourceId: str | None = None
    queueName: str | None = None
    ronaTimeout: int | None = None
    """Seconds the offer rings before RONA."""
    isConferencing: bool | None = None
    isConsulted: bool | None = None
    reason: str | None = None
    reasonCode: int | str | None = None
    """The SDK types it ``string | number``."""
    reservationInteractionId: str | None = None
    agentsPendingWrapUp: list[str] | None = None
    """Agent ids that still owe a wrap-up (sent on ``ContactEnded``)."""
    wrapUpRequired: bool | None = None
    # The rest of the SDK's TaskData, read by nothing here but typed as it types them.
    participantId: str | None = None
    fromOwner: bool | None = None
    toOwner: bool | None = None
    childInteractionId: str | None = None
    isConferenceInProgress: bool | None = None
    updatedBy: str | None = None
    destinationType: str | None = None
    autoResumed: bool | None = None
    consultingAgentId: str | None = None
    taskId: str | None = None
    id: str | None = None
    isWebCallMute: bool | None = None
    reservedAgentChannelId: str | None = None
    isAutoAnswering: bool | None = None


class _WithInteraction(TaskFrame):
    interaction: ContactInteraction  # type: ignore[assignment]  # required here


class AgentContactReserved(_WithInteraction):
    """``AgentContactReserved``: a contact is reserved for the agent; the SDK creates its task
    from this frame and tells the app a task is incoming."""

    type: Literal["AgentContactReserved"] = "AgentContactReserved"


class AgentContactHeld(_WithInteraction):
    """``AgentContactHeld``: the answer to hold; ``interaction.media[...].isHold`` is true."""

    type: Literal["AgentContactHeld"] = "AgentContactHeld"


class AgentContactUnheld(_WithInteraction):
    """``AgentContactUnheld``: the answer to unhold (resume)."""

    type: Literal["AgentContactUnheld"] = "AgentContactUnheld"


class AgentWrapup(_WithInteraction):
    """``AgentWrapup``: the answer to end; the contact is over and the agent owes a wrap-up."""

    type: Literal["AgentWrapup"] = "AgentWrapup"


class AgentWrappedUp(TaskFrame):
    """``AgentWrappedUp``: the answer to wrap-up; the SDK drops the task."""

    type: Literal["AgentWrappedUp"] = "AgentWrappedUp"
    wrapUpAuxCodeId: str | None = None
    """The wrap-up code chosen, when the server says (the SDK reads nothing but the type and
    ``interactionId`` from this frame)."""


class AgentOfferContactRona(TaskFrame):
    """``AgentOfferContactRona``: the offer rang out unanswered; the platform re-queues the
    contact and sets the agent's RONA state (an ``AgentStateChangeSuccess`` follows)."""

    type: Literal["AgentOfferContactRona"] = "AgentOfferContactRona"


class AgentContactUnassigned(TaskFrame):
    """``AgentContactUnassigned``: the contact left the agent; the SDK ends the task with a
    wrap-up owed."""

    type: Literal["AgentContactUnassigned"] = "AgentContactUnassigned"


class AgentContactAssignFailed(TaskFrame):
    """``AgentContactAssignFailed``: accept failed (``reason``, ``reasonCode``)."""

    type: Literal["AgentContactAssignFailed"] = "AgentContactAssignFailed"


class AgentContactHoldFailed(TaskFrame):
    type: Literal["AgentContactHoldFailed"] = "AgentContactHoldFailed"


class AgentContactUnHoldFailed(TaskFrame):
    """Note the capital H: the platform's spelling."""

    type: Literal["AgentContactUnHoldFailed"] = "AgentContactUnHoldFailed"


class AgentContactEndFailed(TaskFrame):
    type: Literal["AgentContactEndFailed"] = "AgentContactEndFailed"


class AgentWrapupFailed(TaskFrame):
    type: Literal["AgentWrapupFailed"] = "AgentWrapupFailed"


TASK_FRAME_MODELS: Mapping[str, type[TaskFrame]] = MappingProxyType(
    {
        model.model_fields["type"].default: model
        for model in (
            AgentContactReserved,
            AgentContactHeld,
            AgentContactUnheld,
            AgentWrapup,
            AgentWrappedUp,
            AgentOfferContactRona,
            AgentContactUnassigned,
            AgentContactAssignFailed,
            AgentContactHoldFailed,
            AgentContactUnHoldFailed,
            AgentContactEndFailed,
            AgentWrapupFailed,
        )
    }
)
"""``data.type`` -> model, for the contact frames not (yet) in the socket's event union."""

TASK_FAILURE_TYPES = frozenset(
    {
        "AgentContactAssignFailed",
        "AgentContactHoldFailed",
        "AgentContactUnHoldFailed",
        "AgentContactEndFailed",
        "AgentWrapupFailed",
    }
)


def parse_task_frame(data: object) -> TaskFrame | None:
    """``Msg.data`` as its contact-frame model; None when it is not one or does not validate."""
    if not isinstance(data, dict):
        return None
    model = TASK_FRAME_MODELS.get(str(data.get("type")))
    if model is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None
