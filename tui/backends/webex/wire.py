"""Webex Contact Center wire models: the one contract for both sides of the Webex wire.

The Webex client backend and the sandbox's Webex router both import this module, so a field
changes here or nowhere. It holds pydantic v2 models and pure helpers only: no I/O, no client
logic, no textual. Field names are the wire's own (camelCase), so ``model_dump_json()`` is what
goes on the wire.

Notification websocket frames
    Keepalive                   ``{"keepalive": "true"}``; ``KEEPALIVE_JSON`` is the text form.
    Welcome, WelcomeData        first frame on a socket: ``{"type":"Welcome","data":{agentId}}``.
    Msg                         envelope ``{type, orgId, trackingId, data}``; ``Msg.of(event)``
                                builds one with the right coarse ``type``.
    MsgType                     the coarse kinds used as ``Msg.type``.
    MSG_TYPE_FOR_EVENT          ``data.type`` -> the coarse kind the server puts in ``Msg.type``.
    UnknownFrame                what ``parse_frame`` returns for a frame it cannot use.
    Frame                       ``Keepalive | Welcome | Msg | UnknownFrame``.
    parse_frame(raw)            text/bytes -> Frame; never raises.
    dump_frame(frame)           Frame model -> JSON text (what the server sends).

Events (``Msg.data``, chosen by ``data.type``)
    StationLoginSuccess, StationLoginFailed, AgentStateChangeSuccess, AgentStateChangeFailed,
    AgentLogoutSuccess, AgentLogoutFailed, AgentReloginSuccess, AgentReloginFailed,
    BuddyAgents (+ BuddyAgent, BuddyChannel), AgentMultiLoginCloseSession,
    AgentOfferContact, AgentContactAssigned, ContactEnded (+ Interaction),
    UnknownEvent                a well-formed event whose ``data.type`` is not modelled here.
    AgentEvent                  the union of all of the above.
    FailureEvent                base of every ``...Failed`` event (``reason``, ``reasonCode``).
    EVENT_MODELS                ``data.type`` -> model class.
    FailureReason, FAILURE_REASON_CODES, failure_reason_for_code
                                failure reasons and their stable integer ``reasonCode``.

REST request and response bodies
    LoginRequest, StateRequest, LogoutRequest, BuddyListRequest, SubscribeRequest,
    SubscribeResponse, AVAILABLE_AUX_CODE_ID.
    AuxiliaryCode, Team, DialPlan, AgentProfile, User, Person   configuration DTOs.
    Page[T], PageMeta           the paged list envelope ``{data: [...], meta: {...}}``.
    ApiErrorResponse, ApiErrorDetails, OperationError, api_error(status, description, ...)
                                the error body of every non-2xx answer.

Type aliases: SubStatus, MediaType, DeviceType, Role, WorkTypeCode.

Tolerance: everything the server sends (events, frames, DTOs) keeps unknown fields
(``extra="allow"``), because real frames carry more than is modelled. Request bodies ignore
unknown fields but are strict about types (a number where a string belongs is an error) and
enforce the vendor's maximum lengths, so the server can answer a bad body with a 4xx.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from pydantic_core import from_json

__all__ = [
    "AVAILABLE_AUX_CODE_ID",
    "EVENT_MODELS",
    "FAILURE_REASON_CODES",
    "KEEPALIVE_JSON",
    "MSG_TYPE_FOR_EVENT",
    "AgentContactAssigned",
    "AgentEvent",
    "AgentLogoutFailed",
    "AgentLogoutSuccess",
    "AgentMultiLoginCloseSession",
    "AgentOfferContact",
    "AgentProfile",
    "AgentReloginFailed",
    "AgentReloginSuccess",
    "AgentStateChangeFailed",
    "AgentStateChangeSuccess",
    "ApiErrorDetails",
    "ApiErrorResponse",
    "AuxiliaryCode",
    "BuddyAgent",
    "BuddyAgents",
    "BuddyChannel",
    "BuddyListRequest",
    "ContactEnded",
    "DeviceType",
    "DialPlan",
    "FailureEvent",
    "FailureReason",
    "Frame",
    "Interaction",
    "Keepalive",
    "LoginRequest",
    "LogoutRequest",
    "MediaType",
    "Msg",
    "MsgType",
    "OperationError",
    "Page",
    "PageMeta",
    "Person",
    "Role",
    "StateRequest",
    "StationLoginFailed",
    "StationLoginSuccess",
    "SubStatus",
    "SubscribeRequest",
    "SubscribeResponse",
    "Team",
    "UnknownEvent",
    "UnknownFrame",
    "User",
    "Welcome",
    "WelcomeData",
    "WorkTypeCode",
    "api_error",
    "dump_frame",
    "failure_reason_for_code",
    "parse_frame",
]

# --------------------------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------------------------

SubStatus = Literal["Available", "Idle"]
"""The agent's availability as the wire says it (``subStatus``, ``state``)."""

MediaType = Literal["telephony", "chat", "email", "social"]
"""The channels a contact can arrive on."""

DeviceType = Literal["AGENT_DN", "EXTENSION", "BROWSER"]
"""How the agent's voice reaches them: dial number, extension or browser (WebRTC)."""

Role = Literal["agent", "supervisor"]

WorkTypeCode = Literal["IDLE_CODE", "WRAP_UP_CODE"]

AVAILABLE_AUX_CODE_ID = "0"
"""The ``auxCodeId`` that means Available (every other id is an idle code)."""

AGENT_DESKTOP_MESSAGE = "AgentDesktopMessage"
"""The ``eventType`` every agent event carries."""


class _ServerModel(BaseModel):
    """Anything the server sends: unknown fields are kept, never an error."""

    model_config = ConfigDict(extra="allow")


class _RequestModel(BaseModel):
    """A request body: unknown fields dropped, types strict, so bad bodies become a 4xx."""

    model_config = ConfigDict(extra="ignore", strict=True)


# --------------------------------------------------------------------------------------------
# Failure reasons
# --------------------------------------------------------------------------------------------


class FailureReason(StrEnum):
    """Why a request failed, sent as ``reason`` in every ``...Failed`` event.

    Each reason has a fixed integer ``reasonCode`` (see ``FAILURE_REASON_CODES``). Codes are
    part of the contract: never renumber or reuse one; new reasons take the next free code.
    """

    INVALID_DIAL_NUMBER = "INVALID_DIAL_NUMBER"
    """Login: the dial number or extension does not match the dial plan or is malformed."""
    DUPLICATE_LOCATION = "DUPLICATE_LOCATION"
    """Login: another agent is already logged in on this dial number or extension."""
    AGENT_ALREADY_LOGGED_IN = "AGENT_ALREADY_LOGGED_IN"
    """Login: this agent already has a station session (use reload to re-attach)."""
    INVALID_TEAM = "INVALID_TEAM"
    """Login: no such team, or the agent is not a member of it."""
    INVALID_DEVICE_TYPE = "INVALID_DEVICE_TYPE"
    """Login: the agent's profile does not offer this login option (``deviceType``)."""
    AGENT_NOT_LOGGED_IN = "AGENT_NOT_LOGGED_IN"
    """State change or logout: the (target) agent has no station session."""
    INVALID_IDLE_CODE = "INVALID_IDLE_CODE"
    """State change: unknown, inactive, wrap-up or system idle code, or not in the profile."""
    NOT_PERMITTED = "NOT_PERMITTED"
    """The caller may not do this (e.g. change an agent outside their teams)."""
    AGENT_NOT_FOUND = "AGENT_NOT_FOUND"
    """Reload: there is no session to re-attach to; also an unknown target ``agentId``."""

    @property
    def code(self) -> int:
        """The integer ``reasonCode`` sent with this reason."""
        return FAILURE_REASON_CODES[self]


FAILURE_REASON_CODES: Mapping[FailureReason, int] = MappingProxyType(
    {
        FailureReason.INVALID_DIAL_NUMBER: 1001,
        FailureReason.DUPLICATE_LOCATION: 1002,
        FailureReason.AGENT_ALREADY_LOGGED_IN: 1003,
        FailureReason.INVALID_TEAM: 1004,
        FailureReason.INVALID_DEVICE_TYPE: 1005,
        FailureReason.AGENT_NOT_LOGGED_IN: 1006,
        FailureReason.INVALID_IDLE_CODE: 1007,
        FailureReason.NOT_PERMITTED: 1008,
        FailureReason.AGENT_NOT_FOUND: 1009,
    }
)
"""``FailureReason`` -> ``reasonCode``. Stable: append, never renumber."""

_REASON_FOR_CODE: Mapping[int, FailureReason] = MappingProxyType(
    {code: reason for reason, code in FAILURE_REASON_CODES.items()}
)


def failure_reason_for_code(code: int) -> FailureReason | None:
    """The reason with this ``reasonCode``, or None for a code this module does not know."""
    return _REASON_FOR_CODE.get(code)


# --------------------------------------------------------------------------------------------
# Events: the ``data`` of a ``Msg``
# --------------------------------------------------------------------------------------------


class FailureEvent(_ServerModel):
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


class _StationSession(_ServerModel):
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
    isExtension: bool | None = None
    lastStateChangeReason: str | None = None


class AgentReloginFailed(FailureEvent):
    """``AgentReloginFailed``: usually AGENT_NOT_FOUND (no session to re-attach to)."""

    type: Literal["AgentReloginFailed"] = "AgentReloginFailed"


class AgentStateChangeSuccess(_ServerModel):
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


class AgentLogoutSuccess(_ServerModel):
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
    teamId: str | None = None
    roles: list[str] | None = None
    trackingId: str
    eventType: str = AGENT_DESKTOP_MESSAGE


class AgentLogoutFailed(FailureEvent):
    """``AgentLogoutFailed``: e.g. AGENT_NOT_LOGGED_IN, NOT_PERMITTED."""

    type: Literal["AgentLogoutFailed"] = "AgentLogoutFailed"


class BuddyChannel(_ServerModel):
    """One channel of a buddy agent: how many contacts it holds against its capacity."""

    channelType: str
    capacity: int
    assigned: int = 0


class BuddyAgent(_ServerModel):
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


class BuddyAgents(_ServerModel):
    """``BuddyAgents``: the answer to ``POST /v1/agents/buddyList``."""

    type: Literal["BuddyAgents"] = "BuddyAgents"
    agentId: str
    agentSessionId: str | None = None
    agentList: list[BuddyAgent]
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE


class AgentMultiLoginCloseSession(_ServerModel):
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


class Interaction(_ServerModel):
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


class _ContactEvent(_ServerModel):
    interactionId: str
    mediaType: MediaType
    agentId: str
    agentSessionId: str | None = None
    interaction: Interaction = Field(default_factory=Interaction)
    orgId: str | None = None
    trackingId: str | None = None
    eventType: str = AGENT_DESKTOP_MESSAGE


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


class UnknownEvent(_ServerModel):
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
    }
)
"""``data.type`` -> the model for it. Anything else parses as ``UnknownEvent``."""


class MsgType(StrEnum):
    """The coarse kinds in ``Msg.type``. Clients dispatch on ``data.type``, not on these."""

    STATION_LOGIN = "StationLogin"
    AGENT_STATE_CHANGE = "AgentStateChange"
    LOGOUT = "Logout"
    AGENT_RELOGIN = "AgentReloginSuccess"
    """Used for both relogin outcomes, success and failure (the platform's name for the kind)."""
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
        "AgentReloginFailed": MsgType.AGENT_RELOGIN,
        "BuddyAgents": MsgType.BUDDY_AGENTS,
        "AgentMultiLoginCloseSession": MsgType.AGENT_MULTI_LOGIN,
        "AgentOfferContact": MsgType.ROUTING_MESSAGE,
        "AgentContactAssigned": MsgType.ROUTING_MESSAGE,
        "ContactEnded": MsgType.ROUTING_MESSAGE,
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
    | UnknownEvent
)
"""Every ``Msg.data`` type, for ``match`` / ``isinstance`` in the client."""

_EventField = Annotated[
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
    | Annotated[UnknownEvent, Tag(_OTHER_TAG)],
    Discriminator(_event_tag),
]


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------


class Msg(_ServerModel):
    """The envelope of every event frame: ``{type, orgId, trackingId, data}``.

    ``type`` is the coarse kind (``MsgType``, kept a plain string so new kinds parse);
    ``data.type`` names the exact event and chooses the model of ``data``.
    """

    type: str
    orgId: str | None = None
    trackingId: str | None = None
    data: _EventField

    @classmethod
    def of(
        cls, event: AgentEvent, *, org_id: str | None = None, tracking_id: str | None = None
    ) -> Msg:
        """Wrap ``event`` in its envelope with the right coarse ``type``.

        ``orgId``/``trackingId`` default to the event's own. An ``UnknownEvent`` is sent with
        its own ``type`` as the coarse kind.
        """
        kind = MSG_TYPE_FOR_EVENT.get(event.type, event.type)
        if org_id is None:
            org_id = getattr(event, "orgId", None)
        if tracking_id is None:
            tracking_id = getattr(event, "trackingId", None)
        return cls(type=str(kind), orgId=org_id, trackingId=tracking_id, data=event)


class Keepalive(_ServerModel):
    """``{"keepalive": "true"}``: sent by the client every 4 s; the server may send it too."""

    keepalive: Literal["true"] = "true"


KEEPALIVE_JSON = '{"keepalive":"true"}'
"""The keepalive frame as text, ready to send."""


class WelcomeData(_ServerModel):
    agentId: str


class Welcome(_ServerModel):
    """First frame on a new socket: ``{"type":"Welcome","data":{"agentId":...}}``."""

    type: Literal["Welcome"] = "Welcome"
    data: WelcomeData

    @classmethod
    def for_agent(cls, agent_id: str) -> Welcome:
        return cls(data=WelcomeData(agentId=agent_id))


@dataclass(frozen=True, slots=True)
class UnknownFrame:
    """A frame ``parse_frame`` could not use. Not a wire model: it never goes on the wire.

    ``raw`` is the frame as text (undecodable bytes replaced); ``reason`` says why in a line.
    """

    raw: str
    reason: str


Frame = Keepalive | Welcome | Msg | UnknownFrame
"""What ``parse_frame`` returns."""


def _as_text(raw: str | bytes) -> str:
    if isinstance(raw, str):
        return raw
    return bytes(raw).decode("utf-8", errors="replace")


def _first_error(exc: ValidationError) -> str:
    """One line naming the first failing field, e.g. ``data.subStatus: Input should be ...``."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    if not errors:
        return "invalid"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


def parse_frame(raw: str | bytes) -> Frame:
    """Parse one websocket frame. Never raises.

    Returns ``Keepalive``, ``Welcome``, ``Msg`` (``data`` is the model chosen by ``data.type``,
    or ``UnknownEvent`` for a type not modelled here), or ``UnknownFrame`` for malformed JSON,
    JSON that is not an object, an object that is none of the above, or a known event whose
    fields fail validation.
    """
    try:
        # pydantic-core's parser: about twice as fast as json.loads, and it refuses absurd
        # nesting with a ValueError instead of a RecursionError. Only keys are worth its string
        # cache: values such as tracking ids never come twice and only filled it up.
        obj = from_json(raw, cache_strings="keys")
    except ValueError as exc:
        return UnknownFrame(_as_text(raw), f"not JSON: {exc}")
    except Exception:
        return UnknownFrame(repr(raw), "not text or bytes")
    if not isinstance(obj, dict):
        return UnknownFrame(_as_text(raw), f"JSON {type(obj).__name__}, not an object")
    try:
        if "keepalive" in obj:
            return Keepalive.model_validate(obj)
        kind = obj.get("type")
        if kind == "Welcome":
            return Welcome.model_validate(obj)
        data = obj.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return UnknownFrame(_as_text(raw), "no data.type")
        return Msg.model_validate(obj)
    except ValidationError as exc:
        return UnknownFrame(_as_text(raw), _first_error(exc))
    except Exception as exc:  # the contract is "never raises": a network frame is untrusted
        return UnknownFrame(_as_text(raw), f"{exc.__class__.__name__}: {exc}")


def dump_frame(frame: Keepalive | Welcome | Msg) -> str:
    """The frame as compact JSON text, as the server sends it.

    Nulls are written out (``exclude_none`` would drop required-but-nullable keys such as
    ``changedById``), and ``Interaction.from_`` is written as ``"from"``.
    """
    if isinstance(frame, Keepalive):
        return KEEPALIVE_JSON
    return frame.model_dump_json()


# --------------------------------------------------------------------------------------------
# REST requests (client -> server)
# --------------------------------------------------------------------------------------------


class LoginRequest(_RequestModel):
    """``POST /v1/agents/login`` (LogInResourceRequest).

    Only shape and length are checked here; whether the number fits the dial plan or the
    team is the agent's is the server's answer on the websocket (``StationLoginFailed``).
    """

    dialNumber: str = Field(max_length=43)
    teamId: str | None = Field(default=None, max_length=36)
    """Blank is valid for a supervisor, not for an agent."""
    isExtension: bool = False
    roles: list[Role] = Field(min_length=1)
    deviceType: DeviceType | None = None
    deviceId: str | None = Field(default=None, max_length=43)
    """Equals ``dialNumber`` for AGENT_DN and EXTENSION."""


class StateRequest(_RequestModel):
    """``PUT /v1/agents/session/state`` (StateResourceRequest).

    Available is ``auxCodeId == AVAILABLE_AUX_CODE_ID`` ("0"); Idle carries an idle code id.
    ``agentId`` lets a supervisor change an agent of their teams.
    """

    state: SubStatus
    auxCodeId: str = Field(min_length=1, max_length=36)
    lastStateChangeReason: str | None = Field(default=None, max_length=128)
    agentId: str | None = Field(default=None, max_length=36)


class LogoutRequest(_RequestModel):
    """``PUT``/``POST /v1/agents/logout`` (LogOutResourceRequest)."""

    logoutReason: str = Field(max_length=128)
    agentId: str | None = Field(default=None, max_length=36)


class BuddyListRequest(_RequestModel):
    """``POST /v1/agents/buddyList`` (BuddyAgentRequest); no ``state`` means both states."""

    agentProfileId: str = Field(max_length=36)
    mediaType: Literal["telephony", "chat", "email", "social", "workItem"]
    state: SubStatus | None = None


class SubscribeRequest(_RequestModel):
    """``POST /v1/notification/subscribe`` (NotificationRequest). The body itself is optional:
    a missing body means all defaults."""

    force: bool = False
    isKeepAliveEnabled: bool = False
    clientType: str = Field(default="DefaultClient", max_length=20)
    allowMultiLogin: bool = False


class SubscribeResponse(_ServerModel):
    """The answer to subscribe: connect a websocket to ``webSocketUrl``."""

    webSocketUrl: str
    subscriptionId: str


# --------------------------------------------------------------------------------------------
# Configuration DTOs (server -> client)
# --------------------------------------------------------------------------------------------


class AuxiliaryCode(_ServerModel):
    """An idle or wrap-up code (AuxiliaryCodeDTO), ``GET /organization/{orgId}/v2/auxiliary-code``.

    Agents may pick active, non-system idle codes only.
    """

    id: str
    name: str
    description: str | None = None
    defaultCode: bool
    active: bool
    isSystemCode: bool = False
    workTypeId: str
    workTypeCode: WorkTypeCode
    organizationId: str | None = None
    version: int | None = None
    burnoutInclusion: str | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class Team(_ServerModel):
    """A team (TeamDTO subset), ``GET /organization/{orgId}/v2/team``."""

    id: str
    name: str
    teamType: Literal["AGENT", "CAPACITY"]
    teamStatus: Literal["IN_SERVICE", "NOT_AVAILABLE"]
    active: bool
    siteId: str
    siteName: str | None = None
    userIds: list[str] = Field(default_factory=list)
    description: str | None = None
    organizationId: str | None = None
    version: int | None = None
    dialedNumber: str | None = None
    capacity: int | None = None
    desktopLayoutId: str | None = None
    skillProfileId: str | None = None
    multiMediaProfileId: str | None = None
    rankQueuesForTeam: bool | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class DialPlan(_ServerModel):
    """One dial plan (DialPlanDTO), ``GET /organization/{orgId}/v2/dial-plan``.

    A number is valid when, after removing every character of ``strippedChars``, it matches
    ``regularExpression`` whole; ``prefix`` is what the system adds before dialling.
    """

    id: str
    name: str
    regularExpression: str
    prefix: str | None = None
    strippedChars: str | None = None
    active: bool
    description: str | None = None
    organizationId: str | None = None
    version: int | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class AgentProfile(_ServerModel):
    """The desktop profile of an agent, ``GET /organization/{orgId}/v2/agent-profile``.

    ``loginVoiceOptions`` lists the login options the agent may use. When ``dialPlanEnabled``,
    dial numbers are validated against the dial plans in ``dialPlans`` (all active plans when
    that is empty). With ``accessAllIdleCodes`` false, only ``idleCodes`` may be chosen.
    """

    id: str
    name: str
    description: str | None = None
    loginVoiceOptions: list[DeviceType]
    agentDNValidation: str | None = None
    dialPlanEnabled: bool = False
    dialPlans: list[str] = Field(default_factory=list)
    accessAllIdleCodes: bool = True
    idleCodes: list[str] = Field(default_factory=list)
    accessAllWrapUpCodes: bool = True
    wrapUpCodes: list[str] = Field(default_factory=list)
    active: bool = True
    organizationId: str | None = None


class User(_ServerModel):
    """A contact-center user, ``GET /organization/{orgId}/v2/user``."""

    id: str
    firstName: str
    lastName: str
    email: str
    agentProfileId: str
    teamIds: list[str] = Field(default_factory=list)
    siteId: str
    defaultDialledNumber: str | None = None
    extension: str | None = None
    roles: list[str] = Field(default_factory=list)
    """``agent`` and/or ``supervisor``."""


class Person(_ServerModel):
    """The signed-in identity, ``GET /v1/people/me``: ``id`` is the agent id."""

    id: str
    orgId: str
    displayName: str
    emails: list[str] = Field(default_factory=list)
    userName: str | None = None
    roles: list[str] | None = None


class PageMeta(_ServerModel):
    """MetaDataWithPagingInfo. ``page`` starts at 0; note the lowercase ``orgid``."""

    orgid: str | None = None
    page: int | None = None
    pageSize: int | None = None
    totalPages: int | None = None
    totalRecords: int | None = None
    links: dict[str, str] | None = None
    """``self``, ``next``, ``prev``, ``first``, ``last`` -> URL path with query."""


ItemT = TypeVar("ItemT")


class Page(_ServerModel, Generic[ItemT]):
    """A paged list answer: ``Page[Team].model_validate(body)``."""

    data: list[ItemT]
    meta: PageMeta = Field(default_factory=PageMeta)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class OperationError(_ServerModel):
    description: str


class ApiErrorDetails(_ServerModel):
    key: str
    """The HTTP status as a string, e.g. ``"400"``."""
    message: list[OperationError] = Field(default_factory=list)


class ApiErrorResponse(_ServerModel):
    """The body of every non-2xx answer: ``{trackingId, error: {key, message: [...]}}``."""

    trackingId: str | None = None
    error: ApiErrorDetails

    @property
    def description(self) -> str:
        """All message descriptions joined into one sentence-ish line ('' when none)."""
        return " ".join(m.description for m in self.error.message if m.description)


def api_error(status: int, description: str, tracking_id: str) -> dict[str, Any]:
    """An ``ApiErrorResponse`` body, ready for a JSON response with HTTP ``status``."""
    return {
        "trackingId": tracking_id,
        "error": {"key": str(status), "message": [{"description": description}]},
    }
