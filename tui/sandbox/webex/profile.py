"""The agent-scoped profile routes the vendor's SDK calls in ``register()``.

Paths, query strings and answer shapes are those of webex-js-sdk ``@webex/contact-center``
``services/config`` (``endPointMap`` in ``constants.ts``, the types in ``types.ts``): the current
line's two aggregates (``desktop-login``) and the published 3.x line's separate routes. All are
served from the one org the engine runs. An unknown id answers 404; another org 403; a user
record or desktop profile the caller may not see (not their own, nor of an agent they
supervise) 403.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from tui.backends.webex.wire import Page
from tui.backends.webex.wire.configuration import DialPlan
from tui.backends.webex.wire.desktop_login import (
    AgentRecord,
    DesktopProfile,
    MultimediaProfile,
    OrgDesktopLogin,
    OrgInfo,
    OrgSettings,
    SiteInfo,
    TenantConfiguration,
    UserDesktopLogin,
)
from tui.sandbox.engine.org import Org, User
from tui.sandbox.errors import ApiError
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex import query

router = APIRouter(tags=["configuration"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
Flag = Annotated[bool | None, Query()]

AI_FEATURES_OFF: dict[str, Any] = {
    "realtimeTranscripts": {"enable": False},
    "suggestedResponses": {"enable": False},
    "generatedSummaries": {
        "callDropSummariesEnabled": False,
        "virtualAgentTransferSummariesEnabled": False,
        "consultTransferSummariesEnabled": False,
        "wrapUpSummariesEnabled": False,
    },
    "agentWellbeing": {"enable": False},
    "autoCSAT": {"enable": False},
}
"""The AI feature flags (`AIFeatureFlags`): the sandbox has no AI services, so all are off; the
SDK then sends no transcript requests to the AI assistant's host."""

TIMEZONE = "UTC"
ENVIRONMENT = "sandbox"


def multimedia_profile_id(org: Org) -> str:
    """The one multimedia profile every team and site uses: the org's channel capacities."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox:{org.orgId}:multimedia-profile"))


def _check_org(org_id: str, sandbox: Sandbox) -> None:
    if org_id != sandbox.org.orgId:
        raise ApiError(403, "This token may not read that organization.")


def _visible_user(caller: User, ci_user_id: str, sandbox: Sandbox) -> User:
    target = sandbox.org.user(ci_user_id)
    if target is None:
        raise ApiError(404, f"No user has the CI user id {ci_user_id!r}.")
    if target.id not in {u.id for u in sandbox.engine.visible_users(caller)}:
        raise ApiError(403, "This token may read its own user record only.")
    return target


def agent_record(user: User, org: Org) -> AgentRecord:
    """The user as the SDK reads it; the sandbox's user id serves as CI id and database id."""
    return AgentRecord(
        id=user.id,
        ciUserId=user.id,
        dbId=user.id,
        firstName=user.firstName,
        lastName=user.lastName,
        email=user.email,
        agentProfileId=user.profileId,
        siteId=user.siteId,
        teamIds=list(user.teamIds),
        multimediaProfileId=multimedia_profile_id(org),
        deafultDialledNumber=user.defaultDialNumber,
    )


def desktop_profile(profile_id: str, org: Org) -> DesktopProfile:
    profile = org.profile(profile_id)
    if profile is None:
        raise ApiError(404, f"No desktop profile has the id {profile_id!r}.")
    return DesktopProfile(
        id=profile.id,
        name=profile.name,
        loginVoiceOptions=list(profile.loginVoiceOptions),
        accessIdleCode="ALL",
        accessWrapUpCode="ALL",
        dialPlanEnabled=True,
        dialPlans=[p.id for p in org.dialPlans if p.active],
        agentDNValidation="NONE",
    )


def org_info(org: Org) -> OrgInfo:
    return OrgInfo(
        id=org.orgId, name=org.name, tenantId=org.orgId, timezone=TIMEZONE, environment=ENVIRONMENT
    )


def tenant_configuration(org: Org) -> TenantConfiguration:
    plans = [p.regularExpression for p in org.dialPlans if p.active]
    return TenantConfiguration(
        dnDefaultRegex=plans[0] if plans else "",
        dnOtherRegex=plans[1] if len(plans) > 1 else "",
    )


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def _page(request: Request, sandbox: Sandbox, rows: list[dict[str, Any]]) -> dict[str, Any]:
    body = query.paged(rows, page=0, page_size=100, path=request.url.path, org_id=sandbox.org.orgId)
    return Page[dict[str, Any]].model_validate(body).model_dump(mode="json")


# The current SDK line: two aggregates ------------------------------------------------------


@router.get("/organization/{orgId}/desktop-login")
async def org_desktop_login(orgId: str, user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    org = sandbox.org
    answer = OrgDesktopLogin(
        organization=org_info(org),
        organizationSetting=OrgSettings(),
        tenantConfiguration=tenant_configuration(org),
        aiFeature=AI_FEATURES_OFF,
    )
    return _dump(answer)


@router.get("/organization/{orgId}/v2/user/by-ci-user-id/{ciUserId}/desktop-login")
async def user_desktop_login(
    orgId: str, ciUserId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    target = _visible_user(user, ciUserId, sandbox)
    answer = UserDesktopLogin(
        user=agent_record(target, sandbox.org),
        agentProfile=desktop_profile(target.profileId, sandbox.org),
    )
    return _dump(answer)


# The published 3.x line: one route per part -------------------------------------------------


@router.get("/organization/{orgId}/user/by-ci-user-id/{ciUserId}")
async def user_by_ci_user_id(
    orgId: str, ciUserId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    target = _visible_user(user, ciUserId, sandbox)
    record = agent_record(target, sandbox.org)
    # This SDK line reads `defaultDialledNumber` (services/config/Util.ts, parseAgentConfigs).
    record.defaultDialledNumber = target.defaultDialNumber
    return _dump(record)


@router.get("/organization/{orgId}/agent-profile/{profileId}")
async def agent_profile_by_id(
    orgId: str, profileId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    answer = desktop_profile(profileId, sandbox.org)
    if profileId not in {u.profileId for u in sandbox.engine.visible_users(user)}:
        raise ApiError(403, "This token may read its own desktop profile only.")
    return _dump(answer)


@router.get("/organization/{orgId}")
async def organization(orgId: str, user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    return _dump(org_info(sandbox.org))


@router.get("/organization/{orgId}/v2/organization-setting")
async def organization_setting(
    orgId: str, request: Request, user: CurrentUser, sandbox: SandboxDep, agentView: Flag = None
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    row = {"id": sandbox.org.orgId, **_dump(OrgSettings())}
    return _page(request, sandbox, [row])


@router.get("/organization/{orgId}/v2/tenant-configuration")
async def tenant_configuration_route(
    orgId: str, request: Request, user: CurrentUser, sandbox: SandboxDep, agentView: Flag = None
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    row = {"id": sandbox.org.orgId, **_dump(tenant_configuration(sandbox.org))}
    return _page(request, sandbox, [row])


@router.get("/organization/{orgId}/v2/org-url-mapping")
async def org_url_mapping(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    sort: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """No external integrations (Acqueon) are configured: an empty list."""
    _check_org(orgId, sandbox)
    return _page(request, sandbox, [])


@router.get("/organization/{orgId}/v2/ai-feature")
async def ai_feature(
    orgId: str,
    request: Request,
    user: CurrentUser,
    sandbox: SandboxDep,
    page: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    pageSize: Annotated[int, Query(ge=1, le=1_000_000)] = 100,
) -> dict[str, Any]:
    """The org's one AI feature record: every feature off (so the SDK asks no AI service)."""
    _check_org(orgId, sandbox)
    return _page(request, sandbox, [{"id": sandbox.org.orgId, **AI_FEATURES_OFF}])


# Both lines ---------------------------------------------------------------------------------


@router.get("/organization/{orgId}/site/{siteId}")
async def site(orgId: str, siteId: str, user: CurrentUser, sandbox: SandboxDep) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    found = sandbox.org.site(siteId)
    if found is None:
        raise ApiError(404, f"No site has the id {siteId!r}.")
    answer = SiteInfo(
        id=found.id, name=found.name, multimediaProfileId=multimedia_profile_id(sandbox.org)
    )
    return _dump(answer)


@router.get("/organization/{orgId}/multimedia-profile/{profileId}")
async def multimedia_profile(
    orgId: str, profileId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    _check_org(orgId, sandbox)
    org = sandbox.org
    if profileId != multimedia_profile_id(org):
        raise ApiError(404, f"No multimedia profile has the id {profileId!r}.")
    capacities = {c.type: c.capacity for c in org.channels}
    answer = MultimediaProfile(
        id=profileId,
        name="Sandbox multimedia profile",
        organizationId=org.orgId,
        description="The org's channel capacities.",
        telephony=capacities.get("telephony", 0),
        chat=capacities.get("chat", 0),
        email=capacities.get("email", 0),
        social=capacities.get("social", 0),
        blendingModeEnabled=False,
        blendingMode="NONE",
        systemDefault=True,
    )
    return _dump(answer)


def dial_plans(org: Org, user: User, agent_view: bool) -> list[DialPlan]:
    """The org's dial plans; with agentView, those the caller's desktop profile applies."""
    plans = org.dialPlans
    if agent_view:
        allowed = set(desktop_profile(user.profileId, org).dialPlans)
        plans = tuple(p for p in plans if p.id in allowed)
    return [
        DialPlan(
            id=p.id,
            name=p.name,
            regularExpression=p.regularExpression,
            prefix=p.prefix,
            strippedChars=p.strippedChars,
            active=p.active,
            description=p.description,
            organizationId=org.orgId,
        )
        for p in plans
    ]


@router.get("/organization/{orgId}/dial-plan")
async def dial_plan_array(
    orgId: str, user: CurrentUser, sandbox: SandboxDep, agentView: Flag = None
) -> list[dict[str, Any]]:
    """A bare array (the spec's `List Dial Plan(s)`); with agentView, the caller's profile's."""
    _check_org(orgId, sandbox)
    return [_dump(plan) for plan in dial_plans(sandbox.org, user, bool(agentView))]
