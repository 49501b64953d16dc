"""One replay per request NICE's agent SDK makes (issue 18), against the real sandbox.

Each request is sent as the SDK sends it: its path casing and API version (core-sdk
`ApiUriConstants`, `AdminApis`), its query string, the headers `HttpUtilService.initHeader`
builds (a bearer token, `Content-Type: application/json` on reads, none on commands) and its body
`JSON.stringify`-ed, so arriving as `text/plain;charset=UTF-8` (fetch's type for a string body).
Each test then checks what the SDK reads from the answer (`WhoamiResponse.parseData`,
`AgentSessionStartEvent.parse`, `AgentStateEvent.parse`, `AgentSessionEndEvent.parse`,
`UnavailableCode.parseData`, `ApiParser.parseAgentSettings`, `SkillApiParser.parseAgentSkills`,
`AgentDetailService.getAgentInfoByAgentId`, the get-next-event worker).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx

from tests.backend.cxone_http import CxoneClient, CxoneFactory, assert_error, until_polling
from tui.backends.cxone.wire import parse_utc_iso
from tui.sandbox.server import SandboxServer

V23 = "/InContactAPI/services/v23.0"
V30 = "/InContactAPI/services/v30.0"
V33 = "/InContactAPI/services/v33.0"
TEXT = "text/plain;charset=UTF-8"
ORIGIN = {"Originating-Service-Identifier": "CMA_SDK"}


async def command(client: CxoneClient, method: str, url: str, body: Any = None) -> httpx.Response:
    """A command as the SDK sends it: `initHeader(token, '')`, the body stringified."""
    headers = dict(ORIGIN)
    content = b""
    if body is not None:
        content = json.dumps(body).encode()
        headers["Content-Type"] = TEXT
    return await client.http.request(method, url, content=content, headers=headers)


async def read(client: CxoneClient, url: str, **params: Any) -> httpx.Response:
    """A read as the SDK sends it: `initHeader(token, 'application/json')`, no body."""
    headers = {**ORIGIN, "Content-Type": "application/json"}
    return await client.http.get(url, params=params or None, headers=headers)


async def whoami(client: CxoneClient) -> dict[str, Any]:
    answer = await client.http.post(
        "/incontactauthorizationserver/token/whoami", json={"token": client.token}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def started(client: CxoneClient, prefix: str = V23) -> str:
    """`ACDSessionManager.startSession` as the sample app calls it: a softphone."""
    body = {"stationId": "", "stationPhoneNumber": "WebRTC"}
    answer = await command(client, "POST", f"{prefix}/agent-sessions", body)
    assert answer.status_code == 202, answer.text
    assert answer.json()["sessionId"]  # `if (resp.data.sessionId)`
    return answer.json()["sessionId"]


async def polled(client: CxoneClient, session_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The worker's poll: `get-next-event?timeout=60` (it answers at once when there is news)."""
    answer = await read(client, f"{V23}/agent-sessions/{session_id}/get-next-event?timeout=60")
    assert answer.status_code == 200, answer.text
    return answer.json()["sessionId"], answer.json()["events"]


async def test_start_a_softphone_session_and_read_its_first_events(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    me = await whoami(agent)
    session_id, events = await polled(agent, await started(agent))
    assert [e["Type"] for e in events] == ["AgentSessionStart", "AgentState"]
    start, state = events
    # AgentSessionStartEvent.parse: AgentId (the integer's text), BusNo, station, session
    assert isinstance(start["AgentId"], str) and int(start["AgentId"]) == me["agent_id"]
    assert start["BusNo"] == me["bus_no"] and isinstance(start["BusNo"], int)
    assert start["StationPhoneNumber"] == "WebRTC" and start["SessionId"]
    assert isinstance(start["TeamId"], int) and start["TeamId"] == me["team_id"]
    # AgentStateEvent.parse: a new session is Unavailable with a blank reason
    assert (state["CurrentState"], state["CurrentOutReason"]) == ("Unavailable", "")
    assert parse_utc_iso(state["StartTimeUTC"]) is not None
    assert isinstance(state["NextStates"], list) and state["IsAcw"] is False
    # the tenant-segmentation path (v33.0) is served alike; the agent has a session now
    assert_error(
        await command(agent, "POST", f"{V33}/agent-sessions", {"stationPhoneNumber": "WebRTC"}),
        409,
        "AgentSessionExists",
    )
    assert session_id


async def test_join_with_an_empty_as_agent_id_and_as_an_agent(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    await started(agent)
    # joinSession() sends `asAgentId: ''` for the caller's own session
    own = await command(agent, "POST", f"{V23}/agent-sessions/join", {"asAgentId": ""})
    assert own.status_code == 202 and own.json()["sessionId"], own.text
    boss = await cxone("super1")
    number = int(agent.agent_id)
    for given in (number, str(number)):  # an integer, as the SDK's options.agentId is
        acting = await command(boss, "POST", f"{V33}/agent-sessions/join", {"asAgentId": given})
        assert acting.status_code == 202, acting.text
        _, events = await polled(boss, acting.json()["sessionId"])
        assert events[0]["AgentId"] == str(number)
    for unknown in (9_999_999_999, "12345"):
        answer = await command(boss, "POST", f"{V23}/agent-sessions/join", {"asAgentId": unknown})
        assert_error(answer, 404, "InvalidAgentId")


async def test_state_changes_as_agent_state_service_sends_them(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    session_id, _ = await polled(agent, await started(agent))
    url = f"{V23}/agent-sessions/{session_id}/state"
    # `reason: undefined` is dropped by JSON.stringify
    assert (await command(agent, "POST", url, {"state": "Available"})).status_code == 202
    session_id, events = await polled(agent, session_id)
    assert [(e["CurrentState"], e["CurrentOutReason"]) for e in events] == [("Available", "")]
    url = f"{V23}/agent-sessions/{session_id}/state"
    answer = await command(agent, "POST", url, {"state": "Unavailable", "reason": "Lunch"})
    assert answer.status_code == 202
    _, events = await polled(agent, session_id)
    assert [(e["CurrentState"], e["CurrentOutReason"]) for e in events] == [
        ("Unavailable", "Lunch")
    ]


async def test_after_contact_work_names_the_next_state_as_objects(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await cxone("agent5", server=server)
    session_id, _ = await polled(agent, await started(agent))
    url = f"{V23}/agent-sessions/{session_id}/state"
    assert (await command(agent, "POST", url, {"state": "Available"})).status_code == 202
    session_id, _ = await polled(agent, session_id)
    offer = await agent.http.post("/bench/offer", params={"channel": "telephony"})
    assert offer.status_code == 200, offer.text
    session_id, events = await polled(agent, session_id)
    call = next(e for e in events if e["Type"] == "CallContactEvent")
    assert call["Status"] == "Incoming" and isinstance(call["ContactID"], int)
    base = f"{V23}/agent-sessions/{session_id}/interactions/{call['ContactID']}"
    for action, status in (("accept", "Active"), ("end", "Disconnected")):
        assert (await command(agent, "POST", f"{base}/{action}")).status_code == 202
        session_id, events = await polled(agent, session_id)
        assert any(e.get("Status") == status for e in events), events
    state = next(e for e in events if e["Type"] == "AgentState")
    # AgentStateEvent.parse reads NextStates[i].State / .OutReason
    assert state["IsAcw"] is True
    assert state["NextStates"] == [{"State": "Available", "OutReason": ""}]


async def test_end_the_session_and_read_agent_session_end(
    sandbox: SandboxServer, cxone: CxoneFactory
) -> None:
    agent = await cxone("agent5")
    session_id, _ = await polled(agent, await started(agent))
    waiting = asyncio.create_task(polled(agent, session_id))
    await until_polling(sandbox, agent.user.id)
    end = {"forceLogoff": False, "endContacts": True, "ignorePersonalQueue": False}
    ended = await command(agent, "DELETE", f"{V23}/agent-sessions/{session_id}", end)
    assert ended.status_code == 202, ended.text
    _, events = await asyncio.wait_for(waiting, 5)
    # AgentSessionEndEvent.parse: Message and Success
    assert [e["Type"] for e in events] == ["AgentSessionEnd"]
    assert isinstance(events[0]["Message"], str) and events[0]["Success"] is True
    # the worker reads a 409 afterwards as the end
    gone = await read(agent, f"{V23}/agent-sessions/{session_id}/get-next-event?timeout=60")
    assert gone.status_code == 409


async def test_unavailable_codes_as_the_sdk_asks_for_them(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    team = (await whoami(agent))["team_id"]
    answer = await read(agent, f"{V23}/teams/{team}/unavailable-codes", activityOnly="true")
    assert answer.status_code == 200, answer.text
    codes = answer.json()["unavailableCodes"]
    # UnavailableCode.parseData: outStateName, isAcw, isActive
    assert {"Lunch", "Break"} <= {c["outStateName"] for c in codes}
    assert all(isinstance(c["outStateId"], int) and c["isActive"] is True for c in codes)
    assert any(c["isAcw"] for c in codes) and not all(c["isAcw"] for c in codes)
    assert_error(await read(agent, f"{V23}/teams/1/unavailable-codes"), 404, "NotFound")


async def test_agent_settings_before_polling(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    me = await whoami(agent)
    for prefix in (V30, V33):
        answer = await read(agent, f"{prefix}/agents/{me['agent_id']}/agent-settings")
        assert answer.status_code == 200, answer.text
        settings = answer.json()
        for field in ("webRTCType", "webRTCWSSUrls", "webRTCServerDomain", "webRTCICEUrls"):
            assert field in settings, field
        assert settings["EnableUIQueue"] is False  # so the SDK polls get-next-event
        assert "selectedCxaVersion" not in settings  # no versioning call follows


async def test_agent_details_with_fields(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    me = await whoami(agent)
    fields = (
        "agentId,firstName,lastName,maxConcurrentChats,useTeamMaxConcurrentChats,"
        "maxEmailAutoParkingLimit,useTeamEmailAutoParkingLimit,phoneRefusalTimeout"
    )
    answer = await read(agent, f"{V23}/agents/{me['agent_id']}", fields=fields)
    assert answer.status_code == 200, answer.text
    agents = answer.json()["agents"]
    # `+agentId !== agentDetailsFromStorage[0].agentId`: a number
    assert agents[0]["agentId"] == me["agent_id"]
    assert set(agents[0]) == set(fields.split(","))
    assert (agents[0]["firstName"], agents[0]["lastName"]) == ("Emery", "Garcia")
    assert_error(await read(agent, f"{V23}/agents/12345"), 404, "NotFound")
    assert_error(await read(agent, f"{V23}/agents/me-or-you"), 400, "InvalidRequest")
    other = await cxone("agent4")
    assert_error(await read(agent, f"{V23}/agents/{other.agent_id}"), 403, "NotPermitted")


async def test_agent_skills(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    me = await whoami(agent)
    answer = await read(
        agent,
        f"{V23}/agents/{me['agent_id']}/skills",
        fields="skillId,skillName,mediaTypeId,isActive,isRestricted",
        isSkillActive="true",
    )
    assert answer.status_code == 200, answer.text
    skills = answer.json()["agentSkillAssignments"]
    # SkillApiParser.parseAgentSkills keeps active, unrestricted ones
    usable = [s for s in skills if s["isActive"] and not s["isRestricted"]]
    assert len(usable) == 4
    assert {s["mediaTypeId"] for s in usable} == {1, 3, 4, 9}
    assert all(isinstance(s["skillId"], int) and s["skillName"] for s in usable)


async def test_agent_states_since_the_last_poll(cxone: CxoneFactory) -> None:
    boss = await cxone("super1")
    first = await read(boss, f"{V23}/agents/states")
    assert first.status_code == 200, first.text
    rows = first.json()["agentStates"]
    assert len(rows) == 6 and all(isinstance(r["agentId"], int) for r in rows)
    since = first.json()["lastPollTime"]
    assert parse_utc_iso(since) is not None
    quiet = await read(boss, f"{V23}/agents/states", updatedSince=since)
    assert quiet.status_code == 304 and quiet.content == b""  # the SDK keeps its list
    epoch = await read(boss, f"{V23}/agents/states", updatedSince="1970-01-01T00:00:00.000Z")
    assert epoch.status_code == 200  # the SDK's first poll: everyone
    assert sorted(r["agentId"] for r in epoch.json()["agentStates"]) == sorted(
        r["agentId"] for r in rows
    )
    agent = await cxone("agent5")
    await started(agent)
    changed = await read(boss, f"{V23}/agents/states", updatedSince=since)
    assert [r["agentId"] for r in changed.json()["agentStates"]] == [int(agent.agent_id)]
    assert changed.json()["agentStates"][0]["agentStateName"] == "Unavailable"
    later = changed.json()["lastPollTime"]
    assert parse_utc_iso(later) >= parse_utc_iso(since)  # type: ignore[operator]
    bad = await read(boss, f"{V23}/agents/states", updatedSince="yesterday")
    assert_error(bad, 400, "InvalidRequest")
