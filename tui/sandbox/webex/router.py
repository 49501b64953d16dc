"""The Webex Contact Center agent API, mapped onto the engine.

Agent requests validate their body (wire request models), run one engine command (which commits
before returning), answer 202 `{"trackingId"}` and let the result travel as a frame on the
user's notification sockets. The caller's `TrackingID` header becomes the frame's `trackingId`.
Configuration lists answer `{data, meta}` pages built from the wire DTOs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from tui.backends.webex import wire
from tui.sandbox.body import read_body
from tui.sandbox.engine.model import Availability, Device
from tui.sandbox.engine.org import User
from tui.sandbox.errors import TRACKING_HEADER, ApiError, tracking_id
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex import catalog, people, profile, query, search, tasks
from tui.sandbox.webex import socket as notifications

router = APIRouter()  # the other Webex routers are included after the agent commands

SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]

_DEVICE = {"AGENT_DN": Device.DIAL_NUMBER, "EXTENSION": Device.EXTENSION, "BROWSER": Device.BROWSER}
_AVAILABILITY = {"Available": Availability.AVAILABLE, "Idle": Availability.IDLE}


def accepted(tid: str) -> JSONResponse:
    return JSONResponse({"trackingId": tid}, status_code=202, headers={TRACKING_HEADER: tid})


# Agent commands -----------------------------------------------------------------------------


@router.post("/v1/agents/login", status_code=202, tags=["agents"])
async def login(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    body = await read_body(request, wire.LoginRequest)
    tid = tracking_id(request)
    device_type = body.deviceType or ("EXTENSION" if body.isExtension else "AGENT_DN")
    sandbox.engine.start_session(
        user.id,
        dial_number=body.dialNumber,
        device=_DEVICE[device_type],
        team_id=body.teamId or None,
        device_id=body.deviceId or None,
        roles=list(body.roles),
        correlation_id=tid,
    )
    return accepted(tid)


@router.put("/v1/agents/session/state", status_code=202, tags=["agents"])
async def change_state(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    body = await read_body(request, wire.StateRequest)
    tid = tracking_id(request)
    availability = _AVAILABILITY[body.state]
    sandbox.engine.change_state(
        user.id,
        availability=availability,
        idle_code_id=body.auxCodeId if availability is Availability.IDLE else None,
        reason=body.lastStateChangeReason or "",
        agent_id=body.agentId or None,
        correlation_id=tid,
    )
    return accepted(tid)


async def _logout(request: Request, user: User, sandbox: Sandbox) -> JSONResponse:
    body = await read_body(request, wire.LogoutRequest)
    tid = tracking_id(request)
    sandbox.engine.end_session(
        user.id, reason=body.logoutReason, agent_id=body.agentId or None, correlation_id=tid
    )
    return accepted(tid)


@router.put("/v1/agents/logout", status_code=202, tags=["agents"])
async def logout_put(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    return await _logout(request, user, sandbox)


@router.post("/v1/agents/logout", status_code=202, tags=["agents"])
async def logout_post(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    return await _logout(request, user, sandbox)


@router.post("/v1/agents/reload", status_code=202, tags=["agents"])
async def reload(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    """The body, if any, is not read: reload takes none."""
    tid = tracking_id(request)
    sandbox.engine.attach(user.id, correlation_id=tid)
    return accepted(tid)


@router.post("/v1/agents/buddyList", status_code=202, tags=["agents"])
async def buddy_list(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    body = await read_body(request, wire.BuddyListRequest)
    tid = tracking_id(request)
    availability = _AVAILABILITY[body.state] if body.state else None
    sandbox.engine.roster(user.id, availability=availability, correlation_id=tid)
    return accepted(tid)


# FastAPI tries every route in turn (some 6 us each): the agent commands above, the busiest,
# come first, then contacts, then the rest, configuration last. No two Webex routes match the
# same request (tests/unit/test_route_order.py), so the order changes nothing else.
router.include_router(tasks.router)
router.include_router(notifications.router)
router.include_router(profile.router)
router.include_router(catalog.router)
router.include_router(search.router)  # the Search API: contacts waiting in queues
router.include_router(people.router)  # on a real tenant: the general Webex API's host


# Configuration ------------------------------------------------------------------------------


def _check_org(org_id: str, sandbox: Sandbox) -> None:
    if org_id != sandbox.org.orgId:
        raise ApiError(403, "This token may not read that organization.")


class ListParams:
    """The query parameters every configuration list shares.

    `customFilter` is a second RSQL filter (the SDK's system idle-code query sends
    `customFilter=isSystemCode==true`); `attributes` is accepted and every column answered
    ("all attributes are returned along with the specified columns", as the vendor documents
    it, and as its schemas, which require the other fields, hold the answer to);
    `agentView=true` asks for what the caller's own profile gives them, which each route applies.
    """

    def __init__(
        self,
        page: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        pageSize: Annotated[int, Query(ge=1, le=1_000_000)] = 100,
        filter: Annotated[str | None, Query(max_length=2000)] = None,
        search: Annotated[str | None, Query(max_length=200)] = None,
        customFilter: Annotated[str | None, Query(max_length=2000)] = None,
        attributes: Annotated[str | None, Query(max_length=2000)] = None,
        agentView: Annotated[bool, Query()] = False,
    ) -> None:
        self.page = page
        self.page_size = pageSize
        self.filter = filter
        self.search = search
        self.custom_filter = customFilter
        self.attributes = attributes
        self.agent_view = agentView

    def answer(
        self,
        request: Request,
        sandbox: Sandbox,
        items: list[Any],
        hidden: dict[str, list[list[str]]] | None = None,
    ) -> dict[str, Any]:
        """`hidden` adds filter-only columns (one value per item) that are not answered."""
        rows = [item.model_dump(mode="json", by_alias=True, exclude_none=True) for item in items]
        for column, values in (hidden or {}).items():
            for row, value in zip(rows, values, strict=True):
                row[column] = value
        rows = query.apply_filter(rows, self.filter)
        rows = query.apply_filter(rows, self.custom_filter)
        rows = query.apply_search(rows, self.search)
        for row in rows:
            for column in hidden or {}:
                row.pop(column, None)
        body = query.paged(
            rows,
            page=self.page,
            page_size=self.page_size,
            path=request.url.path,
            org_id=sandbox.org.orgId,
        )
        return wire.Page[dict[str, Any]].model_validate(body).model_dump(mode="json")


Listing = Annotated[ListParams, Depends()]


@router.get("/organization/{orgId}/v2/auxiliary-code", tags=["configuration"])
async def auxiliary_codes(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    listing: Listing,
    workType: Annotated[Literal["IDLE_CODE", "WRAP_UP_CODE"] | None, Query()] = None,
    desktopProfileFilter: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    """`workType` keeps one kind of code; `desktopProfileFilter=true` (or `agentView=true`) keeps
    what the caller's desktop profile offers: active codes, no system idle codes (the SDK asks
    for those apart, with `desktopProfileFilter=false&customFilter=isSystemCode==true`)."""
    _check_org(orgId, sandbox)
    chosen = [c for c in sandbox.org.auxiliaryCodes if workType in (None, c.workTypeCode)]
    if desktopProfileFilter or listing.agent_view:
        chosen = [c for c in chosen if c.active and not (c.is_idle_code and c.isSystemCode)]
    codes = [
        wire.AuxiliaryCode(
            id=c.id,
            name=c.name,
            description=c.description,
            defaultCode=c.defaultCode,
            active=c.active,
            isSystemCode=c.isSystemCode,
            workTypeId=c.workTypeId,
            workTypeCode=c.workTypeCode,
            organizationId=sandbox.org.orgId,
            systemDefault=c.isSystemCode,
            burnoutInclusion="INCLUDED" if c.is_idle_code else "NOT_APPLICABLE",
        )
        for c in chosen
    ]
    return listing.answer(request, sandbox, codes)


@router.get("/organization/{orgId}/v2/team", tags=["configuration"])
async def teams(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    listing: Listing,
) -> dict[str, Any]:
    """`filter=userId=={dbId}` keeps the teams that user is a member of (the SDK's query);
    `agentView=true` the teams the caller belongs to or supervises."""
    _check_org(orgId, sandbox)
    org = sandbox.org
    shown = org.teams
    if listing.agent_view:
        mine = set(user.teamIds) | set(user.supervisedTeamIds)
        shown = tuple(t for t in shown if t.id in mine)
    items = []
    for team in shown:
        site = org.site(team.siteId)
        items.append(
            wire.Team(
                id=team.id,
                name=team.name,
                teamType="AGENT",
                teamStatus="IN_SERVICE",
                active=True,
                siteId=team.siteId,
                siteName=site.name if site else None,
                userIds=[u.id for u in org.members_of(team.id) if u.role == "agent"],
                description=team.description,
                organizationId=org.orgId,
                multiMediaProfileId=profile.multimedia_profile_id(org),
            )
        )
    members = [[u.id for u in org.members_of(t.id)] for t in shown]
    return listing.answer(request, sandbox, items, hidden={"userId": members})


@router.get("/organization/{orgId}/v2/dial-plan", tags=["configuration"])
async def dial_plans(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    listing: Listing,
) -> dict[str, Any]:
    """With `agentView=true`, the dial plans the caller's desktop profile applies."""
    _check_org(orgId, sandbox)
    plans = profile.dial_plans(sandbox.org, user, listing.agent_view)
    return listing.answer(request, sandbox, plans)


@router.get("/organization/{orgId}/v2/agent-profile", tags=["configuration"])
async def agent_profile(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    listing: Listing,
) -> dict[str, Any]:
    """The caller's desktop profile (one item), with their default dial number and teams."""
    _check_org(orgId, sandbox)
    org = sandbox.org
    profile = org.profile(user.profileId)
    if profile is None:
        return listing.answer(request, sandbox, [])
    teams = [t for t in (org.team(tid) for tid in user.teamIds) if t is not None]
    item = wire.AgentProfile(
        id=profile.id,
        name=profile.name,
        loginVoiceOptions=list(profile.loginVoiceOptions),
        dialPlanEnabled=True,
        dialPlans=[p.id for p in org.dialPlans if p.active],
        accessAllIdleCodes=True,
        accessAllWrapUpCodes=True,
        active=True,
        organizationId=org.orgId,
        defaultDialNumber=user.defaultDialNumber,
        extension=user.extension,
        teamIds=list(user.teamIds),
        teams=[{"id": t.id, "name": t.name, "siteId": t.siteId} for t in teams],
        channels=[
            wire.BuddyChannel(channelType=c.type, capacity=c.capacity, assigned=0).model_dump()
            for c in org.channels
        ],
    )
    return listing.answer(request, sandbox, [item])


@router.get("/organization/{orgId}/v2/user", tags=["configuration"])
async def users(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    listing: Listing,
) -> dict[str, Any]:
    """The caller's own record; a supervisor also sees the users of the teams they supervise."""
    _check_org(orgId, sandbox)
    items = [
        wire.User(
            id=u.id,
            firstName=u.firstName,
            lastName=u.lastName,
            email=u.email,
            agentProfileId=u.profileId,
            teamIds=list(u.teamIds),
            siteId=u.siteId,
            ciUserId=u.id,
            dbId=u.id,
            deafultDialledNumber=u.defaultDialNumber,
            extension=u.extension,
            roles=[u.role],
            userName=u.login,
            displayName=u.display_name,
        )
        for u in sandbox.engine.visible_users(user)
    ]
    return listing.answer(request, sandbox, items)
