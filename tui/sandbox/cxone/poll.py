"""The get-next-event long poll on a session handle.

A poll answers at once when there is something to hand out, else waits on the agent's hub
inbox until an event of the session commits, the timeout passes (None: a 304), the client goes
away, or the server begins to stop. What it hands out:

- a handle that has not been given its session yet, or that was replaced (its client lost an
  answer): the whole picture (`AgentSessionStart`, `AgentState`, the contacts);
- otherwise the session's events past the handle's cursor, ending with `AgentSessionEnd`.

Either way the answer carries a new session id (the handle is replaced) and the old one becomes
"older". A poll that starts after its session ended is a 409; one that was already waiting when
the session ended is given the end first.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.requests import Request

from tui.backends.cxone import wire
from tui.sandbox.cxone.errors import failure, outcome
from tui.sandbox.cxone.events import EventBuilder, builder_of
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.hub import Closed, Inbox
from tui.sandbox.engine.model import AgentSession, Event, SessionHandle
from tui.sandbox.engine.org import User
from tui.sandbox.state import Sandbox

MAX_HANDLE_ID = 64
NO_SUCH_SESSION = "There is no such session."
SESSION_ENDED = "The agent session has ended."

_GONE = object()  # the client went away
_TIMED_OUT = object()


def held_handle(engine: Engine, handle_id: str, holder: User) -> SessionHandle:
    """The caller's handle, or 404 InvalidAgentSession (unknown, or someone else's)."""
    handle = engine.handle(handle_id) if len(handle_id) <= MAX_HANDLE_ID else None
    if handle is None or handle.holder_id != holder.id:
        raise outcome(wire.JoinOutcome.INVALID_AGENT_SESSION, NO_SUCH_SESSION)
    return handle


def live_session(engine: Engine, handle: SessionHandle) -> AgentSession:
    """The handle's session, or 409 once it has ended."""
    session = engine.session_of_handle(handle)
    if session is None:
        raise failure(wire.ErrorName.SESSION_ENDED, SESSION_ENDED)
    return session


async def next_events(
    sandbox: Sandbox, handle_id: str, holder: User, timeout_s: float, request: Request
) -> wire.NextEventResponse | tuple[int, str] | None:
    """The next answer for a poll with `handle_id`; None when nothing happened in time, and a
    status with a body as it is when `Sandbox.poll_answer` gives one."""
    engine = sandbox.engine
    builder = builder_of(sandbox)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    agent_id = held_handle(engine, handle_id, holder).agent_id
    gone = asyncio.ensure_future(_client_gone(request))
    try:
        with sandbox.hub.open(agent_id) as inbox:
            waited = False
            while True:
                if sandbox.poll_answer is not None:
                    given = sandbox.poll_answer(holder.id, handle_id)
                    if given is not None:
                        return given
                answer = _answer(engine, builder, held_handle(engine, handle_id, holder), waited)
                if answer is not None:
                    return answer
                remaining = deadline - loop.time()
                if remaining <= 0 or sandbox.stopping:
                    return None
                woke = await _wake(inbox, gone, remaining)
                if woke is _GONE or woke is _TIMED_OUT or isinstance(woke, Closed):
                    return None
                waited = True
    finally:
        gone.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await gone


def _answer(
    engine: Engine, builder: EventBuilder, handle: SessionHandle, waited: bool
) -> wire.NextEventResponse | None:
    session = engine.session_of_handle(handle)
    if session is None:
        ended = engine.session_events(handle) if waited else []
        if not ended:
            raise failure(wire.ErrorName.SESSION_ENDED, SESSION_ENDED)
        return _hand_out(engine, handle, ended[-1].seq, _built(builder, ended))
    if handle.replaced or handle.after_seq is None:
        return _hand_out(engine, handle, engine.last_seq(), builder.snapshot(session))
    found = engine.session_events(handle)
    if not found:
        return None
    return _hand_out(engine, handle, found[-1].seq, _built(builder, found))


def _built(builder: EventBuilder, events: list[Event]) -> list[dict[str, Any]]:
    return [built for event in events for built in builder.of(event)]


def _hand_out(
    engine: Engine, handle: SessionHandle, after_seq: int, events: list[dict[str, Any]]
) -> wire.NextEventResponse:
    fresh = engine.replace_handle(handle, after_seq)
    return wire.NextEventResponse(sessionId=fresh.handle_id, events=events)


async def _wake(inbox: Inbox, gone: asyncio.Future[None], timeout_s: float) -> object:
    """The next hub item for the agent, `_GONE` or `_TIMED_OUT`, whichever comes first."""
    item = asyncio.ensure_future(inbox.get())
    try:
        done, _ = await asyncio.wait(
            {item, gone}, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        if not item.done():
            item.cancel()
    if item in done:
        return item.result()
    return _GONE if gone in done else _TIMED_OUT


async def _client_gone(request: Request) -> None:
    """Returns once the client has gone away (its body was read before the poll waits)."""
    while True:
        message = await request.receive()
        if message.get("type") == "http.disconnect":
            return
