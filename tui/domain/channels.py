"""Channels and the interactions on them."""

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


@dataclass(frozen=True, slots=True)
class Interaction:
    """A contact the agent is handling (or being offered)."""

    id: str
    channel: Channel
    started_at: int  # server epoch ms
    customer: str = ""
    queue: str = ""
    offered: bool = False  # offered but not yet assigned


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
