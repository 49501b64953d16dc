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

Errors are `ErrorBody` = `{"error": <JoinOutcome name>, "message": <plain words>}`.
Events are PascalCase objects with a `Type`; `parse_event` never raises.
"""

from __future__ import annotations

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


class StateRequest(_Request):
    state: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=128)


class EndSessionRequest(_Request):
    forceLogoff: bool = False
    endContacts: bool = False
    ignorePersonalQueue: bool = False


class SessionResponse(BaseModel):
    sessionId: str


class UnavailableCode(BaseModel):
    model_config = ConfigDict(extra="allow")

    outStateId: str
    outStateName: str
    isActive: bool = True
    isAcw: bool = False


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


class JoinOutcome(StrEnum):
    """The outcomes of Join Agent Session, with the HTTP status each failure answers."""

    SUCCESS = "Success"
    INVALID_SECURITY_USER = "InvalidSecurityUser"
    INVALID_AGENT_SESSION = "InvalidAgentSession"
    INVALID_AGENT_ID = "InvalidAgentId"
    IMPERSONATE_NOT_ENABLED = "ImpersonateNotEnabled"

    @property
    def status(self) -> int:
        return _OUTCOME_STATUS[self]


_OUTCOME_STATUS = {
    JoinOutcome.SUCCESS: 202,
    JoinOutcome.INVALID_SECURITY_USER: 401,
    JoinOutcome.INVALID_AGENT_SESSION: 404,
    JoinOutcome.INVALID_AGENT_ID: 404,
    JoinOutcome.IMPERSONATE_NOT_ENABLED: 403,
}


class ErrorBody(BaseModel):
    error: str
    message: str


# -- events ---------------------------------------------------------------------------------


class AgentSessionStart(_Event):
    Type: Literal["AgentSessionStart"]
    SessionId: str = ""
    AgentId: str = ""


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
    ChangedBy: str = ""  # who changed it, when it was not the agent


class ContactEvent(_Event):
    """Call, chat, email and digital (social) contact events share these fields."""

    Type: Literal[
        "CallContactEvent", "ChatContactEvent", "EmailContactEvent", "DigitalContactEvent"
    ]
    ContactID: str
    Status: str  # Incoming, Active, Disconnected
    MediaType: str = ""
    StartTimeUTC: str = ""
    From: str = ""
    Skill: str = ""


class UnknownEvent(BaseModel):
    """An event the desktop has no model for, kept whole for the event log."""

    raw: Any
    reason: str


class NextEventResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    sessionId: str
    events: list[dict[str, Any]] = Field(default_factory=list)


CxoneEvent = AgentSessionStart | AgentSessionEnd | AgentState | ContactEvent | UnknownEvent

_EVENT_MODELS: dict[str, type[_Event]] = {
    "AgentSessionStart": AgentSessionStart,
    "AgentSessionEnd": AgentSessionEnd,
    "AgentState": AgentState,
    "CallContactEvent": ContactEvent,
    "ChatContactEvent": ContactEvent,
    "EmailContactEvent": ContactEvent,
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
