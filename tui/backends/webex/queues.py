"""Queue figures on Webex: the Search API's active parked tasks, counted per queue.

`wire/search.py` says where the query comes from. Webex lists tasks, not queues, so a queue with
nothing parked is absent from an answer; the session remembers each queue it has seen and
reports it with nothing waiting afterwards, so the strip does not lose a queue when it empties.
"""

from __future__ import annotations

from tui.backends.webex import wire
from tui.backends.webex.http import WebexHttp
from tui.domain import Channel, QueueLoad


def _channel(channel_type: str | None) -> Channel | None:
    try:
        return Channel(channel_type or "")
    except ValueError:
        return None


def loads_of(answer: wire.SearchAnswer, seen: dict[str, QueueLoad]) -> tuple[QueueLoad, ...]:
    """Per queue: the parked tasks' count and the oldest `createdTime`. `seen` (queue id ->
    an empty load) is updated with every queue met and gives the queues met before."""
    page = answer.data.task if answer.data is not None else None
    counts: dict[str, QueueLoad] = {}
    for task in page.tasks if page is not None else []:
        queue = task.lastQueue
        if queue is None or not queue.id:
            continue  # not parked in a queue the desktop can name
        before = counts.get(queue.id) or QueueLoad(
            queue.id, queue.name or queue.id, _channel(task.channelType)
        )
        created = task.createdTime or 0
        oldest = before.oldest_since
        if created and (not oldest or created < oldest):
            oldest = created
        counts[queue.id] = QueueLoad(
            before.queue_id, before.name, before.channel, before.waiting + 1, oldest
        )
    for queue_id, load in counts.items():
        seen[queue_id] = QueueLoad(load.queue_id, load.name, load.channel)
    return tuple(counts.get(queue_id, empty) for queue_id, empty in seen.items())


async def queued_tasks(http: WebexHttp, server_now_ms: int) -> wire.SearchAnswer | None:
    """Ask the Search API for the tasks parked now (a day's lookback); None where the platform
    has no Search API (404)."""
    body = wire.SearchRequest(
        query=wire.QUEUED_TASKS_QUERY,
        variables={"from": server_now_ms - wire.QUEUED_LOOKBACK_MS, "to": server_now_ms},
    )
    return await http.post_found(wire.SEARCH_PATH, body, wire.SearchAnswer)
