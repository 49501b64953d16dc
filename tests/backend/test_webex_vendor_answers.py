"""Our Webex client against the answer shapes of a real tenant, each served by the real sandbox
(issue 16, "Must show", third bullet): base64 ids from the general Webex API, a profile an
agent may read only through the agent-scoped routes, and result frames that do not echo the
request's tracking id. In each, the desktop signs in, starts a station session and changes
state, and every request is confirmed well before its time-out."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tui.backends.session import PasswordSignIn, StationLogin
from tui.backends.webex.client import TRACKING_PREFIX, WebexSession
from tui.backends.webex.wire.ids import bare_id
from tui.domain import Availability, LoginOption
from tui.domain.errors import DesktopError
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
Desk = Callable[..., Awaitable[WebexSession]]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    """`await desk(server, "agent1")`: signed in, profile loaded, stream open."""
    sessions: list[WebexSession] = []

    async def make(server: SandboxServer, login: str, **knobs: Any) -> WebexSession:
        session = WebexSession(server.base_url, request_timeout=WAIT_S, **knobs)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


async def logs_in_and_changes_state(session: WebexSession) -> None:
    """Start a station session, go Idle (Lunch) and Available again, each confirmed in time."""
    profile = session.profile
    assert profile is not None
    login = StationLogin(
        profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
    )
    async with asyncio.timeout(3 * WAIT_S - 1):  # a time-out of any one would exceed this
        await session.start_station_session(login)
        assert session.snapshot.has_session
        lunch = next(c for c in profile.idle_codes if c.name == "Lunch")
        await session.set_idle(lunch)
        assert session.snapshot.availability is Availability.IDLE
        assert session.snapshot.idle_code is not None
        assert session.snapshot.idle_code.name == "Lunch"
        await session.set_available()
        assert session.snapshot.availability is Availability.AVAILABLE


def correlation_ids(server: SandboxServer, agent_id: str) -> list[str]:
    """The tracking ids the sandbox put on this agent's frames (its committed event log)."""
    assert server.config.data_dir is not None
    path = server.config.data_dir / "sandbox.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT correlation_id FROM events WHERE agent_id = ?", (agent_id,))
        return [cid for (cid,) in rows]


async def test_identity_comes_from_base64_people_ids(sandbox: SandboxServer, desk: Desk) -> None:
    user = sandbox.org.user_by_login("agent1")
    assert user is not None
    async with httpx.AsyncClient(base_url=sandbox.base_url) as http:
        form = {"grant_type": "password", "username": "agent1", "password": "agent1"}
        token = (await http.post("/oauth/token", data=form)).json()["access_token"]
        me = (await http.get("/v1/people/me", headers={"Authorization": f"Bearer {token}"})).json()
    assert me["id"] != user.id and bare_id(me["id"]) == user.id  # the sandbox answers base64

    session = await desk(sandbox, "agent1")
    assert session.identity is not None
    assert (session.identity.agent_id, session.identity.org_id) == (user.id, sandbox.org.orgId)
    await logs_in_and_changes_state(session)
    assert session.snapshot.agent_id == user.id


async def test_frames_without_the_echoed_tracking_id_still_confirm_each_request(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(echo_tracking_id=False)
    session = await desk(server, "agent2")
    await logs_in_and_changes_state(session)
    assert session.identity is not None
    sent = correlation_ids(server, session.identity.agent_id)
    assert sent and not any(cid.startswith(f"{TRACKING_PREFIX}_") for cid in sent)


async def test_people_me_is_asked_of_the_general_webex_api_host(sandbox: SandboxServer) -> None:
    """Identity comes from `people_url`, not the contact-center host: pointed somewhere that
    has no people API, signing in fails there, though the agent API is fine."""
    session = WebexSession(sandbox.base_url, people_url=f"{sandbox.base_url}/elsewhere")
    try:
        with pytest.raises(DesktopError):
            await session.sign_in(PasswordSignIn("agent3", "agent3"))
        assert session.identity is None
    finally:
        await session.close()
