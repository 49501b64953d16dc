"""The running sandbox's parts, shared by every router through `app.state.sandbox`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection

from tui.sandbox.config import SandboxConfig
from tui.sandbox.engine.colleagues import Colleagues
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.hub import Hub
from tui.sandbox.engine.org import Org
from tui.sandbox.engine.store import Store
from tui.sandbox.engine.traffic import Traffic


@dataclass
class Sandbox:
    config: SandboxConfig
    org: Org
    store: Store
    hub: Hub
    engine: Engine
    traffic: Traffic | None = None
    floor: Colleagues | None = None
    """The simulated colleagues (the live floor), when the config asks for any."""
    routers: dict[str, Any] = field(default_factory=dict)
    """Per-router state (e.g. the Webex router's live sockets), keyed by router name."""
    poll_answer: Callable[[str, str], tuple[int, str] | None] | None = None
    """A seam for answering a CXone long poll with a body written elsewhere: (holder id, handle
    id) -> (the status, the body as it is), or None to answer as usual. None unless something
    installs one."""
    stopping: bool = False
    """Set when the server begins to shut down: long polls answer at once instead of waiting."""
    started_ms: int = 0
    """When this sandbox came up (its clock): every agent's row counts as updated then, so an
    `updatedSince` at or before it (the SDK's first poll sends the epoch) lists everyone."""


async def sandbox_of(connection: HTTPConnection) -> Sandbox:
    """FastAPI dependency: the sandbox serving this request or websocket.

    `async` although it never awaits: FastAPI runs a plain `def` dependency in its thread pool,
    two thread hops per request that cost more than the route itself under load."""
    sandbox = getattr(connection.app.state, "sandbox", None)
    if sandbox is None:
        raise RuntimeError("the sandbox is not started (lifespan did not run)")
    return sandbox
