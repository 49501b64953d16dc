"""Routes for the benchmark and for tests, mounted by `create_app` only when asked.

Neither exists on a sandbox started by the desktop or by the CLI without `--bench` (404), and
neither is in `/openapi.json`. The production routers know nothing of them: the bench drives
the engine and the hub as a request would, and the test hooks use two neutral seams, text put
in a notification socket's inbox (sent as it is) and `Sandbox.poll_answer`.

Bench routes (`SandboxConfig.bench_routes`, `--bench`), for loads no real request can make:

- `POST /bench/flood?count=N` makes the caller's notification sockets receive N state changes
  (Idle with each selectable idle code in turn, then Available, and so on), built and framed
  by the same code as real ones. They are fanned out through the hub only, never stored: the
  last one repeats the agent's real state, so the desktop ends where the server is.
- `POST /bench/sessions` starts a station session for every agent of the teams the caller
  supervises who has none, through the engine as a login would.
- `POST /bench/storm?rate=R&seconds=S` changes R agents' states a second for S seconds in the
  background (real engine changes of random agents with a session, Idle with a random code or
  Available); `GET /bench/storm` says how many were made.
- `POST /bench/offer?channel=chat[&keep=true]` ends the caller's open contacts (no wrap-up;
  kept with `keep`), then offers
  them a new contact on the channel, as the traffic simulator would, and answers its id and
  the server's offer time (epoch ms), so the desktop can time the offer reaching its screen.
- `POST /bench/clear` ends the caller's open contacts (no wrap-up) and says how many.

Test hooks (`SandboxConfig.test_hooks`, never set by the CLI or the desktop), how tests feed
hostile data through the real transports to the real clients:

- `POST /test-hooks/raw-frames` `{"frames": ["any text", ...]}` sends each text, as it is and
  in order, to every open notification socket of the caller (and nobody else), after whatever
  is already queued there; it answers how many sockets got them.
- `POST /test-hooks/poll-answers` `{"bodies": ["any text", ...], "status"?: 200}` makes the
  caller's next CXone `get-next-event` polls of their own session answer with these bodies,
  one per poll, in order (`{sessionId}` in a body becomes the id that poll was made with), with
  `status` (default 200; e.g. 503 for a platform in trouble); a poll already waiting answers
  at once.
- `POST /test-hooks/enqueue?channel=telephony&count=3&waited=134` puts `count` customers in the
  channel's queue who came in `waited` seconds ago (by the sandbox's clock), so a screen shows
  the same queue figures every run.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import random
import time
from collections import deque
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request

from tui.sandbox.config import SandboxConfig
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import AgentSession, Availability, Device, Event, EventKind, now_ms
from tui.sandbox.engine.org import User
from tui.sandbox.engine.queues import queue_name
from tui.sandbox.errors import ApiError
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex.socket import connections_of

bench = APIRouter(prefix="/bench", tags=["bench"], include_in_schema=False)
hooks = APIRouter(prefix="/test-hooks", tags=["tests"], include_in_schema=False)


def mount(app: FastAPI, config: SandboxConfig) -> None:
    """Add the bench routes and the test hooks to `app`, each only if `config` asks for it."""
    if config.bench_routes:
        app.include_router(bench)
    if config.test_hooks:
        app.include_router(hooks)


# Bench --------------------------------------------------------------------------------------

MAX_FLOOD = 1_000_000
CHUNK = 500  # events published between two yields, so the socket writer starts at once
STORM_TICK_S = 0.02


def _bench_enabled(sandbox: Sandbox) -> None:
    if not sandbox.config.bench_routes:
        raise ApiError(404, "Not Found")


@bench.post("/flood")
async def flood(
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
    count: Annotated[int, Query(ge=1, le=MAX_FLOOD)] = 10_000,
) -> dict[str, int]:
    """Push `count` state changes of the caller's own session to the caller's sockets."""
    _bench_enabled(sandbox)
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


def _supervised(sandbox: Sandbox, supervisor: User) -> list[User]:
    teams = set(supervisor.supervisedTeamIds)
    return [u for u in sandbox.org.users if u.id != supervisor.id and set(u.teamIds) & teams]


@bench.post("/sessions")
async def sessions(
    user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    """A station session for every agent the caller supervises (the board's rows go live)."""
    _bench_enabled(sandbox)
    started = 0
    for index, agent in enumerate(_supervised(sandbox, user)):
        if sandbox.engine.session_of(agent.id) is None and agent.defaultDialNumber:
            sandbox.engine.start_session(
                agent.id,
                dial_number=agent.defaultDialNumber,
                device=Device.DIAL_NUMBER,
                team_id=agent.teamIds[0],
                correlation_id=f"bench-session-{index}",
            )
            started += 1
        if index % 100 == 99:
            await asyncio.sleep(0)
    return {"started": started}


@dataclass
class _Storm:
    task: asyncio.Task[None] | None = None
    changes: int = 0
    refused: int = 0
    started_ms: int = 0
    ended_ms: int = 0


def _storm_of(sandbox: Sandbox) -> _Storm:
    return sandbox.routers.setdefault("bench.storm", _Storm())


@bench.post("/storm")
async def storm(
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
    rate: Annotated[float, Query(gt=0, le=10_000)] = 500.0,
    seconds: Annotated[float, Query(gt=0, le=600)] = 10.0,
    seed: int = 7,
) -> dict[str, int]:
    """Start changing the caller's supervised agents' states in the background."""
    _bench_enabled(sandbox)
    state = _storm_of(sandbox)
    if state.task is not None and not state.task.done():
        raise ApiError(409, "A storm is already blowing.")
    agents = [a.id for a in _supervised(sandbox, user) if sandbox.engine.session_of(a.id)]
    if not agents:
        raise ApiError(409, "None of your agents has a station session; POST /bench/sessions.")
    codes = [code.id for code in sandbox.org.auxiliaryCodes if code.selectable]
    fresh = _Storm(started_ms=now_ms())
    sandbox.routers["bench.storm"] = fresh
    fresh.task = asyncio.get_running_loop().create_task(
        _blow(sandbox, fresh, agents, codes, rate, seconds, random.Random(seed))
    )
    return {"agents": len(agents), "startedMs": fresh.started_ms}


@bench.get("/storm")
async def storm_state(
    user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int | bool]:
    _bench_enabled(sandbox)
    state = _storm_of(sandbox)
    done = state.task is None or state.task.done()
    return {
        "done": done,
        "changes": state.changes,
        "refused": state.refused,
        "startedMs": state.started_ms,
        "endedMs": state.ended_ms,
    }


async def _blow(
    sandbox: Sandbox,
    state: _Storm,
    agents: list[str],
    codes: list[str],
    rate: float,
    seconds: float,
    rng: random.Random,
) -> None:
    """`rate` changes a second, paced against the clock so a slow tick is caught up."""
    started = time.monotonic()
    total = round(rate * seconds)
    try:
        while state.changes + state.refused < total:
            due = min(total, int((time.monotonic() - started) * rate) + 1)
            while state.changes + state.refused < due:
                agent_id = rng.choice(agents)
                session = sandbox.engine.session_of(agent_id)
                idle = session is not None and session.availability is Availability.AVAILABLE
                try:
                    sandbox.engine.change_state(
                        agent_id,
                        availability=Availability.IDLE if idle else Availability.AVAILABLE,
                        idle_code_id=rng.choice(codes) if idle else None,
                        correlation_id=f"bench-storm-{state.changes}",
                    )
                    state.changes += 1
                except Rejected:
                    state.refused += 1
            await asyncio.sleep(STORM_TICK_S)
    finally:
        state.ended_ms = now_ms()


@bench.post("/offer")
async def offer(
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
    channel: Annotated[str, Query(pattern="^(telephony|chat|email|social)$")] = "chat",
    keep: bool = False,
) -> dict[str, str | int]:
    """A fresh offer to the caller, after clearing away what they had open (unless `keep`)."""
    _bench_enabled(sandbox)
    session = sandbox.engine.session_of(user.id)
    if session is None:
        raise ApiError(409, "Start a station session before asking for an offer.")
    for contact in () if keep else session.contacts:
        sandbox.engine.end_contact(contact.contact_id, correlation_id="bench-offer-clear")
    event = sandbox.engine.offer_contact(
        user.id, channel, origin="bench@example.com", queue="Bench Queue"
    )
    if event is None or event.contact is None:
        raise ApiError(409, "Become Available before asking for an offer.")
    return {"interactionId": event.contact.contact_id, "offeredMs": event.contact.offered_ms}


@bench.post("/clear")
async def clear(
    user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    """End the caller's open contacts (no wrap-up), so the next offer comes to a clear desk."""
    _bench_enabled(sandbox)
    session = sandbox.engine.session_of(user.id)
    contacts = session.contacts if session is not None else ()
    for contact in contacts:
        sandbox.engine.end_contact(contact.contact_id, correlation_id="bench-clear")
    return {"ended": len(contacts)}


# Test hooks ---------------------------------------------------------------------------------

MAX_TEXTS = 1000
MAX_HOOK_BODY_BYTES = 16 * 1024 * 1024  # frames may be far larger than any request body (64 KiB)
POLL_ANSWERS = "testing.poll_answers"


class _AnswerQueued:
    """Wakes a long poll that is waiting, so that it answers with the queued body."""


ANSWER_QUEUED = _AnswerQueued()


def _hooks_enabled(sandbox: Sandbox) -> None:
    if not sandbox.config.test_hooks:  # mounted only when set; checked again all the same
        raise ApiError(404, "There is nothing at this address.")


@hooks.post("/raw-frames")
async def raw_frames(
    request: Request, user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    _hooks_enabled(sandbox)
    frames = await _texts(request, "frames")
    connections = connections_of(sandbox).of_user(user.id)
    for connection in connections:
        for text in frames:
            connection.inbox.put(text)  # text in a socket's inbox is sent as it is
    return {"sockets": len(connections)}


@hooks.post("/enqueue")
async def enqueue(
    user: CurrentUser,
    sandbox: Annotated[Sandbox, Depends(sandbox_of)],
    channel: Annotated[str, Query(max_length=40)] = "telephony",
    count: Annotated[int, Query(ge=1, le=1000)] = 1,
    waited: Annotated[int, Query(ge=0, le=86_400)] = 0,
) -> dict[str, int]:
    _hooks_enabled(sandbox)
    if channel not in sandbox.org.channel_types:
        raise ApiError(400, f"The org has no channel {channel!r}.")
    for _ in range(count):
        sandbox.engine.enqueue_contact(
            channel, queue=queue_name(channel), origin="+14155550100", waited_ms=waited * 1000
        )
    return {"waiting": len(sandbox.engine.waiting())}


@hooks.post("/poll-answers")
async def poll_answers(
    request: Request, user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    _hooks_enabled(sandbox)
    bodies = await _texts(request, "bodies")
    status = (await request.json()).get("status", 200)  # the body is an object (`_texts`)
    if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
        raise ApiError(400, "status must be an HTTP status, 200..599.")
    queued = sandbox.routers.setdefault(POLL_ANSWERS, {}).setdefault(user.id, deque())
    queued.extend((status, body) for body in bodies)
    if sandbox.poll_answer is None:  # the seam the CXone poll asks before answering as usual
        sandbox.poll_answer = functools.partial(_take_poll_answer, sandbox)
    sandbox.hub.push(user.id, ANSWER_QUEUED)
    return {"queued": len(queued)}


def _take_poll_answer(sandbox: Sandbox, holder_id: str, handle_id: str) -> tuple[int, str] | None:
    """The next queued answer for this holder's poll, if a test queued one; else None."""
    queued = sandbox.routers.get(POLL_ANSWERS, {}).get(holder_id)
    if not queued:
        return None
    status, body = queued.popleft()
    return status, body.replace("{sessionId}", handle_id)


async def _texts(request: Request, name: str) -> list[str]:
    """`{name: [str, ...]}` from the body; larger bodies than elsewhere (frames may be big)."""
    raw = await request.body()
    if len(raw) > MAX_HOOK_BODY_BYTES:
        raise ApiError(413, "The request body is too large.")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "The request body is not valid JSON.") from exc
    texts = body.get(name) if isinstance(body, dict) else None
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise ApiError(400, f"{name} must be a list of strings.")
    if len(texts) > MAX_TEXTS:
        raise ApiError(400, f"At most {MAX_TEXTS} {name} at once.")
    return texts
