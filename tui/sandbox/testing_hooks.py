"""Test hooks: routes that exist only when a test asks for them (`SandboxConfig.test_hooks`).

This is how tests feed hostile data through the real transports to the real clients:

- `POST /test-hooks/raw-frames` `{"frames": ["any text", ...]}` sends each text, as it is and
  in order, to every open notification socket of the caller (and nobody else), after whatever
  is already queued there; it answers how many sockets got them.
- `POST /test-hooks/poll-answers` `{"bodies": ["any text", ...]}` makes the caller's next CXone
  `get-next-event` polls of their own session answer 200 with these bodies, one per poll, in
  order (`{sessionId}` in a body becomes the id that poll was made with); a poll already
  waiting answers at once.

`create_app` mounts the router only when the knob is set, so a sandbox started by the CLI or
the desktop has no such route at all (404); it is never in `/openapi.json`, and
`take_poll_answer` is a no-op without the knob.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from tui.sandbox.errors import ApiError
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex.socket import RawText, connections_of

router = APIRouter(prefix="/test-hooks", tags=["tests"], include_in_schema=False)

MAX_FRAMES = 1000
POLL_ANSWERS = "testing.poll_answers"


@dataclass(frozen=True)
class RawAnswer:
    """A long poll's 200 body, exactly as a test wrote it."""

    text: str


class _AnswerQueued:
    """Wakes a long poll that is waiting, so that it answers with the queued body."""


ANSWER_QUEUED = _AnswerQueued()
MAX_BODY_BYTES = 16 * 1024 * 1024  # frames may be far larger than any request body (64 KiB)


@router.post("/raw-frames")
async def raw_frames(
    request: Request, user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    if not sandbox.config.test_hooks:  # mounted only when set; checked again all the same
        raise ApiError(404, "There is nothing at this address.")
    frames = await _texts(request, "frames")
    connections = connections_of(sandbox).of_user(user.id)
    for connection in connections:
        for text in frames:
            connection.inbox.put(RawText(text))
    return {"sockets": len(connections)}


@router.post("/poll-answers")
async def poll_answers(
    request: Request, user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    if not sandbox.config.test_hooks:
        raise ApiError(404, "There is nothing at this address.")
    bodies = await _texts(request, "bodies")
    queued = sandbox.routers.setdefault(POLL_ANSWERS, {}).setdefault(user.id, deque())
    queued.extend(bodies)
    sandbox.hub.push(user.id, ANSWER_QUEUED)
    return {"queued": len(queued)}


def take_poll_answer(sandbox: Sandbox, holder_id: str, handle_id: str) -> RawAnswer | None:
    """The next queued body for this holder's poll, if a test queued one; else None."""
    if not sandbox.config.test_hooks:
        return None
    queued = sandbox.routers.get(POLL_ANSWERS, {}).get(holder_id)
    if not queued:
        return None
    return RawAnswer(queued.popleft().replace("{sessionId}", handle_id))


async def _texts(request: Request, name: str) -> list[str]:
    """`{name: [str, ...]}` from the body; larger bodies than elsewhere (frames may be big)."""
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "The request body is too large.")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "The request body is not valid JSON.") from exc
    texts = body.get(name) if isinstance(body, dict) else None
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise ApiError(400, f"{name} must be a list of strings.")
    if len(texts) > MAX_FRAMES:
        raise ApiError(400, f"At most {MAX_FRAMES} {name} at once.")
    return texts
