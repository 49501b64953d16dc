"""`EventsFirst`: what a change sets off goes out before the answer to the request that made it.

A change (a new state, an accepted contact) wakes the tasks that tell the desktops: each socket's
writer (Webex) and each waiting long poll (CXone). They run at the loop's next turn; the route's
answer was written before that turn came, and its writing (1-1.5 ms) then stood between the
change and the event every desktop shows it by. Letting the loop turn once before the answer
starts sends the events first. The platforms make no promise either way, and the desktop takes
either order.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class EventsFirst:
    """ASGI middleware: one turn of the loop before a changing request's answer starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READS:
            await self.app(scope, receive, send)
            return

        async def send_after_events(message: Message) -> None:
            if message["type"] == "http.response.start":
                await asyncio.sleep(0)  # the tasks the change woke write their events now
            await send(message)

        await self.app(scope, receive, send_after_events)
