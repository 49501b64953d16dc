"""The org's queues and what waits in them, for both platforms' queue figures.

The demo org has channels but no queue records, so each channel is one queue here, named as the
traffic simulator names a contact's queue. Webex identifies a queue by a UUID (made stable from
the org id and the channel); CXone routes on a skill per channel (`cxone/skills.py`).
A contact *waits* when it is in no agent's session: a new arrival no agent had room for, or an
offer declined or rung out. Its customer has waited since `offered_ms` (when the contact came
in), which is what both platforms' figures count from.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tui.sandbox.engine.model import Contact
from tui.sandbox.engine.org import Org

_QUEUES = {
    "telephony": "Voice Queue",
    "chat": "Chat Queue",
    "email": "Email Queue",
    "social": "Social Queue",
}


def queue_name(channel: str) -> str:
    """The queue customers on `channel` wait in (CXone: the channel's skill)."""
    return _QUEUES.get(channel, f"{channel.title()} Queue")


@dataclass(frozen=True, slots=True)
class QueueNow:
    """One queue right now: how many wait, and when the one waiting longest came in."""

    queue_id: str
    name: str
    channel: str
    waiting: int
    oldest_since_ms: int
    """0 when nothing waits."""


def queue_id(org: Org, channel: str) -> str:
    """A queue's Webex id: a UUID that stays the same for the org and channel across restarts."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"agent-desktop-sandbox:{org.orgId}:queue:{channel}"))


def queues_now(org: Org, waiting: list[Contact]) -> list[QueueNow]:
    """Every queue of the org, in its channel order, with the contacts waiting in it."""
    figures = []
    for channel in org.channel_types:
        mine = [c for c in waiting if c.channel == channel]
        figures.append(
            QueueNow(
                queue_id=queue_id(org, channel),
                name=queue_name(channel),
                channel=channel,
                waiting=len(mine),
                oldest_since_ms=min((c.offered_ms for c in mine), default=0),
            )
        )
    return figures
