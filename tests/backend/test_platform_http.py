"""The one HTTP client every backend sends through: its answers are freed as soon as they are
dropped, and an idle connection is kept for the agent's next action."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from tui.backends.http import IDLE_CONNECTION_KEPT_S, PlatformHttp, send
from tui.sandbox.server import SandboxServer


@pytest.fixture
def collector_off() -> Iterator[None]:
    """Only reference counting frees objects meanwhile: what a cycle holds stays alive."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def test_an_answer_is_freed_without_the_cyclic_collector(
    module_sandbox: SandboxServer, collector_off: None
) -> None:
    http = PlatformHttp(module_sandbox.base_url, timeout=10.0)
    try:
        answer = await send(http.client, "GET", "/v1/people/me")
        assert answer.status_code == 401  # no token: still a whole answer, body read
        assert answer.json()["error"]
        request = weakref.ref(answer.request)
        gone = weakref.ref(answer)
        del answer
        assert gone() is None, "the answer outlived its last reference (a reference cycle)"
        assert request() is None, "its request outlived it"
    finally:
        await http.aclose()


async def test_one_connection_serves_an_agents_requests(module_sandbox: SandboxServer) -> None:
    http = PlatformHttp(module_sandbox.base_url, timeout=10.0)
    opened: list[object] = []

    async def trace(name: str, info: dict[str, object]) -> None:
        if name == "connection.connect_tcp.complete":
            opened.append(info)

    try:
        for _ in range(3):
            await send(http.client, "GET", "/v1/people/me", extensions={"trace": trace})
        assert len(opened) == 1
        # Waiting out 5 s to see the connection kept would slow every run: read the pool's
        # setting instead (httpx's own attribute names).
        pool = http.client._transport._pool  # type: ignore[attr-defined]
        assert pool._keepalive_expiry == IDLE_CONNECTION_KEPT_S
        assert IDLE_CONNECTION_KEPT_S > 5.0  # longer than httpx keeps one by itself
    finally:
        await http.aclose()
