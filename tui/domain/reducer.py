"""The pure reducer: apply one desktop event to a snapshot, giving the next snapshot."""

from __future__ import annotations

from functools import singledispatch

from tui.domain import contacts
from tui.domain.availability import Availability
from tui.domain.channels import CHANNEL_ORDER, ChannelLoad
from tui.domain.connection import Link
from tui.domain.contacts import Outcome, merged
from tui.domain.events import (
    AgentLoggedOut,
    AgentStateChanged,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    ContactHeld,
    ContactNotAnswered,
    ContactOffered,
    ContactRestored,
    ContactResumed,
    ContactRinging,
    ContactWrappedUp,
    ContactWrapUpStarted,
    DesktopEvent,
    FrameIgnored,
    MultiLoginClosed,
    NextStateCancelled,
    NextStateRequested,
    QueueFiguresChanged,
    RequestRefused,
    SessionSynced,
    SyncReason,
)
from tui.domain.evolve import evolve
from tui.domain.queues import queue_order
from tui.domain.snapshot import LOG_LIMIT, AgentSnapshot, LogEntry, LogKind


def apply(snapshot: AgentSnapshot, event: DesktopEvent, now_ms: int) -> AgentSnapshot:
    """Fold `event` into `snapshot`. `now_ms` is the local wall clock, used for the log only."""
    changed, entry = _apply(event, snapshot)
    if entry is None:
        return evolve(changed, events_applied=snapshot.events_applied + 1)
    kind, text = entry
    log = (*snapshot.log[-(LOG_LIMIT - 1) :], LogEntry(now_ms, kind, text))
    # One replace for both: each copies the whole snapshot, and floods run this per event.
    return evolve(changed, log=log, events_applied=snapshot.events_applied + 1)


def apply_all(snapshot: AgentSnapshot, events: list[DesktopEvent], now_ms: int) -> AgentSnapshot:
    for event in events:
        snapshot = apply(snapshot, event, now_ms)
    return snapshot


@singledispatch
def _apply(event: object, snapshot: AgentSnapshot) -> Outcome:
    return snapshot, (LogKind.PROBLEM, f"Ignored an event the desktop does not know: {event!r}")


@_apply.register
def _(event: SessionSynced, snapshot: AgentSnapshot) -> Outcome:
    capacity = dict(event.capacity) or {c.channel: c.capacity for c in snapshot.channels}
    known = {i.id: i for load in snapshot.channels for i in load.interactions}
    channels = tuple(
        ChannelLoad(
            ch,
            capacity.get(ch, 0),
            tuple(merged(known.get(i.id), i) for i in event.channels.get(ch, ())),
        )
        for ch in CHANNEL_ORDER
    )
    synced = evolve(
        snapshot,
        agent_id=event.agent_id,
        agent_name=event.agent_name or snapshot.agent_name,
        session_id=event.session_id,
        team_id=event.team_id,
        team_name=event.team_name,
        site_id=event.site_id,
        site_name=event.site_name,
        roles=event.roles,
        login_option=event.login_option,
        dial_number=event.dial_number,
        availability=event.availability,
        idle_code=event.idle_code,
        state_changed_at=event.state_changed_at,
        idle_code_changed_at=event.idle_code_changed_at,
        channels=channels,
        impersonated_by=event.impersonated_by,
        multi_login_closed=False,
        rona=snapshot.rona and event.availability is Availability.SYSTEM,
        rona_at=snapshot.rona_at if event.availability is Availability.SYSTEM else 0,
    )
    words = {
        SyncReason.STARTED: "Station session started",
        SyncReason.JOINED: "Joined the existing station session",
        SyncReason.RESYNCED: "Re-synced with the server",
        SyncReason.JOINED_ELSEWHERE: "Another desktop joined this session",
    }[event.reason]
    where = f" on team {event.team_name}" if event.team_name else ""
    return synced, (LogKind.SESSION, f"{words}{where}; {_state_words(synced)}.")


@_apply.register
def _(event: AgentStateChanged, snapshot: AgentSnapshot) -> Outcome:
    changed = evolve(
        snapshot,
        availability=event.availability,
        idle_code=event.idle_code if event.availability is not Availability.AVAILABLE else None,
        state_changed_at=event.state_changed_at,
        idle_code_changed_at=event.idle_code_changed_at,
        changed_by_name=event.changed_by_name,
    )
    code_id = event.idle_code.id if event.idle_code else ""
    changed = contacts.after_state_change(
        changed, event.availability, code_id, event.state_changed_at
    )
    text = f"Now {_state_words(changed)}"
    if event.changed_by_name:
        text += f", set by {event.changed_by_name}"
    return changed, (LogKind.STATE, text + ".")


def _state_words(snapshot: AgentSnapshot) -> str:
    if snapshot.availability is Availability.IDLE and snapshot.idle_code:
        return f"Idle ({snapshot.idle_code.name})"
    if snapshot.availability is Availability.SYSTEM and snapshot.idle_code:
        return f"{snapshot.availability.word} ({snapshot.idle_code.name})"
    return snapshot.availability.word


for _event, _fold in (
    (ContactOffered, contacts.offered),
    (ContactAssigned, contacts.assigned),
    (ContactRestored, contacts.restored),
    (ContactRinging, contacts.ringing),
    (ContactHeld, contacts.held),
    (ContactResumed, contacts.resumed),
    (ContactWrapUpStarted, contacts.wrap_up_started),
    (ContactEnded, contacts.ended),
    (ContactWrappedUp, contacts.wrapped_up),
    (ContactNotAnswered, contacts.not_answered),
    (NextStateRequested, contacts.next_state_requested),
    (NextStateCancelled, contacts.next_state_cancelled),
):
    _apply.register(_event, _fold)


@_apply.register
def _(event: AgentLoggedOut, snapshot: AgentSnapshot) -> Outcome:
    emptied = tuple(evolve(load, interactions=()) for load in snapshot.channels)
    out = evolve(
        snapshot,
        availability=Availability.LOGGED_OUT,
        idle_code=None,
        channels=emptied,
        session_id="",
        next_state=None,
        rona=False,
        rona_at=0,
    )
    text = "Logged out"
    if event.by_name:
        text += f" by {event.by_name}"
    if event.reason:
        text += f" ({event.reason})"
    return out, (LogKind.SESSION, text + ".")


@_apply.register
def _(event: ConnectionChanged, snapshot: AgentSnapshot) -> Outcome:
    connection = event.connection
    if connection == snapshot.connection:
        return snapshot, None
    changed = evolve(snapshot, connection=connection)
    before = snapshot.connection
    if (
        connection.link is Link.RECONNECTING
        and before.link is Link.RECONNECTING
        and connection.detail == before.detail
    ):
        return changed, None  # one more attempt for the same reason: the title bar counts them
    words = {
        Link.CONNECTING: "Connecting to the platform",
        Link.ONLINE: "Connected; live updates are on",
        Link.RECONNECTING: "Connection lost; reconnecting",
        Link.OFFLINE: "Offline",
        Link.SIGNED_OUT: "Signed out",
    }[connection.link]
    if connection.link is Link.RECONNECTING and before.link is Link.RECONNECTING:
        words = f"Still reconnecting (attempt {connection.attempt})"
    if connection.detail and connection.link is not Link.ONLINE:
        words += f": {connection.detail}"
    return changed, (LogKind.CONNECTION, sentence(words))


@_apply.register
def _(event: MultiLoginClosed, snapshot: AgentSnapshot) -> Outcome:
    return evolve(snapshot, multi_login_closed=True), (
        LogKind.SESSION,
        "Signed in from another desktop; this one was disconnected.",
    )


@_apply.register
def _(event: RequestRefused, snapshot: AgentSnapshot) -> Outcome:
    return snapshot, (LogKind.PROBLEM, f"{event.action}: {event.sentence}")


@_apply.register
def _(event: FrameIgnored, snapshot: AgentSnapshot) -> Outcome:
    return snapshot, (LogKind.PROBLEM, f"Ignored a message from the platform: {event.description}")


def sentence(words: str) -> str:
    """`words` ending in one full stop, however the platform's detail inside it ended."""
    return words if words.endswith((".", "!", "?")) else words + "."


@_apply.register
def _(event: QueueFiguresChanged, snapshot: AgentSnapshot) -> Outcome:
    """Queue figures replace the last poll's; they are not worth a line in the event log."""
    queues = queue_order(event.queues) if event.available else ()
    return evolve(snapshot, queues=queues, queues_shown=event.available), None
