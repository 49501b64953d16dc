"""Vendor-neutral desktop model: availability, idle codes, channels, the agent snapshot, events.

Pure data and pure reducers with no I/O; imports nothing of `tui` outside itself and no Textual.
"""

from tui.domain.availability import Availability
from tui.domain.capabilities import Capabilities
from tui.domain.channels import CHANNEL_ORDER, Channel, ChannelLoad, Interaction
from tui.domain.clock import ClockSkew, elapsed_seconds, format_duration
from tui.domain.connection import Connection, Link
from tui.domain.events import (
    AgentLoggedOut,
    AgentStateChanged,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    ContactRestored,
    DesktopEvent,
    FrameIgnored,
    MultiLoginClosed,
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
)
from tui.domain.reducer import apply, apply_all
from tui.domain.snapshot import AgentSnapshot, LogEntry, LogKind

__all__ = [
    "CHANNEL_ORDER",
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
    "ContactOffered",
    "ContactRestored",
    "DesktopEvent",
    "DesktopProfile",
    "DialPlan",
    "DialPlanEntry",
    "FrameIgnored",
    "IdleCode",
    "Interaction",
    "Link",
    "LogEntry",
    "LogKind",
    "LoginOption",
    "MultiLoginClosed",
    "RequestRefused",
    "SessionSynced",
    "SyncReason",
    "Team",
    "apply",
    "apply_all",
    "elapsed_seconds",
    "format_duration",
]
