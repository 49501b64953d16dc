"""`PUT /v1/agents/session/state`: idle codes, timers, and supervisors acting for agents."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.conftest import WebexTestClient
from tui.backends.webex import wire
from tui.sandbox.engine.org import Org

Webex = Callable[..., Awaitable[WebexTestClient]]


def code_id(org: Org, name: str) -> str:
    return next(c.id for c in org.auxiliaryCodes if c.name == name)


async def logged_in(webex: Webex, login: str) -> tuple[WebexTestClient, dict]:
    client = await webex(login)
    await client.login()
    return client, (await client.next_frame("AgentStationLoginSuccess"))["data"]


async def test_idle_with_a_code_then_available(webex: Webex) -> None:
    agent, session = await logged_in(webex, "agent3")
    lunch = code_id(agent.org, "Lunch")

    await agent.set_state("Idle", lunch, TrackingID="go-idle")
    idle = await agent.next_frame("AgentStateChangeSuccess", "AgentStateChangeFailed")
    assert idle["type"] == "AgentStateChange" and idle["trackingId"] == "go-idle"
    data = idle["data"]
    assert data["type"] == "AgentStateChangeSuccess"
    assert (data["subStatus"], data["auxCodeId"]) == ("Idle", lunch)
    assert data["agentSessionId"] == session["agentSessionId"]
    assert data["lastStateChangeTimestamp"] >= session["lastStateChangeTimestamp"]
    assert data["lastIdleCodeChangeTimestamp"] == data["lastStateChangeTimestamp"]
    assert (data["changedById"], data["changedBy"]) == (agent.user_id, "agent3")
    wire.AgentStateChangeSuccess.model_validate(data)

    await agent.set_state("Available", "0")
    back = (await agent.next_frame("AgentStateChangeSuccess", "AgentStateChangeFailed"))["data"]
    assert back["type"] == "AgentStateChangeSuccess"
    assert (back["subStatus"], back["auxCodeId"]) == ("Available", "0")
    assert back["lastStateChangeTimestamp"] >= data["lastStateChangeTimestamp"]
    assert back["lastIdleCodeChangeTimestamp"] == back["lastStateChangeTimestamp"]


async def test_moving_between_idle_codes_changes_only_the_idle_code_timestamp(
    webex: Webex,
) -> None:
    agent, _ = await logged_in(webex, "agent1")
    await agent.set_state("Idle", code_id(agent.org, "Break"))
    first = (await agent.next_frame("AgentStateChangeSuccess"))["data"]
    await asyncio.sleep(0.01)  # so that a new timestamp would be visibly different
    await agent.set_state("Idle", code_id(agent.org, "Meeting"))
    second = (await agent.next_frame("AgentStateChangeSuccess"))["data"]
    assert second["auxCodeId"] == code_id(agent.org, "Meeting")
    assert second["lastStateChangeTimestamp"] == first["lastStateChangeTimestamp"]
    assert second["lastIdleCodeChangeTimestamp"] > first["lastIdleCodeChangeTimestamp"]


async def test_the_reason_is_kept(webex: Webex) -> None:
    agent, _ = await logged_in(webex, "agent2")
    body = {
        "state": "Idle",
        "auxCodeId": code_id(agent.org, "Training"),
        "lastStateChangeReason": "quarterly training",
    }
    await agent.accepted("PUT", "/v1/agents/session/state", body)
    data = (await agent.next_frame("AgentStateChangeSuccess"))["data"]
    assert data["lastStateChangeReason"] == "quarterly training"


async def test_system_wrap_up_and_unknown_codes_are_refused(webex: Webex) -> None:
    agent, _ = await logged_in(webex, "agent3")
    for name in ("RONA", "Agent Logout", "Resolved"):
        await agent.set_state("Idle", code_id(agent.org, name))
        data = await agent.next_frame("AgentStateChangeFailed", "AgentStateChangeSuccess")
        assert data["data"]["reason"] == "INVALID_IDLE_CODE", name
        assert data["data"]["reasonCode"] == wire.FailureReason.INVALID_IDLE_CODE.code
    await agent.set_state("Idle", "no-such-code")
    data = (await agent.next_frame("AgentStateChangeFailed", "AgentStateChangeSuccess"))["data"]
    assert data["reason"] == "INVALID_IDLE_CODE"


async def test_changing_state_without_a_session_is_refused(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.set_state("Available", "0")
    data = (await agent.next_frame("AgentStateChangeFailed", "AgentStateChangeSuccess"))["data"]
    assert data["reason"] == "AGENT_NOT_LOGGED_IN"
    assert data["reasonCode"] == wire.FailureReason.AGENT_NOT_LOGGED_IN.code


async def test_a_supervisor_changes_an_agent_of_their_team(webex: Webex) -> None:
    agent, _ = await logged_in(webex, "agent3")
    boss = await webex("super1")
    await boss.set_state("Idle", code_id(agent.org, "Coaching"), agent.user_id, TrackingID="sv-1")

    seen_by_agent = await agent.next_frame("AgentStateChangeSuccess")
    seen_by_boss = await boss.next_frame("AgentStateChangeSuccess")
    assert seen_by_agent == seen_by_boss
    data = seen_by_agent["data"]
    assert data["agentId"] == agent.user_id
    assert data["trackingId"] == "sv-1"
    assert data["changedBy"] == "super1"
    assert data["changedById"] == boss.user_id
    assert data["changedByName"] == boss.user.display_name
    assert data["subStatus"] == "Idle"


async def test_a_supervisor_may_not_change_an_agent_outside_their_teams(webex: Webex) -> None:
    agent7, _ = await logged_in(webex, "agent7")  # Billing: super2's team, not super1's
    boss = await webex("super1")
    response = await boss.http.put(
        "/v1/agents/session/state",
        json={"state": "Available", "auxCodeId": "0", "agentId": agent7.user_id},
    )
    assert response.status_code == 403
    body = response.json()
    assert body["error"]["key"] == "403" and body["error"]["message"][0]["description"]


async def test_super2_may_not_change_super1s_agents(webex: Webex) -> None:
    agent3, _ = await logged_in(webex, "agent3")
    boss = await webex("super2", connect=False)
    response = await boss.http.put(
        "/v1/agents/session/state",
        json={"state": "Available", "auxCodeId": "0", "agentId": agent3.user_id},
    )
    assert response.status_code == 403


async def test_an_agent_may_not_use_agent_id_for_someone_else(webex: Webex) -> None:
    agent3, _ = await logged_in(webex, "agent3")
    agent1 = await webex("agent1", connect=False)
    response = await agent1.http.put(
        "/v1/agents/session/state",
        json={"state": "Available", "auxCodeId": "0", "agentId": agent3.user_id},
    )
    assert response.status_code == 403
    assert response.json()["error"]["key"] == "403"


async def test_a_supervisor_hears_when_the_agent_is_not_logged_in(webex: Webex) -> None:
    boss = await webex("super1")
    agent3 = boss.org.user_by_login("agent3")
    assert agent3 is not None
    await boss.set_state("Available", "0", agent3.id)
    data = (await boss.next_frame("AgentStateChangeFailed", "AgentStateChangeSuccess"))["data"]
    assert data["reason"] == "AGENT_NOT_LOGGED_IN"
