"""Vendor-neutral desktop model: availability, idle codes, channels and contacts, the agent
snapshot, events.

Pure data and pure reducers with no I/O; imports nothing of `tui` outside itself and no Textual.
"""

from tui.domain.availability import AgentActivity, Availability
from tui.domain.capabilities import Capabilities
from tui.domain.channels import (
    CHANNEL_ORDER,
    Channel,
    ChannelLoad,
    ContactState,
    Direction,
    Interaction,
)
from tui.domain.clock import ClockSkew, elapsed_seconds, format_duration
from tui.domain.connection import Connection, Link
from tui.domain.events import (
    AgentLoggedOut,
    AgentStateChanged,
    ConnectionChanged,
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
    DesktopEvent,
    FrameIgnored,
    MultiLoginClosed,
    NextStateCancelled,
    NextStateRequested,
    QueueFiguresChanged,
    RequestRefused,
    SessionSynced,
    SyncReason,
)
from tui.domain.profile import (
    DesktopProfile,
    DialPlan,
    DialPlanEntry,
    IdleCode,
    LoginOption,
    Team,
    WrapUpCode,
)
from tui.domain.queues import QueueLoad, for_channel, queue_order
from tui.domain.reducer import apply, apply_all
from tui.domain.snapshot import AgentSnapshot, LogEntry, LogKind, NextState

__all__ = [
    "CHANNEL_ORDER",
    "AgentActivity",
    "AgentLoggedOut",
    "AgentSnapshot",
    "AgentStateChanged",
    "Availability",
    "Capabilities",
    "Channel",
    "ChannelLoad",
    "ClockSkew",
    "Connection",
    "ConnectionChanged",
    "ContactAssigned",
    "ContactEnded",
    "ContactHeld",
    "ContactNotAnswered",
    "ContactOffered",
    "ContactRestored",
    "ContactResumed",
    "ContactRinging",
    "ContactState",
    "ContactWrapUpStarted",
    "ContactWrappedUp",
    "DesktopEvent",
    "DesktopProfile",
    "DialPlan",
    "DialPlanEntry",
    "Direction",
    "FrameIgnored",
    "IdleCode",
    "Interaction",
    "Link",
    "LogEntry",
    "LogKind",
    "LoginOption",
    "MultiLoginClosed",
    "NextState",
    "NextStateCancelled",
    "NextStateRequested",
    "QueueFiguresChanged",
    "QueueLoad",
    "RequestRefused",
    "SessionSynced",
    "SyncReason",
    "Team",
    "WrapUpCode",
    "apply",
    "apply_all",
    "elapsed_seconds",
    "for_channel",
    "format_duration",
    "queue_order",
]
