"""Availability: what the agent is doing, as a word and a symbol (never colour alone)."""

from __future__ import annotations

from enum import StrEnum


class Availability(StrEnum):
    """The agent's routing state, in the agent's words."""

    AVAILABLE = "available"
    IDLE = "idle"
    SYSTEM = "system"  # a state the platform put the agent in, such as RONA
    LOGGED_OUT = "logged_out"
    UNKNOWN = "unknown"  # not known yet: before login, or while re-syncing

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_WORDS = {
    Availability.AVAILABLE: "Available",
    Availability.IDLE: "Idle",
    Availability.SYSTEM: "Not responding",
    Availability.LOGGED_OUT: "Logged out",
    Availability.UNKNOWN: "Unknown",
}

_SYMBOLS = {
    Availability.AVAILABLE: "●",
    Availability.IDLE: "◐",
    Availability.SYSTEM: "▲",
    Availability.LOGGED_OUT: "○",
    Availability.UNKNOWN: "?",
}


class AgentActivity(StrEnum):
    """What the agent is doing around contacts, beside their availability.

    The platforms set these states themselves: engaged while on a contact, wrap-up (after-contact
    work) once it ends, RONA when an offer went unanswered (routing stops until the agent acts).
    The snapshot derives it from its contacts and the last RONA (`AgentSnapshot.activity`).
    """

    NONE = "none"
    OFFERED = "offered"  # an offer is waiting for the agent
    ENGAGED = "engaged"
    WRAP_UP = "wrap_up"
    RONA = "rona"

    @property
    def word(self) -> str:
        return _ACTIVITY_WORDS[self]


_ACTIVITY_WORDS = {
    AgentActivity.NONE: "",
    AgentActivity.OFFERED: "Offered a contact",
    AgentActivity.ENGAGED: "Engaged",
    AgentActivity.WRAP_UP: "Wrap-up",
    AgentActivity.RONA: "RONA",
}
