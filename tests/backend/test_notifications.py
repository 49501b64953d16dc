"""The notification socket: Welcome, keepalives both ways, silence drop, multi-login, junk."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
import websockets

from tests.conftest import WebexTestClient
from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]


def is_keepalive(frame: dict) -> bool:
    return frame == {"keepalive": "true"}


async def test_subscribe_answers_a_socket_url_on_this_server(
    webex: Webex, sandbox: SandboxServer
) -> None:
    agent = await webex("agent3", connect=False)
    answer = await agent.subscribe(clientType="AgentDesktop", isKeepAliveEnabled=True)
    wire.SubscribeResponse.model_validate(answer)
    expected = f"{sandbox.ws_base_url}/v1/notification/subscription/{answer['subscriptionId']}"
    assert answer["webSocketUrl"] == expected
    again = await agent.subscribe(clientType="AgentDesktop", allowMultiLogin=True)
    assert again["subscriptionId"] != answer["subscriptionId"]
    assert len(answer["subscriptionId"]) >= 32  # unguessable: a random UUID


async def test_subscribe_takes_no_body_at_all(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    response = await agent.http.post("/v1/notification/subscribe")
    assert response.status_code == 200
    assert response.json()["webSocketUrl"].startswith("ws://")


async def test_the_first_frame_is_welcome_with_the_agent_id(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    welcome = await agent.connect()
    assert welcome == {"type": "Welcome", "data": {"agentId": agent.user_id}}
    assert agent.frames[0] == welcome


async def test_an_unknown_subscription_is_refused(sandbox: SandboxServer) -> None:
    url = f"{sandbox.ws_base_url}/v1/notification/subscription/not-a-subscription"
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(url):
            pass
    assert refused.value.response.status_code == 403


async def test_the_server_sends_keepalives(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(keepalive_interval_s=0.05)
    agent = await webex("agent3", server=server)
    assert await agent.next_raw(is_keepalive, timeout=2.0) == {"keepalive": "true"}


async def test_a_silent_socket_is_dropped_when_keepalives_were_promised(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(keepalive_timeout_s=1.0)
    agent = await webex("agent3", server=server, isKeepAliveEnabled=True)
    assert await agent.closed(timeout=5.0) == 4002


async def test_a_socket_that_sends_keepalives_stays_open(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(keepalive_timeout_s=1.0, keepalive_interval_s=0.25)
    agent = await webex("agent3", server=server, isKeepAliveEnabled=True)
    quiet = await webex("agent4", server=server, isKeepAliveEnabled=True)
    assert agent.socket is not None
    # Answer each server keepalive with one of ours until the quiet socket has been dropped.
    received = 0
    while quiet.socket is not None and quiet.socket.close_code is None:
        await agent.next_raw(is_keepalive, timeout=2.0)
        await agent.socket.send(wire.KEEPALIVE_JSON)
        received += 1
        assert received < 20, "the quiet socket was never dropped"
    assert await quiet.closed() == 4002
    await agent.login()
    assert (await agent.next_frame("AgentStationLoginSuccess"))["data"]["agentId"] == agent.user_id


async def test_without_keepalive_enabled_silence_is_fine(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(keepalive_timeout_s=0.3, keepalive_interval_s=0.1)
    agent = await webex("agent3", server=server, isKeepAliveEnabled=False)
    for _ in range(6):  # ~0.6 s of server keepalives: twice the silence limit
        await agent.next_raw(is_keepalive, timeout=2.0)
    assert agent.socket is not None and agent.socket.close_code is None


async def test_a_second_subscription_closes_the_first_socket(webex: Webex) -> None:
    first = await webex("agent3", clientType="AgentDesktop", allowMultiLogin=False)
    second = await webex("agent3", clientType="AgentDesktop", allowMultiLogin=False)
    frame = await first.next_frame("AgentMultiLoginCloseSession")
    assert frame["type"] == "AGENT_MULTI_LOGIN"
    assert frame["data"]["agentId"] == first.user_id
    wire.AgentMultiLoginCloseSession.model_validate(frame["data"])
    assert await first.closed() == 4001
    # The second desktop is the one that hears about the session now.
    await second.login()
    assert (await second.next_frame("AgentStationLoginSuccess"))["data"]["agentId"]


async def test_force_is_accepted_and_also_takes_over(webex: Webex) -> None:
    first = await webex("agent3")
    await webex("agent3", force=True)
    await first.next_frame("AgentMultiLoginCloseSession")
    assert await first.closed() == 4001


async def test_multi_login_allowed_keeps_both_sockets(webex: Webex) -> None:
    first = await webex("agent3", allowMultiLogin=True)
    second = await webex("agent3", allowMultiLogin=True)
    await first.login()
    one = await first.next_frame("AgentStationLoginSuccess")
    two = await second.next_frame("AgentStationLoginSuccess")
    assert one == two


async def test_another_client_type_is_not_a_multi_login(webex: Webex) -> None:
    desktop = await webex("agent3", clientType="AgentDesktop")
    await webex("agent3", clientType="Wallboard")
    await desktop.login()
    assert (await desktop.next_frame("AgentStationLoginSuccess"))["data"]["agentId"]
    kinds = [f.get("data", {}).get("type") for f in desktop.frames]
    assert "AgentMultiLoginCloseSession" not in kinds


async def test_a_revoked_subscription_cannot_reconnect(webex: Webex) -> None:
    first = await webex("agent3", connect=False)
    old = await first.subscribe(clientType="AgentDesktop")
    await first.subscribe(clientType="AgentDesktop")
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(old["webSocketUrl"]):
            pass


async def test_garbage_from_the_client_is_ignored(webex: Webex) -> None:
    agent = await webex("agent3")
    assert agent.socket is not None
    for junk in ("not json", "{", "[]", '{"keepalive": 5}', "\x00" * 100, "9" * 10_000):
        await agent.socket.send(junk)
    await agent.socket.send(b"\xff\xfe binary junk")
    await agent.login()
    data = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    assert data["agentId"] == agent.user_id


async def test_frames_go_only_to_their_agent(webex: Webex) -> None:
    agent3, agent1 = await webex("agent3"), await webex("agent1")
    await agent3.login()
    await agent3.next_frame("AgentStationLoginSuccess")
    await agent1.login()
    mine = (await agent1.next_frame("AgentStationLoginSuccess"))["data"]
    assert mine["agentId"] == agent1.user_id
    assert all(f.get("data", {}).get("agentId") != agent3.user_id for f in agent1.frames[1:])
