"""Webex buddy-list entries and users -> the supervisor board. Pure. (The desktop profile is
built in `agent_profile.py`.)"""

from __future__ import annotations

from collections.abc import Iterable

from tui.backends.session import TeamAgent
from tui.backends.webex import wire
from tui.domain import (
    Availability,
    Channel,
    DesktopProfile,
    Team,
)
from tui.domain.channels import channel_from_wire

KNOWN_ROLES = ("agent", "supervisor")


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
