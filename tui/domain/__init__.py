"""Vendor-neutral desktop model: availability, idle codes, channels and contacts, the agent
snapshot, events.

Pure data and pure reducers with no I/O; imports nothing of `tui` outside itself and no Textual.

The names below are read from their modules on first use (PEP 562), so that importing one
module of the domain (the login screen needs only its errors) does not load all of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    "AgentActivity": "availability",
    "AgentLoggedOut": "events",
    "AgentSnapshot": "snapshot",
    "AgentStateChanged": "events",
    "Availability": "availability",
    "CHANNEL_ORDER": "channels",
    "Capabilities": "capabilities",
    "Channel": "channels",
    "ChannelLoad": "channels",
    "ClockSkew": "clock",
    "Connection": "connection",
    "ConnectionChanged": "events",
    "ContactAssigned": "events",
    "ContactEnded": "events",
    "ContactHeld": "events",
    "ContactNotAnswered": "events",
    "ContactOffered": "events",
    "ContactRestored": "events",
    "ContactResumed": "events",
    "ContactRinging": "events",
    "ContactState": "channels",
    "ContactWrapUpStarted": "events",
    "ContactWrappedUp": "events",
    "DesktopEvent": "events",
    "DesktopProfile": "profile",
    "DialPlan": "profile",
    "DialPlanEntry": "profile",
    "Direction": "channels",
    "FrameIgnored": "events",
    "IdleCode": "profile",
    "Interaction": "channels",
    "Link": "connection",
    "LogEntry": "snapshot",
    "LogKind": "snapshot",
    "LoginOption": "profile",
    "MultiLoginClosed": "events",
    "NextState": "snapshot",
    "NextStateCancelled": "events",
    "NextStateRequested": "events",
    "QueueFiguresChanged": "events",
    "QueueLoad": "queues",
    "RequestRefused": "events",
    "SessionSynced": "events",
    "SyncReason": "events",
    "Team": "profile",
    "WrapUpCode": "profile",
    "apply": "reducer",
    "apply_all": "reducer",
    "elapsed_seconds": "clock",
    "for_channel": "queues",
    "format_duration": "clock",
    "queue_order": "queues",
}
"""Each public name and the module of `tui.domain` it lives in."""


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])


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
