"""The pure reducer: apply one desktop event to a snapshot, giving the next snapshot."""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatch

from tui.domain.availability import Availability
from tui.domain.channels import CHANNEL_ORDER, Channel, ChannelLoad, Interaction
from tui.domain.connection import Link
from tui.domain.events import (
    AgentLoggedOut,
    AgentStateChanged,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    ContactRestored,
    DesktopEvent,
    FrameIgnored,
    MultiLoginClosed,
    RequestRefused,
    SessionSynced,
    SyncReason,
)
from tui.domain.snapshot import LOG_LIMIT, AgentSnapshot, LogEntry, LogKind


def apply(snapshot: AgentSnapshot, event: DesktopEvent, now_ms: int) -> AgentSnapshot:
    """Fold `event` into `snapshot`. `now_ms` is the local wall clock, used for the log only."""
    changed, entry = _apply(event, snapshot)
    if entry is None:
        return replace(changed, events_applied=snapshot.events_applied + 1)
    kind, text = entry
    log = (*snapshot.log[-(LOG_LIMIT - 1) :], LogEntry(now_ms, kind, text))
    # One replace for both: each copies the whole snapshot, and floods run this per event.
    return replace(changed, log=log, events_applied=snapshot.events_applied + 1)


def apply_all(snapshot: AgentSnapshot, events: list[DesktopEvent], now_ms: int) -> AgentSnapshot:
    for event in events:
        snapshot = apply(snapshot, event, now_ms)
    return snapshot


Outcome = tuple[AgentSnapshot, tuple[LogKind, str] | None]


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
            tuple(_merged(known.get(i.id), i) for i in event.channels.get(ch, ())),
        )
        for ch in CHANNEL_ORDER
    )
    synced = replace(
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
    changed = replace(
        snapshot,
        availability=event.availability,
        idle_code=event.idle_code if event.availability is not Availability.AVAILABLE else None,
        state_changed_at=event.state_changed_at,
        idle_code_changed_at=event.idle_code_changed_at,
        changed_by_name=event.changed_by_name,
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


def _with_interaction(snapshot: AgentSnapshot, interaction: Interaction) -> AgentSnapshot:
    channels = []
    for load in snapshot.channels or tuple(ChannelLoad(ch, 0) for ch in CHANNEL_ORDER):
        kept = tuple(i for i in load.interactions if i.id != interaction.id)
        if load.channel is interaction.channel:
            kept = (*kept, interaction)
        channels.append(replace(load, interactions=kept))
    return replace(snapshot, channels=tuple(channels))


def _merged(known: Interaction | None, fresh: Interaction) -> Interaction:
    """`fresh`, with what only `known` says kept: a re-sync never makes a known contact unknown.

    A platform's list of open contacts may carry only their ids (Webex's `channelsMap`); the
    details come with each contact's own event, before or after.
    """
    if known is None or known.channel is not fresh.channel:
        return fresh
    return replace(
        fresh,
        customer=fresh.customer or known.customer,
        queue=fresh.queue or known.queue,
        started_at=fresh.started_at or known.started_at,
    )


def _find(snapshot: AgentSnapshot, interaction_id: str) -> Interaction | None:
    for load in snapshot.channels:
        for interaction in load.interactions:
            if interaction.id == interaction_id:
                return interaction
    return None


def _contact_words(interaction: Interaction) -> str:
    who = f" from {interaction.customer}" if interaction.customer else ""
    return f"{interaction.channel.label} contact{who}"


@_apply.register
def _(event: ContactOffered, snapshot: AgentSnapshot) -> Outcome:
    offered = replace(event.interaction, offered=True)
    return _with_interaction(snapshot, offered), (
        LogKind.CONTACT,
        f"{_contact_words(offered)} offered.",
    )


@_apply.register
def _(event: ContactAssigned, snapshot: AgentSnapshot) -> Outcome:
    assigned = replace(event.interaction, offered=False)
    return _with_interaction(snapshot, assigned), (
        LogKind.CONTACT,
        f"{_contact_words(assigned)} assigned.",
    )


@_apply.register
def _(event: ContactRestored, snapshot: AgentSnapshot) -> Outcome:
    known = _find(snapshot, event.interaction.id)
    restored = _merged(known, event.interaction)
    if restored == known:
        return snapshot, None  # nothing new: this desktop knew it all already
    words = "offered" if restored.offered else "open"
    return _with_interaction(snapshot, restored), (
        LogKind.CONTACT,
        f"{_contact_words(restored)} still {words}{_queue_words(restored)}.",
    )


def _queue_words(interaction: Interaction) -> str:
    return f" (queue {interaction.queue})" if interaction.queue else ""


@_apply.register
def _(event: ContactEnded, snapshot: AgentSnapshot) -> Outcome:
    ended: Interaction | None = None
    channels = []
    for load in snapshot.channels:
        kept = []
        for interaction in load.interactions:
            if interaction.id == event.interaction_id:
                ended = interaction
            else:
                kept.append(interaction)
        channels.append(replace(load, interactions=tuple(kept)))
    if ended is None:
        label = event.channel.label if isinstance(event.channel, Channel) else "A"
        return snapshot, (LogKind.CONTACT, f"{label} contact ended.")
    return replace(snapshot, channels=tuple(channels)), (
        LogKind.CONTACT,
        f"{_contact_words(ended)} ended.",
    )


@_apply.register
def _(event: AgentLoggedOut, snapshot: AgentSnapshot) -> Outcome:
    emptied = tuple(replace(load, interactions=()) for load in snapshot.channels)
    out = replace(
        snapshot,
        availability=Availability.LOGGED_OUT,
        idle_code=None,
        channels=emptied,
        session_id="",
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
    changed = replace(snapshot, connection=connection)
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
    }[connection.link]
    if connection.link is Link.RECONNECTING and before.link is Link.RECONNECTING:
        words = f"Still reconnecting (attempt {connection.attempt})"
    if connection.detail and connection.link is not Link.ONLINE:
        words += f": {connection.detail}"
    return changed, (LogKind.CONNECTION, sentence(words))


@_apply.register
def _(event: MultiLoginClosed, snapshot: AgentSnapshot) -> Outcome:
    return replace(snapshot, multi_login_closed=True), (
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
