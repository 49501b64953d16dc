"""Channels, and the contacts (interactions) on them with their direction and state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    TELEPHONY = "telephony"
    CHAT = "chat"
    EMAIL = "email"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        return {"telephony": "Voice", "chat": "Chat", "email": "Email", "social": "Social"}[self]


CHANNEL_ORDER = (Channel.TELEPHONY, Channel.CHAT, Channel.EMAIL, Channel.SOCIAL)


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"

    @property
    def word(self) -> str:
        return {"inbound": "Inbound", "outbound": "Outbound"}[self]


class ContactState(StrEnum):
    """Where a contact is, in the agent's words.

    OFFERED -> (accept, or auto-answer) -> RINGING (voice on the agent's own phone) ->
    CONNECTED <-> HELD -> WRAP_UP (after-contact work) -> ENDED. A contact that reaches ENDED
    leaves the snapshot; ENDED names that last step (for the screens and the sandbox).
    """

    OFFERED = "offered"
    RINGING = "ringing"
    CONNECTED = "connected"
    HELD = "held"
    WRAP_UP = "wrap_up"
    ENDED = "ended"

    @property
    def word(self) -> str:
        return _STATE_WORDS[self]

    @property
    def is_offer(self) -> bool:
        """Not yet taken by the agent: it does not count against the channel's capacity."""
        return self is ContactState.OFFERED

    @property
    def is_handled(self) -> bool:
        """Taken by the agent and not yet wrapped up: a pending next state waits for these."""
        return self in (
            ContactState.RINGING,
            ContactState.CONNECTED,
            ContactState.HELD,
            ContactState.WRAP_UP,
        )


_STATE_WORDS = {
    ContactState.OFFERED: "Offered",
    ContactState.RINGING: "Ringing on your phone",
    ContactState.CONNECTED: "Connected",
    ContactState.HELD: "On hold",
    ContactState.WRAP_UP: "Wrap-up",
    ContactState.ENDED: "Ended",
}


@dataclass(frozen=True, slots=True)
class Interaction:
    """A contact the agent is handling (or being offered).

    `started_at` is when the contact was offered (the platform's creation time of it);
    `state_changed_at` when it entered `state`, for the time-in-state timer. Both are server
    epoch ms, and 0 when the platform did not say.
    """

    id: str
    channel: Channel
    started_at: int  # server epoch ms
    customer: str = ""  # who it is from: ANI, address or handle
    queue: str = ""
    state: ContactState = ContactState.CONNECTED
    state_changed_at: int = 0  # server epoch ms
    direction: Direction = Direction.INBOUND
    rings_out_at: int = 0
    """While offered or ringing: when the offer rings out (RONA), server epoch ms; 0 when the
    platform did not say."""

    @property
    def offered(self) -> bool:
        """Offered but not yet taken (accepted, answered or auto-answered)."""
        return self.state.is_offer

    @property
    def in_wrap_up(self) -> bool:
        """The agent is in after-contact work for it."""
        return self.state is ContactState.WRAP_UP

    @property
    def state_since(self) -> int:
        """When the time-in-state timer starts: the state change, else the offer; 0 unknown."""
        return self.state_changed_at or self.started_at


@dataclass(frozen=True, slots=True)
class ChannelLoad:
    channel: Channel
    capacity: int
    interactions: tuple[Interaction, ...] = ()

    @property
    def load(self) -> int:
        return sum(1 for i in self.interactions if not i.offered)

    @property
    def is_full(self) -> bool:
        return self.capacity > 0 and self.load >= self.capacity


def channel_from_wire(name: str) -> Channel | None:
    """Map a platform's media-type name to a channel; None for a type the desktop does not show."""
    lowered = name.strip().lower()
    aliases = {"voice": "telephony", "phone": "telephony", "call": "telephony", "messaging": "chat"}
    lowered = aliases.get(lowered, lowered)
    try:
        return Channel(lowered)
    except ValueError:
        return None
