"""The NICE CXone agent API, mapped onto the engine, under `/inContactAPI/services/v{N}.0/`.

Starting or joining a session gives the caller a session id that is a *handle* on the engine's
session (see `SessionHandle`); the handle's holder acts through it, and polls it for events with
`get-next-event`, which hands out a new id with each answer. Commands commit before they are
answered (202), and their facts reach every protocol's listeners: a state set here arrives on the
agent's Webex socket, and the other way round. Sessions started here begin Unavailable.

Parameters come from the query string or a JSON body (`cxone.input`); errors are CXone-shaped
(`cxone.errors`). Beyond the design's routes: `GET agents/me` and, for supervisors,
`POST agents/{agentId}/state`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from tui.backends.cxone import wire
from tui.sandbox.cxone import poll
from tui.sandbox.cxone.errors import failure, for_rejection, outcome
from tui.sandbox.cxone.events import unavailable_codes
from tui.sandbox.cxone.input import read_params
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import Availability, ContactStatus, Device, Event, Refusal
from tui.sandbox.engine.org import AuxCode, User
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

PREFIX = "/inContactAPI/services/v{version:int}.0"
SESSION = PREFIX + "/agent-sessions/{sessionId}"
MAX_PATH_ID = 64

router = APIRouter(tags=["cxone"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
E = wire.ErrorName

_LOGIN_OPTION = {"AGENT_DN": wire.LOGIN_PHONE_NUMBER, "EXTENSION": wire.LOGIN_STATION_ID}

_START_REFUSED: dict[Refusal, wire.ErrorName] = {
    Refusal.ALREADY_LOGGED_IN: E.SESSION_EXISTS,
    Refusal.DUPLICATE_LOCATION: E.STATION_IN_USE,
    Refusal.INVALID_DIAL_NUMBER: E.INVALID_STATION,
}


def _accepted(body: dict[str, Any] | None = None) -> Response:
    if body is None:
        return Response(status_code=202)
    return JSONResponse(body, status_code=202)


# Sessions -----------------------------------------------------------------------------------


@router.post(PREFIX + "/agent-sessions")
async def start_session(request: Request, user: CurrentUser, sandbox: SandboxDep) -> Response:
    """Start a station session (by phone number or station id); it begins Unavailable."""
    params = await read_params(request, wire.StartSessionRequest)
    phone = (params.stationPhoneNumber or "").strip()
    station = (params.stationId or "").strip()
    if bool(phone) == bool(station):
        raise failure(E.INVALID_REQUEST, "Give either stationPhoneNumber or stationId.")
    engine = sandbox.engine
    started = engine.start_session(
        user.id,
        dial_number=phone or station,
        device=Device.DIAL_NUMBER if phone else Device.EXTENSION,
        team_id=user.teamIds[0],
        roles=("agent", "supervisor") if user.is_supervisor else ("agent",),
        available=False,
    )
    if started.refusal is not None:
        name = _START_REFUSED.get(started.refusal, E.INVALID_REQUEST)
        raise failure(name, started.detail)
    handle = _join(sandbox, user, wire.JoinSessionRequest())
    return _accepted(wire.SessionResponse(sessionId=handle).model_dump())


@router.post(PREFIX + "/agent-sessions/join")
async def join_session(request: Request, user: CurrentUser, sandbox: SandboxDep) -> Response:
    """Join the caller's own session, or with `asAgentId` another agent's (impersonation)."""
    params = await read_params(request, wire.JoinSessionRequest)
    return _accepted(wire.SessionResponse(sessionId=_join(sandbox, user, params)).model_dump())


def _join(sandbox: Sandbox, user: User, params: wire.JoinSessionRequest) -> str:
    try:
        handle = sandbox.engine.join_session(
            user.id, agent_id=params.asAgentId or None, session_ref=params.sessionId or None
        )
    except Rejected as rejected:
        raise for_rejection(rejected) from None
    return handle.handle_id


@router.get(SESSION + "/get-next-event")
async def get_next_event(
    sessionId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    """Long poll: 200 with events and a new session id, 304 when nothing happened in time."""
    params = await read_params(request, wire.NextEventRequest)
    answer = await poll.next_events(sandbox, sessionId, user, params.timeout, request)
    if answer is None:
        return Response(status_code=304)
    if isinstance(answer, str):  # a body written elsewhere (`Sandbox.poll_answer`), as it is
        return Response(answer, media_type="application/json")
    return JSONResponse(answer.model_dump(mode="json"))


@router.post(SESSION + "/state")
async def session_state(
    sessionId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    params = await read_params(request, wire.StateRequest)
    engine = sandbox.engine
    handle = poll.held_handle(engine, sessionId, user)
    poll.live_session(engine, handle)
    _change_state(sandbox, user, handle.agent_id, params)
    return _accepted()


@router.delete(SESSION)
async def end_session(
    sessionId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    """End the session; one with contacts needs `endContacts` or `forceLogoff`."""
    params = await read_params(request, wire.EndSessionRequest)
    engine = sandbox.engine
    handle = poll.held_handle(engine, sessionId, user)
    session = poll.live_session(engine, handle)
    if session.contacts and not (params.endContacts or params.forceLogoff):
        raise failure(
            E.ACTIVE_CONTACTS,
            "The agent still has contacts; end them (endContacts) or force the log-off.",
        )
    try:
        engine.end_session(user.id, agent_id=handle.agent_id)
    except Rejected as rejected:
        raise for_rejection(rejected) from None
    return _accepted()


# State changes ------------------------------------------------------------------------------


def _change_state(sandbox: Sandbox, actor: User, agent_id: str, params: wire.StateRequest) -> None:
    """Available, or Unavailable with a reason named exactly (none: the default idle code)."""
    if params.state not in wire.STATES:
        raise failure(E.INVALID_REQUEST, "state must be Available or Unavailable.")
    engine = sandbox.engine
    code: AuxCode | None = None
    if params.state == "Unavailable":
        code = _reason(sandbox, params.reason or "")
    try:
        event = engine.change_state(
            actor.id,
            availability=Availability.IDLE if code else Availability.AVAILABLE,
            idle_code_id=code.id if code else None,
            reason=code.name if code else "",
            agent_id=agent_id,
            allow_wrap_up=True,
        )
    except Rejected as rejected:
        raise for_rejection(rejected) from None
    _raise_refused(event)


def _reason(sandbox: Sandbox, name: str) -> AuxCode:
    org = sandbox.org
    if not name:
        default = org.default_idle_code()
        if default is None:
            raise failure(E.INVALID_REQUEST, "There is no unavailable code to use; name one.")
        return default
    code = next((c for c in org.auxiliaryCodes if c.name == name), None)
    if code is None or not code.active:
        raise failure(E.INVALID_REQUEST, f"There is no active unavailable code named {name!r}.")
    if code.isSystemCode:
        raise failure(E.INVALID_REQUEST, f"{code.name} is set by the system and cannot be chosen.")
    return code


def _raise_refused(event: Event) -> None:
    if event.refusal is None:
        return
    if event.refusal is Refusal.NO_ACTIVE_CONTACT:
        raise failure(E.NO_ACTIVE_CONTACT, event.detail)
    if event.refusal is Refusal.NOT_LOGGED_IN:
        raise failure(E.AGENT_NOT_LOGGED_IN, event.detail)
    raise failure(E.INVALID_REQUEST, event.detail)


@router.post(PREFIX + "/agents/{agentId}/state")
async def agent_state(
    agentId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    """A supervisor sets an agent of their teams Available or Unavailable (no join needed)."""
    params = await read_params(request, wire.StateRequest)
    if not user.is_supervisor:
        raise failure(E.NOT_PERMITTED, "Only a supervisor may change another agent's state.")
    agent = sandbox.org.user(agentId) if len(agentId) <= MAX_PATH_ID else None
    if agent is None:
        raise outcome(wire.JoinOutcome.INVALID_AGENT_ID, "There is no agent with that id.")
    if not sandbox.engine.may_act_for(user, agent.id):
        raise failure(E.NOT_PERMITTED, "That agent is not on a team this supervisor supervises.")
    if sandbox.engine.session_of(agent.id) is None:
        raise failure(E.AGENT_NOT_LOGGED_IN, "That agent has no session.")
    _change_state(sandbox, user, agent.id, params)
    return _accepted()


# Configuration and people -------------------------------------------------------------------


@router.get(PREFIX + "/teams/{teamId}/unavailable-codes")
async def team_unavailable_codes(
    teamId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    team = sandbox.org.team(teamId) if len(teamId) <= MAX_PATH_ID else None
    if team is None:
        raise failure(E.NOT_FOUND, "There is no such team.")
    codes = unavailable_codes(sandbox.org)
    return wire.UnavailableCodesResponse(unavailableCodes=codes).model_dump(mode="json")


@router.get(PREFIX + "/server-time")
async def server_time(user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    """The sandbox's clock, as CXone answers it (the SDK measures its clock skew with it)."""
    now = wire.utc_iso(sandbox.config.clock())
    return wire.ServerTimeResponse(ServerTime=now).model_dump(mode="json")


@router.get(PREFIX + "/agents/me")
async def agents_me(user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    org = sandbox.org
    teams = [t for t in (org.team(i) for i in user.teamIds) if t is not None]
    profile = org.profile(user.profileId)
    options = profile.loginVoiceOptions if profile else ()
    record = wire.AgentRecord(
        agentId=user.id,
        userName=user.login,
        firstName=user.firstName,
        lastName=user.lastName,
        emailAddress=user.email,
        teamId=teams[0].id if teams else "",
        teamName=teams[0].name if teams else "",
        isSupervisor=user.is_supervisor,
        isActive=user.active,
        businessUnitId=org.orgId,
        canImpersonate=user.mayImpersonate,
        teams=[
            wire.TeamRef(
                teamId=t.id,
                teamName=t.name,
                siteId=t.siteId,
                siteName=site.name if (site := org.site(t.siteId)) else "",
            )
            for t in teams
        ],
        supervisedTeamIds=list(user.supervisedTeamIds),
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
    return record.model_dump(mode="json")


@router.get(PREFIX + "/agents/states")
async def agent_states(user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    """A supervisor's agents (the members of the teams they supervise) with their state."""
    if not user.is_supervisor:
        raise failure(E.NOT_PERMITTED, "Only a supervisor may list agents' states.")
    rows = [_row(sandbox, agent, team_id) for agent, team_id in _supervised(sandbox, user)]
    return wire.AgentStatesResponse(agentStates=rows).model_dump(mode="json")


def _supervised(sandbox: Sandbox, supervisor: User) -> list[tuple[User, str]]:
    seen: dict[str, tuple[User, str]] = {}
    for team_id in supervisor.supervisedTeamIds:
        for member in sandbox.org.members_of(team_id):
            if member.id != supervisor.id:
                seen.setdefault(member.id, (member, team_id))
    return list(seen.values())


def _row(sandbox: Sandbox, agent: User, team_id: str) -> wire.AgentStateRow:
    org = sandbox.org
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
            "startDate": wire.utc_iso(session.idle_code_changed_ms),
            "sessionId": session.session_id,
            "contacts": {channel: len(ids) for channel, ids in load.items()},
            "offeredContacts": sum(1 for c in session.contacts if c.status.is_offer),
            "acwContacts": sum(1 for c in session.contacts if c.status is ContactStatus.WRAP_UP),
        }
    return wire.AgentStateRow(
        agentId=agent.id,
        firstName=agent.firstName,
        lastName=agent.lastName,
        teamId=team.id if team else team_id,
        teamName=team.name if team else "",
        agentStateName=fields.pop("agentStateName", "LoggedOut"),
        **fields,
    )
