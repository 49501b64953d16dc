"""CXone's agent and team routes (not the session's), with the platform's integer ids.

- `GET agents/me`: the signed-in user (the sandbox's addition; see `wire.AgentRecord`).
- `GET agents/states[?updatedSince=]` (supervisors): the supervised agents' states; with
  `updatedSince` only the rows that changed since, and 304 with no body when none did;
  `lastPollTime` is the next call's value.
- `GET agents/{agentId}[?fields=a,b]`: `{"agents": [{agentId, firstName, lastName, ...}]}`,
  only the fields asked for when `fields` is given (agent-details-service); without `fields`
  the record carries the sandbox's additions too (as `agents/me`), which the desktop reads.
- `GET agents/{agentId}/skills`: `{"agentSkillAssignments": [...]}` (skill-service), 204 when the
  agent has none.
- `GET agents/{agentId}/agent-settings` (the SDK asks v30.0 or v33.0): the agent settings the
  SDK reads before it starts polling.
- `POST agents/{agentId}/state` (the sandbox's addition): a supervisor sets an agent's state.
- `GET teams/{teamId}/unavailable-codes[?activityOnly=true]`.

An agent the caller may not see (not themselves, nor an agent of a team they supervise) is 403;
an id that is no integer is 400; an integer that is no agent (or team) is 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from tui.backends.cxone import wire
from tui.sandbox.cxone.errors import failure, outcome
from tui.sandbox.cxone.events import unavailable_codes
from tui.sandbox.cxone.ids import CxoneIds, as_number, ids_of
from tui.sandbox.cxone.input import read_params
from tui.sandbox.cxone.router import change_state
from tui.sandbox.cxone.skills import skill_id
from tui.sandbox.engine.model import Availability, ContactStatus
from tui.sandbox.engine.org import User
from tui.sandbox.engine.traffic import queue_name
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

PREFIX = "/inContactAPI/services/v{version:int}.0"
AGENT = PREFIX + "/agents/{agentId}"
MAX_FIELDS = 40

router = APIRouter(tags=["cxone"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
E = wire.ErrorName

_LOGIN_OPTION = {"AGENT_DN": wire.LOGIN_PHONE_NUMBER, "EXTENSION": wire.LOGIN_STATION_ID}
MEDIA_TYPE = {"telephony": (4, "Phone Call"), "chat": (3, "Chat"), "email": (1, "Email")}
"""CXone's media types by the sandbox's channel; any other channel is Digital (9)."""
DIGITAL = (9, "Digital")
CHAT_LIMIT_FIELDS = ("maxConcurrentChats", "maxEmailAutoParkingLimit")


# People ---------------------------------------------------------------------------------------


@router.get(PREFIX + "/agents/me")
async def agents_me(user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    return _record(sandbox, user)


def _record(sandbox: Sandbox, user: User) -> dict[str, Any]:
    """The agent's record with the sandbox's additions (`wire.AgentRecord`)."""
    org, ids = sandbox.org, ids_of(sandbox)
    teams = [t for t in (org.team(i) for i in user.teamIds) if t is not None]
    profile = org.profile(user.profileId)
    options = profile.loginVoiceOptions if profile else ()
    record = wire.AgentRecord(
        agentId=str(ids.agent(user.id)),
        userName=user.login,
        firstName=user.firstName,
        lastName=user.lastName,
        emailAddress=user.email,
        teamId=str(ids.team(teams[0].id)) if teams else "",
        teamName=teams[0].name if teams else "",
        isSupervisor=user.is_supervisor,
        isActive=user.active,
        businessUnitId=str(ids.bus_no),
        canImpersonate=user.mayImpersonate,
        teams=[
            wire.TeamRef(
                teamId=str(ids.team(t.id)),
                teamName=t.name,
                siteId=t.siteId,
                siteName=site.name if (site := org.site(t.siteId)) else "",
            )
            for t in teams
        ],
        supervisedTeamIds=[str(ids.team(t)) for t in user.supervisedTeamIds],
        stationPhoneNumber=user.defaultDialNumber,
        stationId=user.extension,
        loginOptions=[_LOGIN_OPTION[o] for o in options if o in _LOGIN_OPTION],
        channels=[
            wire.ChannelCapacity(mediaType=c.type, capacity=c.capacity) for c in org.channels
        ],
        dialPlans=[
            wire.DialPattern(
                name=p.name,
                regularExpression=p.regularExpression,
                strippedChars=p.strippedChars,
                forStationId="extension" in f"{p.name} {p.description}".lower(),
            )
            for p in org.dialPlans
            if p.active
        ],
    )
    data = record.model_dump(mode="json")
    # The platform's ids are numbers on the wire (the model keeps them as text).
    data["agentId"] = ids.agent(user.id)
    data["teamId"] = ids.team(teams[0].id) if teams else None
    data["businessUnitId"] = ids.bus_no
    for ref, team in zip(data["teams"], teams, strict=True):
        ref["teamId"] = ids.team(team.id)
    data["supervisedTeamIds"] = [ids.team(t) for t in user.supervisedTeamIds]
    return data


@router.get(PREFIX + "/agents/states", response_model=None)
async def agent_states(
    request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse | Response:
    """A supervisor's agents (the members of the teams they supervise) with their state.

    With `updatedSince`, only the rows updated at or after it; none is 304 with no body. That
    is how NICE's agent SDK reads its agent-state poll (`util-worker.js` `getData` takes a body
    only from a 200 and keeps its stored list otherwise; the same worker's other
    `updatedSince` polls treat 304 as "no body"). Every row counts as updated when the sandbox
    came up, so the SDK's first poll (`updatedSince` = the epoch) lists everyone.
    """
    params = await read_params(request, wire.AgentStatesRequest)
    if not user.is_supervisor:
        raise failure(E.NOT_PERMITTED, "Only a supervisor may list agents' states.")
    since = _updated_since(params.updatedSince)
    now = sandbox.config.clock()  # before the look, so a change made after it is in the next
    agents = _supervised(sandbox, user)
    if since is not None and since > sandbox.started_ms:
        changed = sandbox.engine.agents_changed_since(since)
        agents = [(agent, team) for agent, team in agents if agent.id in changed]
        if not agents:
            return Response(status_code=304)
    rows = [_row(sandbox, agent, team_id) for agent, team_id in agents]
    answer = wire.AgentStatesResponse(agentStates=[], lastPollTime=wire.utc_iso(now))
    data = answer.model_dump(mode="json")
    data["agentStates"] = rows
    return JSONResponse(data)


def _updated_since(given: str | None) -> int | None:
    if given is None:
        return None
    found = wire.parse_utc_iso(given.strip())
    if found is None:
        raise failure(E.INVALID_REQUEST, "updatedSince must be an ISO 8601 time.")
    return found


def _supervised(sandbox: Sandbox, supervisor: User) -> list[tuple[User, str]]:
    seen: dict[str, tuple[User, str]] = {}
    for team_id in supervisor.supervisedTeamIds:
        for member in sandbox.org.members_of(team_id):
            if member.id != supervisor.id:
                seen.setdefault(member.id, (member, team_id))
    return list(seen.values())


def _row(sandbox: Sandbox, agent: User, team_id: str) -> dict[str, Any]:
    org, ids = sandbox.org, ids_of(sandbox)
    session = sandbox.engine.session_of(agent.id)
    team = org.team(session.team_id if session else team_id)
    fields: dict[str, Any] = {}
    if session is not None:
        idle = session.availability is Availability.IDLE
        code = org.aux_code(session.idle_code_id or "") if idle else None
        load = session.channel_load(org.channel_types)
        fields = {
            "agentStateName": "Unavailable" if idle else "Available",
            "outStateDescription": code.name if code else "",
            "outStateId": ids.code(code.id) if code else None,
            "startDate": wire.utc_iso(session.idle_code_changed_ms),
            "sessionId": session.session_id,
            "contacts": {channel: len(found) for channel, found in load.items()},
            "offeredContacts": sum(1 for c in session.contacts if c.status.is_offer),
            "acwContacts": sum(1 for c in session.contacts if c.status is ContactStatus.WRAP_UP),
        }
    row = wire.AgentStateRow(
        agentId=str(ids.agent(agent.id)),
        firstName=agent.firstName,
        lastName=agent.lastName,
        teamId=str(ids.team(team.id if team else team_id)),
        teamName=team.name if team else "",
        agentStateName=fields.pop("agentStateName", "LoggedOut"),
        **fields,
    ).model_dump(mode="json")
    row["agentId"] = ids.agent(agent.id)
    row["teamId"] = ids.team(team.id if team else team_id)
    return row


def _agent(sandbox: Sandbox, caller: User, agent_id: str) -> User:
    """The agent named in the path, if the caller may see them (400, 403, 404 otherwise)."""
    if as_number(agent_id) is None:
        raise failure(E.INVALID_REQUEST, "The agent id must be an integer.")
    found = ids_of(sandbox).agent_of(agent_id)
    agent = sandbox.org.user(found) if found else None
    if agent is None:
        raise failure(E.NOT_FOUND, "There is no agent with that id.")
    if agent.id != caller.id and not sandbox.engine.may_act_for(caller, agent.id):
        raise failure(E.NOT_PERMITTED, "That agent is not on a team this user supervises.")
    return agent


def _details(sandbox: Sandbox, agent: User, ids: CxoneIds) -> dict[str, Any]:
    """The platform's fields, after the sandbox's additions (teams, dial plans, channels, ...:
    what the desktop's profile needs beyond them; a tenant leaves them out)."""
    team = sandbox.org.team(agent.teamIds[0])
    return {
        **_record(sandbox, agent),
        "agentId": ids.agent(agent.id),
        "userName": agent.login,
        "firstName": agent.firstName,
        "lastName": agent.lastName,
        "emailAddress": agent.email,
        "isActive": agent.active,
        "teamId": ids.team(agent.teamIds[0]),
        "teamName": team.name if team else "",
        "isSupervisor": agent.is_supervisor,
        "maxConcurrentChats": sandbox.org.capacity("chat"),
        "useTeamMaxConcurrentChats": True,
        "maxEmailAutoParkingLimit": sandbox.org.capacity("email"),
        "useTeamEmailAutoParkingLimit": True,
        "phoneRefusalTimeout": int(sandbox.config.ring_for_s),
    }


@router.get(AGENT)
async def agent_details(
    agentId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    params = await read_params(request, wire.AgentDetailsRequest)
    agent = _agent(sandbox, user, agentId)
    details = _details(sandbox, agent, ids_of(sandbox))
    given = params.fields
    if given:
        wanted = [name.strip() for name in given.split(",") if name.strip()][:MAX_FIELDS]
        details = {name: details[name] for name in wanted if name in details}
    return {"agents": [details]}


@router.get(AGENT + "/skills", response_model=None)
async def agent_skills(
    agentId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any] | Response:
    """One skill per channel the org has (each channel is one skill here, `cxone.skills`)."""
    agent = _agent(sandbox, user, agentId)
    org, ids = sandbox.org, ids_of(sandbox)
    assignments = []
    for channel in org.channels:
        media_type, media_name = MEDIA_TYPE.get(channel.type, DIGITAL)
        assignments.append(
            {
                "agentId": ids.agent(agent.id),
                "skillId": skill_id(org, channel.type),
                "skillName": queue_name(channel.type),
                "mediaTypeId": media_type,
                "mediaTypeName": media_name,
                "isActive": True,
                "isRestricted": False,
                "isOutbound": False,
                "outboundStrategy": "",
                "priorityBlending": False,
                "useACW": True,
                "isNaturalCallingRunning": False,
                "requireDisposition": False,
            }
        )
    if not assignments:
        return Response(status_code=204)
    return {"agentSkillAssignments": assignments}


@router.get(AGENT + "/agent-settings")
async def agent_settings(agentId: str, user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    """What the SDK's `parseAgentSettings` reads; the sandbox has no softphone media server,
    no UI queue and no monitoring, so those are empty or off."""
    _agent(sandbox, user, agentId)
    return {
        "cxaClientVersion": "",
        "webRTCType": "",
        "webRTCWSSUrls": [],
        "webRTCServerDomain": "",
        "webRTCICEUrls": [],
        "webRTCDNIS": "",
        "deleteCommitmentString": "",
        "persistentPanels": False,
        "CXADataDogAppID": "",
        "CXADataDogClientToken": "",
        "DataDogSampleRate": 0,
        "maxConferenceParties": 0,
        "VQMIntegratedSoftPhoneMonitoring": False,
        "VQMMonitoringKey": "",
        "EnableUIQueue": False,
        "irisNoiseCancellationKey": "",
    }


@router.post(AGENT + "/state")
async def agent_state(
    agentId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    """A supervisor sets an agent of their teams Available or Unavailable (no join needed)."""
    params = await read_params(request, wire.StateRequest)
    if not user.is_supervisor:
        raise failure(E.NOT_PERMITTED, "Only a supervisor may change another agent's state.")
    found = ids_of(sandbox).agent_of(agentId)
    agent = sandbox.org.user(found) if found else None
    if agent is None:
        raise outcome(wire.JoinOutcome.INVALID_AGENT_ID, "There is no agent with that id.")
    if not sandbox.engine.may_act_for(user, agent.id):
        raise failure(E.NOT_PERMITTED, "That agent is not on a team this supervisor supervises.")
    if sandbox.engine.session_of(agent.id) is None:
        raise failure(E.AGENT_NOT_LOGGED_IN, "That agent has no session.")
    change_state(sandbox, user, agent.id, params)
    return Response(status_code=202)


# Teams ----------------------------------------------------------------------------------------


@router.get(PREFIX + "/teams/{teamId}/unavailable-codes")
async def team_unavailable_codes(
    teamId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    params = await read_params(request, wire.UnavailableCodesRequest)
    found = ids_of(sandbox).team_of(teamId)
    if found is None or sandbox.org.team(found) is None:
        raise failure(E.NOT_FOUND, "There is no such team.")
    codes = unavailable_codes(sandbox.org, ids_of(sandbox))
    if params.activityOnly:
        codes = [code for code in codes if code["isActive"]]
    return {"unavailableCodes": codes}
