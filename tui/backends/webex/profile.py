"""Webex configuration DTOs -> the desktop profile and the supervisor board. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui.backends.session import Identity, TeamAgent
from tui.backends.webex import wire
from tui.domain import (
    Availability,
    Channel,
    DesktopProfile,
    DialPlan,
    DialPlanEntry,
    IdleCode,
    LoginOption,
    Team,
    WrapUpCode,
)
from tui.domain.channels import channel_from_wire
from tui.domain.profile import TERMINAL_LOGIN_OPTIONS

KNOWN_ROLES = ("agent", "supervisor")


def idle_codes_of(
    codes: Iterable[wire.AuxiliaryCode], agent_profile: wire.AgentProfile | None
) -> tuple[IdleCode, ...]:
    """Active idle codes the agent may see. System codes (RONA) are kept so that a state the
    platform sets can be named; they are never selectable."""
    allowed: set[str] | None = None
    if agent_profile is not None and not agent_profile.accessAllIdleCodes:
        allowed = set(agent_profile.idleCodes)
    found = []
    for code in codes:
        if code.workTypeCode != "IDLE_CODE" or not code.active:
            continue
        if allowed is not None and not code.isSystemCode and code.id not in allowed:
            continue
        found.append(IdleCode(code.id, code.name, code.isSystemCode, code.defaultCode))
    return tuple(found)


def wrap_up_codes_of(
    codes: Iterable[wire.AuxiliaryCode], agent_profile: wire.AgentProfile | None
) -> tuple[WrapUpCode, ...]:
    """Active wrap-up codes (``workTypeCode`` ``WRAP_UP_CODE``) the agent's profile allows."""
    allowed: set[str] | None = None
    if agent_profile is not None and not agent_profile.accessAllWrapUpCodes:
        allowed = set(agent_profile.wrapUpCodes)
    return tuple(
        WrapUpCode(code.id, code.name, code.defaultCode)
        for code in codes
        if code.workTypeCode == "WRAP_UP_CODE"
        and code.active
        and (allowed is None or code.id in allowed)
    )


def dial_plan_of(
    plans: Iterable[wire.DialPlan], agent_profile: wire.AgentProfile | None
) -> DialPlan:
    """The plans that apply to this agent. An entry named for extensions checks extensions;
    every other entry checks dial numbers. A profile that turns dial plans off gets none."""
    profile_set = agent_profile.model_fields_set if agent_profile else set()
    if agent_profile and "dialPlanEnabled" in profile_set and not agent_profile.dialPlanEnabled:
        return DialPlan()
    chosen = set(agent_profile.dialPlans) if agent_profile and agent_profile.dialPlans else None
    entries = tuple(
        DialPlanEntry(
            plan.name,
            plan.regularExpression,
            for_extensions="extension" in f"{plan.name} {plan.description or ''}".lower(),
        )
        for plan in plans
        if plan.active and (chosen is None or plan.id in chosen)
    )
    return DialPlan(entries)


def login_options_of(agent_profile: wire.AgentProfile | None) -> tuple[LoginOption, ...]:
    if agent_profile is None:
        return TERMINAL_LOGIN_OPTIONS
    return tuple(LoginOption(option) for option in agent_profile.loginVoiceOptions)


def teams_of(all_teams: Iterable[wire.Team], team_ids: Sequence[str]) -> tuple[Team, ...]:
    """The user's teams, in the order the user record lists them."""
    by_id = {team.id: team for team in all_teams}
    return tuple(
        Team(t.id, t.name, t.siteId, t.siteName or "")
        for t in (by_id.get(team_id) for team_id in team_ids)
        if t is not None and t.active
    )


def roles_of(user: wire.User | None, identity: Identity) -> tuple[str, ...]:
    roles = tuple(r for r in (user.roles if user else identity.roles) if r in KNOWN_ROLES)
    return roles or ("agent",)


def build_profile(
    identity: Identity,
    user: wire.User | None,
    teams: Sequence[wire.Team],
    codes: Sequence[wire.AuxiliaryCode],
    plans: Sequence[wire.DialPlan],
    agent_profile: wire.AgentProfile | None,
    capacity: dict[Channel, int] | None = None,
) -> DesktopProfile:
    """Everything the session screen needs, from the configuration the platform returned."""
    own_teams = teams_of(teams, user.teamIds if user else ())
    name = f"{user.firstName} {user.lastName}".strip() if user else ""
    return DesktopProfile(
        agent_id=identity.agent_id,
        agent_name=name or identity.display_name,
        roles=roles_of(user, identity),
        teams=own_teams,
        default_team_id=own_teams[0].id if own_teams else "",
        idle_codes=idle_codes_of(codes, agent_profile),
        wrap_up_codes=wrap_up_codes_of(codes, agent_profile),
        login_options=login_options_of(agent_profile),
        default_dial_number=(user.dialled_number or "") if user else "",
        default_extension=(user.extension or "") if user else "",
        dial_plan=dial_plan_of(plans, agent_profile),
        channel_capacity=dict(capacity or {}),
        can_impersonate=False,  # Webex has no "act as another agent"
    )


def capacity_of(channels: Iterable[wire.BuddyChannel]) -> dict[Channel, int]:
    found: dict[Channel, int] = {}
    for item in channels:
        channel = channel_from_wire(item.channelType)
        if channel is not None:
            found[channel] = item.capacity
    return found


RONA_NAME = "RONA"
"""The system idle code the platform puts an agent in when an offer rings out."""


def team_agent_of(
    buddy: wire.BuddyAgent, profile: DesktopProfile | None, session_id: str = ""
) -> TeamAgent:
    """One row of the supervisor board from a buddy-list entry.

    What the buddy list says of contacts is each channel's ``assigned`` count: the contacts
    the agent has taken (connected, held or in wrap-up; offers are not counted), so that is
    ``open_contacts``. It does not say which of them are in wrap-up, so ``wrap_up_contacts``
    stays 0 (unknown) rather than guessed. ``rona`` is the agent's idle code being the
    platform's RONA system code.
    """
    if buddy.state == "Available":
        availability = Availability.AVAILABLE
    elif buddy.state == "Idle":
        code = profile.idle_code(buddy.idleCodeId or "") if profile else None
        availability = Availability.SYSTEM if code and code.is_system else Availability.IDLE
    else:
        availability = Availability.UNKNOWN
    code_name = buddy.idleCodeName or ""
    if not code_name and buddy.idleCodeId and profile:
        known = profile.idle_code(buddy.idleCodeId)
        code_name = known.name if known else ""
    load: dict[Channel, tuple[int, int]] = {}
    for item in buddy.channels or ():
        channel = channel_from_wire(item.channelType)
        if channel is not None:
            load[channel] = (item.assigned, item.capacity)
    return TeamAgent(
        agent_id=buddy.agentId,
        name=buddy.agentName,
        team_id=buddy.teamId,
        team_name=buddy.teamName,
        session_id=session_id or str((buddy.model_extra or {}).get("agentSessionId") or ""),
        availability=availability,
        idle_code_name=code_name if availability is not Availability.AVAILABLE else "",
        state_changed_at=buddy.lastStateChangeTimestamp,
        channel_load=load,
        open_contacts=sum(assigned for assigned, _ in load.values()),
        rona=availability is Availability.SYSTEM and code_name.strip().upper() == RONA_NAME,
    )


def logged_out_agent(user: wire.User, team: Team | None) -> TeamAgent:
    """A member of a supervised team with no station session."""
    return TeamAgent(
        agent_id=user.id,
        name=f"{user.firstName} {user.lastName}".strip(),
        team_id=team.id if team else "",
        team_name=team.name if team else "",
        availability=Availability.LOGGED_OUT,
    )
