"""How contact events change the snapshot: the contacts' part of the pure reducer.

Each function takes one event and the snapshot and gives the next snapshot with the log line
to add (or None). An event about a contact the desktop does not have is logged and ignored:
platforms send late and repeated frames, and a re-sync may have dropped the contact already.
A contact lives on exactly one channel; moving it (a repeat on another channel) drops the old.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.domain.availability import Availability
from tui.domain.channels import CHANNEL_ORDER, Channel, ChannelLoad, ContactState, Interaction
from tui.domain.events import (
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
    NextStateCancelled,
    NextStateRequested,
)
from tui.domain.evolve import evolve
from tui.domain.snapshot import AgentSnapshot, LogKind, NextState

Outcome = tuple[AgentSnapshot, tuple[LogKind, str] | None]


# -- the channels' contacts --------------------------------------------------------------------


def with_interaction(snapshot: AgentSnapshot, interaction: Interaction) -> AgentSnapshot:
    """`interaction` on its channel, replacing any contact of the same id on any channel."""
    channels = []
    for load in snapshot.channels or tuple(ChannelLoad(ch, 0) for ch in CHANNEL_ORDER):
        kept = tuple(i for i in load.interactions if i.id != interaction.id)
        if load.channel is interaction.channel:
            kept = (*kept, interaction)
        channels.append(evolve(load, interactions=kept))
    return evolve(snapshot, channels=tuple(channels))


def without_interaction(snapshot: AgentSnapshot, interaction_id: str) -> AgentSnapshot:
    channels = tuple(
        evolve(load, interactions=tuple(i for i in load.interactions if i.id != interaction_id))
        for load in snapshot.channels
    )
    return evolve(snapshot, channels=channels)


def merged(known: Interaction | None, fresh: Interaction) -> Interaction:
    """`fresh`, with what only `known` says kept: a re-sync never makes a known contact unknown.

    A platform's list of open contacts may carry only their ids (Webex's `channelsMap`); the
    details come with each contact's own event, before or after. A record that does not date
    its state (`state_changed_at` 0) says nothing about it either: the known state stays.
    """
    if known is None or known.channel is not fresh.channel:
        return fresh
    undated = not fresh.state_changed_at and known.state_changed_at
    return evolve(
        fresh,
        customer=fresh.customer or known.customer,
        queue=fresh.queue or known.queue,
        started_at=fresh.started_at or known.started_at,
        state=known.state if undated else fresh.state,
        state_changed_at=fresh.state_changed_at or known.state_changed_at,
    )


def contact_words(interaction: Interaction) -> str:
    who = f" from {interaction.customer}" if interaction.customer else ""
    return f"{interaction.channel.label} contact{who}"


def _queue_words(interaction: Interaction) -> str:
    return f" (queue {interaction.queue})" if interaction.queue else ""


def _unknown(what: str, interaction_id: str) -> tuple[LogKind, str]:
    return (
        LogKind.PROBLEM,
        f"Ignored {what} for a contact the desktop does not have ({interaction_id}).",
    )


def _next_state_words(before: AgentSnapshot, after: AgentSnapshot) -> str:
    """A second sentence when this event wrapped up the last contact and a next state waits."""
    due = after.next_state_due
    if due is None or before.next_state_due is not None:
        return ""
    return f" Next state {due.words} applies now."


# -- events ------------------------------------------------------------------------------------


def offered(event: ContactOffered, snapshot: AgentSnapshot) -> Outcome:
    interaction = evolve(event.interaction, state=ContactState.OFFERED)
    return with_interaction(snapshot, interaction), (
        LogKind.CONTACT,
        f"{contact_words(interaction)} offered.",
    )


def assigned(event: ContactAssigned, snapshot: AgentSnapshot) -> Outcome:
    interaction = evolve(event.interaction, state=ContactState.CONNECTED)
    return with_interaction(snapshot, interaction), (
        LogKind.CONTACT,
        f"{contact_words(interaction)} assigned.",
    )


_STILL = {
    ContactState.OFFERED: "offered",
    ContactState.RINGING: "ringing on your phone",
    ContactState.CONNECTED: "open",
    ContactState.HELD: "on hold",
    ContactState.WRAP_UP: "in wrap-up",
    ContactState.ENDED: "ending",
}


def restored(event: ContactRestored, snapshot: AgentSnapshot) -> Outcome:
    known = snapshot.contact(event.interaction.id)
    interaction = merged(known, event.interaction)
    if interaction == known:
        return snapshot, None  # nothing new: this desktop knew it all already
    if interaction.state is ContactState.ENDED:
        return ended(ContactEnded(interaction.id, interaction.channel), snapshot)
    still = f"still {_STILL[interaction.state]}{_queue_words(interaction)}"
    return with_interaction(snapshot, interaction), (
        LogKind.CONTACT,
        f"{contact_words(interaction)} {still}.",
    )


def _moved(
    snapshot: AgentSnapshot,
    interaction_id: str,
    state: ContactState,
    at: int,
    what: str,
    words: Callable[[Interaction], str],
) -> Outcome:
    known = snapshot.contact(interaction_id)
    if known is None:
        return snapshot, _unknown(what, interaction_id)
    moved = evolve(known, state=state, state_changed_at=at)
    return with_interaction(snapshot, moved), (LogKind.CONTACT, words(moved))


def ringing(event: ContactRinging, snapshot: AgentSnapshot) -> Outcome:
    return _moved(
        snapshot,
        event.interaction_id,
        ContactState.RINGING,
        event.at,
        "a ringing phone",
        lambda i: f"{contact_words(i)} is ringing on your phone.",
    )


def held(event: ContactHeld, snapshot: AgentSnapshot) -> Outcome:
    return _moved(
        snapshot,
        event.interaction_id,
        ContactState.HELD,
        event.at,
        "a hold",
        lambda i: f"{contact_words(i)} held.",
    )


def resumed(event: ContactResumed, snapshot: AgentSnapshot) -> Outcome:
    return _moved(
        snapshot,
        event.interaction_id,
        ContactState.CONNECTED,
        event.at,
        "a resume",
        lambda i: f"{contact_words(i)} resumed.",
    )


def wrap_up_started(event: ContactWrapUpStarted, snapshot: AgentSnapshot) -> Outcome:
    return _moved(
        snapshot,
        event.interaction_id,
        ContactState.WRAP_UP,
        event.at,
        "a wrap-up",
        lambda i: f"{contact_words(i)} in wrap-up.",
    )


def ended(event: ContactEnded, snapshot: AgentSnapshot) -> Outcome:
    known = snapshot.contact(event.interaction_id)
    if known is None:
        label = event.channel.label if isinstance(event.channel, Channel) else "A"
        return snapshot, (LogKind.CONTACT, f"{label} contact ended.")
    if event.wrap_up or known.state is ContactState.WRAP_UP:
        # Ended, but after-contact work is wanted (or already under way): it stays until
        # the agent wraps it up.
        wrapping = known
        if known.state is not ContactState.WRAP_UP:
            wrapping = evolve(known, state=ContactState.WRAP_UP, state_changed_at=event.at)
        return with_interaction(snapshot, wrapping), (
            LogKind.CONTACT,
            f"{contact_words(known)} ended; wrap it up.",
        )
    after = without_interaction(snapshot, event.interaction_id)
    return after, (
        LogKind.CONTACT,
        f"{contact_words(known)} ended.{_next_state_words(snapshot, after)}",
    )


def wrapped_up(event: ContactWrappedUp, snapshot: AgentSnapshot) -> Outcome:
    known = snapshot.contact(event.interaction_id)
    if known is None:
        return snapshot, _unknown("a wrap-up", event.interaction_id)
    after = without_interaction(snapshot, event.interaction_id)
    code = f" ({event.code.name})" if event.code else ""
    return after, (
        LogKind.CONTACT,
        f"{contact_words(known)} wrapped up{code}.{_next_state_words(snapshot, after)}",
    )


def not_answered(event: ContactNotAnswered, snapshot: AgentSnapshot) -> Outcome:
    """RONA: the offer goes back to the platform's queue, and the agent is in RONA even when
    the desktop never saw the offer (it may have been made while it was reconnecting)."""
    known = snapshot.contact(event.interaction_id)
    after = without_interaction(snapshot, event.interaction_id) if known else snapshot
    after = evolve(after, rona=True, rona_at=event.at)
    if known is not None:
        what = contact_words(known)
    elif isinstance(event.channel, Channel):
        label = event.channel.label.lower()
        what = f"{'An' if label[0] in 'aeiou' else 'A'} {label} contact"
    else:
        what = "A contact"
    rang = f" in {event.timeout_s} s" if event.timeout_s > 0 else ""
    return after, (
        LogKind.CONTACT,
        f"{what} was not answered{rang} and went back to its queue: you are in RONA.",
    )


def next_state_requested(event: NextStateRequested, snapshot: AgentSnapshot) -> Outcome:
    wanted = event.next_state
    after = evolve(snapshot, next_state=wanted)
    if after.next_state_pending:
        return after, (
            LogKind.STATE,
            f"Next state {wanted.words}, once your contacts are wrapped up.",
        )
    return after, (LogKind.STATE, f"Next state {wanted.words} applies now.")


def next_state_cancelled(event: NextStateCancelled, snapshot: AgentSnapshot) -> Outcome:
    if snapshot.next_state is None:
        return snapshot, None
    return evolve(snapshot, next_state=None), (
        LogKind.STATE,
        f"Next state {snapshot.next_state.words} cancelled.",
    )


# -- what the agent's own state changes do to them ---------------------------------------------


def after_state_change(
    snapshot: AgentSnapshot, availability: Availability, idle_code_id: str, at: int
) -> AgentSnapshot:
    """RONA ends when the agent becomes Available or Idle (a change stamped before the RONA is
    a late frame and does not end it); the next state ends once the platform reports it."""
    changes: dict[str, object] = {}
    chosen = availability in (Availability.AVAILABLE, Availability.IDLE)
    if snapshot.rona and chosen and at >= snapshot.rona_at:
        changes.update(rona=False, rona_at=0)
    if snapshot.next_state is not None and _reached(
        snapshot.next_state, availability, idle_code_id
    ):
        changes["next_state"] = None
    return evolve(snapshot, **changes) if changes else snapshot  # type: ignore[arg-type]


def _reached(wanted: NextState, availability: Availability, idle_code_id: str) -> bool:
    if wanted.availability is not availability:
        return False
    return availability is not Availability.IDLE or (
        wanted.idle_code is None or wanted.idle_code.id == idle_code_id
    )
