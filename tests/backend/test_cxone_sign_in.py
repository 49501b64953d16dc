"""CXone sign-in as NICE's auth SDK does it (issue 18 item 6): the token answer, the refresh
grant with rotation, the discovery documents and whoami, against a real sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.backend.cxone_http import assert_error
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer

SDK_API = "/InContactAPI/services/v23.0"


def password(server: SandboxServer, login: str) -> dict[str, object]:
    form = {"grant_type": "password", "username": login, "password": login}
    answer = httpx.post(f"{server.base_url}/oauth/token", data=form)
    assert answer.status_code == 200, answer.text
    return answer.json()


def refresh(server: SandboxServer, refresh_token: object) -> httpx.Response:
    """The refresh as the SDK sends it: a form body labelled application/json."""
    body = f"grant_type=refresh_token&scope=openid&refresh_token={refresh_token}"
    return httpx.post(
        f"{server.base_url}/oauth/token",
        content=body.encode(),
        headers={"Content-Type": "application/json"},
    )


def test_the_token_answer_says_where_the_api_is_and_who_with_integers(
    module_sandbox: SandboxServer,
) -> None:
    body = password(module_sandbox, "agent3")
    agent3 = module_sandbox.org.user_by_login("agent3")
    assert agent3 is not None
    ids = CxoneIds(module_sandbox.org)
    base = module_sandbox.base_url
    assert body["resource_server_base_uri"] == f"{base}/inContactAPI/"
    assert body["refresh_token_server_uri"] == f"{base}/oauth/token"
    assert body["agent_id"] == ids.agent(agent3.id) and isinstance(body["agent_id"], int)
    assert body["team_id"] == ids.team(agent3.teamIds[0]) and isinstance(body["team_id"], int)
    assert isinstance(body["bus_no"], int) and body["bus_no"] == ids.bus_no
    assert isinstance(body["refresh_token"], str) and len(body["refresh_token"]) >= 32
    assert body["refresh_token"] != body["access_token"]
    # the SDK strips `/incontactapi/` from the base and appends its own paths
    api = str(body["resource_server_base_uri"]).lower().replace("/incontactapi/", "")
    codes = httpx.get(
        f"{api}{SDK_API}/teams/{body['team_id']}/unavailable-codes",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert codes.status_code == 200, codes.text


def test_refresh_tokens_rotate_and_a_reused_one_is_refused(module_sandbox: SandboxServer) -> None:
    first = password(module_sandbox, "agent4")
    renewed = refresh(module_sandbox, first["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    second = renewed.json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert second["agent_id"] == first["agent_id"] and second["expires_in"] == first["expires_in"]
    people = httpx.get(
        f"{module_sandbox.base_url}{SDK_API}/server-time",
        headers={"Authorization": f"Bearer {second['access_token']}"},
    )
    assert people.status_code == 200
    # the spent one is refused, in OAuth's error shape; the new one still works once
    reused = refresh(module_sandbox, first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert "already used" in reused.json()["error_description"]
    assert refresh(module_sandbox, second["refresh_token"]).status_code == 200


@pytest.mark.parametrize(
    ("given", "error"),
    [("", "invalid_request"), ("not-a-token", "invalid_grant"), ("x" * 300, "invalid_request")],
    ids=["missing", "unknown", "too-long"],
)
def test_bad_refresh_requests_get_an_oauth_error(
    module_sandbox: SandboxServer, given: str, error: str
) -> None:
    answer = refresh(module_sandbox, given)
    assert answer.status_code == 400
    assert answer.json()["error"] == error and answer.json()["error_description"]


def test_a_revoked_refresh_token_is_refused(module_sandbox: SandboxServer) -> None:
    grant = password(module_sandbox, "agent6")
    revoked = httpx.post(
        f"{module_sandbox.base_url}/oauth/revoke", data={"token": grant["refresh_token"]}
    )
    assert revoked.status_code == 200
    assert refresh(module_sandbox, grant["refresh_token"]).json()["error"] == "invalid_grant"


def test_the_openid_configuration_names_the_token_endpoint(module_sandbox: SandboxServer) -> None:
    answer = httpx.get(f"{module_sandbox.base_url}/.well-known/openid-configuration")
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_endpoint"] == f"{module_sandbox.base_url}/oauth/token"
    assert body["issuer"] == module_sandbox.base_url
    assert {"password", "refresh_token"} <= set(body["grant_types_supported"])


def test_the_cxone_configuration_gives_the_api_endpoint(module_sandbox: SandboxServer) -> None:
    base = module_sandbox.base_url
    tenant = module_sandbox.org.orgId
    answer = httpx.get(f"{base}/.well-known/cxone-configuration", params={"tenantId": tenant})
    assert answer.status_code == 200
    body = answer.json()
    assert body["api_endpoint"] == base and body["tenantId"] == tenant
    for field in ("area", "cluster", "domain", "acdDomain", "uhDomain", "globaldomain_v1"):
        assert isinstance(body[field], str) and body[field], field
    grant = password(module_sandbox, "agent3")
    codes = httpx.get(
        f"{body['api_endpoint']}{SDK_API}/teams/{grant['team_id']}/unavailable-codes",
        headers={"Authorization": f"Bearer {grant['access_token']}"},
    )
    assert codes.status_code == 200
    missing = httpx.get(f"{base}/.well-known/cxone-configuration")
    assert missing.status_code == 400 and missing.json()
    unknown = httpx.get(f"{base}/.well-known/cxone-configuration", params={"tenantId": "nope"})
    assert unknown.status_code == 404 and unknown.json()


def test_whoami_answers_as_the_sdk_reads_it(module_sandbox: SandboxServer) -> None:
    grant = password(module_sandbox, "super1")
    base = module_sandbox.base_url
    answer = httpx.post(
        f"{base}/InContactAuthorizationServer/Token/whoami",
        json={"token": grant["access_token"]},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    for field in ("agent_id", "team_id", "bus_no"):
        assert body[field] == grant[field] and isinstance(body[field], int), field
    assert body["resource_server_base_uri"] == f"{base}/inContactAPI/"
    assert body["refresh_token_server_uri"] == f"{base}/oauth/token"
    assert 0 < body["expires_in"] <= grant["expires_in"]
    assert body["iss"] == base and body["sub"].startswith("user:")
    refused = httpx.post(f"{base}/incontactauthorizationserver/token/whoami", json={"token": "x"})
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_token"
    bad = httpx.post(
        f"{base}/incontactauthorizationserver/token/whoami",
        content=b"{nope",
        headers={"Content-Type": "application/json"},
    )
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_request"


def test_an_expired_access_token_is_refused_on_the_agent_api(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(token_lifetime_s=0)
    grant = password(server, "agent3")
    assert grant["expires_in"] == 0
    with httpx.Client(base_url=server.base_url) as client:
        answer = client.get(
            f"{SDK_API}/server-time", headers={"Authorization": f"Bearer {grant['access_token']}"}
        )
    assert_error(answer, 401, "InvalidSecurityUser")
    assert refresh(server, grant["refresh_token"]).status_code == 200


def test_the_numbers_survive_a_restart(
    tmp_path: Path, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    """The same org gives the same numbers on every start; a session started before a restart
    is polled after it under the same agent and team numbers, and its token still works."""
    data_dir = tmp_path / "restarted"
    first = sandbox_factory(data_dir=data_dir)
    grant = password(first, "agent5")
    headers = {"Authorization": f"Bearer {grant['access_token']}"}
    started = httpx.post(
        f"{first.base_url}{SDK_API}/agent-sessions",
        json={"stationPhoneNumber": "WebRTC"},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    first.stop()
    second = sandbox_factory(data_dir=data_dir)
    again = password(second, "agent5")
    assert (again["agent_id"], again["team_id"], again["bus_no"]) == (
        grant["agent_id"],
        grant["team_id"],
        grant["bus_no"],
    )
    polled = httpx.get(
        f"{second.base_url}{SDK_API}/agent-sessions/{started.json()['sessionId']}/get-next-event",
        params={"timeout": 0},
        headers=headers,
    )
    assert polled.status_code == 200, polled.text
    start = polled.json()["events"][0]
    assert (start["AgentId"], start["TeamId"]) == (str(grant["agent_id"]), grant["team_id"])
