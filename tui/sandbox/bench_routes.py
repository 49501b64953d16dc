"""Benchmark-only routes: they answer 404 unless the sandbox runs with `--bench`.

`python -m tui.bench` needs the server to push thousands of desktop events as fast as it can,
which no real request can do. `POST /bench/flood?count=N` makes the caller's notification
sockets receive N state changes (Idle with each selectable idle code in turn, then Available,
and so on), built and framed by the same code as real ones. They are fanned out through the
hub only, never stored: the last one repeats the agent's real state, so the desktop ends where
the server is. A demo sandbox answers 404, and the routes are not in its OpenAPI schema.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from tui.sandbox.auth import CurrentUser
from tui.sandbox.errors import ApiError
from tui.sandbox.model import AgentSession, Availability, Event, EventKind, now_ms
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter(prefix="/bench", tags=["bench"], include_in_schema=False)

MAX_FLOOD = 1_000_000
CHUNK = 500  # events published between two yields, so the socket writer starts at once


@router.post("/flood")
async def flood(
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
    count: Annotated[int, Query(ge=1, le=MAX_FLOOD)] = 10_000,
) -> dict[str, int]:
    """Push `count` state changes of the caller's own session to the caller's sockets."""
    if not sandbox.config.bench_routes:
        raise ApiError(404, "Not Found")
    session = sandbox.engine.session_of(user.id)
    if session is None:
        raise ApiError(409, "Start a station session before asking for a flood.")
    codes = [code.id for code in sandbox.org.auxiliaryCodes if code.selectable]
    states = itertools.cycle([*codes, None])  # None: Available
    started_ms = now_ms()
    for index in range(count):
        last = index == count - 1  # the real state last: desktop and server agree afterwards
        changed = session if last else _with_state(session, next(states), now_ms())
        sandbox.hub.publish(
            Event(
                seq=0,
                kind=EventKind.STATE_CHANGED,
                at_ms=changed.state_changed_ms,
                agent_id=user.id,
                audience=(user.id,),
                correlation_id=f"bench-flood-{index}",
                actor_id=user.id,
                session=changed,
            )
        )
        if index % CHUNK == CHUNK - 1:
            await asyncio.sleep(0)
    return {"published": count, "startedMs": started_ms, "endedMs": now_ms()}


def _with_state(session: AgentSession, code_id: str | None, at_ms: int) -> AgentSession:
    if code_id is None:
        return replace(
            session,
            availability=Availability.AVAILABLE,
            idle_code_id=None,
            state_changed_ms=at_ms,
            idle_code_changed_ms=at_ms,
        )
    return replace(
        session,
        availability=Availability.IDLE,
        idle_code_id=code_id,
        state_changed_ms=at_ms,
        idle_code_changed_ms=at_ms,
    )
