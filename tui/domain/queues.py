"""Queue figures: how many contacts wait in each queue, and since when the oldest has.

Both platforms serve them on a poll rather than on the agent's event stream (Webex: the Search
API's active parked tasks; CXone: the Real-Time Data API's skill activity), so the session polls
and publishes `QueueFiguresChanged`, which the reducer folds into the snapshot like any event.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.domain.channels import CHANNEL_ORDER, Channel


@dataclass(frozen=True, slots=True)
class QueueLoad:
    """One queue (CXone: a skill) as the platform last said."""

    queue_id: str
    name: str
    channel: Channel | None = None
    """The channel the queue serves, when the platform says (None: unknown media)."""
    waiting: int = 0
    oldest_since: int = 0
    """Server epoch ms when the contact waiting longest entered the queue; 0 when none waits."""

    def longest_wait_s(self, server_now_ms: int) -> int:
        """Seconds the oldest contact has waited by `server_now_ms` (0 when none waits)."""
        if not self.waiting or not self.oldest_since:
            return 0
        return max(0, (server_now_ms - self.oldest_since) // 1000)


def queue_order(loads: tuple[QueueLoad, ...]) -> tuple[QueueLoad, ...]:
    """Queues in the desktop's channel order, then by name: the strip reads the same each poll."""
    rank = {channel: n for n, channel in enumerate(CHANNEL_ORDER)}

    def key(load: QueueLoad) -> tuple[int, str, str]:
        place = rank.get(load.channel, len(rank)) if load.channel else len(rank)
        return (place, load.name, load.queue_id)

    return tuple(sorted(loads, key=key))


def for_channel(loads: tuple[QueueLoad, ...], channel: Channel) -> QueueLoad | None:
    """The queues serving `channel` summed into one (waiting added, the oldest kept); None when
    the platform names no queue for it."""
    mine = [load for load in loads if load.channel is channel]
    if not mine:
        return None
    if len(mine) == 1:
        return mine[0]
    oldest = [load.oldest_since for load in mine if load.waiting and load.oldest_since]
    return QueueLoad(
        queue_id=",".join(load.queue_id for load in mine),
        name=channel.label,
        channel=channel,
        waiting=sum(load.waiting for load in mine),
        oldest_since=min(oldest) if oldest else 0,
    )
