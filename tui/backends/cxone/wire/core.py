"""NICE CXone agent API wire models: the contract both the CXone backend and the sandbox share.

Routes live under `/inContactAPI/services/v{N}.0/` (v23.0 is current):

- `POST agent-sessions` `StartSessionRequest` -> 202 `SessionResponse`; 409 when one exists.
- `POST agent-sessions/join` `JoinSessionRequest` -> 202 `SessionResponse`.
- `GET agent-sessions/{id}/get-next-event?timeout=0..60` -> 200 `NextEventResponse`,
  304 when nothing happened, 409 once the session ended.
- `POST agent-sessions/{id}/state` `StateRequest` -> 202; 400 for another state;
  409 for an ACW reason without an active contact.
- `DELETE agent-sessions/{id}` `EndSessionRequest` (query or body) -> 202.
- `GET teams/{teamId}/unavailable-codes` -> `UnavailableCodesResponse`.
- `GET agents/states` -> `AgentStatesResponse` (supervisors).

Beyond those, the sandbox serves `GET agents/me` -> `AgentRecord` (who the token belongs to,
with what the desktop's profile needs) and `POST agents/{agentId}/state` `StateRequest` -> 202
(a supervisor changes an agent of their teams without joining the agent's session).

Errors are `ErrorBody` = `{"error": <name>, "message": <plain words>}`: a `JoinOutcome` name for
the outcomes of joining, an `ErrorName` for the rest.
Events are PascalCase objects with a `Type`; `parse_event` never raises.
Times are ISO 8601 UTC with milliseconds (`utc_iso`, `parse_utc_iso`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

API_PREFIX = "/inContactAPI/services/v{version}.0"
CURRENT_VERSION = "23"


class _Request(BaseModel):
    """JSON bodies are strict (a number is not a string); query strings go through `from_query`."""

    model_config = ConfigDict(extra="ignore", strict=True)

    @classmethod
    def from_query(cls, params: dict[str, str]) -> _Request:
        """Validate query-string parameters, where every value arrives as text."""
        return cls.model_validate(params, strict=False)


class _Event(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- requests and responses ----------------------------------------------------------------


class StartSessionRequest(_Request):
    stationId: str | None = Field(default=None, max_length=64)
    stationPhoneNumber: str | None = Field(default=None, max_length=43)
    inactivityTimeout: int | None = Field(default=None, ge=0, le=86_400)
    inactivityForceLogout: bool | None = None


class JoinSessionRequest(_Request):
    asAgentId: str | None = Field(default=None, max_length=64)
    sessionId: str | None = Field(default=None, max_length=64)
    """The session to join (optional): the caller's own, or with `asAgentId` that agent's."""


class EndSessionRequest(_Request):
    forceLogoff: bool = False
    endContacts: bool = False
    ignorePersonalQueue: bool = False


class StateRequest(_Request):
    state: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=128)


class NextEventRequest(_Request):
    timeout: int = Field(default=0, ge=0, le=60)
    """Seconds the server may hold the poll open waiting for an event."""


STATES = ("Available", "Unavailable")
"""The states a `StateRequest` may ask for (case-sensitive)."""


class SessionResponse(BaseModel):
    sessionId: str


class UnavailableCode(BaseModel):
    model_config = ConfigDict(extra="allow")

    outStateId: str
    outStateName: str
    isActive: bool = True
    isAcw: bool = False
    isSystem: bool = False  # set by the platform (e.g. RONA), never chosen; sandbox addition


class UnavailableCodesResponse(BaseModel):
    unavailableCodes: list[UnavailableCode]


class AgentStateRow(BaseModel):
    """One agent on the supervisor's list."""

    model_config = ConfigDict(extra="allow")

    agentId: str
    firstName: str = ""
    lastName: str = ""
    teamId: str = ""
    teamName: str = ""
    agentStateName: str  # Available, Unavailable, LoggedOut, ...
    outStateDescription: str = ""  # the unavailable code's name
    startDate: str = ""  # ISO 8601 UTC
    sessionId: str = ""
    contacts: dict[str, int] = Field(default_factory=dict)  # channel -> open contacts


class AgentStatesResponse(BaseModel):
    agentStates: list[AgentStateRow]


class TeamRef(BaseModel):
    model_config = ConfigDict(extra="allow")

    teamId: str
    teamName: str = ""
    siteId: str = ""
    siteName: str = ""


class ChannelCapacity(BaseModel):
    model_config = ConfigDict(extra="allow")

    mediaType: str
    capacity: int = 0


class DialPattern(BaseModel):
    """One dial-plan pattern; numbers must match it whole (after the stripped characters go)."""

    model_config = ConfigDict(extra="allow")

    name: str
    regularExpression: str
    strippedChars: str = ""
    forStationId: bool = False  # checks station ids (extensions) rather than phone numbers


LOGIN_PHONE_NUMBER = "PhoneNumber"
LOGIN_STATION_ID = "StationId"


class AgentRecord(BaseModel):
    """`GET agents/me`: the signed-in user. Fields past `isActive` are the sandbox's additions;
    a platform that leaves them out gets their defaults."""

    model_config = ConfigDict(extra="allow")

    agentId: str
    userName: str = ""
    firstName: str = ""
    lastName: str = ""
    emailAddress: str = ""
    teamId: str = ""
    teamName: str = ""
    isSupervisor: bool = False
    isActive: bool = True
    businessUnitId: str = ""
    canImpersonate: bool = False
    teams: list[TeamRef] = Field(default_factory=list)
    supervisedTeamIds: list[str] = Field(default_factory=list)
    stationPhoneNumber: str = ""  # the agent's default phone number
    stationId: str = ""  # the agent's default station (an extension)
    loginOptions: list[str] = Field(default_factory=lambda: [LOGIN_PHONE_NUMBER, LOGIN_STATION_ID])
    channels: list[ChannelCapacity] = Field(default_factory=list)
    dialPlans: list[DialPattern] = Field(default_factory=list)


class JoinOutcome(StrEnum):
    """The outcomes of Join Agent Session, with the HTTP status each failure answers."""

    @property
    def status(self) -> int:
        return _OUTCOME_STATUS[self]

    SUCCESS = "Success"
    INVALID_SECURITY_USER = "InvalidSecurityUser"
    INVALID_AGENT_SESSION = "InvalidAgentSession"
    INVALID_AGENT_ID = "InvalidAgentId"
    IMPERSONATE_NOT_ENABLED = "ImpersonateNotEnabled"


_OUTCOME_STATUS = {
    JoinOutcome.SUCCESS: 202,
    JoinOutcome.INVALID_SECURITY_USER: 401,
    JoinOutcome.INVALID_AGENT_SESSION: 404,
    JoinOutcome.INVALID_AGENT_ID: 404,
    JoinOutcome.IMPERSONATE_NOT_ENABLED: 403,
}


class ErrorName(StrEnum):
    """`ErrorBody.error` for answers that are not an outcome of joining."""

    INVALID_REQUEST = "InvalidRequest"  # 400: malformed or out-of-range input
    INVALID_STATION = "InvalidStation"  # 400: the phone number or station id fails the dial plan
    NOT_PERMITTED = "NotPermitted"  # 403
    NOT_FOUND = "NotFound"  # 404: no such route or team
    METHOD_NOT_ALLOWED = "MethodNotAllowed"  # 405
    SESSION_EXISTS = "AgentSessionExists"  # 409: start while the agent has a session
    SESSION_ENDED = "AgentSessionEnded"  # 409: the session has ended
    NO_ACTIVE_CONTACT = "NoActiveContact"  # 409: an ACW reason without an active contact
    ACTIVE_CONTACTS = "ActiveContacts"  # 409: ending a session that still has contacts
    AGENT_NOT_LOGGED_IN = "AgentNotLoggedIn"  # 409: the agent has no session
    STATION_IN_USE = "StationInUse"  # 409: another agent's session holds that station
    TOO_LARGE = "RequestTooLarge"  # 413
    UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType"  # 415
    INTERNAL = "InternalError"  # 500 (a bug; never on purpose)


class ErrorBody(BaseModel):
    error: str
    message: str


# -- events ---------------------------------------------------------------------------------


class AgentSessionStart(_Event):
    """Opens a snapshot: the session's facts; the AgentState and contact events follow.

    `SessionId` is the session's stable id (what `agents/states` lists and `join` accepts), not
    the rotating id a client polls with. Fields past `AgentId` are the sandbox's additions.
    """

    Type: Literal["AgentSessionStart"]
    SessionId: str = ""
    AgentId: str = ""
    AgentName: str = ""
    TeamId: str = ""
    TeamName: str = ""
    StationId: str = ""
    StationPhoneNumber: str = ""
    StartTimeUTC: str = ""  # when the session started


class AgentSessionEnd(_Event):
    Type: Literal["AgentSessionEnd"]
    SessionId: str = ""
    Reason: str = ""
    EndedBy: str = ""


class AgentState(_Event):
    Type: Literal["AgentState"]
    CurrentState: str
    CurrentOutReason: str = ""
    StartTimeUTC: str  # ISO 8601 UTC, e.g. 2026-11-22T03:04:05.678Z
    NextStates: list[str] = Field(default_factory=list)
    IsAcw: bool = False
    ChangedBy: str = ""  # who changed it (display name), when it was not the agent
    ChangedById: str = ""


class ContactEvent(_Event):
    """Call, chat, email, work-item and digital (social) contact events share these fields.

    Who: `ANI` on a call, `FromAddress` on the others (`From` is the sandbox's older name, still
    read). Queue: `SkillName`, else `Skill` (the platform's skill id). `StartTimeUTC` is when the
    contact started, `LastStateChangeTime` when its `Status` last changed.
    """

    Type: Literal[
        "CallContactEvent",
        "ChatContactEvent",
        "EmailContactEvent",
        "WorkItemContactEvent",
        "DigitalContactEvent",
    ]
    ContactID: str
    Status: str  # Incoming, Active, Disconnected
    MediaType: str = ""
    StartTimeUTC: str = ""
    LastStateChangeTime: str = ""
    ANI: str = ""
    FromAddress: str = ""
    From: str = ""
    Skill: str = ""
    SkillName: str = ""


class UnknownEvent(BaseModel):
    """An event the desktop has no model for, kept whole for the event log."""

    raw: Any
    reason: str


class NextEventResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    sessionId: str
    events: list[dict[str, Any]] = Field(default_factory=list)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc_iso(epoch_ms: int) -> str:
    """Epoch milliseconds as the API writes times: `2026-11-22T03:04:05.678Z`."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def parse_utc_iso(text: str) -> int | None:
    """An API time as epoch milliseconds; None when it is missing or unreadable. A time
    without a zone is taken as UTC (the field names say so)."""
    if not text or len(text) > 40:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return (moment - _EPOCH) // timedelta(milliseconds=1)
    except (OverflowError, ValueError):
        return None


CxoneEvent = AgentSessionStart | AgentSessionEnd | AgentState | ContactEvent | UnknownEvent

_EVENT_MODELS: dict[str, type[_Event]] = {
    "AgentSessionStart": AgentSessionStart,
    "AgentSessionEnd": AgentSessionEnd,
    "AgentState": AgentState,
    "CallContactEvent": ContactEvent,
    "ChatContactEvent": ContactEvent,
    "EmailContactEvent": ContactEvent,
    "WorkItemContactEvent": ContactEvent,
    "DigitalContactEvent": ContactEvent,
}

CONTACT_EVENT_BY_CHANNEL = {
    "telephony": "CallContactEvent",
    "chat": "ChatContactEvent",
    "email": "EmailContactEvent",
    "social": "DigitalContactEvent",
}


def parse_event(raw: object) -> CxoneEvent:
    """One event object from a get-next-event body, typed; never raises."""
    if not isinstance(raw, dict):
        return UnknownEvent(raw=raw, reason="an event that is not an object")
    kind = raw.get("Type")
    model = _EVENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return UnknownEvent(raw=raw, reason=f"an event of unknown type {str(kind)[:40]!r}")
    try:
        return model.model_validate(raw)  # type: ignore[return-value]
    except ValidationError as error:
        return UnknownEvent(raw=raw, reason=f"a {kind} event with {error.error_count()} bad fields")
