"""CXone contact events -> desktop contact events. Pure: no I/O, never raises on an event.

A contact event says where the contact is now (`Status`), not what happened; what happened
depends on where the desktop knew it to be (`known`, by contact id), so each event is mapped
against that and the caller moves `known` on:

- `Incoming`: offered (`ContactOffered`); a call that needs no accept
  (`IsRequireManualAccept` false) rings on the agent's own phone, so `ContactRinging` follows;
- `Active`: resumed when it was held, else assigned (accepted, answered or auto-answered);
- `Holding`: held (a contact the desktop did not know is restored, on hold);
- `Disconnected` with `FinalState` false: ended, after-contact work owed
  (`ContactEnded(wrap_up=True)`; the SDK: the contact stays "active" during ACW);
- `Disconnected` with `FinalState` true (or unsaid): gone for good: rang out when its
  `DisconnectCode` says so (`ContactNotAnswered`, RONA), wrapped up when it was in wrap-up
  (`ContactWrappedUp`: dispositioned, or the ACW time ran out), else ended.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.backends.cxone import wire
from tui.domain.channels import Channel, ContactState, Interaction, channel_from_wire
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
    DesktopEvent,
    FrameIgnored,
)

_CHANNEL_OF_TYPE = {
    kind: Channel(channel) for channel, kind in wire.CONTACT_EVENT_BY_CHANNEL.items()
}
_OPEN_STATES = {
    "Incoming": ContactState.OFFERED,
    "Active": ContactState.CONNECTED,
    "Holding": ContactState.HELD,
}


def _time(text: str | None) -> int:
    return wire.parse_utc_iso(text or "") or 0


def channel_of(event: wire.ContactEvent) -> Channel:
    return channel_from_wire(event.MediaType) or _CHANNEL_OF_TYPE.get(event.Type) or Channel.CHAT


def rings_on_phone(event: wire.ContactEvent) -> bool:
    """An incoming call the agent answers on their own phone, not with accept."""
    return (
        event.Status == "Incoming"
        and event.Type == "CallContactEvent"
        and event.IsRequireManualAccept is False
    )


def state_of(event: wire.ContactEvent) -> ContactState | None:
    """Where the contact is, as a whole picture lists it; None when it is gone (or the status
    is one the desktop does not show)."""
    if event.Status == "Disconnected":
        return ContactState.WRAP_UP if event.FinalState is False else None
    if rings_on_phone(event):
        return ContactState.RINGING
    return _OPEN_STATES.get(event.Status)


def changed_at(event: wire.ContactEvent) -> int:
    return _time(event.LastStateChangeTimeUTC) or _time(event.LastStateChangeTime)


def interaction_of(event: wire.ContactEvent, state: ContactState | None = None) -> Interaction:
    """The contact as the desktop shows it. An offer with a `Timeout` rings out that many
    seconds after its last change."""
    state = state or state_of(event) or ContactState.CONNECTED
    at = changed_at(event)
    timeout = event.Timeout or event.RefusalTimeout or 0
    ringing = state in (ContactState.OFFERED, ContactState.RINGING)
    rings_out = at + timeout * 1000 if ringing and at and timeout > 0 else 0
    return Interaction(
        id=event.ContactID,
        channel=channel_of(event),
        started_at=_time(event.StartTimeUTC) or at,
        customer=event.ANI or event.FromAddress or event.From,
        queue=event.SkillName or event.Skill,
        state=state,
        state_changed_at=at,
        rings_out_at=rings_out,
    )


def contact_events(
    event: wire.ContactEvent, known: Mapping[str, ContactState] | None = None
) -> list[DesktopEvent]:
    """One contact event as desktop events: a call ringing on the agent's phone is offered,
    then ringing; everything else is one event (`contact_event`)."""
    first = contact_event(event, known)
    if isinstance(first, ContactOffered) and rings_on_phone(event):
        return [first, ContactRinging(event.ContactID, changed_at(event))]
    return [first]


def contact_event(
    event: wire.ContactEvent, known: Mapping[str, ContactState] | None = None
) -> DesktopEvent:
    """One contact event, against where the desktop knew the contact to be."""
    was = (known or {}).get(event.ContactID)
    at = changed_at(event)
    match event.Status:
        case "Incoming":
            return ContactOffered(interaction_of(event, ContactState.OFFERED))
        case "Active":
            if was is ContactState.HELD:
                return ContactResumed(event.ContactID, at)
            return ContactAssigned(interaction_of(event, ContactState.CONNECTED))
        case "Holding":
            if was is None:
                return ContactRestored(interaction_of(event, ContactState.HELD))
            return ContactHeld(event.ContactID, at)
        case "Disconnected":
            return _disconnected(event, was, at)
    return FrameIgnored(f"a contact event with an unknown status ({event.Status[:40]})")


def _disconnected(event: wire.ContactEvent, was: ContactState | None, at: int) -> DesktopEvent:
    channel = channel_of(event)
    if event.FinalState is False:
        return ContactEnded(event.ContactID, channel, at=at, wrap_up=True)
    if event.DisconnectCode == wire.RONA_DISCONNECT_CODE:
        timeout = event.Timeout or event.RefusalTimeout or 0
        return ContactNotAnswered(event.ContactID, at, channel=channel, timeout_s=timeout)
    if was is ContactState.WRAP_UP:
        return ContactWrappedUp(event.ContactID, at)
    return ContactEnded(event.ContactID, channel, at=at)


def moved(known: dict[str, ContactState], event: wire.ContactEvent) -> None:
    """Where the contact is after `event`, for the next event of the same answer."""
    state = state_of(event)
    if state is None:
        known.pop(event.ContactID, None)
    else:
        known[event.ContactID] = state
