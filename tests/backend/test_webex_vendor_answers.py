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

from tests.backend.test_webex_stream import Recorder
from tests.conftest import WebexTestClient
from tui.backends.credentials import PasswordSignIn
from tui.backends.session import StationLogin
from tui.backends.webex.client import TRACKING_PREFIX, WSS_DISCONNECT_REASON, WebexSession
from tui.backends.webex.wire.ids import bare_id
from tui.domain import (
    AgentStateChanged,
    Availability,
    Channel,
    Interaction,
    Link,
    LoginOption,
)
from tui.domain.errors import DesktopError
from tui.sandbox.server import SandboxServer

WAIT_S = 5.0
WSS_DISCONNECT = WSS_DISCONNECT_REASON
CHAT_OFFERS: dict[str, Any] = dict(
    traffic=True,
    seed=3,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=0.0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)
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


async def test_idle_set_while_the_socket_was_down_is_restored_to_available(
    sandbox_factory: Callable[..., SandboxServer],
    desk: Desk,
    webex: Callable[..., Awaitable[WebexTestClient]],
) -> None:
    """A real platform sets an agent Idle with reason ``agent-wss-disconnect`` while their
    socket is down; on the reconnect's relogin the desktop asks for Available, as the SDK's
    silent relogin does. (Here a server on the same data plays the platform meanwhile.)"""
    server = sandbox_factory()
    session = await desk(server, "agent4", silence=0.5, keepalive=0.1)
    await logs_in_and_changes_state(session)
    seen = Recorder(session)
    data_dir, port = server.config.data_dir, server.port
    server.stop()
    await seen.until(lambda s, _: s.connection.link is Link.RECONNECTING)

    meanwhile = sandbox_factory(data_dir=data_dir)
    platform = await webex("agent4", server=meanwhile, clientType="Platform")
    lunch = next(c for c in server.org.auxiliaryCodes if c.name == "Lunch")
    body = {"state": "Idle", "auxCodeId": lunch.id, "lastStateChangeReason": WSS_DISCONNECT}
    await platform.accepted("PUT", "/v1/agents/session/state", body)
    assert (await platform.next_frame("AgentStateChangeSuccess"))["data"]["subStatus"] == "Idle"
    await platform.aclose()
    meanwhile.stop()

    restarted = sandbox_factory(data_dir=data_dir, port=port)
    await seen.until(lambda s, _: s.connection.is_online, timeout=10.0)
    await seen.until(
        lambda s, evs: (
            s.availability is Availability.AVAILABLE
            and any(isinstance(ev, AgentStateChanged) and ev.reason == WSS_DISCONNECT for ev in evs)
        )
    )
    truth = await webex("agent4", server=restarted, clientType="Probe")
    await truth.accepted("POST", "/v1/agents/reload")
    assert (await truth.next_frame("AgentReloginSuccess"))["data"]["subStatus"] == "Available"


async def test_an_idle_for_another_reason_is_left_as_it_is(
    sandbox_factory: Callable[..., SandboxServer],
    desk: Desk,
    webex: Callable[..., Awaitable[WebexTestClient]],
) -> None:
    server = sandbox_factory()
    session = await desk(server, "agent5")
    await logs_in_and_changes_state(session)
    lunch = next(c for c in server.org.auxiliaryCodes if c.name == "Lunch")
    other = await webex("agent5", server=server, clientType="Elsewhere")
    body = {"state": "Idle", "auxCodeId": lunch.id, "lastStateChangeReason": "Lunch"}
    await other.accepted("PUT", "/v1/agents/session/state", body)
    await Recorder(session).until(lambda s, _: s.availability is Availability.IDLE)
    await session.join_session()  # a relogin that says Idle for Lunch
    assert session.snapshot.availability is Availability.IDLE
    assert session._restoring is None


async def org_listing(server: SandboxServer, login: str, what: str, **query: str) -> int:
    """The status a plain client gets listing `what` of the org with `login`'s token."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        form = {"grant_type": "password", "username": login, "password": login}
        token = (await http.post("/oauth/token", data=form)).json()["access_token"]
        answer = await http.get(
            f"/organization/{server.org.orgId}/v2/{what}",
            params=query,
            headers={"Authorization": f"Bearer {token}"},
        )
        return answer.status_code


async def test_an_agent_scoped_profile_is_enough_to_sign_in_log_in_and_change_state(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(agent_scoped_config=True)
    for what in ("user", "agent-profile", "team", "auxiliary-code", "dial-plan"):
        assert await org_listing(server, "agent6", what) == 403, what  # the org is closed
    assert await org_listing(server, "agent6", "team", agentView="true") == 200
    assert await org_listing(server, "super1", "user") == 200  # a supervisor may list

    session = await desk(server, "agent6")
    user = server.org.user_by_login("agent6")
    assert user is not None
    profile = session.profile
    assert profile is not None and not profile.is_supervisor
    assert profile.agent_name == user.display_name
    assert [t.id for t in profile.teams] == list(user.teamIds)
    assert profile.default_dial_number == user.defaultDialNumber
    assert "Lunch" in [c.name for c in profile.selectable_idle_codes]
    assert next(c for c in profile.idle_codes if c.name == "RONA").is_system
    assert profile.wrap_up_codes and profile.dial_plan.entries
    assert profile.channel_capacity[Channel.CHAT] == server.org.capacity("chat")
    await logs_in_and_changes_state(session)


async def test_a_supervisor_on_an_agent_scoped_org_still_sees_their_teams(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    server = sandbox_factory(agent_scoped_config=True)
    session = await desk(server, "super1")
    profile = session.profile
    assert profile is not None and profile.is_supervisor
    rows = await session.team_agents()
    supervised = {
        m.id for t in ("Sales", "Support") for m in server.org.members_of(_team(server, t))
    }
    assert supervised and supervised <= {row.agent_id for row in rows} | {profile.agent_id}


async def test_every_vendor_answer_shape_at_once(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    """Base64 people ids, an agent-scoped profile and no echoed tracking ids, together."""
    server = sandbox_factory(agent_scoped_config=True, echo_tracking_id=False)
    session = await desk(server, "agent7")
    await logs_in_and_changes_state(session)


def contacts(session: WebexSession) -> tuple[Interaction, ...]:
    return session.snapshot.contacts


def _team(server: SandboxServer, name: str) -> str:
    return next(t.id for t in server.org.teams if t.name == name)


async def test_a_platform_with_only_the_3x_profile_routes_is_enough_too(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    """Where the desktop-login aggregate is missing (404), the profile comes from the published
    3.x line's ``user/by-ci-user-id`` and ``agent-profile`` routes instead."""
    server = sandbox_factory(desktop_login_aggregates=False, agent_scoped_config=True)
    user = server.org.user_by_login("agent8")
    assert user is not None
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        form = {"grant_type": "password", "username": "agent8", "password": "agent8"}
        token = (await http.post("/oauth/token", data=form)).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        org = f"/organization/{server.org.orgId}"
        aggregate = f"{org}/v2/user/by-ci-user-id/{user.id}/desktop-login"
        assert (await http.get(aggregate, headers=bearer)).status_code == 404
        separate = f"{org}/user/by-ci-user-id/{user.id}"
        assert (await http.get(separate, headers=bearer)).status_code == 200

    session = await desk(server, "agent8")
    profile = session.profile
    assert profile is not None and profile.agent_name == user.display_name
    assert profile.default_dial_number == user.defaultDialNumber
    assert [t.id for t in profile.teams] == list(user.teamIds)
    await logs_in_and_changes_state(session)


async def test_a_contact_worked_through_when_frames_do_not_echo_the_tracking_id(
    sandbox_factory: Callable[..., SandboxServer], desk: Desk
) -> None:
    """Contact steps are matched by type and ``interactionId``, as the SDK's task binds are, so
    accept, end and wrap-up are confirmed without the echoed header too."""
    server = sandbox_factory(echo_tracking_id=False, **CHAT_OFFERS)
    session = await desk(server, "agent9")
    profile = session.profile
    assert profile is not None
    login = StationLogin(
        profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
    )
    async with asyncio.timeout(WAIT_S):
        await session.start_station_session(login)
        while not any(
            c.channel is Channel.CHAT and c.state.is_offer for c in session.snapshot.contacts
        ):
            await session.next_batch()
    chat = next(c for c in session.snapshot.contacts if c.channel is Channel.CHAT)
    lunch = next(c for c in profile.idle_codes if c.name == "Lunch")
    resolved = next(c for c in profile.wrap_up_codes if c.name == "Resolved")
    async with asyncio.timeout(4 * WAIT_S - 1):  # a time-out of any one would exceed this
        await session.set_idle(lunch)  # no more offers
        await session.accept_contact(chat.id)
        await session.end_contact(chat.id)
        await session.wrap_up_contact(chat.id, resolved)
    assert session.snapshot.contact(chat.id) is None
