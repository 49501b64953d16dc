"""Webex wire frames -> desktop events and typed errors. Pure: no I/O, never raises on a frame.

The client keeps a `MappingContext` (who the agent is, their profile) and hands every parsed
frame here; what comes back is a domain event to publish, or None when the frame says nothing
about this agent's desktop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from tui.backends.webex import wire
from tui.backends.webex.contacts import ContactContext, contact_events
from tui.domain import (
    AgentLoggedOut,
    AgentStateChanged,
    Availability,
    Channel,
    DesktopEvent,
    DesktopProfile,
    FrameIgnored,
    IdleCode,
    Interaction,
    LoginOption,
    MultiLoginClosed,
    SessionSynced,
    SyncReason,
)
from tui.domain.channels import channel_from_wire
from tui.domain.errors import (
    AlreadyLoggedIn,
    DesktopError,
    DialNumberInUse,
    InvalidDialNumber,
    InvalidIdleCode,
    InvalidTeam,
    NoSuchAgent,
    NoSuchSession,
    NotLoggedIn,
    NotPermitted,
    PlatformRefused,
)

_RAW_LIMIT = 80


@dataclass(frozen=True, slots=True)
class MappingContext:
    """What the mapping needs to know beyond the frame itself."""

    agent_id: str
    agent_name: str = ""
    profile: DesktopProfile | None = None
    agent_login: str = ""  # the agent's user name, as `loggedOutBy` may say it
    names: Mapping[str, str] = field(default_factory=dict)  # user id or login -> display name


class Action(StrEnum):
    """What the desktop was doing when a failure came back; it chooses the error and words."""

    LOGIN = "Start the station session"
    STATE = "Change the state"
    AGENT_STATE = "Change the agent's state"
    LOGOUT = "Log out"
    RELOAD = "Join the session"
    BUDDY_LIST = "List the team's agents"
    ACCEPT_CONTACT = "Accept the contact"
    HOLD_CONTACT = "Put the contact on hold"
    RESUME_CONTACT = "Resume the contact"
    END_CONTACT = "End the contact"
    WRAP_UP_CONTACT = "Wrap up the contact"
    OTHER = "A request"

    @property
    def is_contact(self) -> bool:
        return self in _CONTACT_ACTIONS


_CONTACT_ACTIONS = frozenset(
    {
        Action.ACCEPT_CONTACT,
        Action.HOLD_CONTACT,
        Action.RESUME_CONTACT,
        Action.END_CONTACT,
        Action.WRAP_UP_CONTACT,
    }
)


# -- availability and idle codes -----------------------------------------------------------------


def resolve_idle_code(code_id: str, profile: DesktopProfile | None) -> IdleCode:
    """The profile's idle code with this id, or a stand-in that still reads plainly."""
    known = profile.idle_code(code_id) if profile else None
    return known or IdleCode(code_id, "Unknown idle code")


def availability_of(
    sub_status: str, aux_code_id: str, profile: DesktopProfile | None
) -> tuple[Availability, IdleCode | None]:
    """Availability and idle code from `subStatus`/`auxCodeId`. System codes (RONA) -> SYSTEM."""
    if sub_status == "Available" or aux_code_id == wire.AVAILABLE_AUX_CODE_ID:
        return Availability.AVAILABLE, None
    if sub_status != "Idle":
        return Availability.UNKNOWN, None
    code = resolve_idle_code(aux_code_id, profile)
    return (Availability.SYSTEM if code.is_system else Availability.IDLE), code


def login_option_of(device_type: str | None, is_extension: bool | None) -> LoginOption | None:
    if device_type:
        try:
            return LoginOption(device_type)
        except ValueError:
            return None
    if is_extension is None:
        return None
    return LoginOption.EXTENSION if is_extension else LoginOption.DIAL_NUMBER


# -- events ------------------------------------------------------------------------------------


def session_synced(
    frame: wire.StationLoginSuccess | wire.AgentReloginSuccess,
    reason: SyncReason,
    ctx: MappingContext,
    login_option: LoginOption | None = None,
) -> SessionSynced:
    """The whole session from a login or relogin success.

    A fresh login frame does not say which device was used; the client passes what it sent.
    """
    profile = ctx.profile
    availability, idle_code = availability_of(frame.subStatus, frame.auxCodeId, profile)
    team = profile.team(frame.teamId) if profile else None
    option = login_option
    if isinstance(frame, wire.AgentReloginSuccess):
        option = login_option_of(frame.deviceType, frame.isExtension) or option
    channels: dict[Channel, tuple[Interaction, ...]] = {}
    for media, ids in frame.channelsMap.items():
        channel = channel_from_wire(media)
        if channel is not None:
            channels[channel] = tuple(Interaction(i, channel, 0) for i in ids)
    return SessionSynced(
        reason=reason,
        agent_id=frame.agentId,
        session_id=frame.agentSessionId,
        team_id=frame.teamId,
        team_name=team.name if team else "",
        site_id=frame.siteId,
        site_name=team.site_name if team and team.site_id == frame.siteId else "",
        roles=tuple(frame.roles or (profile.roles if profile else ())),
        login_option=option,
        dial_number=frame.dialNumber or "",
        availability=availability,
        idle_code=idle_code,
        state_changed_at=frame.lastStateChangeTimestamp,
        idle_code_changed_at=frame.lastIdleCodeChangeTimestamp,
        channels=channels,
        capacity=dict(profile.channel_capacity) if profile else {},
        agent_name=ctx.agent_name,
    )


def state_changed(frame: wire.AgentStateChangeSuccess, ctx: MappingContext) -> AgentStateChanged:
    availability, idle_code = availability_of(frame.subStatus, frame.auxCodeId, ctx.profile)
    by_someone_else = frame.changedById != frame.agentId
    return AgentStateChanged(
        availability=availability,
        idle_code=idle_code,
        state_changed_at=frame.lastStateChangeTimestamp,
        idle_code_changed_at=frame.lastIdleCodeChangeTimestamp,
        changed_by_name=(frame.changedByName or "") if by_someone_else else "",
        reason=frame.lastStateChangeReason or "",
    )


def logged_out(frame: wire.AgentLogoutSuccess, ctx: MappingContext) -> AgentLoggedOut:
    by = frame.loggedOutBy or ""
    if by in (ctx.agent_id, ctx.agent_name, ctx.agent_login):
        by = ""  # the agent logged themself out
    return AgentLoggedOut(reason=frame.logoutReason, by_name=ctx.names.get(by, by))


def event_for(data: wire.AgentEvent, ctx: MappingContext) -> DesktopEvent | None:
    """The desktop event an unsolicited frame stands for; None when it is not about this desktop.

    Failures are not events here: the client turns them into errors or `RequestRefused`.
    """
    agent_id = getattr(data, "agentId", None)
    if agent_id and agent_id != ctx.agent_id:
        return None  # another agent's frame (a supervisor's request result): not our state
    match data:
        case wire.StationLoginSuccess():
            return session_synced(data, SyncReason.STARTED, ctx)
        case wire.AgentReloginSuccess():
            # Not our own reload (those are matched by tracking id): another desktop joined.
            return session_synced(data, SyncReason.JOINED_ELSEWHERE, ctx)
        case wire.AgentStateChangeSuccess():
            return state_changed(data, ctx)
        case (
            wire.AgentOfferContact()
            | wire.AgentContactAssigned()
            | wire.ContactEnded()
            | wire.AgentContact()
        ):
            # The contact frames' own mapping (the client sends it every contact frame first).
            found = contact_events(data, ContactContext(ctx.agent_id, ctx.profile))
            return found[0] if found else None
        case wire.AgentLogoutSuccess():
            return logged_out(data, ctx)
        case wire.AgentMultiLoginCloseSession():
            return MultiLoginClosed()
        case wire.UnknownEvent():
            return FrameIgnored(f"an event of a kind the desktop does not know ({data.type})")
    return None


def frame_ignored(frame: wire.UnknownFrame) -> FrameIgnored:
    """A short plain description of a frame that could not be used."""
    raw = frame.raw if len(frame.raw) <= _RAW_LIMIT else frame.raw[: _RAW_LIMIT - 1] + "…"
    return FrameIgnored(f"a malformed message ({frame.reason}): {raw}")


# -- failures -> typed errors ------------------------------------------------------------------


def error_for(failure: wire.FailureEvent, action: Action = Action.OTHER) -> DesktopError:
    """The typed desktop error for a `...Failed` frame, worded for what was being done."""
    reason = failure.failure
    if reason is wire.FailureReason.AGENT_NOT_FOUND:
        if action is Action.RELOAD:
            return NoSuchSession("You have no station session to join.")
        return NoSuchAgent()
    simple: dict[wire.FailureReason, type[DesktopError]] = {
        wire.FailureReason.INVALID_DIAL_NUMBER: InvalidDialNumber,
        wire.FailureReason.DUPLICATE_LOCATION: DialNumberInUse,
        wire.FailureReason.AGENT_ALREADY_LOGGED_IN: AlreadyLoggedIn,
        wire.FailureReason.INVALID_TEAM: InvalidTeam,
        wire.FailureReason.AGENT_NOT_LOGGED_IN: NotLoggedIn,
        wire.FailureReason.INVALID_IDLE_CODE: InvalidIdleCode,
        wire.FailureReason.NOT_PERMITTED: NotPermitted,
    }
    if reason is wire.FailureReason.AGENT_NOT_LOGGED_IN and action is Action.AGENT_STATE:
        return NotLoggedIn("That agent has no station session.")
    if reason is wire.FailureReason.NOT_PERMITTED and action is Action.AGENT_STATE:
        return NotPermitted("You may change only agents of the teams you supervise.")
    if reason is wire.FailureReason.INVALID_DEVICE_TYPE:
        return PlatformRefused("Your profile does not offer that login option.", field="option")
    if reason in simple:
        return simple[reason]()
    words = failure.reason.replace("_", " ").lower() or "no reason given"
    return PlatformRefused(f"The platform refused: {words} (code {failure.reasonCode}).")
