"""The state of the live event stream, as the status bar shows it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Link(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    SIGNED_OUT = "signed-out"  # the platform no longer takes the token and none could be renewed


@dataclass(frozen=True, slots=True)
class Connection:
    link: Link = Link.OFFLINE
    attempt: int = 0  # reconnect attempt number while RECONNECTING
    detail: str = ""  # why, in plain words, when not online

    @property
    def label(self) -> str:
        if self.link is Link.RECONNECTING:
            return f"reconnecting {self.attempt}"
        return self.link.value.replace("-", " ")

    @property
    def is_online(self) -> bool:
        return self.link is Link.ONLINE
