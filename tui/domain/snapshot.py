"""The agent snapshot: one current picture of the agent that the screens only render."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tui.domain.availability import AgentActivity, Availability
from tui.domain.channels import CHANNEL_ORDER, Channel, ChannelLoad, ContactState, Interaction
from tui.domain.connection import Connection
from tui.domain.profile import IdleCode, LoginOption
from tui.domain.queues import QueueLoad

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
class NextState:
    """The state the agent asked for while handling contacts: Available, or Idle with a code.

    The platforms apply a state change at once; the desktop holds this one back until the
    agent's last contact is wrapped up, then asks for it (`AgentSnapshot.next_state_due`).
    """

    availability: Availability
    idle_code: IdleCode | None = None

    @property
    def words(self) -> str:
        if self.availability is Availability.IDLE and self.idle_code:
            return f"Idle ({self.idle_code.name})"
        return self.availability.word


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
    next_state: NextState | None = None  # asked for; applies once no contact is handled
    rona: bool = False  # an offer went unanswered; the agent has not become available since
    rona_at: int = 0  # server epoch ms of that RONA, when the platform said
    queues: tuple[QueueLoad, ...] = ()  # the platform's queue figures, last poll
    queues_shown: bool = False  # the platform serves queue figures to this user
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

    @property
    def contacts(self) -> tuple[Interaction, ...]:
        """Every contact on every channel, in channel order."""
        return tuple(i for load in self.channels for i in load.interactions)

    def contact(self, interaction_id: str) -> Interaction | None:
        return next((i for i in self.contacts if i.id == interaction_id), None)

    @property
    def handling_contacts(self) -> bool:
        """True while a contact is taken and not yet wrapped up (offers do not count)."""
        return any(i.state.is_handled for i in self.contacts)

    @property
    def next_state_pending(self) -> NextState | None:
        """The next state still waiting for the agent's contacts to be wrapped up."""
        return self.next_state if self.handling_contacts else None

    @property
    def next_state_due(self) -> NextState | None:
        """The next state to ask the platform for now: the last contact is wrapped up."""
        return None if self.handling_contacts else self.next_state

    @property
    def activity(self) -> AgentActivity:
        """RONA first (it needs the agent to act), then engaged, wrap-up, an offer."""
        if self.rona:
            return AgentActivity.RONA
        states = {i.state for i in self.contacts}
        if states & {ContactState.RINGING, ContactState.CONNECTED, ContactState.HELD}:
            return AgentActivity.ENGAGED
        if ContactState.WRAP_UP in states:
            return AgentActivity.WRAP_UP
        if ContactState.OFFERED in states:
            return AgentActivity.OFFERED
        return AgentActivity.NONE


def empty_channels(capacity: dict[Channel, int]) -> tuple[ChannelLoad, ...]:
    return tuple(ChannelLoad(ch, capacity.get(ch, 0)) for ch in CHANNEL_ORDER)
