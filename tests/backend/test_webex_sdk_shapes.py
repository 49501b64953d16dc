"""The agent requests as the vendor's SDK sends them, and the fields it reads of the answers.

Sources (webex/webex-js-sdk, `packages/@webex/contact-center/src/`): the binds and the error
reading in `services/agent/index.ts` and `services/core/aqm-reqs.ts` (`bindCheck` compares the
frame's outer `type` and `data.type`); what silent relogin and the login event read in
`cc.ts`; the frame types in `services/agent/types.ts`; the user record in
`services/config/types.ts`; tracking ids as `webex-core` builds them
(`{prefix}_{uuid}_{sequence}`, `interceptors/webex-tracking-id.js`).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from tests.conftest import WebexTestClient

Webex = Callable[..., Awaitable[WebexTestClient]]


def sdk_tracking_id() -> str:
    return f"webex-js-sdk_{uuid.uuid4()}_1"


async def test_reload_without_a_session_answers_outer_type_agent_relogin_failed(
    webex: Webex,
) -> None:
    agent = await webex("agent8")
    await agent.accepted("POST", "/v1/agents/reload", {}, trackingid=sdk_tracking_id())
    frame = await agent.next_frame("AgentReloginFailed", "AgentReloginSuccess")
    # The SDK's fail bind: {type: AgentReloginFailed, data: {type: AgentReloginFailed}}.
    assert frame["type"] == "AgentReloginFailed"
    assert frame["data"]["type"] == "AgentReloginFailed"
    assert frame["data"]["reason"] == "AGENT_NOT_FOUND"  # what silent relogin swallows


async def test_reload_success_carries_what_silent_relogin_reads(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.login("14155550103")
    await agent.next_frame("AgentStationLoginSuccess")
    await agent.accepted("POST", "/v1/agents/reload", {}, trackingid=sdk_tracking_id())
    frame = await agent.next_frame("AgentReloginSuccess", "AgentReloginFailed")
    assert frame["type"] == "AgentReloginSuccess"
    data = frame["data"]
    assert data["type"] == "AgentReloginSuccess"
    assert data["deviceType"] == "AGENT_DN" and data["dn"] == "14155550103"
    for field in ("agentId", "teamId", "auxCodeId", "lastStateChangeTimestamp"):
        assert field in data
    assert "lastIdleCodeChangeTimestamp" in data and "channelsMap" in data


async def test_login_success_carries_device_type_and_dn(webex: Webex) -> None:
    agent = await webex("agent4")
    body = {
        "dialNumber": "1004",
        "teamId": agent.user.teamIds[0],
        "deviceType": "EXTENSION",
        "isExtension": True,
        "deviceId": "1004",
        "roles": ["agent"],
        "teamName": "",
        "siteId": "",
        "usesOtherDN": False,
        "auxCodeId": "",
    }
    await agent.accepted("POST", "/v1/agents/login", body, trackingid=sdk_tracking_id())
    frame = await agent.next_frame("AgentStationLoginSuccess", "AgentStationLoginFailed")
    assert frame["type"] == "StationLogin"
    data = frame["data"]
    assert data["type"] == "AgentStationLoginSuccess", data
    assert data["deviceType"] == "EXTENSION" and data["dn"] == "1004"
    assert set(data["channelsMap"]) >= {"chat", "email", "social", "telephony"}


async def test_logout_success_carries_sub_status(webex: Webex) -> None:
    agent = await webex("agent3")
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    body = {"logoutReason": "User requested logout"}
    await agent.accepted("PUT", "/v1/agents/logout", body, trackingid=sdk_tracking_id())
    frame = await agent.next_frame("AgentLogoutSuccess", "AgentLogoutFailed")
    assert frame["type"] == "Logout"
    assert frame["data"]["subStatus"] == "Available"  # as the session stood
    assert frame["data"]["status"] == "LoggedOut"


async def test_the_user_record_has_the_vendors_fields(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    response = await agent.http.get(f"/organization/{agent.org.orgId}/v2/user")
    assert response.status_code == 200, response.text
    me = next(u for u in response.json()["data"] if u["id"] == agent.user_id)
    assert me["ciUserId"] and me["dbId"]
    assert me["deafultDialledNumber"] == "14155550103"  # sic: the vendor's spelling
    assert "defaultDialledNumber" not in me


async def test_error_bodies_carry_error_type_and_the_tracking_header(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    response = await agent.http.post("/v1/agents/login", json={"teamId": 7})
    assert response.status_code == 400
    # stationLogin's err reads `response.data.errorType` and `headers.trackingid.split('_')[1]`.
    assert response.json()["errorType"] == "Bad Request"
    made_up = response.headers["trackingid"]
    assert len(made_up.split("_")) >= 2 and made_up.split("_")[1]
    assert response.json()["trackingId"] == made_up


async def test_made_up_tracking_ids_have_the_vendors_form(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    response = await agent.http.post("/v1/agents/reload", json={})
    assert response.status_code == 202
    made_up = response.json()["trackingId"]
    assert response.headers["trackingid"] == made_up
    prefix, _, rest = made_up.partition("_")
    assert prefix and rest
