"""CXone events and answers -> desktop events and typed errors. Pure: no I/O, never raises on
an event.

A get-next-event answer is a list of events. One that opens with `AgentSessionStart` is the
session's whole picture (the start, its `AgentState`, its contacts) and becomes one
`SessionSynced`; every other event maps on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from tui.backends import http as shared
from tui.backends.cxone import wire
from tui.backends.cxone.contact_mapping import contact_events, interaction_of, moved
from tui.backends.cxone.contact_mapping import state_of as contact_state_of
from tui.domain.availability import Availability
from tui.domain.channels import Channel, ContactState, Interaction
from tui.domain.errors import (
    AlreadyLoggedIn,
    ContactNotReady,
    DesktopError,
    DialNumberInUse,
    ImpersonationNotEnabled,
    InvalidDialNumber,
    InvalidIdleCode,
    InvalidWrapUpCode,
    NoSuchAgent,
    NoSuchContact,
    NoSuchSession,
    NotLoggedIn,
    NotPermitted,
    NotSignedIn,
    PlatformRefused,
)
from tui.domain.events import (
    AgentLoggedOut,
    AgentStateChanged,
    DesktopEvent,
    FrameIgnored,
    SessionSynced,
    SyncReason,
)
from tui.domain.profile import DesktopProfile, IdleCode, LoginOption

_RAW_LIMIT = 80


class Action(StrEnum):
    """What the desktop was doing when an answer came back; it chooses the error and words."""

    LOGIN = "Start the station session"
    JOIN = "Join the session"
    STATE = "Change the state"
    AGENT_STATE = "Change the agent's state"
    LOGOUT = "Log out"
    POLL = "Follow the session"
    AGENT_STATES = "List the team's agents"
    CONTACT = "Work the contact"
    WRAP_UP = "Wrap up the contact"
    OTHER = "A request"


@dataclass(frozen=True, slots=True)
class MappingContext:
    """What the mapping needs beyond the events: whose session this is and how to name things.

    `impersonated_by` is the signed-in supervisor's name when they act as another agent.
    `acw_codes` names after-contact-work reasons, which are not idle codes to choose.
    `contacts` is where the desktop knows each open contact to be: a contact event says where
    a contact is, and what that means depends on where it was."""

    agent_id: str
    agent_name: str = ""
    profile: DesktopProfile | None = None
    impersonated_by: str = ""
    acw_codes: Mapping[str, IdleCode] = field(default_factory=dict)
    contacts: Mapping[str, ContactState] = field(default_factory=dict)
    state: StateKey | None = None
    """The agent's state as the desktop shows it (`state_key`), to tell a contact step's
    `AgentState` (after-contact work begins or ends) that changes nothing from a change."""


StateKey = tuple[Availability, str, int]


def state_key(availability: Availability, code: IdleCode | None, changed_at: int) -> StateKey:
    """What makes a state a different one: availability, reason and when it began."""
    return availability, code.name if code else "", changed_at


# -- time, state and reasons -------------------------------------------------------------------


def time_of(text: str) -> int:
    """An API time as epoch ms; 0 when missing or unreadable (a timer then shows nothing)."""
    return wire.parse_utc_iso(text) or 0


def idle_code_named(name: str, ctx: MappingContext) -> IdleCode | None:
    """The idle (or ACW) code with this exact name; None when the desktop does not know it."""
    profile = ctx.profile
    known = next((c for c in profile.idle_codes if c.name == name), None) if profile else None
    return known or ctx.acw_codes.get(name)


def state_of(event: wire.AgentState, ctx: MappingContext) -> tuple[Availability, IdleCode | None]:
    """Availability and reason. An Unavailable reason the desktop does not know is still named
    (by its name); a system reason (e.g. RONA) is SYSTEM; other platform states are UNKNOWN."""
    match event.CurrentState:
        case "Available":
            return Availability.AVAILABLE, None
        case "Unavailable":
            reason = event.CurrentOutReason
            if not reason:
                return Availability.IDLE, None
            code = idle_code_named(reason, ctx) or IdleCode(reason, reason)
            return (Availability.SYSTEM if code.is_system else Availability.IDLE), code
        case "LoggedOut" | "LoggedOff":
            return Availability.LOGGED_OUT, None
    return Availability.UNKNOWN, None


def reason_is_unknown(event: wire.AgentState, ctx: MappingContext) -> bool:
    """True when the state names a reason the desktop's codes do not have (refresh them)."""
    reason = event.CurrentOutReason
    return event.CurrentState == "Unavailable" and bool(reason) and not idle_code_named(reason, ctx)


# -- single events -----------------------------------------------------------------------------


def state_changed(event: wire.AgentState, ctx: MappingContext) -> AgentStateChanged:
    availability, code = state_of(event, ctx)
    started = time_of(event.StartTimeUTC)
    by_someone_else = bool(event.ChangedBy) and event.ChangedById != ctx.agent_id
    return AgentStateChanged(
        availability=availability,
        idle_code=code,
        state_changed_at=started,
        idle_code_changed_at=started,
        changed_by_name=event.ChangedBy if by_someone_else else "",
        reason=event.CurrentOutReason,
    )


def session_ended(event: wire.AgentSessionEnd) -> AgentLoggedOut:
    return AgentLoggedOut(reason=event.Message or event.Reason, by_name=event.EndedBy)


def ignored(event: wire.UnknownEvent) -> FrameIgnored:
    raw = repr(event.raw)
    raw = raw if len(raw) <= _RAW_LIMIT else raw[: _RAW_LIMIT - 1] + "…"
    return FrameIgnored(f"{event.reason}: {raw}")


# -- the whole picture -------------------------------------------------------------------------


def login_option_of(start: wire.AgentSessionStart) -> LoginOption | None:
    if start.StationId:
        return LoginOption.EXTENSION
    if start.StationPhoneNumber:
        return LoginOption.DIAL_NUMBER
    return None


def session_synced(
    start: wire.AgentSessionStart,
    state: wire.AgentState | None,
    contacts: list[wire.ContactEvent],
    reason: SyncReason,
    ctx: MappingContext,
) -> SessionSynced:
    profile = ctx.profile
    availability, code = state_of(state, ctx) if state else (Availability.UNKNOWN, None)
    started = time_of(state.StartTimeUTC) if state else 0
    team = profile.team(start.TeamId) if profile else None
    channels: dict[Channel, tuple[Interaction, ...]] = {}
    for contact in contacts:
        state = contact_state_of(contact)
        if state is not None:
            interaction = interaction_of(contact, state)
            channels[interaction.channel] = (*channels.get(interaction.channel, ()), interaction)
    return SessionSynced(
        reason=reason,
        agent_id=start.AgentId or ctx.agent_id,
        session_id=start.SessionId,
        team_id=start.TeamId,
        team_name=start.TeamName or (team.name if team else ""),
        site_id=team.site_id if team else "",
        site_name=team.site_name if team else "",
        roles=("agent",) if ctx.impersonated_by else (profile.roles if profile else ("agent",)),
        login_option=login_option_of(start),
        dial_number=start.StationId or start.StationPhoneNumber,
        availability=availability,
        idle_code=code,
        state_changed_at=started,
        idle_code_changed_at=started,
        channels=channels,
        capacity=dict(profile.channel_capacity) if profile else {},
        agent_name=start.AgentName or ctx.agent_name,
        impersonated_by=ctx.impersonated_by,
    )


@dataclass(slots=True)
class _Picture:
    start: wire.AgentSessionStart
    state: wire.AgentState | None = None
    contacts: list[wire.ContactEvent] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Folded:
    """One answer's events as desktop events, and what the client should know about them."""

    events: list[DesktopEvent]
    unknown_reason: bool = False  # a state named a reason missing from the codes
    fresh_states: list[int] = field(default_factory=list)  # StartTimeUTC of live state changes


def fold(raw_events: list[Any], reason: SyncReason, ctx: MappingContext) -> Folded:
    """Every event of one answer, in order; a whole picture becomes one `SessionSynced`."""
    out: list[DesktopEvent] = []
    fresh: list[int] = []
    unknown = False
    picture: _Picture | None = None
    known = dict(ctx.contacts)  # where each contact is, moved on event by event

    def flush() -> None:
        nonlocal picture
        if picture is not None:
            out.append(session_synced(picture.start, picture.state, picture.contacts, reason, ctx))
            picture = None

    current = ctx.state
    after_end = False  # the last event was a contact's end (ACW begins) or its last word
    for raw in raw_events:
        event = wire.parse_event(raw)
        if isinstance(event, wire.AgentState):
            unknown = unknown or reason_is_unknown(event, ctx)
        match event:
            case wire.AgentSessionStart():
                flush()
                picture = _Picture(event)
                known.clear()  # a whole picture: its contacts are all there is
            case wire.AgentState() if picture is not None and picture.state is None:
                picture.state = event
                current = state_key(*state_of(event, ctx), time_of(event.StartTimeUTC))
            case wire.ContactEvent() if picture is not None and picture.state is not None:
                picture.contacts.append(event)
                moved(known, event)
            case wire.ContactEvent():
                flush()
                out.extend(contact_events(event, known))
                moved(known, event)
                after_end = event.Status == "Disconnected"
                continue
            case wire.AgentState():
                flush()
                changed = state_changed(event, ctx)
                key = state_key(changed.availability, changed.idle_code, changed.state_changed_at)
                if not (after_end and key == current and not changed.changed_by_name):
                    out.append(changed)  # (the same state after an end: only ACW moved)
                    fresh.append(changed.state_changed_at)
                current = key
            case _:
                flush()
                out.append(_single(event, ctx))
        after_end = False
    flush()
    return Folded(out, unknown, fresh)


def _single(event: wire.CxoneEvent, ctx: MappingContext) -> DesktopEvent:
    match event:
        case wire.AgentState():
            return state_changed(event, ctx)
        case wire.AgentSessionEnd():
            return session_ended(event)
        case wire.UnknownEvent():
            return ignored(event)
    return FrameIgnored(f"an event out of place ({type(event).__name__})")


# -- answers -> typed errors -------------------------------------------------------------------


def error_body(content: bytes) -> wire.ErrorBody | None:
    try:
        return wire.ErrorBody.model_validate_json(content)
    except (ValidationError, ValueError):
        return None


_BY_NAME: dict[str, type[DesktopError]] = {
    wire.JoinOutcome.INVALID_SECURITY_USER: NotSignedIn,
    wire.JoinOutcome.INVALID_AGENT_SESSION: NoSuchSession,
    wire.JoinOutcome.INVALID_AGENT_ID: NoSuchAgent,
    wire.JoinOutcome.IMPERSONATE_NOT_ENABLED: ImpersonationNotEnabled,
    wire.ErrorName.SESSION_EXISTS: AlreadyLoggedIn,
    wire.ErrorName.STATION_IN_USE: DialNumberInUse,
    wire.ErrorName.INVALID_STATION: InvalidDialNumber,
}

_ACW_WITHOUT_CONTACT = "That reason is for after-contact work; there is no active contact."
_AGENT_HAS_NO_SESSION = "That agent has no station session."
_MAY_NOT_ACT_AS = "You are not allowed to act as other agents, so you cannot change their state."


def error_for(status: int, content: bytes, action: Action = Action.OTHER) -> DesktopError:
    """The typed desktop error for a non-2xx answer, worded for what was being done.

    The status code and the action decide, as in NICE's agent SDK, so an answer with no body
    (a tenant's 409, say) means what it should; a name in the body (the Join Agent Session
    outcomes, the sandbox's own names) only tells apart what one status covers."""
    body = error_body(content)
    name = body.error if body else ""
    said = body.message if body else ""
    if status == 401:
        return NotSignedIn()
    if action is Action.AGENT_STATE:  # joining the agent's session, then setting its state
        return _agent_state_error(status, name) or shared.common_error(status, said)
    named = _named_error(name)
    if named is not None:
        return named
    return _status_error(status, action) or shared.common_error(status, said)


def _named_error(name: str) -> DesktopError | None:
    if name in _BY_NAME:
        return _BY_NAME[name]()
    match name:
        case wire.ErrorName.SESSION_ENDED:
            return NotLoggedIn("Your station session has ended.")
        case wire.ErrorName.AGENT_NOT_LOGGED_IN:
            return NotLoggedIn(_AGENT_HAS_NO_SESSION)
        case wire.ErrorName.NO_ACTIVE_CONTACT:
            return InvalidIdleCode(_ACW_WITHOUT_CONTACT)
        case wire.ErrorName.INVALID_CONTACT:
            return NoSuchContact()
        case wire.ErrorName.INVALID_CONTACT_STATE:
            return ContactNotReady()
        case wire.ErrorName.INVALID_DISPOSITION:
            return InvalidWrapUpCode()
        case wire.ErrorName.ACTIVE_CONTACTS:
            return PlatformRefused("You still have contacts; finish them before logging out.")
    return None


def _status_error(status: int, action: Action) -> DesktopError | None:
    """What a status means for what was being done, when the answer names nothing."""
    match status, action:
        case 409, Action.LOGIN:
            return AlreadyLoggedIn()
        case 409, Action.POLL:
            return NotLoggedIn("Your station session has ended.")
        case 409, Action.STATE:
            return InvalidIdleCode(_ACW_WITHOUT_CONTACT)
        case 409, Action.CONTACT | Action.WRAP_UP:
            return ContactNotReady()
        case 400, Action.STATE:
            return InvalidIdleCode()
        case 400, Action.LOGIN:
            return InvalidDialNumber()
        case 400, Action.WRAP_UP:
            return InvalidWrapUpCode()
        case 403, Action.JOIN:
            return ImpersonationNotEnabled()
        case 404, Action.JOIN | Action.POLL:
            return NoSuchSession()
        case 404, Action.CONTACT:
            return NoSuchContact()
    return None


def _agent_state_error(status: int, name: str) -> DesktopError | None:
    """A supervisor's change of an agent's state goes through joining the agent's session."""
    if name == wire.JoinOutcome.INVALID_AGENT_ID:
        return NoSuchAgent()
    if name in (wire.JoinOutcome.INVALID_AGENT_SESSION, wire.ErrorName.AGENT_NOT_LOGGED_IN):
        return NotLoggedIn(_AGENT_HAS_NO_SESSION)
    if name == wire.ErrorName.NO_ACTIVE_CONTACT:
        return InvalidIdleCode(_ACW_WITHOUT_CONTACT)
    match status:
        case 400:
            return InvalidIdleCode()
        case 403:
            return NotPermitted(_MAY_NOT_ACT_AS)
        case 404:  # no such agent, or no session to join: the platform may not say which
            return NotLoggedIn(_AGENT_HAS_NO_SESSION)
        case 409:
            return NotLoggedIn(_AGENT_HAS_NO_SESSION)
    return None
