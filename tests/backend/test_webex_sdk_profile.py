"""register() as the vendor's SDK runs it: each profile request replayed against the sandbox.

Paths and query strings are `endPointMap` of webex-js-sdk `@webex/contact-center`
`services/config/constants.ts`, both the current line (two `desktop-login` aggregates, teams by
`filter=userId=={dbId}`) and the published 3.x line (one route per part); the fields checked are
those `parseAgentConfigs` (`services/config/Util.ts`) and `getAgentConfig` read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.backend.test_webex_sdk_shapes import sdk_tracking_id
from tests.conftest import WebexTestClient

Webex = Callable[..., Awaitable[WebexTestClient]]


def sdk_headers() -> dict[str, str]:
    """The headers webex-core adds to every request of the SDK 3.12.0 under node (recorded)."""
    return {
        "accept": "application/json",
        "cisco-no-http-redirect": "true",
        "spark-user-agent": "webex/3.12.0 (node)",
        "trackingid": sdk_tracking_id(),
        "user-agent": "@webex/http-core",
    }


async def get(agent: WebexTestClient, resource: str, status: int = 200) -> Any:
    """GET as webex.request({service: 'wcc-api-gateway', resource}) sends it."""
    response = await agent.http.get(f"/{resource}", headers=sdk_headers())
    assert response.status_code == status, response.text
    return response.json()


async def test_the_current_line_loads_the_profile_from_two_aggregates(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    org_id = agent.org.orgId
    org = await get(agent, f"organization/{org_id}/desktop-login")
    assert org["organization"]["tenantId"] and org["organization"]["timezone"]
    for field in ("webRtcEnabled", "maskSensitiveData", "campaignManagerEnabled"):
        assert isinstance(org["organizationSetting"][field], bool)
    tenant = org["tenantConfiguration"]
    assert isinstance(tenant["forceDefaultDn"], bool) and tenant["lostConnectionRecoveryTimeout"]
    assert isinstance(org["urlMappings"], dict)
    assert org["aiFeature"]["realtimeTranscripts"]["enable"] is False

    mine = await get(
        agent, f"organization/{org_id}/v2/user/by-ci-user-id/{agent.user_id}/desktop-login"
    )
    user, profile = mine["user"], mine["agentProfile"]
    assert user["ciUserId"] == agent.user_id and user["dbId"]
    assert user["deafultDialledNumber"] == "14155550103"  # sic
    assert user["agentProfileId"] == agent.user.profileId and user["siteId"] == agent.user.siteId
    assert set(profile["loginVoiceOptions"]) == {"AGENT_DN", "EXTENSION"}
    assert profile["accessIdleCode"] == "ALL" and profile["accessWrapUpCode"] == "ALL"
    assert profile["dialPlanEnabled"] is True

    site = await get(agent, f"organization/{org_id}/site/{user['siteId']}")
    assert site["id"] == user["siteId"] and site["multimediaProfileId"]
    teams = await get(
        agent,
        f"organization/{org_id}/v2/team?page=0&pageSize=100&agentView=true"
        f"&filter=userId=={user['dbId']}",
    )
    assert [t["id"] for t in teams["data"]] == list(agent.user.teamIds)
    assert teams["meta"]["totalPages"] == 1
    media = teams["data"][0]["multiMediaProfileId"] or site["multimediaProfileId"]
    capacities = await get(agent, f"organization/{org_id}/multimedia-profile/{media}")
    assert capacities["telephony"] == 1 and capacities["chat"] == 3

    plans = await get(agent, f"organization/{org_id}/dial-plan?agentView=true")
    assert isinstance(plans, list)  # a bare array, not a page
    assert {"id", "regularExpression", "prefix", "strippedChars", "name"} <= set(plans[0])


async def test_the_published_line_loads_each_part_on_its_own(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    org_id = agent.org.orgId
    user = await get(agent, f"organization/{org_id}/user/by-ci-user-id/{agent.user_id}")
    assert user["ciUserId"] == agent.user_id and user["dbId"] and user["teamIds"]
    assert user["defaultDialledNumber"] == "14155550103"  # what 3.x reads as defaultDn
    profile = await get(agent, f"organization/{org_id}/agent-profile/{user['agentProfileId']}")
    assert profile["dialPlans"] and profile["loginVoiceOptions"]
    info = await get(agent, f"organization/{org_id}")
    assert info["tenantId"] and info["timezone"]
    settings = await get(agent, f"organization/{org_id}/v2/organization-setting?agentView=true")
    assert settings["data"][0]["webRtcEnabled"] is False
    tenant = await get(agent, f"organization/{org_id}/v2/tenant-configuration?agentView=true")
    assert "timeoutDesktopInactivityEnabled" in tenant["data"][0]
    mappings = await get(agent, f"organization/{org_id}/v2/org-url-mapping?sort=name,ASC")
    assert mappings["data"] == []
    ai = await get(agent, f"organization/{org_id}/v2/ai-feature?page=0&pageSize=100")
    # `aiFeature = data[0]`; with realtimeTranscripts off the SDK asks no AI service.
    assert ai["data"][0]["realtimeTranscripts"]["enable"] is False
    ids = ",".join(user["teamIds"])
    teams = await get(
        agent, f"organization/{org_id}/v2/team?page=0&pageSize=100&filter=id=in=({ids})"
    )
    assert sorted(t["id"] for t in teams["data"]) == sorted(user["teamIds"])


async def test_unknown_ids_answer_404_with_error_type(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    org_id = agent.org.orgId
    for resource in (
        f"organization/{org_id}/v2/user/by-ci-user-id/nobody/desktop-login",
        f"organization/{org_id}/user/by-ci-user-id/nobody",
        f"organization/{org_id}/agent-profile/none",
        f"organization/{org_id}/site/nowhere",
        f"organization/{org_id}/multimedia-profile/none",
    ):
        body = await get(agent, resource, status=404)
        assert body["errorType"] == "Not Found", resource
        assert body["error"]["message"][0]["description"]


async def test_an_agent_reads_its_own_record_only(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    other = agent.org.user_by_login("agent1")
    assert other is not None
    org_id = agent.org.orgId
    body = await get(agent, f"organization/{org_id}/user/by-ci-user-id/{other.id}", status=403)
    assert body["errorType"] == "Forbidden"
    await get(agent, "organization/not-this-org/desktop-login", status=403)
    supervisor = await webex("super1", connect=False)
    supervised = set(supervisor.user.supervisedTeamIds)
    member = next(u for u in agent.org.users if set(u.teamIds) & supervised)
    await get(supervisor, f"organization/{org_id}/v2/user/by-ci-user-id/{member.id}/desktop-login")


async def test_profile_routes_need_a_token(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    del agent.http.headers["Authorization"]
    body = await get(agent, f"organization/{agent.org.orgId}/desktop-login", status=401)
    assert body["errorType"] == "Unauthorized"


async def test_the_access_token_carries_the_org_id_where_the_sdk_reads_it(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    # webex-core credentials.extractOrgIdFromUserToken: exactly three `_` parts, org id last.
    fields = agent.token.split("_")
    assert len(fields) == 3
    org_id = fields[2]
    assert org_id == agent.org.orgId
    # ... and that org id is the one the profile routes answer for.
    await get(agent, f"organization/{org_id}/desktop-login")


async def test_the_service_catalog_leads_to_the_contact_center_api(webex: Webex) -> None:
    """webex-core `services._fetchNewServiceHostmap` and `_formatReceivedHostmap`."""
    agent = await webex("agent3", connect=False)
    org_id = agent.token.split("_")[2]
    anonymous = await agent.http.get(
        "/u2c/api/v1/limited/catalog",
        params={"orgId": org_id, "format": "hostmap"},
        headers={"Authorization": ""},
    )
    assert anonymous.status_code == 200, anonymous.text
    signed_in = await get(agent, "u2c/api/v1/catalog?format=hostmap")
    for hostmap in (anonymous.json(), signed_in):
        link = hostmap["serviceLinks"]["wcc-api-gateway"]
        assert link == agent.server.base_url
        netloc = link.split("://", 1)[1]
        entry = hostmap["hostCatalog"][netloc][0]
        assert entry["host"] == netloc.split(":")[0] and entry["priority"] > 0
        assert entry["id"].split(":")[3] == "wcc-api-gateway"  # what the SDK extracts
    await get(agent, "u2c/api/v1/limited/catalog?orgId=another-org&format=hostmap", status=404)


ATTRIBUTES = "id,isSystemCode,name,defaultCode,workTypeCode,active"  # DEFAULT_AUXCODE_ATTRIBUTES


async def test_aux_codes_as_each_sdk_line_asks_for_them(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    base = f"organization/{agent.org.orgId}/v2/auxiliary-code?page=0&pageSize=100"
    published = await get(agent, f"{base}&attributes={ATTRIBUTES}")
    assert all(set(row) >= set(ATTRIBUTES.split(",")) for row in published["data"])
    kinds = {row["workTypeCode"] for row in published["data"]}
    assert kinds == {"IDLE_CODE", "WRAP_UP_CODE"}  # parseAgentConfigs splits them itself
    assert any(row["isSystemCode"] for row in published["data"])

    current = await get(agent, f"{base}&attributes={ATTRIBUTES}&desktopProfileFilter=true")
    offered = current["data"]
    assert offered and all(row["active"] for row in offered)
    assert not [r for r in offered if r["workTypeCode"] == "IDLE_CODE" and r["isSystemCode"]]

    system = await get(
        agent,
        f"{base}&workType=IDLE_CODE&customFilter=isSystemCode==true&desktopProfileFilter=false",
    )
    names = {row["name"] for row in system["data"]}
    assert "RONA" in names
    assert all(r["isSystemCode"] and r["workTypeCode"] == "IDLE_CODE" for r in system["data"])
    await get(agent, f"{base}&workType=LUNCH", status=400)


async def test_agent_view_scopes_teams_to_the_callers_own(webex: Webex) -> None:
    agent = await webex("agent3", connect=False)
    base = f"organization/{agent.org.orgId}/v2/team?page=0&pageSize=100"
    everything = await get(agent, base)
    mine = await get(agent, f"{base}&agentView=true")
    assert {t["id"] for t in mine["data"]} == set(agent.user.teamIds)
    assert len(everything["data"]) > len(mine["data"])
    supervisor = await webex("super1", connect=False)
    theirs = await get(supervisor, f"{base}&agentView=true")
    expected = set(supervisor.user.teamIds) | set(supervisor.user.supervisedTeamIds)
    assert {t["id"] for t in theirs["data"]} == expected
    # filter=userId=={dbId} for another user is answered too (a supervisor's view of a member).
    member = await get(supervisor, f"{base}&filter=userId=={agent.user_id}")
    assert {t["id"] for t in member["data"]} == set(agent.user.teamIds)
    assert all("userId" not in t for t in member["data"])  # a filter column, never answered


async def test_subscribe_as_the_sdk_sends_it(webex: Webex) -> None:
    """WebSocketManager.register: the cc defaults as the body; the Welcome names the agent."""
    agent = await webex("agent3", connect=False)
    body = {
        "force": True,
        "isKeepAliveEnabled": False,
        "clientType": "WebexCCSDK",
        "allowMultiLogin": False,
    }
    response = await agent.http.post(
        "/v1/notification/subscribe",
        json=body,
        headers={**sdk_headers(), "content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["webSocketUrl"] and response.json()["subscriptionId"]
    welcome = await agent.connect(**body)
    assert welcome["data"]["agentId"] == agent.user_id  # what getUserUsingCI is asked for
