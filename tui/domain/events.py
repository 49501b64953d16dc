"""Desktop events: past-tense facts that a backend reports and the reducer folds in."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tui.domain.availability import Availability
from tui.domain.channels import Channel, Interaction
from tui.domain.connection import Connection
from tui.domain.profile import IdleCode, LoginOption, WrapUpCode
from tui.domain.queues import QueueLoad
from tui.domain.snapshot import NextState


class SyncReason(StrEnum):
    STARTED = "started"
    JOINED = "joined"
    RESYNCED = "resynced"
    JOINED_ELSEWHERE = "joined_elsewhere"  # another desktop of this agent attached to the session


@dataclass(frozen=True, slots=True)
class SessionSynced:
    """The whole session as the server knows it: after login, join or a reconnect."""

    reason: SyncReason
    agent_id: str
    session_id: str
    team_id: str
    team_name: str
    site_id: str
    site_name: str
    roles: tuple[str, ...]
    login_option: LoginOption | None
    dial_number: str
    availability: Availability
    idle_code: IdleCode | None
    state_changed_at: int
    idle_code_changed_at: int
    channels: dict[Channel, tuple[Interaction, ...]] = field(default_factory=dict)
    capacity: dict[Channel, int] = field(default_factory=dict)
    agent_name: str = ""
    impersonated_by: str = ""


@dataclass(frozen=True, slots=True)
class AgentStateChanged:
    availability: Availability
    idle_code: IdleCode | None
    state_changed_at: int
    idle_code_changed_at: int
    changed_by_name: str = ""  # empty when the agent changed it themself
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ContactOffered:
    interaction: Interaction


@dataclass(frozen=True, slots=True)
class ContactAssigned:
    interaction: Interaction


@dataclass(frozen=True, slots=True)
class ContactRestored:
    """A contact the agent already holds, sent again with its details after a re-sync (a join,
    a reload, a re-join). It fills in what the re-sync's list of ids could not say."""

    interaction: Interaction


@dataclass(frozen=True, slots=True)
class ContactEnded:
    """The contact ended (either side hung up or closed it). With `wrap_up` the platform wants
    after-contact work for it: the contact stays, in wrap-up, until `ContactWrappedUp`."""

    interaction_id: str
    channel: Channel | None = None
    at: int = 0  # server epoch ms
    wrap_up: bool = False


@dataclass(frozen=True, slots=True)
class ContactRinging:
    """The agent took the offer and it now rings on their own phone (voice on a dial number)."""

    interaction_id: str
    at: int  # server epoch ms


@dataclass(frozen=True, slots=True)
class ContactHeld:
    interaction_id: str
    at: int  # server epoch ms


@dataclass(frozen=True, slots=True)
class ContactResumed:
    interaction_id: str
    at: int  # server epoch ms


@dataclass(frozen=True, slots=True)
class ContactWrapUpStarted:
    """After-contact work began for the contact (it has usually just ended)."""

    interaction_id: str
    at: int  # server epoch ms


@dataclass(frozen=True, slots=True)
class ContactWrappedUp:
    """The agent finished the after-contact work, with a wrap-up code; the contact is done."""

    interaction_id: str
    at: int  # server epoch ms
    code: WrapUpCode | None = None


@dataclass(frozen=True, slots=True)
class ContactNotAnswered:
    """RONA (redirection on no answer): the offer rang out. The platform took it back to its
    queue and stops offering contacts to the agent until they become available again; the
    agent's own state change (to the RONA system state) comes as `AgentStateChanged`."""

    interaction_id: str
    at: int  # server epoch ms
    channel: Channel | None = None
    timeout_s: int = 0  # how long it rang, when the platform says


@dataclass(frozen=True, slots=True)
class NextStateRequested:
    """The agent asked for a state to take once their contacts are wrapped up."""

    next_state: NextState


@dataclass(frozen=True, slots=True)
class NextStateCancelled:
    """The agent no longer wants the pending next state."""


@dataclass(frozen=True, slots=True)
class AgentLoggedOut:
    reason: str = ""
    by_name: str = ""


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    connection: Connection


@dataclass(frozen=True, slots=True)
class MultiLoginClosed:
    """Another desktop signed in as this agent; this one was disconnected."""


@dataclass(frozen=True, slots=True)
class RequestRefused:
    action: str
    sentence: str


@dataclass(frozen=True, slots=True)
class QueueFiguresChanged:
    """The platform's queue figures, polled (`tui/domain/queues.py`); `available` is False
    while the platform will not serve them to this user (the strip then stays hidden)."""

    queues: tuple[QueueLoad, ...] = ()
    available: bool = True


@dataclass(frozen=True, slots=True)
class FrameIgnored:
    """A frame the desktop could not use; logged in plain words, never fatal."""

    description: str


DesktopEvent = (
    SessionSynced
    | AgentStateChanged
    | ContactOffered
    | ContactAssigned
    | ContactRestored
    | ContactEnded
    | ContactRinging
    | ContactHeld
    | ContactResumed
    | ContactWrapUpStarted
    | ContactWrappedUp
    | ContactNotAnswered
    | NextStateRequested
    | NextStateCancelled
    | AgentLoggedOut
    | ConnectionChanged
    | MultiLoginClosed
    | RequestRefused
    | QueueFiguresChanged
    | FrameIgnored
)
