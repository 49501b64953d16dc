"""The agent snapshot: one current picture of the agent that the screens only render."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tui.domain.availability import Availability
from tui.domain.channels import CHANNEL_ORDER, Channel, ChannelLoad
from tui.domain.connection import Connection
from tui.domain.profile import IdleCode, LoginOption

LOG_LIMIT = 200


class LogKind(StrEnum):
    STATE = "state"
    CONTACT = "contact"
    CONNECTION = "connection"
    SESSION = "session"
    PROBLEM = "problem"


@dataclass(frozen=True, slots=True)
class LogEntry:
    at_ms: int  # local wall clock when the desktop learnt of it
    kind: LogKind
    text: str


@dataclass(frozen=True, slots=True)
class AgentSnapshot:
    agent_id: str = ""
    agent_name: str = ""
    session_id: str = ""
    team_id: str = ""
    team_name: str = ""
    site_id: str = ""
    site_name: str = ""
    roles: tuple[str, ...] = ()
    login_option: LoginOption | None = None
    dial_number: str = ""
    availability: Availability = Availability.UNKNOWN
    idle_code: IdleCode | None = None
    state_changed_at: int = 0  # server epoch ms
    idle_code_changed_at: int = 0  # server epoch ms
    changed_by_name: str = ""  # who made the last change when it was not the agent
    channels: tuple[ChannelLoad, ...] = ()
    connection: Connection = field(default_factory=Connection)
    impersonated_by: str = ""  # set when a supervisor is acting as this agent
    multi_login_closed: bool = False
    events_applied: int = 0
    log: tuple[LogEntry, ...] = ()

    @property
    def has_session(self) -> bool:
        return bool(self.session_id) and self.availability is not Availability.LOGGED_OUT

    @property
    def shows_idle_code_timer(self) -> bool:
        """The idle-code timer is shown only when it differs from the state timer."""
        return (
            self.availability is Availability.IDLE
            and bool(self.idle_code_changed_at)
            and self.idle_code_changed_at != self.state_changed_at
        )

    def channel(self, channel: Channel) -> ChannelLoad | None:
        return next((c for c in self.channels if c.channel is channel), None)


def empty_channels(capacity: dict[Channel, int]) -> tuple[ChannelLoad, ...]:
    return tuple(ChannelLoad(ch, capacity.get(ch, 0)) for ch in CHANNEL_ORDER)
