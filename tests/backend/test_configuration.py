"""The configuration lists: idle codes, teams, dial plans, the desktop profile and users."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer


def signed_in(server: SandboxServer, login: str) -> httpx.Client:
    token = httpx.post(
        f"{server.base_url}/oauth/token",
        data={"grant_type": "password", "username": login, "password": login},
    ).json()["access_token"]
    return httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def agent3(module_sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with signed_in(module_sandbox, "agent3") as client:
        yield client


def listing(client: httpx.Client, server: SandboxServer, name: str, **params: Any) -> dict:
    response = client.get(f"/organization/{server.org.orgId}/v2/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_auxiliary_codes(agent3: httpx.Client, module_sandbox: SandboxServer) -> None:
    body = listing(agent3, module_sandbox, "auxiliary-code")
    page = wire.Page[wire.AuxiliaryCode].model_validate(body)
    idle = {c.name: c for c in page.data if c.workTypeCode == "IDLE_CODE"}
    selectable = {n for n, c in idle.items() if c.active and not c.isSystemCode}
    assert selectable == {"Lunch", "Break", "Meeting", "Training", "Coaching"}
    assert {"RONA", "Agent Logout"} <= {n for n, c in idle.items() if c.isSystemCode}
    assert [n for n, c in idle.items() if c.defaultCode] == ["Break"]
    assert any(c.workTypeCode == "WRAP_UP_CODE" for c in page.data)
    assert page.meta.orgid == module_sandbox.org.orgId
    assert page.meta.totalRecords == len(module_sandbox.org.auxiliaryCodes) == len(page.data)


def test_paging(agent3: httpx.Client, module_sandbox: SandboxServer) -> None:
    total = len(module_sandbox.org.auxiliaryCodes)
    first = listing(agent3, module_sandbox, "auxiliary-code", page=0, pageSize=4)
    second = listing(agent3, module_sandbox, "auxiliary-code", page=1, pageSize=4)
    assert len(first["data"]) == 4 and len(second["data"]) == 4
    assert {c["id"] for c in first["data"]}.isdisjoint(c["id"] for c in second["data"])
    meta = first["meta"]
    assert (meta["page"], meta["pageSize"], meta["totalRecords"]) == (0, 4, total)
    assert meta["totalPages"] == -(-total // 4)
    assert "next" in meta["links"] and "prev" not in meta["links"]
    beyond = listing(agent3, module_sandbox, "auxiliary-code", page=99, pageSize=4)
    assert beyond["data"] == []
    capped = listing(agent3, module_sandbox, "auxiliary-code", pageSize=5000)
    assert capped["meta"]["pageSize"] == 1000


def test_filter_and_search(agent3: httpx.Client, module_sandbox: SandboxServer) -> None:
    lunch = next(c for c in module_sandbox.org.auxiliaryCodes if c.name == "Lunch")
    by_id = listing(agent3, module_sandbox, "auxiliary-code", filter=f'id=="{lunch.id}"')
    assert [c["name"] for c in by_id["data"]] == ["Lunch"]
    idle = listing(
        agent3,
        module_sandbox,
        "auxiliary-code",
        filter="workTypeCode==IDLE_CODE;isSystemCode==false",
    )
    assert {c["name"] for c in idle["data"]} == {
        "Lunch",
        "Break",
        "Meeting",
        "Training",
        "Coaching",
    }
    some = listing(agent3, module_sandbox, "auxiliary-code", filter="name=in=(Lunch,Break)")
    assert {c["name"] for c in some["data"]} == {"Lunch", "Break"}
    searched = listing(agent3, module_sandbox, "auxiliary-code", search="coach")
    assert [c["name"] for c in searched["data"]] == ["Coaching"]
    response = agent3.get(
        f"/organization/{module_sandbox.org.orgId}/v2/auxiliary-code", params={"filter": "nope==1"}
    )
    assert response.status_code == 400


def test_teams(agent3: httpx.Client, module_sandbox: SandboxServer) -> None:
    page = wire.Page[wire.Team].model_validate(listing(agent3, module_sandbox, "team"))
    assert len(page.data) >= 3
    sales = next(t for t in page.data if t.name == "Sales")
    assert sales.siteName == "Austin" and sales.teamStatus == "IN_SERVICE"
    agent3_id = module_sandbox.org.user_by_login("agent3").id  # type: ignore[union-attr]
    assert agent3_id in sales.userIds


def test_dial_plan_accepts_the_default_numbers(
    agent3: httpx.Client, module_sandbox: SandboxServer
) -> None:
    page = wire.Page[wire.DialPlan].model_validate(listing(agent3, module_sandbox, "dial-plan"))
    patterns = [p.regularExpression for p in page.data if p.active]
    assert "1[0-9]{3}[2-9][0-9]{6}" in patterns
    for number in ("14155550103", "1003"):
        assert any(re.fullmatch(p, number) for p in patterns)
    assert not any(re.fullmatch(p, "12") for p in patterns)


def test_agent_profile_is_the_callers(agent3: httpx.Client, module_sandbox: SandboxServer) -> None:
    body = listing(agent3, module_sandbox, "agent-profile")
    assert len(body["data"]) == 1
    raw = body["data"][0]
    profile = wire.AgentProfile.model_validate(raw)
    agent3 = module_sandbox.org.user_by_login("agent3")
    assert agent3 is not None
    assert profile.id == agent3.profileId
    assert profile.loginVoiceOptions == ["AGENT_DN", "EXTENSION"]
    assert raw["defaultDialNumber"] == "14155550103"
    assert raw["teamIds"] == list(agent3.teamIds)
    assert [t["name"] for t in raw["teams"]] == ["Sales"]
    capacities = {c["channelType"]: c["capacity"] for c in raw["channels"]}
    assert capacities == {"telephony": 1, "chat": 3, "email": 2, "social": 2}


def test_browser_agents_have_browser_login(module_sandbox: SandboxServer) -> None:
    with signed_in(module_sandbox, "agent9") as client:
        raw = listing(client, module_sandbox, "agent-profile")["data"][0]
    assert raw["loginVoiceOptions"] == ["AGENT_DN", "EXTENSION", "BROWSER"]


def test_users_an_agent_sees_only_themself(
    agent3: httpx.Client, module_sandbox: SandboxServer
) -> None:
    page = wire.Page[wire.User].model_validate(listing(agent3, module_sandbox, "user"))
    assert [u.email for u in page.data] == ["agent3@sandbox.example"]
    me = page.data[0]
    assert me.dialled_number == "14155550103"
    assert me.extension == "1003" and me.roles == ["agent"]


def test_users_a_supervisor_sees_their_teams(module_sandbox: SandboxServer) -> None:
    with signed_in(module_sandbox, "super1") as client:
        page = wire.Page[wire.User].model_validate(listing(client, module_sandbox, "user"))
    logins = {u.email.split("@")[0] for u in page.data}
    assert logins == {"super1", "agent1", "agent2", "agent3", "agent4", "agent5", "agent6"}
    with signed_in(module_sandbox, "super2") as client:
        page = wire.Page[wire.User].model_validate(listing(client, module_sandbox, "user"))
    assert {u.email.split("@")[0] for u in page.data} == {"super2", "agent7", "agent8"}
