"""Logout (PUT and POST), reload, and the buddy list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.conftest import WebexTestClient
from tui.backends.webex import wire

Webex = Callable[..., Awaitable[WebexTestClient]]


@pytest.mark.parametrize("method", ["PUT", "POST"])
async def test_logout_ends_the_session(webex: Webex, method: str) -> None:
    agent = await webex("agent3")
    await agent.login()
    session = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    tracking = await agent.accepted(
        method, "/v1/agents/logout", {"logoutReason": "end of shift"}, TrackingID="bye"
    )
    frame = await agent.next_frame("AgentLogoutSuccess", "AgentLogoutFailed")
    assert tracking == "bye" and frame["type"] == "Logout" and frame["trackingId"] == "bye"
    data = frame["data"]
    assert data["type"] == "AgentLogoutSuccess"
    assert data["agentSessionId"] == session["agentSessionId"]
    assert data["logoutReason"] == "end of shift"
    assert data["loggedOutBy"] == "agent3"
    wire.AgentLogoutSuccess.model_validate(data)
    # Gone for good: reload finds nothing.
    await agent.accepted("POST", "/v1/agents/reload")
    failed = (await agent.next_frame("AgentReloginFailed", "AgentReloginSuccess"))["data"]
    assert failed["reason"] == "AGENT_NOT_FOUND"


async def test_logout_without_a_session_fails(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.logout()
    data = (await agent.next_frame("AgentLogoutFailed", "AgentLogoutSuccess"))["data"]
    assert data["reason"] == "AGENT_NOT_LOGGED_IN"
    assert data["reasonCode"] == wire.FailureReason.AGENT_NOT_LOGGED_IN.code


async def test_a_supervisor_logs_out_an_agent_of_their_team(webex: Webex) -> None:
    agent = await webex("agent4")
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    boss = await webex("super1")
    body = {"logoutReason": "shift over", "agentId": agent.user_id}
    await boss.accepted("PUT", "/v1/agents/logout", body)
    data = (await agent.next_frame("AgentLogoutSuccess"))["data"]
    assert data["loggedOutBy"] == "super1"
    assert (await boss.next_frame("AgentLogoutSuccess"))["data"]["agentId"] == agent.user_id


async def test_an_agent_may_not_log_out_someone_else(webex: Webex) -> None:
    agent = await webex("agent4")
    other = await webex("agent5", connect=False)
    response = await other.http.put(
        "/v1/agents/logout", json={"logoutReason": "prank", "agentId": agent.user_id}
    )
    assert response.status_code == 403


async def test_reload_returns_the_session_as_it_is(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.login()
    session = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    lunch = next(c.id for c in agent.org.auxiliaryCodes if c.name == "Lunch")
    await agent.set_state("Idle", lunch)
    changed = (await agent.next_frame("AgentStateChangeSuccess"))["data"]

    await agent.accepted("POST", "/v1/agents/reload", TrackingID="reload-1")
    frame = await agent.next_frame("AgentReloginSuccess", "AgentReloginFailed")
    assert frame["type"] == "AgentReloginSuccess" and frame["trackingId"] == "reload-1"
    data = frame["data"]
    assert data["agentSessionId"] == session["agentSessionId"]
    assert (data["subStatus"], data["auxCodeId"]) == ("Idle", lunch)
    assert data["lastStateChangeTimestamp"] == changed["lastStateChangeTimestamp"]
    assert data["lastIdleCodeChangeTimestamp"] == changed["lastIdleCodeChangeTimestamp"]
    assert data["deviceType"] == "AGENT_DN" and data["isExtension"] is False
    assert data["dialNumber"] == session["dialNumber"]
    wire.AgentReloginSuccess.model_validate(data)


async def test_reload_without_a_session_is_agent_not_found(webex: Webex) -> None:
    agent = await webex("agent8")
    await agent.accepted("POST", "/v1/agents/reload")
    frame = await agent.next_frame("AgentReloginFailed", "AgentReloginSuccess")
    assert frame["type"] == "AgentReloginFailed"  # a kind of its own, as the SDK binds it
    assert frame["data"]["reason"] == "AGENT_NOT_FOUND"
    assert frame["data"]["reasonCode"] == wire.FailureReason.AGENT_NOT_FOUND.code


async def test_buddy_list_shows_signed_in_team_mates_with_their_state(webex: Webex) -> None:
    agent1, agent2, agent3 = [await webex(f"agent{n}") for n in (1, 2, 3)]
    agent4 = await webex("agent4")  # another team
    for client in (agent1, agent2, agent3, agent4):
        await client.login()
        await client.next_frame("AgentStationLoginSuccess")
    lunch = next(c.id for c in agent1.org.auxiliaryCodes if c.name == "Lunch")
    await agent2.set_state("Idle", lunch)
    await agent2.next_frame("AgentStateChangeSuccess")

    body = {"agentProfileId": agent1.user.profileId, "mediaType": "telephony"}
    await agent1.accepted("POST", "/v1/agents/buddyList", body)
    frame = await agent1.next_frame("BuddyAgents")
    assert frame["type"] == "BuddyAgents"
    buddies = {b["agentId"]: b for b in frame["data"]["agentList"]}
    assert set(buddies) == {agent2.user_id, agent3.user_id}
    assert buddies[agent2.user_id]["state"] == "Idle"
    assert buddies[agent2.user_id]["idleCodeName"] == "Lunch"
    assert buddies[agent3.user_id]["state"] == "Available"
    assert buddies[agent3.user_id]["teamName"] == "Sales"
    wire.BuddyAgents.model_validate(frame["data"])

    await agent1.accepted("POST", "/v1/agents/buddyList", body | {"state": "Available"})
    only = (await agent1.next_frame("BuddyAgents"))["data"]["agentList"]
    assert [b["agentId"] for b in only] == [agent3.user_id]


async def test_a_supervisors_buddy_list_covers_the_teams_they_supervise(webex: Webex) -> None:
    agent3, agent4, agent7 = [await webex(f"agent{n}") for n in (3, 4, 7)]
    for client in (agent3, agent4, agent7):
        await client.login()
        await client.next_frame("AgentStationLoginSuccess")
    boss = await webex("super1")
    body = {"agentProfileId": boss.user.profileId, "mediaType": "chat"}
    await boss.accepted("POST", "/v1/agents/buddyList", body)
    listed = {b["agentId"] for b in (await boss.next_frame("BuddyAgents"))["data"]["agentList"]}
    assert listed == {agent3.user_id, agent4.user_id}
