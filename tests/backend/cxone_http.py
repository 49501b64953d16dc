"""A plain-HTTP CXone test client (httpx only, no desktop code) and its fixture.

    client = await cxone("agent5")              # signed in on the `sandbox` fixture's server
    response = await client.start(stationPhoneNumber="14155550105")
    answer = await client.poll(session_id, timeout=1)    # the raw httpx.Response
    events = await client.events(session_id)             # 200 expected: (new id, events)

Every helper returns the raw response so that tests assert the status and body themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.conftest import SandboxLike
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer

API = "/inContactAPI/services/v23.0"


def api(path: str, version: str = "23") -> str:
    return f"/inContactAPI/services/v{version}.0/{path.lstrip('/')}"


class CxoneClient:
    def __init__(self, server: SandboxLike, login: str) -> None:
        self.server = server
        self.login = login
        user = server.org.user_by_login(login)
        assert user is not None, f"no user {login}"
        self.user = user
        ids = CxoneIds(server.org)
        self.agent_id = str(ids.agent(user.id))
        """The agent's CXone number, as text (the engine's id is `user.id`)."""
        self.team_id = str(ids.team(user.teamIds[0]))
        self.token = ""
        self.http = httpx.AsyncClient(base_url=server.base_url, timeout=30.0)

    async def sign_in(self) -> dict[str, Any]:
        form = {"grant_type": "password", "username": self.login, "password": self.login}
        response = await self.http.post("/oauth/token", data=form)
        assert response.status_code == 200, response.text
        grant = response.json()
        self.token = grant["access_token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        return grant

    async def call(
        self,
        method: str,
        path: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        return await self.http.request(method, api(path), json=json, params=params, **kwargs)

    async def start(self, **body: Any) -> httpx.Response:
        return await self.call("POST", "agent-sessions", json=body or None)

    async def start_default(self) -> str:
        """Start on the agent's own phone number; the session id (202 asserted)."""
        response = await self.start(stationPhoneNumber=self.user.defaultDialNumber)
        assert response.status_code == 202, response.text
        return response.json()["sessionId"]

    async def join(self, **body: Any) -> httpx.Response:
        return await self.call("POST", "agent-sessions/join", json=body or None)

    async def poll(self, session_id: str, timeout: int | None = 0) -> httpx.Response:
        params = None if timeout is None else {"timeout": timeout}
        return await self.call("GET", f"agent-sessions/{session_id}/get-next-event", params=params)

    async def events(self, session_id: str, timeout: int = 5) -> tuple[str, list[dict[str, Any]]]:
        """Poll once expecting events: (the new session id, the events)."""
        response = await self.poll(session_id, timeout)
        assert response.status_code == 200, (response.status_code, response.text)
        body = response.json()
        return body["sessionId"], body["events"]

    async def state(self, session_id: str, **body: Any) -> httpx.Response:
        return await self.call("POST", f"agent-sessions/{session_id}/state", json=body)

    async def end(self, session_id: str, **params: Any) -> httpx.Response:
        return await self.call("DELETE", f"agent-sessions/{session_id}", params=params or None)

    async def aclose(self) -> None:
        await self.http.aclose()


CxoneFactory = Callable[..., Awaitable[CxoneClient]]


@pytest.fixture
async def cxone(request: pytest.FixtureRequest) -> AsyncIterator[CxoneFactory]:
    """`await cxone("agent5")` on the `sandbox` fixture, or `server=` another one."""
    clients: list[CxoneClient] = []

    async def make(login: str, *, server: SandboxLike | None = None) -> CxoneClient:
        client = CxoneClient(server or request.getfixturevalue("sandbox"), login)
        clients.append(client)
        await client.sign_in()
        return client

    yield make
    for client in clients:
        await client.aclose()


def listening(server: SandboxServer, agent_id: str) -> int:
    """How many listeners (parked polls, open sockets) the server has for the agent now."""
    return int(server.app.state.sandbox.hub.listeners(agent_id))


async def until_polling(
    server: SandboxServer, agent_id: str, besides: int = 0, timeout: float = 5.0
) -> None:
    """Wait until a poll about the agent is parked on the server: it listens on the hub, beyond
    the `besides` listeners the agent already had (e.g. a Webex socket)."""
    async with asyncio.timeout(timeout):
        while listening(server, agent_id) <= besides:
            await asyncio.sleep(0.005)


def of_type(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [event for event in events if event.get("Type") == kind]


def assert_error(response: httpx.Response, status: int, name: str | None = None) -> str:
    """A CXone error answer: the status, a JSON `{error, message}` body; returns the message."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert body["message"] and isinstance(body["message"], str)
    if name is not None:
        assert body["error"] == name, body
    return body["message"]


def agent_number(server: SandboxLike, login: str) -> str:
    """The CXone number of the user `login`, as the desktop keeps it (text)."""
    user = server.org.user_by_login(login)
    assert user is not None, f"no user {login}"
    return str(CxoneIds(server.org).agent(user.id))


def user_of_number(server: SandboxLike, number: str) -> str:
    """The engine's user id of a CXone agent number."""
    found = CxoneIds(server.org).agent_of(number)
    assert found is not None, f"no agent {number}"
    return found
