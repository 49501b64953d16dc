"""The agent's profile, loaded the way the vendor's SDK loads it in ``register()``: with the
agent-scoped calls an agent's own token may make, never by listing the org.

webex-js-sdk ``@webex/contact-center`` ``services/config`` (``getAgentConfig``, ``endPointMap``):

1. the user aggregate ``v2/user/by-ci-user-id/{ciUserId}/desktop-login`` (the user record and
   their desktop profile); where a platform does not have it yet (404), the published 3.x
   line's ``user/by-ci-user-id/{ciUserId}`` and ``agent-profile/{agentProfileId}``;
2. their teams, ``v2/team?agentView=true&filter=userId=={dbId}``;
3. the codes their desktop profile offers, ``v2/auxiliary-code?attributes=...&
   desktopProfileFilter=true``, and the system idle codes apart (``workType=IDLE_CODE&
   customFilter=isSystemCode==true&desktopProfileFilter=false``) so that a state the platform
   sets (RONA) can be named;
4. their site (the multimedia profile's fallback), the dial plans when the profile enables them
   (``dial-plan?agentView=true``, a bare array), and the multimedia profile (channel capacities).

The CI user id is what ``/v1/people/me`` says once decoded, and what frames call ``agentId``.
Roles are not in these documents: the org's user list, asked for this one user, says them to a
token that may read it (a supervisor's); an agent's token may be refused it, and is an agent.
The whole list is read only for a supervisor's board (`users_if_allowed`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from tui.backends.session import Identity
from tui.backends.webex import wire
from tui.backends.webex.http import WebexHttp
from tui.backends.webex.profile import KNOWN_ROLES
from tui.backends.webex.wire.desktop_login import (
    AgentRecord,
    DesktopProfile,
    MultimediaProfile,
    SiteInfo,
    UserDesktopLogin,
)
from tui.domain import (
    Channel,
    DialPlan,
    DialPlanEntry,
    IdleCode,
    LoginOption,
    Team,
    WrapUpCode,
)
from tui.domain import DesktopProfile as Profile
from tui.domain.errors import NotPermitted, PlatformRefused
from tui.domain.profile import TERMINAL_LOGIN_OPTIONS

AUX_CODE_ATTRIBUTES = "id,isSystemCode,name,defaultCode,workTypeCode,active"
"""The columns the SDK asks the code list for (``DEFAULT_AUXCODE_ATTRIBUTES``)."""


@dataclass(frozen=True, slots=True)
class LoadedProfile:
    """What loading found: the desktop's profile and what the session keeps beside it."""

    profile: Profile
    agent_profile_id: str
    own: wire.User | None = None
    """The user's record in the org's user list, where the token may read it."""


async def load_agent_profile(http: WebexHttp, identity: Identity) -> LoadedProfile:
    org = f"/organization/{identity.org_id}"
    record, desktop = await _user_and_desktop_profile(http, org, identity.agent_id)
    teams, codes, system_codes, site, users = await asyncio.gather(
        _teams(http, org, record),
        http.paged(
            f"{org}/v2/auxiliary-code",
            wire.AuxiliaryCode,
            {"attributes": AUX_CODE_ATTRIBUTES, "desktopProfileFilter": "true"},
        ),
        http.paged(
            f"{org}/v2/auxiliary-code",
            wire.AuxiliaryCode,
            {
                "workType": "IDLE_CODE",
                "customFilter": "isSystemCode==true",
                "desktopProfileFilter": "false",
            },
        ),
        http.found(f"{org}/site/{record.siteId}", SiteInfo),
        users_if_allowed(http, org, {"filter": f"ciUserId=={identity.agent_id}"}),
    )
    plans = (
        await http.get_list(f"{org}/dial-plan", wire.DialPlan, {"agentView": "true"})
        if desktop.dialPlanEnabled
        else []
    )
    multimedia_id = (
        record.multimediaProfileId
        or next((t.multiMediaProfileId for t in teams if t.multiMediaProfileId), None)
        or (site.multimediaProfileId if site else None)
    )
    multimedia = (
        await http.found(f"{org}/multimedia-profile/{multimedia_id}", MultimediaProfile)
        if multimedia_id
        else None
    )
    own = next((u for u in users if identity.agent_id in (u.id, u.ciUserId)), None)
    roles = tuple(r for r in (own.roles if own else ()) if r in KNOWN_ROLES) or ("agent",)
    profile = build_agent_profile(
        identity,
        record,
        desktop,
        teams=teams,
        codes=[*codes, *system_codes],
        plans=plans,
        capacity=capacity_of_multimedia(multimedia),
        roles=roles,
        extension=(own.extension if own else None) or _extra(record, "extension"),
    )
    return LoadedProfile(profile, record.agentProfileId, own)


async def _user_and_desktop_profile(
    http: WebexHttp, org: str, ci_user_id: str
) -> tuple[AgentRecord, DesktopProfile]:
    both = await http.found(
        f"{org}/v2/user/by-ci-user-id/{ci_user_id}/desktop-login", UserDesktopLogin
    )
    if both is not None:
        return both.user, both.agentProfile
    record = await http.get_model(f"{org}/user/by-ci-user-id/{ci_user_id}", AgentRecord)
    desktop = await http.get_model(f"{org}/agent-profile/{record.agentProfileId}", DesktopProfile)
    return record, desktop


async def _teams(http: WebexHttp, org: str, record: AgentRecord) -> list[wire.Team]:
    user_db_id = record.dbId or record.id
    return await http.paged(
        f"{org}/v2/team", wire.Team, {"agentView": "true", "filter": f"userId=={user_db_id}"}
    )


async def users_if_allowed(
    http: WebexHttp, org: str, params: dict[str, Any] | None = None
) -> list[wire.User]:
    """The org's user list (or the part `params` asks for), for a token that may read it; an
    agent's may be refused it, or the query not understood, and that is fine."""
    try:
        return await http.paged(f"{org}/v2/user", wire.User, params)
    except (NotPermitted, PlatformRefused):
        return []


def _extra(model: Any, name: str) -> str:
    value = (model.model_extra or {}).get(name)
    return value if isinstance(value, str) else ""


def capacity_of_multimedia(multimedia: MultimediaProfile | None) -> dict[Channel, int]:
    if multimedia is None:
        return {}
    return {
        Channel.TELEPHONY: multimedia.telephony,
        Channel.CHAT: multimedia.chat,
        Channel.EMAIL: multimedia.email,
        Channel.SOCIAL: multimedia.social,
    }


def build_agent_profile(
    identity: Identity,
    record: AgentRecord,
    desktop: DesktopProfile,
    *,
    teams: list[wire.Team],
    codes: list[wire.AuxiliaryCode],
    plans: list[wire.DialPlan],
    capacity: dict[Channel, int],
    roles: tuple[str, ...],
    extension: str = "",
) -> Profile:
    """The desktop's profile from the SDK's documents, read as its ``parseAgentConfigs`` does."""
    own_teams = _own_teams(teams, record.teamIds)
    name = f"{record.firstName} {record.lastName}".strip()
    return Profile(
        agent_id=record.ciUserId or identity.agent_id,
        agent_name=name or identity.display_name,
        roles=roles,
        teams=own_teams,
        default_team_id=own_teams[0].id if own_teams else "",
        idle_codes=_idle_codes(codes, desktop),
        wrap_up_codes=_wrap_up_codes(codes, desktop),
        login_options=tuple(LoginOption(o) for o in desktop.loginVoiceOptions)
        or TERMINAL_LOGIN_OPTIONS,
        default_dial_number=record.dialled_number or "",
        default_extension=extension,
        dial_plan=_dial_plan(plans, desktop),
        channel_capacity=capacity,
        can_impersonate=False,
    )


def _own_teams(teams: list[wire.Team], order: list[str]) -> tuple[Team, ...]:
    """The agent's active teams, in the order their user record lists them (if it does)."""
    rank = {team_id: index for index, team_id in enumerate(order)}
    chosen = sorted(
        (t for t in teams if t.active), key=lambda t: (rank.get(t.id, len(rank)), t.name)
    )
    unique = {t.id: t for t in chosen}
    return tuple(Team(t.id, t.name, t.siteId, t.siteName or "") for t in unique.values())


def _allowed(access: str, ids: list[str]) -> set[str] | None:
    """``SPECIFIC`` with a list: those ids; ``ALL`` (or no list): every code offered."""
    return set(ids) if access.upper() == "SPECIFIC" and ids else None


def _idle_codes(codes: list[wire.AuxiliaryCode], desktop: DesktopProfile) -> tuple[IdleCode, ...]:
    """Active idle codes the profile offers, and the system ones (never selectable) to name a
    state the platform sets."""
    allowed = _allowed(desktop.accessIdleCode, desktop.idleCodes)
    found: dict[str, IdleCode] = {}
    for code in codes:
        if code.workTypeCode != "IDLE_CODE" or not code.active or code.id in found:
            continue
        if allowed is not None and not code.isSystemCode and code.id not in allowed:
            continue
        found[code.id] = IdleCode(code.id, code.name, code.isSystemCode, code.defaultCode)
    return tuple(found.values())


def _wrap_up_codes(
    codes: list[wire.AuxiliaryCode], desktop: DesktopProfile
) -> tuple[WrapUpCode, ...]:
    allowed = _allowed(desktop.accessWrapUpCode, desktop.wrapUpCodes)
    found: dict[str, WrapUpCode] = {}
    for code in codes:
        if code.workTypeCode != "WRAP_UP_CODE" or not code.active:
            continue
        if allowed is None or code.id in allowed:
            found.setdefault(code.id, WrapUpCode(code.id, code.name, code.defaultCode))
    return tuple(found.values())


def _dial_plan(plans: list[wire.DialPlan], desktop: DesktopProfile) -> DialPlan:
    """The agent's active plans (those the profile names, when it names any). An entry named
    for extensions checks extensions; every other entry checks dial numbers."""
    if not desktop.dialPlanEnabled:
        return DialPlan()
    chosen = set(desktop.dialPlans) or None
    return DialPlan(
        tuple(
            DialPlanEntry(
                plan.name,
                plan.regularExpression,
                for_extensions="extension" in f"{plan.name} {plan.description or ''}".lower(),
            )
            for plan in plans
            if plan.active and (chosen is None or plan.id in chosen)
        )
    )
