"""CXone sessions, states and configuration: request and response bodies, errors, times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from tui.backends.cxone.wire.common import IdText, _Request

# -- requests and responses ----------------------------------------------------------------


class StartSessionRequest(_Request):
    stationId: str | None = Field(default=None, max_length=64)
    stationPhoneNumber: str | None = Field(default=None, max_length=43)
    inactivityTimeout: int | None = Field(default=None, ge=0, le=86_400)
    inactivityForceLogout: bool | None = None


class JoinSessionRequest(_Request):
    asAgentId: IdText | None = Field(default=None, max_length=64)
    """The agent to act as: an integer on the platform (the SDK sends it as a number, or ``''``
    for none); read as text."""
    sessionId: str | None = Field(default=None, max_length=64)
    """The session to join (optional): the caller's own, or with `asAgentId` that agent's."""

    @field_serializer("asAgentId")
    def _as_number(self, value: str | None) -> int | str | None:
        """Written as a number when it is one, as the SDK writes it."""
        return int(value) if value and value.isascii() and value.isdigit() else value


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


class AgentStatesRequest(_Request):
    updatedSince: str | None = Field(default=None, max_length=40)
    """ISO 8601: only the agents whose row changed since (the last answer's `lastPollTime`)."""


class AgentDetailsRequest(_Request):
    fields: str | None = Field(default=None, max_length=1024)
    """Comma-separated names of the fields to answer (all when absent)."""


class UnavailableCodesRequest(_Request):
    activityOnly: bool | None = None
    """True: only the active codes."""


STATES = ("Available", "Unavailable")
"""The states a `StateRequest` may ask for (case-sensitive)."""


class SessionResponse(BaseModel):
    sessionId: str


class ServerTimeResponse(BaseModel):
    """`GET server-time`: the platform's clock (ISO 8601 UTC), for the SDK's clock skew."""

    ServerTime: str


class UnavailableCode(BaseModel):
    model_config = ConfigDict(extra="allow")

    outStateId: IdText
    """An integer on the platform, kept as text."""
    outStateName: str
    isActive: bool = True
    isAcw: bool = False
    isSystem: bool = False  # set by the platform (e.g. RONA), never chosen; sandbox addition


class UnavailableCodesResponse(BaseModel):
    unavailableCodes: list[UnavailableCode]


class AgentStateRow(BaseModel):
    """One agent on the supervisor's list."""

    model_config = ConfigDict(extra="allow")

    agentId: IdText
    firstName: str = ""
    lastName: str = ""
    teamId: IdText = ""
    teamName: str = ""
    agentStateName: str  # Available, Unavailable, LoggedOut, ...
    outStateDescription: str = ""  # the unavailable code's name
    startDate: str = ""  # ISO 8601 UTC
    sessionId: str = ""
    contacts: dict[str, int] = Field(default_factory=dict)  # channel -> open contacts
    # The sandbox's additions (the platform's row names one contact at most):
    offeredContacts: int | None = None  # offers waiting for the agent (not in `contacts`)
    acwContacts: int | None = None  # of `contacts`, those in after-contact work


class AgentStatesResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    agentStates: list[AgentStateRow]
    lastPollTime: str = ""
    """When this answer was made (ISO 8601 UTC): the next call's ``updatedSince``."""


class TeamRef(BaseModel):
    model_config = ConfigDict(extra="allow")

    teamId: IdText
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
    """`GET agents/{agentId}` (one of `agents`): the signed-in user. Fields past `isActive`
    (but `businessUnitId`, which whoami's `bus_no` gives) are the sandbox's additions;
    a platform that leaves them out gets their defaults."""

    model_config = ConfigDict(extra="allow")

    agentId: IdText
    userName: str = ""
    firstName: str = ""
    lastName: str = ""
    emailAddress: str = ""
    teamId: IdText = ""
    teamName: str = ""
    isSupervisor: bool = False
    isActive: bool = True
    businessUnitId: IdText = ""
    canImpersonate: bool = False
    teams: list[TeamRef] = Field(default_factory=list)
    supervisedTeamIds: list[IdText] = Field(default_factory=list)
    stationPhoneNumber: str = ""  # the agent's default phone number
    stationId: str = ""  # the agent's default station (an extension)
    loginOptions: list[str] = Field(default_factory=lambda: [LOGIN_PHONE_NUMBER, LOGIN_STATION_ID])
    channels: list[ChannelCapacity] = Field(default_factory=list)
    dialPlans: list[DialPattern] = Field(default_factory=list)


class AgentsResponse(BaseModel):
    """`GET agents/{agentId}`: the platform's list of one (`agents`), as NICE's SDK reads it."""

    model_config = ConfigDict(extra="allow")

    agents: list[AgentRecord] = Field(default_factory=list)


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
    INVALID_CONTACT = "InvalidContactId"  # 404: no such contact in this session (or not yours)
    INVALID_CONTACT_STATE = "InvalidContactState"  # 409: the contact's state does not allow it
    INVALID_DISPOSITION = "InvalidDisposition"  # 400: not a disposition of the contact's skill
    TOO_LARGE = "RequestTooLarge"  # 413
    UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType"  # 415
    INTERNAL = "InternalError"  # 500 (a bug; never on purpose)


class ErrorBody(BaseModel):
    error: str
    message: str


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
