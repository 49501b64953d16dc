"""Test hooks: routes that exist only when a test asks for them (`SandboxConfig.test_raw_frames`).

`POST /test-hooks/raw-frames` `{"frames": ["any text", ...]}` sends each text, as it is and in
order, to every open notification socket of the caller (and nobody else), after whatever is
already queued there; it answers how many sockets got them. This is how tests feed hostile
frames through a real websocket to a real client. `create_app` mounts the router only when the
knob is set, so a sandbox started by the CLI or the desktop has no such route at all (404), and
it is never in `/openapi.json`.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from tui.sandbox.auth import CurrentUser
from tui.sandbox.errors import ApiError
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex_socket import RawText, connections_of

router = APIRouter(prefix="/test-hooks", tags=["tests"], include_in_schema=False)

MAX_FRAMES = 1000
MAX_BODY_BYTES = 16 * 1024 * 1024  # frames may be far larger than any request body (64 KiB)


@router.post("/raw-frames")
async def raw_frames(
    request: Request, user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, int]:
    if not sandbox.config.test_raw_frames:  # mounted only when set; checked again all the same
        raise ApiError(404, "There is nothing at this address.")
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "The request body is too large.")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "The request body is not valid JSON.") from exc
    frames = body.get("frames") if isinstance(body, dict) else None
    if not isinstance(frames, list) or not all(isinstance(f, str) for f in frames):
        raise ApiError(400, "frames must be a list of strings.")
    if len(frames) > MAX_FRAMES:
        raise ApiError(400, f"At most {MAX_FRAMES} frames at once.")
    connections = connections_of(sandbox).of_user(user.id)
    for connection in connections:
        for text in frames:
            connection.inbox.put(RawText(text))
    return {"sockets": len(connections)}
