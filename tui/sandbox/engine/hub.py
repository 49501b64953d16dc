"""An asyncio fan-out of committed events to each user's open inboxes.

Everything runs on the server's one event loop: the engine publishes synchronously right after
a commit, so every inbox sees events in sequence order. Routers may also push their own items
(keepalives, a multi-login notice) into an inbox so that one writer task sends everything.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tui.sandbox.engine.model import Event


class Closed:
    """Pushed into an inbox to tell its reader to stop (server shutting down)."""


CLOSED = Closed()


class Inbox:
    """One listener's ordered queue of items; iterate with `await inbox.get()`."""

    def __init__(self, hub: Hub, user_id: str) -> None:
        self.user_id = user_id
        self._hub = hub
        self._queue: asyncio.Queue[Any] = asyncio.Queue()

    def put(self, item: Any) -> None:
        self._queue.put_nowait(item)

    async def get(self) -> Any:
        return await self._queue.get()

    def close(self) -> None:
        self._hub._remove(self)

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Hub:
    def __init__(self) -> None:
        self._inboxes: dict[str, list[Inbox]] = {}

    def open(self, user_id: str) -> Inbox:
        inbox = Inbox(self, user_id)
        self._inboxes.setdefault(user_id, []).append(inbox)
        return inbox

    def _remove(self, inbox: Inbox) -> None:
        listeners = self._inboxes.get(inbox.user_id, [])
        if inbox in listeners:
            listeners.remove(inbox)
        if not listeners:
            self._inboxes.pop(inbox.user_id, None)

    def publish(self, event: Event) -> None:
        for user_id in dict.fromkeys(event.audience):
            for inbox in list(self._inboxes.get(user_id, ())):
                inbox.put(event)

    def push(self, user_id: str, item: Any) -> int:
        """Put a router's own item (not an event) into each of the user's inboxes."""
        listeners = list(self._inboxes.get(user_id, ()))
        for inbox in listeners:
            inbox.put(item)
        return len(listeners)

    def listeners(self, user_id: str) -> int:
        return len(self._inboxes.get(user_id, ()))

    def total_listeners(self) -> int:
        return sum(len(listeners) for listeners in self._inboxes.values())

    def close_all(self) -> None:
        for listeners in list(self._inboxes.values()):
            for inbox in list(listeners):
                inbox.put(CLOSED)
