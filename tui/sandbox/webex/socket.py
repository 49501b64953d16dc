"""Webex notifications: `POST /v1/notification/subscribe` and the websocket it points to.

One socket = one `Connection`: a reader (every message counts as a sign of life; content is
ignored, so garbage can never hurt), a keepalive ticker, an optional silence watchdog, and one
writer that sends everything queued in the connection's hub inbox (events, keepalives, the
multi-login notice, text already framed) in order. When any of them ends, the others are
cancelled.

Multi-login: with `allowMultiLogin` false, a new subscription revokes every earlier one of the
same user and client type, and their live sockets get an `AGENT_MULTI_LOGIN` frame, then close.
With `allowMultiLogin` true up to 10 subscriptions live side by side; an 11th drops the oldest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, WebSocket
from starlette.websockets import WebSocketState

from tui.backends.webex import wire
from tui.sandbox.body import read_body
from tui.sandbox.engine.hub import Closed, Inbox
from tui.sandbox.engine.model import Event, now_ms
from tui.sandbox.engine.store import SubscriptionRecord
from tui.sandbox.errors import tracking_id
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex.frames import FrameBuilder, dump, welcome

log = logging.getLogger(__name__)

router = APIRouter(tags=["notification"])

SOCKET_PATH = "/v1/notification/subscription/{subscription_id}"
MAX_MULTI_LOGINS = 10
CLOSE_GOING_AWAY = 1001
CLOSE_MULTI_LOGIN = 4001
CLOSE_SILENT = 4002
CLOSE_UNKNOWN_SUBSCRIPTION = 4404


class _Keepalive:
    """Queued by the ticker so that the writer sends the keepalive in order."""


@dataclass(frozen=True)
class _Kick:
    frame: wire.Msg


KEEPALIVE = _Keepalive()


@dataclass
class Connection:
    subscription: SubscriptionRecord
    inbox: Inbox
    last_heard: float = field(default_factory=time.monotonic)


class Connections:
    """Live sockets by subscription id (one subscription may have more than one socket)."""

    def __init__(self) -> None:
        self._by_subscription: dict[str, list[Connection]] = {}

    def add(self, connection: Connection) -> None:
        key = connection.subscription.subscription_id
        self._by_subscription.setdefault(key, []).append(connection)

    def remove(self, connection: Connection) -> None:
        key = connection.subscription.subscription_id
        live = self._by_subscription.get(key, [])
        if connection in live:
            live.remove(connection)
        if not live:
            self._by_subscription.pop(key, None)

    def of(self, subscription_id: str) -> list[Connection]:
        return list(self._by_subscription.get(subscription_id, ()))

    def of_user(self, user_id: str) -> list[Connection]:
        return [
            connection
            for connections in self._by_subscription.values()
            for connection in connections
            if connection.subscription.user_id == user_id
        ]


def connections_of(sandbox: Sandbox) -> Connections:
    return sandbox.routers.setdefault("webex.connections", Connections())


@router.post("/v1/notification/subscribe")
async def subscribe(
    request: Request,
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
) -> dict[str, Any]:
    body = await read_body(request, wire.SubscribeRequest, optional=True)
    tid = tracking_id(request)
    store = sandbox.store
    earlier = store.subscriptions_of(user.id, body.clientType)
    if body.allowMultiLogin:
        to_close = earlier[: max(0, len(earlier) - (MAX_MULTI_LOGINS - 1))]
    else:
        to_close = earlier
    record = SubscriptionRecord(
        subscription_id=str(uuid.uuid4()),
        user_id=user.id,
        client_type=body.clientType,
        keepalive=body.isKeepAliveEnabled,
        allow_multi_login=body.allowMultiLogin,
        created_ms=now_ms(),
    )
    with store.transaction():
        for old in to_close:
            store.delete_subscription(old)
        store.put_subscription(record)
    frames = FrameBuilder(sandbox.org)
    for old in to_close:
        for connection in connections_of(sandbox).of(old):
            connection.inbox.put(_Kick(frames.multi_login(user.id, old, tid)))
    scheme = "wss" if request.url.scheme == "https" else "ws"
    url = f"{scheme}://{request.url.netloc}{SOCKET_PATH.format(subscription_id=record.subscription_id)}"
    response = wire.SubscribeResponse(webSocketUrl=url, subscriptionId=record.subscription_id)
    return response.model_dump()


@router.websocket(SOCKET_PATH)
async def notifications(websocket: WebSocket, subscription_id: str) -> None:
    sandbox = await sandbox_of(websocket)
    record = sandbox.store.subscription(subscription_id) if len(subscription_id) <= 64 else None
    if record is None:
        await websocket.close(code=CLOSE_UNKNOWN_SUBSCRIPTION)
        return
    await websocket.accept()
    connection = Connection(record, sandbox.hub.open(record.user_id))
    registry = connections_of(sandbox)
    registry.add(connection)
    close_code: int | None = CLOSE_GOING_AWAY
    try:
        await websocket.send_text(welcome(record.user_id))
        close_code = await _serve(websocket, connection, sandbox)
    except Exception as exc:  # a socket's trouble must never reach the server
        log.debug("notification socket ended: %r", exc)
    finally:
        registry.remove(connection)
        connection.inbox.close()
        if close_code is not None and websocket.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close(code=close_code)


async def _serve(websocket: WebSocket, connection: Connection, sandbox: Sandbox) -> int | None:
    """Run the socket's tasks until one ends; returns the close code it asks for (None: the
    client already went away)."""
    config = sandbox.config
    frames = FrameBuilder(sandbox.org)
    tasks = [
        asyncio.create_task(_read(websocket, connection)),
        asyncio.create_task(_write(websocket, connection, frames)),
        asyncio.create_task(_tick(connection, config.keepalive_interval_s)),
    ]
    if connection.subscription.keepalive:
        tasks.append(asyncio.create_task(_watch(connection, config.keepalive_timeout_s)))
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finished = next(iter(done))
    if finished.cancelled() or finished.exception() is not None:
        return None
    return finished.result()


async def _read(websocket: WebSocket, connection: Connection) -> int | None:
    """Every message is a sign of life; what it says does not matter (keepalive or junk)."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return None
        connection.last_heard = time.monotonic()


async def _write(websocket: WebSocket, connection: Connection, frames: FrameBuilder) -> int | None:
    """The only task that sends, so frames never interleave."""
    while True:
        item = await connection.inbox.get()
        if isinstance(item, Closed):
            return CLOSE_GOING_AWAY
        if isinstance(item, _Kick):
            await websocket.send_text(dump(item.frame))
            return CLOSE_MULTI_LOGIN
        if item is KEEPALIVE:
            await websocket.send_text(wire.KEEPALIVE_JSON)
        elif isinstance(item, str):  # text already framed: sent as it is
            await websocket.send_text(item)
        elif isinstance(item, Event):
            for text in frames.texts(item):
                await websocket.send_text(text)


async def _tick(connection: Connection, interval_s: float) -> int | None:
    while True:
        await asyncio.sleep(interval_s)
        connection.inbox.put(KEEPALIVE)


async def _watch(connection: Connection, timeout_s: float) -> int | None:
    """Ask to drop a socket silent for `timeout_s` (its client promised keepalives).

    It sleeps until the socket would have been silent that long, then looks again: hearing
    something only moves that moment later. (Waking every second instead was 2,000 wake-ups a
    second with 2,000 agents online, for nothing.)"""
    while True:
        silent_for = time.monotonic() - connection.last_heard
        if silent_for >= timeout_s:
            return CLOSE_SILENT
        await asyncio.sleep(timeout_s - silent_for + 0.01)
