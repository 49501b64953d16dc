"""The SDK's agent and task requests, with the bodies it sends (recorded from
`@webex/contact-center` 3.12.0 under node), and the frames its binds wait for.

A bind (`services/core/aqm-reqs.ts`) matches a frame's outer `type` and the listed `data`
fields: agent commands (`services/agent/index.ts`) the outer kind and `data.type`; task
commands (`services/task/contact.ts`) outer `RoutingMessage`, `data.type` and
`data.interactionId`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.backend.test_webex_sdk_profile import sdk_headers
from tests.conftest import WebexTestClient
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]


async def send(agent: WebexTestClient, method: str, path: str, body: Any) -> None:
    headers = {**sdk_headers(), "content-type": "application/json"}
    response = await agent.http.request(method, path, json=body, headers=headers)
    assert response.status_code == 202, response.text


async def bound(agent: WebexTestClient, outer: str, **data: str) -> dict[str, Any]:
    """The next frame the SDK's bind `{type: outer, data: {...}}` would take."""

    def wanted(frame: dict[str, Any]) -> bool:
        inner = frame.get("data")
        return (
            frame.get("type") == outer
            and isinstance(inner, dict)
            and all(inner.get(k) == v for k, v in data.items())
        )

    return await agent.next_raw(wanted, 5.0)


async def station_login(agent: WebexTestClient) -> None:
    await send(
        agent,
        "POST",
        "/v1/agents/login",
        {
            "dialNumber": agent.user.defaultDialNumber,
            "teamId": agent.user.teamIds[0],
            "deviceType": "AGENT_DN",
            "isExtension": False,
            "deviceId": agent.user.defaultDialNumber,
            "roles": ["agent"],
            "teamName": "",
            "siteId": "",
            "usesOtherDN": False,
            "auxCodeId": "",
        },
    )
    await bound(agent, "StationLogin", type="AgentStationLoginSuccess")


async def test_state_buddy_list_and_logout_as_the_sdk_sends_them(webex: Webex) -> None:
    agent = await webex("agent1")
    mate = await webex("agent2")
    for who in (agent, mate):
        await station_login(who)
    lunch = next(c for c in agent.org.auxiliaryCodes if c.name == "Lunch")
    # setAgentState always sends agentId (its own when none is given).
    body = {
        "state": "Idle",
        "auxCodeId": lunch.id,
        "lastStateChangeReason": "Lunch",
        "agentId": agent.user_id,
    }
    await send(agent, "PUT", "/v1/agents/session/state", body)
    idle = await bound(agent, "AgentStateChange", type="AgentStateChangeSuccess")
    assert idle["data"]["subStatus"] == "Idle" and idle["data"]["auxCodeId"] == lunch.id
    for field in ("lastStateChangeTimestamp", "lastIdleCodeChangeTimestamp"):
        assert isinstance(idle["data"][field], int)

    body = {"agentProfileId": agent.user.profileId, "mediaType": "telephony"}
    await send(agent, "POST", "/v1/agents/buddyList", body)
    buddies = await bound(agent, "BuddyAgents", type="BuddyAgents")
    (listed,) = buddies["data"]["agentList"]
    assert listed["agentId"] == mate.user_id and listed["agentName"] == "Blake Diaz"
    for field in ("state", "teamId", "dn", "siteId"):
        assert listed[field], field

    await send(agent, "POST", "/v1/agents/logout", {"logoutReason": "User requested logout"})
    out = await bound(agent, "Logout", type="AgentLogoutSuccess")
    assert out["data"]["agentId"] == agent.user_id


async def test_task_commands_as_the_sdk_sends_them(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await webex("agent3", server=server)
    await station_login(agent)
    await send(
        agent,
        "PUT",
        "/v1/agents/session/state",
        {
            "state": "Available",
            "auxCodeId": "0",
            "lastStateChangeReason": "Available",
            "agentId": agent.user_id,
        },
    )
    await bound(agent, "AgentStateChange", type="AgentStateChangeSuccess")
    offered = await agent.http.post("/bench/offer", params={"channel": "chat"})
    interaction_id = offered.json()["interactionId"]
    reserved = await bound(
        agent, "RoutingMessage", type="AgentContactReserved", interactionId=interaction_id
    )
    media = reserved["data"]["mediaResourceId"]
    route = f"/v1/tasks/{interaction_id}"
    steps: list[tuple[str, dict[str, Any], str]] = [
        ("accept", {}, "AgentContactAssigned"),
        ("hold", {"mediaResourceId": media}, "AgentContactHeld"),
        ("unhold", {"mediaResourceId": media}, "AgentContactUnheld"),
        ("end", {}, "AgentWrapup"),
    ]
    for action, body, answer in steps:
        await send(agent, "POST", f"{route}/{action}", body)
        await bound(agent, "RoutingMessage", type=answer, interactionId=interaction_id)
    resolved = next(c for c in agent.org.wrap_up_codes() if c.name == "Resolved")
    await send(
        agent, "POST", f"{route}/wrapup", {"auxCodeId": resolved.id, "wrapUpReason": "Resolved"}
    )
    done = await bound(agent, "RoutingMessage", type="AgentWrappedUp", interactionId=interaction_id)
    assert done["data"]["interaction"]["mediaType"] == "chat"
