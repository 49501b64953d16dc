"""Shared fixtures: a real sandbox server on 127.0.0.1 and a small Webex test client.

Fixtures
    sandbox           a started `SandboxServer` (fresh data dir, traffic off); stopped after.
                      `sandbox.base_url` is its http address, `sandbox.org` the loaded org.
    module_sandbox    the same, but shared by every test of a module (read-only tests).
    sandbox_factory   `sandbox_factory(**options) -> SandboxServer`, started; every server it
                      made is stopped after the test. Options are `SandboxServer` arguments
                      and `SandboxConfig` knobs, e.g. `traffic=True, seed=7, offer_chance=1.0`,
                      `keepalive_timeout_s=1.0`, `token_lifetime_s=0`. Traffic is off unless
                      asked for; each server gets its own data dir unless `data_dir` is given.
    webex             `await webex("agent3")` -> a signed-in `WebexTestClient` on `sandbox`
                      (`await webex("super1", server=other)` for another server). Clients are
                      closed after the test.

`WebexTestClient` (import it from `tests.conftest` for type hints)
    .http / .token / .user_id           an httpx.AsyncClient with the bearer token set
    await .connect(**subscribe_body)    subscribe and open the notification socket (Welcome
                                        is awaited and returned)
    await .next_frame("AgentStationLoginSuccess", ...)
                                        the next frame whose data.type is one of those,
                                        skipping others; fails after `timeout` seconds
    await .closed()                     wait until the server closes the socket; its close code
    await .login(dial_number, team_id=...) / .set_state(...) / .logout(...)
                                        send the request, assert 202, return its tracking id
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
import textual.constants
import websockets
from hypothesis import settings
from websockets.asyncio.client import ClientConnection

from tui.config import CACHE_ENV
from tui.sandbox.engine.org import Org
from tui.sandbox.server import SandboxServer

FRAME_TIMEOUT_S = 5.0

# In CI the property tests replay the same examples every run, so a red build always means a
# change broke something; on a developer's machine they keep exploring new inputs.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def own_style_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Desktops under test (and the processes they start) keep their parsed stylesheets in a
    folder of this run's, not in the user's cache folder."""
    folder = tmp_path_factory.mktemp("style-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(autouse=True)
def true_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every desktop in a test draws for a true-colour terminal in colour, whatever $TERM and
    $NO_COLOR say: it picks other colours for 16 (`tui/widgets/palette.py`), and what a test
    sees must not depend on the terminal it was started from."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)


def _start(tmp_path: Path, index: int, options: dict[str, Any]) -> SandboxServer:
    options = dict(options)
    options.setdefault("traffic", False)
    options.setdefault("data_dir", tmp_path / f"sandbox-{index}")
    return SandboxServer(**options).start()


@pytest.fixture
def sandbox_factory(tmp_path: Path) -> Iterator[Callable[..., SandboxServer]]:
    servers: list[SandboxServer] = []

    def make(**options: Any) -> SandboxServer:
        server = _start(tmp_path, len(servers), options)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def sandbox(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory()


@pytest.fixture(scope="module")
def module_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    """One sandbox (traffic off) shared by a whole test module: for tests that only read, or
    whose changes cannot affect each other. Cheaper than `sandbox` when a module has many."""
    server = _start(tmp_path_factory.mktemp("module-sandbox"), 0, {})
    yield server
    server.stop()


class SandboxLike(Protocol):
    """What a test client needs of a server: its address and its org (a `SandboxServer`, or a
    sandbox running in another process)."""

    @property
    def base_url(self) -> str: ...

    @property
    def org(self) -> Org: ...


class WebexTestClient:
    """One user of a sandbox, over real HTTP and a real websocket."""

    def __init__(self, server: SandboxLike, login: str) -> None:
        self.server = server
        self.login_name = login
        self.org: Org = server.org
        user = server.org.user_by_login(login)
        assert user is not None, f"no user {login} in the org"
        self.user = user
        self.user_id = user.id
        self.token = ""
        self.http = httpx.AsyncClient(base_url=server.base_url, timeout=10.0)
        self.socket: ClientConnection | None = None
        self.frames: list[dict[str, Any]] = []
        self._taken: set[int] = set()  # id() of each frame a wait has returned
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None

    async def sign_in(self, password: str | None = None) -> str:
        response = await self.http.post(
            "/oauth/token",
            data={
                "grant_type": "password",
                "username": self.login_name,
                "password": password or self.login_name,
            },
        )
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        return self.token

    # The notification socket ----------------------------------------------------------------

    async def subscribe(self, **body: Any) -> dict[str, Any]:
        response = await self.http.post("/v1/notification/subscribe", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def connect(self, **subscribe_body: Any) -> dict[str, Any]:
        """Subscribe, open the socket, and return the Welcome frame."""
        subscribe_body.setdefault("clientType", "AgentDesktop")
        answer = await self.subscribe(**subscribe_body)
        self.socket = await websockets.connect(answer["webSocketUrl"])
        self._reader = asyncio.create_task(self._read(self.socket))
        welcome = await self._next(lambda f: f.get("type") == "Welcome", "Welcome", FRAME_TIMEOUT_S)
        return welcome

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for message in socket:
                frame = json.loads(message)
                self.frames.append(frame)
                await self._queue.put(frame)
        except websockets.ConnectionClosed:
            pass
        finally:
            await self._queue.put(None)

    async def _next(
        self, wanted: Callable[[dict[str, Any]], bool], what: str, timeout: float
    ) -> dict[str, Any]:
        async def find() -> dict[str, Any]:
            while True:
                frame = await self._queue.get()
                if frame is None:
                    self._queue.put_nowait(None)  # stay closed for the next caller
                    raise AssertionError(f"socket closed while waiting for {what}")
                if wanted(frame):
                    self._taken.add(id(frame))
                    return frame

        try:
            return await asyncio.wait_for(find(), timeout)
        except TimeoutError:
            seen = [f.get("data", {}).get("type", f) for f in self.frames[-10:]]
            raise AssertionError(f"no {what} within {timeout}s; last frames: {seen}") from None

    async def next_frame(
        self, *data_types: str, timeout: float = FRAME_TIMEOUT_S
    ) -> dict[str, Any]:
        """The next frame whose `data.type` is one of `data_types` (others are skipped)."""

        def wanted(frame: dict[str, Any]) -> bool:
            data = frame.get("data")
            return isinstance(data, dict) and data.get("type") in data_types

        return await self._next(wanted, " or ".join(data_types), timeout)

    async def next_raw(
        self, wanted: Callable[[dict[str, Any]], bool], timeout: float = FRAME_TIMEOUT_S
    ) -> dict[str, Any]:
        """The next frame `wanted` accepts (e.g. a keepalive)."""
        return await self._next(wanted, "a matching frame", timeout)

    async def earliest(
        self, wanted: Callable[[dict[str, Any]], bool], timeout: float = FRAME_TIMEOUT_S
    ) -> dict[str, Any]:
        """The earliest frame `wanted` accepts that no wait has returned yet, counting frames
        an earlier wait read past (a contact offered before the state change's own frame)."""
        for frame in list(self.frames):
            if id(frame) not in self._taken and wanted(frame):
                self._taken.add(id(frame))
                return frame
        return await self._next(wanted, "a matching frame", timeout)

    async def closed(self, timeout: float = FRAME_TIMEOUT_S) -> int | None:
        """Wait for the server to close the socket; its close code."""
        assert self.socket is not None and self._reader is not None
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        return self.socket.close_code

    # Agent requests -------------------------------------------------------------------------

    async def accepted(self, method: str, path: str, body: Any = None, **headers: str) -> str:
        response = await self.http.request(method, path, json=body, headers=headers)
        assert response.status_code == 202, response.text
        return response.json()["trackingId"]

    async def login(
        self,
        dial_number: str | None = None,
        *,
        team_id: str | None = None,
        device_type: str = "AGENT_DN",
        roles: list[str] | None = None,
        **headers: str,
    ) -> str:
        body = {
            "dialNumber": self.user.defaultDialNumber if dial_number is None else dial_number,
            "teamId": team_id or self.user.teamIds[0],
            "isExtension": device_type == "EXTENSION",
            "deviceType": device_type,
            "roles": roles or [self.user.role],
        }
        return await self.accepted("POST", "/v1/agents/login", body, **headers)

    async def set_state(
        self, state: str, aux_code_id: str = "0", agent_id: str | None = None, **headers: str
    ) -> str:
        body: dict[str, Any] = {"state": state, "auxCodeId": aux_code_id}
        if agent_id is not None:
            body["agentId"] = agent_id
        return await self.accepted("PUT", "/v1/agents/session/state", body, **headers)

    async def logout(self, reason: str = "done for the day", **headers: str) -> str:
        return await self.accepted("PUT", "/v1/agents/logout", {"logoutReason": reason}, **headers)

    async def aclose(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        await self.http.aclose()


@pytest.fixture
async def webex(
    request: pytest.FixtureRequest, sandbox_factory: Callable[..., SandboxServer]
) -> AsyncIterator[Callable[..., Awaitable[WebexTestClient]]]:
    """Clients close before the factory stops the servers (it is set up first)."""
    clients: list[WebexTestClient] = []

    async def make(
        login: str, *, server: SandboxServer | None = None, connect: bool = True, **subscribe: Any
    ) -> WebexTestClient:
        if server is None:
            server = request.getfixturevalue("sandbox")
        client = WebexTestClient(server, login)
        clients.append(client)
        await client.sign_in()
        if connect:
            await client.connect(**subscribe)
        return client

    yield make
    for client in clients:
        await client.aclose()
