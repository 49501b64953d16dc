"""CXone agent record and unavailable codes -> the desktop profile; agent states -> the
supervisor board. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from tui.backends.cxone import wire
from tui.backends.cxone.mapping import time_of
from tui.backends.session import Identity, TeamAgent
from tui.domain.availability import Availability
from tui.domain.channels import Channel, channel_from_wire
from tui.domain.profile import DesktopProfile, DialPlan, DialPlanEntry, IdleCode, LoginOption, Team

LOGIN_OPTION = {
    wire.LOGIN_PHONE_NUMBER: LoginOption.DIAL_NUMBER,
    wire.LOGIN_STATION_ID: LoginOption.EXTENSION,
    "Softphone": LoginOption.BROWSER,
}


def identity_of(record: wire.AgentRecord) -> Identity:
    return Identity(
        agent_id=record.agentId,
        display_name=name_of(record),
        org_id=record.businessUnitId,
        roles=roles_of(record),
    )


def name_of(record: wire.AgentRecord) -> str:
    return f"{record.firstName} {record.lastName}".strip() or record.userName or record.agentId


def roles_of(record: wire.AgentRecord) -> tuple[str, ...]:
    return ("agent", "supervisor") if record.isSupervisor else ("agent",)


def idle_codes_of(codes: Iterable[wire.UnavailableCode]) -> tuple[IdleCode, ...]:
    """Active unavailable codes that are not after-contact work, as idle codes; system codes
    (RONA) are kept so that a state the platform sets can be named, never chosen."""
    return tuple(
        IdleCode(code.outStateId, code.outStateName, is_system=code.isSystem)
        for code in codes
        if code.isActive and not code.isAcw
    )


def acw_codes_of(codes: Iterable[wire.UnavailableCode]) -> dict[str, IdleCode]:
    """After-contact-work reasons by name: named when an agent is in one, never offered."""
    return {
        code.outStateName: IdleCode(code.outStateId, code.outStateName, is_system=True)
        for code in codes
        if code.isAcw
    }


def teams_of(record: wire.AgentRecord) -> tuple[Team, ...]:
    teams = tuple(Team(t.teamId, t.teamName, t.siteId, t.siteName) for t in record.teams)
    if not teams and record.teamId:
        teams = (Team(record.teamId, record.teamName),)
    return teams


def dial_plan_of(record: wire.AgentRecord) -> DialPlan:
    return DialPlan(
        tuple(
            DialPlanEntry(p.name, p.regularExpression, for_extensions=p.forStationId)
            for p in record.dialPlans
        )
    )


def capacity_of(record: wire.AgentRecord) -> dict[Channel, int]:
    found: dict[Channel, int] = {}
    for item in record.channels:
        channel = channel_from_wire(item.mediaType)
        if channel is not None:
            found[channel] = item.capacity
    return found


def build_profile(
    record: wire.AgentRecord, codes: Iterable[wire.UnavailableCode]
) -> DesktopProfile:
    teams = teams_of(record)
    options = tuple(LOGIN_OPTION[o] for o in record.loginOptions if o in LOGIN_OPTION)
    return DesktopProfile(
        agent_id=record.agentId,
        agent_name=name_of(record),
        roles=roles_of(record),
        teams=teams,
        default_team_id=record.teamId or (teams[0].id if teams else ""),
        idle_codes=idle_codes_of(codes),
        login_options=options,
        default_dial_number=record.stationPhoneNumber,
        default_extension=record.stationId,
        dial_plan=dial_plan_of(record),
        channel_capacity=capacity_of(record),
        can_impersonate=record.canImpersonate,
    )


_AVAILABILITY = {
    "Available": Availability.AVAILABLE,
    "Unavailable": Availability.IDLE,
    "LoggedOut": Availability.LOGGED_OUT,
    "LoggedOff": Availability.LOGGED_OUT,
}


def team_agent_of(row: wire.AgentStateRow, profile: DesktopProfile | None) -> TeamAgent:
    """One row of the supervisor board."""
    availability = _AVAILABILITY.get(row.agentStateName, Availability.UNKNOWN)
    code_name = row.outStateDescription if availability is Availability.IDLE else ""
    known = next((c for c in profile.idle_codes if c.name == code_name), None) if profile else None
    if known is not None and known.is_system:
        availability = Availability.SYSTEM
    rona = availability is Availability.SYSTEM and code_name.strip().upper() == "RONA"
    capacity = profile.channel_capacity if profile else {}
    load: dict[Channel, tuple[int, int]] = {}
    for media, count in row.contacts.items():
        channel = channel_from_wire(media)
        if channel is not None:
            load[channel] = (count, capacity.get(channel, 0))
    return TeamAgent(
        agent_id=row.agentId,
        name=f"{row.firstName} {row.lastName}".strip() or row.agentId,
        team_id=row.teamId,
        team_name=row.teamName,
        session_id=row.sessionId,
        availability=availability,
        idle_code_name=code_name,
        state_changed_at=time_of(row.startDate),
        channel_load=load,
        # Taken contacts are what the platform counts per channel; offers and after-contact
        # work only when the row says (the sandbox's fields), else none.
        open_contacts=sum(row.contacts.values()) + (row.offeredContacts or 0),
        wrap_up_contacts=row.acwContacts or 0,
        rona=rona,
    )
