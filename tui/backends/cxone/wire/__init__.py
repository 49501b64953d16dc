"""NICE CXone agent API wire models: the contract both the CXone backend and the sandbox share.
Pydantic models and pure helpers only, in four modules (common, core, events, interactions);
every public name is exported here, so `tui.backends.cxone.wire.X` works whichever holds it.

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
- `GET skills/{skillId}/dispositions` -> `DispositionsResponse` (integer `dispositionId`s).
- `GET skills/activity` (Real-Time Data API) `SkillActivityRequest` -> `SkillActivityResponse`.
- `POST agent-sessions/{id}/interactions/{contactId}/accept|reject|hold|resume|end` -> 202;
  `.../disposition` `DispositionRequest` -> 202 (`INTERACTION_ROUTES`); the outcome arrives
  as the contact's event with its new `Status` (`STATUS_VALUES`) and, for after-contact work,
  `AgentState` with `IsAcw`.

- `GET agents/{agentId}` -> `AgentsResponse` (`agents: [AgentRecord]`): the signed-in agent,
  by the id the token answer or whoami gave; the sandbox adds what the desktop's profile needs
  (teams, dial plans, channels, ...), which a tenant leaves out.

A supervisor changes an agent's state as NICE's SDK can: `join` with `asAgentId` (written as a
number), then `state` on that session. The sandbox also serves `GET agents/me` and
`POST agents/{agentId}/state`, which the desktop does not use.

Errors are `ErrorBody` = `{"error": <name>, "message": <plain words>}`: a `JoinOutcome` name for
the outcomes of joining, an `ErrorName` for the rest.
Events are PascalCase objects with a `Type`; `parse_event` never raises. Numeric ids
(`ContactID`, `AgentId`) arrive as JSON numbers or text and are kept as text (`IdText`).
Times are ISO 8601 UTC with milliseconds (`utc_iso`, `parse_utc_iso`).
"""

from __future__ import annotations

from tui.backends.cxone.wire.activity import (
    SKILL_ACTIVITY_FIELDS,
    SkillActivity,
    SkillActivityRequest,
    SkillActivityResponse,
)
from tui.backends.cxone.wire.common import (
    API_PREFIX,
    CURRENT_VERSION,
    IdText,
    LooseInt,
)
from tui.backends.cxone.wire.core import (
    LOGIN_PHONE_NUMBER,
    LOGIN_STATION_ID,
    STATES,
    AgentDetailsRequest,
    AgentRecord,
    AgentsResponse,
    AgentStateRow,
    AgentStatesRequest,
    AgentStatesResponse,
    ChannelCapacity,
    DialPattern,
    EndSessionRequest,
    ErrorBody,
    ErrorName,
    JoinOutcome,
    JoinSessionRequest,
    NextEventRequest,
    NextEventResponse,
    ServerTimeResponse,
    SessionResponse,
    StartSessionRequest,
    StateRequest,
    TeamRef,
    UnavailableCode,
    UnavailableCodesRequest,
    UnavailableCodesResponse,
    parse_utc_iso,
    utc_iso,
)
from tui.backends.cxone.wire.events import (
    CONTACT_EVENT_BY_CHANNEL,
    AgentSessionEnd,
    AgentSessionStart,
    AgentState,
    ContactEvent,
    CxoneEvent,
    NextState,
    UnknownEvent,
    parse_event,
)
from tui.backends.cxone.wire.interactions import (
    DISPOSITIONS_PATH,
    INTERACTION_PATH,
    INTERACTION_ROUTES,
    REJECT_DISCONNECT_CODE,
    RONA_DISCONNECT_CODE,
    STATUS_VALUES,
    CallContactStatus,
    ChatEmailContactStatus,
    Disposition,
    DispositionRequest,
    DispositionsResponse,
    InteractionAction,
    InteractionRoute,
    WorkItemContactStatus,
)

__all__ = [
    "API_PREFIX",
    "CONTACT_EVENT_BY_CHANNEL",
    "CURRENT_VERSION",
    "DISPOSITIONS_PATH",
    "INTERACTION_PATH",
    "INTERACTION_ROUTES",
    "LOGIN_PHONE_NUMBER",
    "LOGIN_STATION_ID",
    "REJECT_DISCONNECT_CODE",
    "RONA_DISCONNECT_CODE",
    "SKILL_ACTIVITY_FIELDS",
    "STATES",
    "STATUS_VALUES",
    "AgentDetailsRequest",
    "AgentRecord",
    "AgentSessionEnd",
    "AgentSessionStart",
    "AgentState",
    "AgentStateRow",
    "AgentStatesRequest",
    "AgentStatesResponse",
    "AgentsResponse",
    "CallContactStatus",
    "ChannelCapacity",
    "ChatEmailContactStatus",
    "ContactEvent",
    "CxoneEvent",
    "DialPattern",
    "Disposition",
    "DispositionRequest",
    "DispositionsResponse",
    "EndSessionRequest",
    "ErrorBody",
    "ErrorName",
    "IdText",
    "InteractionAction",
    "InteractionRoute",
    "JoinOutcome",
    "JoinSessionRequest",
    "LooseInt",
    "NextEventRequest",
    "NextEventResponse",
    "NextState",
    "ServerTimeResponse",
    "SessionResponse",
    "SkillActivity",
    "SkillActivityRequest",
    "SkillActivityResponse",
    "StartSessionRequest",
    "StateRequest",
    "TeamRef",
    "UnavailableCode",
    "UnavailableCodesRequest",
    "UnavailableCodesResponse",
    "UnknownEvent",
    "WorkItemContactStatus",
    "parse_event",
    "parse_utc_iso",
    "utc_iso",
]
