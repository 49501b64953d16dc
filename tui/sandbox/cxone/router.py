"""The NICE CXone agent API, mapped onto the engine, under `/inContactAPI/services/v{N}.0/`.

Starting or joining a session gives the caller a session id that is a *handle* on the engine's
session (see `SessionHandle`); the handle's holder acts through it, and polls it for events with
`get-next-event`, which hands out a new id with each answer. Commands commit before they are
answered (202), and their facts reach every protocol's listeners: a state set here arrives on the
agent's Webex socket, and the other way round. Sessions started here begin Unavailable with a
blank reason. A `stationPhoneNumber` of `WebRTC` (no `stationId`) starts a softphone session,
as NICE's sample app does.

Parameters come from the query string or a JSON body (`cxone.input`); errors are CXone-shaped
(`cxone.errors`). Agent ids (`asAgentId`) are the platform's integers (`cxone.ids`); the
agent and team routes are in `cxone.agents`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from tui.backends.cxone import wire
from tui.sandbox.cxone import poll
from tui.sandbox.cxone.errors import failure, for_rejection
from tui.sandbox.cxone.events import WEBRTC
from tui.sandbox.cxone.ids import ids_of
from tui.sandbox.cxone.input import read_params
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import Availability, Device, Event, Refusal
from tui.sandbox.engine.org import AuxCode, User
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

PREFIX = "/inContactAPI/services/v{version:int}.0"
SESSION = PREFIX + "/agent-sessions/{sessionId}"
MAX_PATH_ID = 64

router = APIRouter(tags=["cxone"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
E = wire.ErrorName

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
    softphone = phone.lower() == WEBRTC.lower() and not station
    device = Device.BROWSER if softphone else Device.DIAL_NUMBER if phone else Device.EXTENSION
    engine = sandbox.engine
    started = engine.start_session(
        user.id,
        dial_number="" if softphone else phone or station,
        device=device,
        team_id=user.teamIds[0],
        roles=("agent", "supervisor") if user.is_supervisor else ("agent",),
        available=False,
        idle_code=False,
        profile_decides_device=not softphone,
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
    given = (params.asAgentId or "").strip()
    # An integer that is no agent (or any other text) stays unknown to the engine, which then
    # answers in its own order (InvalidAgentId unless impersonation is refused first).
    agent_id = (ids_of(sandbox).agent_of(given) or f"cxone:{given}") if given else None
    try:
        handle = sandbox.engine.join_session(
            user.id, agent_id=agent_id, session_ref=params.sessionId or None
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
    if isinstance(answer, tuple):  # written elsewhere (`Sandbox.poll_answer`), as it is
        status, body = answer
        return Response(body, status_code=status, media_type="application/json")
    return JSONResponse(answer.model_dump(mode="json"))


@router.post(SESSION + "/state")
async def session_state(
    sessionId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> Response:
    params = await read_params(request, wire.StateRequest)
    engine = sandbox.engine
    handle = poll.held_handle(engine, sessionId, user)
    poll.live_session(engine, handle)
    change_state(sandbox, user, handle.agent_id, params)
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


def change_state(sandbox: Sandbox, actor: User, agent_id: str, params: wire.StateRequest) -> None:
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


@router.get(PREFIX + "/server-time")
async def server_time(user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    """The sandbox's clock, as CXone answers it (the SDK measures its clock skew with it)."""
    now = wire.utc_iso(sandbox.config.clock())
    return wire.ServerTimeResponse(ServerTime=now).model_dump(mode="json")
