"""The events of the Webex notification socket: the `data` of a `Msg`, chosen by `data.type`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from tui.backends.webex.wire.common import (
    AGENT_DESKTOP_MESSAGE,
    DeviceType,
    ServerModel,
    SubStatus,
)
from tui.backends.webex.wire.contacts import ContactInteraction
from tui.backends.webex.wire.failures import FailureReason


class FailureEvent(ServerModel):
    """Base of every ``...Failed`` event.

    ``reason`` stays a plain string so a reason the platform adds later still parses; read
    ``failure`` for the enum. Build failures with ``from_reason`` so the code always matches.
    """

    type: str
    reason: str
    reasonCode: int
    agentId: str | None = None
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE

    @property
    def failure(self) -> FailureReason | None:
        """The reason as an enum, or None when the platform sent one this module does not know."""
        try:
            return FailureReason(self.reason)
        except ValueError:
            return None

    @classmethod
    def from_reason(cls, reason: FailureReason, **fields: Any) -> Self:
        """This failure for ``reason``, with the matching ``reasonCode`` filled in."""
        return cls(reason=reason.value, reasonCode=reason.code, **fields)


class _StationSession(ServerModel):
    """The fields of a station session, shared by login success and relogin success."""

    agentId: str
    agentSessionId: str
    auxCodeId: str
    channelsMap: dict[str, list[str]]
    """Media type -> ids of the interactions the agent has on it."""
    dialNumber: str | None = None
    eventType: Literal["AgentDesktopMessage"] = AGENT_DESKTOP_MESSAGE
    interactionIds: list[str]
    lastIdleCodeChangeTimestamp: int
    """Epoch ms of the last idle-code change; equals the state timestamp unless moved between
    idle codes (the idle-code timer is shown only when the two differ)."""
    lastStateChangeTimestamp: int
    """Epoch ms of the last Available/Idle change (server clock)."""
    orgId: str
    profileType: str
    roles: list[str] | None = None
    siteId: str
    status: str
    subStatus: SubStatus
    supervisorSessionId: str | None = None
    teamId: str
    trackingId: str


class StationLoginSuccess(_StationSession):
    """``AgentStationLoginSuccess``: the agent's station session started."""

    type: Literal["AgentStationLoginSuccess"] = "AgentStationLoginSuccess"


class StationLoginFailed(FailureEvent):
    """``AgentStationLoginFailed``: e.g. INVALID_DIAL_NUMBER, DUPLICATE_LOCATION."""

    type: Literal["AgentStationLoginFailed"] = "AgentStationLoginFailed"


class AgentReloginSuccess(_StationSession):
    """``AgentReloginSuccess``: re-attached to an existing session (``POST /v1/agents/reload``)."""

    type: Literal["AgentReloginSuccess"] = "AgentReloginSuccess"
    deviceType: DeviceType | None = None
    dn: str | None = None
    """What silent relogin takes as the agent's number for AGENT_DN and EXTENSION."""
    isExtension: bool | None = None
    lastStateChangeReason: str | None = None


class AgentReloginFailed(FailureEvent):
    """``AgentReloginFailed``: usually AGENT_NOT_FOUND (no session to re-attach to)."""

    type: Literal["AgentReloginFailed"] = "AgentReloginFailed"


class AgentStateChangeSuccess(ServerModel):
    """``AgentStateChangeSuccess``: the agent's availability or idle code changed.

    ``changedBy``/``changedById``/``changedByName`` say who changed it; when a supervisor
    changed another agent, ``changedById`` differs from ``agentId``. The ids may be null when
    the platform itself changed the state (for example RONA).
    """

    type: Literal["AgentStateChangeSuccess"] = "AgentStateChangeSuccess"
    agentId: str
    agentSessionId: str
    auxCodeId: str
    changedBy: str | None
    changedById: str | None
    changedByName: str | None
    eventType: str = AGENT_DESKTOP_MESSAGE
    lastIdleCodeChangeTimestamp: int
    lastStateChangeTimestamp: int
    lastStateChangeReason: str | None = None
    orgId: str
    status: str
    subStatus: SubStatus
    trackingId: str


class AgentStateChangeFailed(FailureEvent):
    """``AgentStateChangeFailed``: e.g. INVALID_IDLE_CODE, AGENT_NOT_LOGGED_IN, NOT_PERMITTED."""

    type: Literal["AgentStateChangeFailed"] = "AgentStateChangeFailed"


class AgentLogoutSuccess(ServerModel):
    """``AgentLogoutSuccess``: the station session ended (by the agent, a supervisor or the
    platform; ``loggedOutBy`` says who when known)."""

    type: Literal["AgentLogoutSuccess"] = "AgentLogoutSuccess"
    agentId: str
    agentSessionId: str
    logoutReason: str
    loggedOutBy: str | None = None
    orgId: str
    status: str
    subStatus: str | None = None
    """The availability the session had when it ended (the SDK's type requires it)."""
    teamId: str | None = None
    roles: list[str] | None = None
    trackingId: str
    eventType: str = AGENT_DESKTOP_MESSAGE


class AgentLogoutFailed(FailureEvent):
    """``AgentLogoutFailed``: e.g. AGENT_NOT_LOGGED_IN, NOT_PERMITTED."""

    type: Literal["AgentLogoutFailed"] = "AgentLogoutFailed"


class BuddyChannel(ServerModel):
    """One channel of a buddy agent: how many contacts it holds against its capacity."""

    channelType: str
    capacity: int
    assigned: int = 0


class BuddyAgent(ServerModel):
    """One agent in a ``BuddyAgents`` answer.

    ``state`` is the agent's availability (``Available`` or ``Idle`` today; kept a plain
    string so other platform states still parse). ``idleCodeId``/``idleCodeName`` are set
    when Idle.
    """

    agentId: str
    agentName: str
    state: str
    teamId: str
    teamName: str
    siteId: str
    idleCodeId: str | None = None
    idleCodeName: str | None = None
    lastStateChangeTimestamp: int
    dn: str | None = None
    channels: list[BuddyChannel] | None = None


class BuddyAgents(ServerModel):
    """``BuddyAgents``: the answer to ``POST /v1/agents/buddyList``."""

    type: Literal["BuddyAgents"] = "BuddyAgents"
    agentId: str
    agentSessionId: str | None = None
    agentList: list[BuddyAgent]
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE


class AgentMultiLoginCloseSession(ServerModel):
    """``AgentMultiLoginCloseSession``: another subscription took over; this socket closes next.

    ``subscriptionId`` is the subscription being closed, when the server says.
    """

    type: Literal["AgentMultiLoginCloseSession"] = "AgentMultiLoginCloseSession"
    agentId: str | None = None
    orgId: str | None = None
    trackingId: str | None = None
    reason: str | None = None
    subscriptionId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE


class Interaction(ServerModel):
    """What the desktop shows about one contact. ``from`` is a Python keyword, hence
    ``from_`` in Python and ``"from"`` on the wire (both accepted when building)."""

    model_config = ConfigDict(
        extra="allow", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    from_: str | None = Field(default=None, alias="from")
    """Who the contact is from: caller number, chat handle or email address."""
    queue: str | None = None
    """Name of the queue the contact came through."""
    createdTimestamp: int | None = None
    """Epoch ms when the contact entered the contact center."""


class _ContactEvent(ServerModel):
    """The platform puts the channel only in ``interaction.mediaType``; a frame without a
    top-level ``mediaType`` takes it from there. Fields past ``eventType`` are the ones the SDK
    reads from these frames (see ``contacts.TaskFrame``); all optional. ``queueMgr`` and
    ``owner`` (strings on the platform) stay extras here, kept as they come."""

    interactionId: str
    mediaType: str
    """``telephony``, ``chat``, ``email`` or ``social`` here; the SDK's MEDIA_CHANNEL also
    names ``sms``, ``facebook`` and ``whatsapp``, which parse too."""
    agentId: str
    agentSessionId: str | None = None
    interaction: Interaction = Field(default_factory=Interaction)
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE
    mediaResourceId: str | None = None
    queueName: str | None = None
    eventTime: int | None = None
    ronaTimeout: int | None = None
    """Seconds the offer rings before RONA."""
    reservationInteractionId: str | None = None
    agentsPendingWrapUp: list[str] | None = None
    reasonCode: int | str | None = None

    @model_validator(mode="before")
    @classmethod
    def _media_type_from_interaction(cls, data: Any) -> Any:
        if isinstance(data, dict) and "mediaType" not in data:
            inner = data.get("interaction")
            if isinstance(inner, dict) and isinstance(inner.get("mediaType"), str):
                return {**data, "mediaType": inner["mediaType"]}
        return data


class AgentOfferContact(_ContactEvent):
    """``AgentOfferContact``: a contact is being offered to the agent on ``mediaType``."""

    type: Literal["AgentOfferContact"] = "AgentOfferContact"


class AgentContactAssigned(_ContactEvent):
    """``AgentContactAssigned``: the agent now holds the contact (it counts against capacity)."""

    type: Literal["AgentContactAssigned"] = "AgentContactAssigned"


class ContactEnded(_ContactEvent):
    """``ContactEnded``: the contact is gone from the agent's channel."""

    type: Literal["ContactEnded"] = "ContactEnded"
    reason: str | None = None


class AgentContact(ServerModel):
    """``AgentContact``: a contact the agent holds, sent whole after a relogin (one frame per id
    in ``AgentReloginSuccess.interactionIds``); the SDK builds its tasks from these."""

    type: Literal["AgentContact"] = "AgentContact"
    agentId: str
    interactionId: str
    interaction: ContactInteraction
    mediaResourceId: str | None = None
    queueMgr: str | None = None
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = "RoutingMessage"


class UnknownEvent(ServerModel):
    """An event with a ``data.type`` this module does not model; every field is kept."""

    type: str


EVENT_MODELS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {
        "AgentStationLoginSuccess": StationLoginSuccess,
        "AgentStationLoginFailed": StationLoginFailed,
        "AgentStateChangeSuccess": AgentStateChangeSuccess,
        "AgentStateChangeFailed": AgentStateChangeFailed,
        "AgentLogoutSuccess": AgentLogoutSuccess,
        "AgentLogoutFailed": AgentLogoutFailed,
        "AgentReloginSuccess": AgentReloginSuccess,
        "AgentReloginFailed": AgentReloginFailed,
        "BuddyAgents": BuddyAgents,
        "AgentMultiLoginCloseSession": AgentMultiLoginCloseSession,
        "AgentOfferContact": AgentOfferContact,
        "AgentContactAssigned": AgentContactAssigned,
        "ContactEnded": ContactEnded,
        "AgentContact": AgentContact,
    }
)
"""``data.type`` -> the model for it. Anything else parses as ``UnknownEvent``."""


class MsgType(StrEnum):
    """The coarse kinds in ``Msg.type``. Clients dispatch on ``data.type``, not on these."""

    STATION_LOGIN = "StationLogin"
    AGENT_STATE_CHANGE = "AgentStateChange"
    LOGOUT = "Logout"
    AGENT_RELOGIN = "AgentReloginSuccess"
    AGENT_RELOGIN_FAILED = "AgentReloginFailed"
    """A relogin's failure has a kind of its own: the SDK's reload waits for this outer type."""
    BUDDY_AGENTS = "BuddyAgents"
    AGENT_MULTI_LOGIN = "AGENT_MULTI_LOGIN"
    ROUTING_MESSAGE = "RoutingMessage"
    """Contact events."""


MSG_TYPE_FOR_EVENT: Mapping[str, MsgType] = MappingProxyType(
    {
        "AgentStationLoginSuccess": MsgType.STATION_LOGIN,
        "AgentStationLoginFailed": MsgType.STATION_LOGIN,
        "AgentStateChangeSuccess": MsgType.AGENT_STATE_CHANGE,
        "AgentStateChangeFailed": MsgType.AGENT_STATE_CHANGE,
        "AgentLogoutSuccess": MsgType.LOGOUT,
        "AgentLogoutFailed": MsgType.LOGOUT,
        "AgentReloginSuccess": MsgType.AGENT_RELOGIN,
        "AgentReloginFailed": MsgType.AGENT_RELOGIN_FAILED,
        "BuddyAgents": MsgType.BUDDY_AGENTS,
        "AgentMultiLoginCloseSession": MsgType.AGENT_MULTI_LOGIN,
        "AgentOfferContact": MsgType.ROUTING_MESSAGE,
        "AgentContactAssigned": MsgType.ROUTING_MESSAGE,
        "ContactEnded": MsgType.ROUTING_MESSAGE,
        "AgentContact": MsgType.ROUTING_MESSAGE,
    }
)
"""``data.type`` -> the coarse kind the server puts in ``Msg.type``."""

_OTHER_TAG = "<other>"


def _event_tag(value: Any) -> str:
    """Pick the event model from ``type`` (a dict when parsing, a model when building)."""
    if isinstance(value, dict):
        kind = value.get("type")
    elif isinstance(value, UnknownEvent):
        return _OTHER_TAG
    else:
        kind = getattr(value, "type", None)
    if isinstance(kind, str) and kind in EVENT_MODELS:
        return kind
    return _OTHER_TAG


AgentEvent = (
    StationLoginSuccess
    | StationLoginFailed
    | AgentStateChangeSuccess
    | AgentStateChangeFailed
    | AgentLogoutSuccess
    | AgentLogoutFailed
    | AgentReloginSuccess
    | AgentReloginFailed
    | BuddyAgents
    | AgentMultiLoginCloseSession
    | AgentOfferContact
    | AgentContactAssigned
    | ContactEnded
    | AgentContact
    | UnknownEvent
)
"""Every ``Msg.data`` type, for ``match`` / ``isinstance`` in the client."""

EventField = Annotated[
    Annotated[StationLoginSuccess, Tag("AgentStationLoginSuccess")]
    | Annotated[StationLoginFailed, Tag("AgentStationLoginFailed")]
    | Annotated[AgentStateChangeSuccess, Tag("AgentStateChangeSuccess")]
    | Annotated[AgentStateChangeFailed, Tag("AgentStateChangeFailed")]
    | Annotated[AgentLogoutSuccess, Tag("AgentLogoutSuccess")]
    | Annotated[AgentLogoutFailed, Tag("AgentLogoutFailed")]
    | Annotated[AgentReloginSuccess, Tag("AgentReloginSuccess")]
    | Annotated[AgentReloginFailed, Tag("AgentReloginFailed")]
    | Annotated[BuddyAgents, Tag("BuddyAgents")]
    | Annotated[AgentMultiLoginCloseSession, Tag("AgentMultiLoginCloseSession")]
    | Annotated[AgentOfferContact, Tag("AgentOfferContact")]
    | Annotated[AgentContactAssigned, Tag("AgentContactAssigned")]
    | Annotated[ContactEnded, Tag("ContactEnded")]
    | Annotated[AgentContact, Tag("AgentContact")]
    | Annotated[UnknownEvent, Tag(_OTHER_TAG)],
    Discriminator(_event_tag),
]
