"""`POST /v1/agents/login`: 202, then AgentStationLoginSuccess or ...Failed on the socket."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from tests.conftest import WebexTestClient
from tui.backends.webex import wire

Webex = Callable[..., Awaitable[WebexTestClient]]

# The published StationLoginSuccess type: name -> (required, check).


def _STR(v: object) -> bool:
    return isinstance(v, str)


def _INT(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _STRS(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


PUBLISHED: dict[str, tuple[bool, Callable[[object], bool]]] = {
    "agentId": (True, _STR),
    "agentSessionId": (True, _STR),
    "auxCodeId": (True, _STR),
    "channelsMap": (True, lambda v: isinstance(v, dict) and all(_STRS(x) for x in v.values())),
    "dialNumber": (False, _STR),
    "eventType": (True, lambda v: v == "AgentDesktopMessage"),
    "interactionIds": (True, _STRS),
    "lastIdleCodeChangeTimestamp": (True, _INT),
    "lastStateChangeTimestamp": (True, _INT),
    "orgId": (True, _STR),
    "profileType": (True, _STR),
    "roles": (False, _STRS),
    "siteId": (True, _STR),
    "status": (True, _STR),
    "subStatus": (True, lambda v: v in ("Available", "Idle")),
    "supervisorSessionId": (False, _STR),
    "teamId": (True, _STR),
    "trackingId": (True, _STR),
    "type": (True, lambda v: v == "AgentStationLoginSuccess"),
}


def now_ms() -> int:
    return time.time_ns() // 1_000_000


async def test_agent3_login_yields_every_published_field_with_the_right_type(
    webex: Webex,
) -> None:
    agent = await webex("agent3")
    before = now_ms()
    tracking = await agent.login("14155550103", TrackingID="login-agent3-1")
    frame = await agent.next_frame("AgentStationLoginSuccess")
    after = now_ms()

    assert tracking == "login-agent3-1"
    assert frame["type"] == "StationLogin"
    assert frame["orgId"] == agent.org.orgId
    assert frame["trackingId"] == "login-agent3-1"
    data = frame["data"]
    for name, (required, check) in PUBLISHED.items():
        if required:
            assert name in data, f"{name} is missing"
        if name in data:
            assert check(data[name]), f"{name} has the wrong type or value: {data[name]!r}"
    assert data["agentId"] == agent.user_id
    assert data["dialNumber"] == "14155550103"
    assert data["teamId"] == agent.user.teamIds[0]
    assert data["siteId"] == agent.org.team(data["teamId"]).siteId
    assert data["trackingId"] == "login-agent3-1"
    assert data["subStatus"] == "Available" and data["auxCodeId"] == "0"
    assert data["channelsMap"] == {"telephony": [], "chat": [], "email": [], "social": []}
    assert data["interactionIds"] == []
    assert data["roles"] == ["agent"]
    for stamp in ("lastStateChangeTimestamp", "lastIdleCodeChangeTimestamp"):
        assert before - 5 <= data[stamp] <= after + 5, "timestamps are epoch ms of now"
    # The shared wire model agrees, and nothing optional came as null.
    wire.StationLoginSuccess.model_validate(data)
    assert None not in data.values()


async def test_a_tracking_id_is_generated_when_none_is_given(webex: Webex) -> None:
    agent = await webex("agent1")
    tracking = await agent.login()
    frame = await agent.next_frame("AgentStationLoginSuccess")
    assert tracking and frame["trackingId"] == tracking == frame["data"]["trackingId"]


async def test_dial_number_12_is_invalid(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.login("12")
    data = (await agent.next_frame("AgentStationLoginFailed", "AgentStationLoginSuccess"))["data"]
    assert data["type"] == "AgentStationLoginFailed"
    assert data["reason"] == "INVALID_DIAL_NUMBER"
    assert data["reasonCode"] == wire.FailureReason.INVALID_DIAL_NUMBER.code


async def test_another_agent_on_the_same_dial_number_is_a_duplicate_location(
    webex: Webex,
) -> None:
    agent3, agent4 = await webex("agent3"), await webex("agent4")
    await agent3.login("14155550103")
    await agent3.next_frame("AgentStationLoginSuccess")
    await agent4.login("1 (415) 555-0103")  # the same number, written differently
    data = (await agent4.next_frame("AgentStationLoginFailed", "AgentStationLoginSuccess"))["data"]
    assert data["reason"] == "DUPLICATE_LOCATION"
    assert data["reasonCode"] == wire.FailureReason.DUPLICATE_LOCATION.code


async def test_the_number_is_free_again_after_logout(webex: Webex) -> None:
    agent3, agent4 = await webex("agent3"), await webex("agent4")
    await agent3.login("14155550103")
    await agent3.next_frame("AgentStationLoginSuccess")
    await agent3.logout()
    await agent3.next_frame("AgentLogoutSuccess")
    await agent4.login("14155550103")
    data = (await agent4.next_frame("AgentStationLoginSuccess", "AgentStationLoginFailed"))["data"]
    assert data["type"] == "AgentStationLoginSuccess"


async def test_a_second_login_is_refused_as_already_logged_in(webex: Webex) -> None:
    agent = await webex("agent2")
    await agent.login()
    first = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    await agent.login()
    data = (await agent.next_frame("AgentStationLoginFailed"))["data"]
    assert data["reason"] == "AGENT_ALREADY_LOGGED_IN"
    # The refusal changed nothing: reload still finds the first session.
    await agent.accepted("POST", "/v1/agents/reload")
    again = (await agent.next_frame("AgentReloginSuccess"))["data"]
    assert again["agentSessionId"] == first["agentSessionId"]


async def test_a_team_the_agent_is_not_on_is_refused(webex: Webex) -> None:
    agent = await webex("agent3")
    billing = next(t for t in agent.org.teams if t.name == "Billing")
    await agent.login(team_id=billing.id)
    data = (await agent.next_frame("AgentStationLoginFailed", "AgentStationLoginSuccess"))["data"]
    assert data["reason"] == "INVALID_TEAM"


async def test_an_agent_must_name_a_team(webex: Webex) -> None:
    agent = await webex("agent3")
    body = {"dialNumber": "14155550103", "roles": ["agent"], "deviceType": "AGENT_DN"}
    await agent.accepted("POST", "/v1/agents/login", body)
    data = (await agent.next_frame("AgentStationLoginFailed", "AgentStationLoginSuccess"))["data"]
    assert data["reason"] == "INVALID_TEAM"


async def test_browser_login_needs_a_profile_that_offers_it(webex: Webex) -> None:
    agent3, agent9 = await webex("agent3"), await webex("agent9")
    await agent3.login("", device_type="BROWSER")
    refused = await agent3.next_frame("AgentStationLoginFailed", "AgentStationLoginSuccess")
    assert refused["data"]["reason"] == "INVALID_DEVICE_TYPE"
    await agent9.login("", device_type="BROWSER")
    data = (await agent9.next_frame("AgentStationLoginSuccess", "AgentStationLoginFailed"))["data"]
    assert data["type"] == "AgentStationLoginSuccess"


async def test_extension_login(webex: Webex) -> None:
    agent = await webex("agent5")
    await agent.login("1005", device_type="EXTENSION")
    data = (await agent.next_frame("AgentStationLoginSuccess", "AgentStationLoginFailed"))["data"]
    assert data["type"] == "AgentStationLoginSuccess"
    assert data["dialNumber"] == "1005"


async def test_an_agent_may_not_sign_in_as_a_supervisor(webex: Webex) -> None:
    agent = await webex("agent3")
    body = {
        "dialNumber": "14155550103",
        "teamId": agent.user.teamIds[0],
        "roles": ["supervisor"],
        "deviceType": "AGENT_DN",
    }
    response = await agent.http.post("/v1/agents/login", json=body)
    assert response.status_code == 403
    assert response.json()["error"]["key"] == "403"


async def test_a_supervisor_signs_in_without_a_team(webex: Webex) -> None:
    boss = await webex("super1")
    body = {"dialNumber": "14155550201", "roles": ["supervisor"], "deviceType": "AGENT_DN"}
    await boss.accepted("POST", "/v1/agents/login", body)
    data = (await boss.next_frame("AgentStationLoginSuccess", "AgentStationLoginFailed"))["data"]
    assert data["type"] == "AgentStationLoginSuccess"
    assert data["roles"] == ["supervisor"]
    assert data["supervisorSessionId"] == data["agentSessionId"]


async def test_login_puts_the_agent_available_as_the_demo_org_says(webex: Webex) -> None:
    agent = await webex("agent6")
    assert agent.org.availableOnLogin is True
    await agent.login()
    data = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    assert data["subStatus"] == "Available"
    assert data["lastStateChangeTimestamp"] == data["lastIdleCodeChangeTimestamp"]
