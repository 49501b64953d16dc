"""Requests as NICE's agent SDK sends them (issue 18): the SDK's path casing
(`/InContactAPI/...`), JSON bodies sent as `text/plain;charset=UTF-8` (the SDK
`JSON.stringify`s them and sets no content type), and a `CorrelationId` header echoed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.backend.cxone_http import CxoneClient, CxoneFactory, assert_error

SDK_API = "/InContactAPI/services/v23.0"
TEXT = "text/plain;charset=UTF-8"


async def sdk_call(
    client: CxoneClient,
    method: str,
    path: str,
    body: Any = None,
    correlation: str | None = None,
    prefix: str = SDK_API,
) -> httpx.Response:
    """One request as the SDK makes it: its casing, a stringified body as text, no JSON type."""
    headers = {"CorrelationId": correlation} if correlation else {}
    content = None
    if body is not None:
        content = json.dumps(body).encode()
        headers["Content-Type"] = TEXT
    return await client.http.request(method, f"{prefix}/{path}", content=content, headers=headers)


async def test_the_sdk_casing_of_the_prefix_is_served(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    team = agent.team_id
    for prefix in (SDK_API, "/incontactapi/SERVICES/V27.0", "/INCONTACTAPI/services/v33.0"):
        answer = await sdk_call(agent, "GET", f"teams/{team}/unavailable-codes", prefix=prefix)
        assert answer.status_code == 200, (prefix, answer.status_code, answer.text)
        assert any(c["outStateName"] == "Lunch" for c in answer.json()["unavailableCodes"])
    # the sandbox's own casing still works, and an unknown route keeps the CXone error shape
    assert (await agent.call("GET", f"teams/{team}/unavailable-codes")).status_code == 200
    assert_error(await sdk_call(agent, "GET", "no-such-route"), 404, "NotFound")


async def test_a_session_as_the_sdk_runs_it(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    start = {"stationId": "", "stationPhoneNumber": agent.user.defaultDialNumber}
    started = await sdk_call(agent, "POST", "agent-sessions", start, "c-start")
    assert started.status_code == 202, started.text
    assert started.headers["CorrelationId"] == "c-start"
    session_id = started.json()["sessionId"]

    polled = await sdk_call(agent, "GET", f"agent-sessions/{session_id}/get-next-event?timeout=0")
    assert polled.status_code == 200, polled.text
    session_id = polled.json()["sessionId"]
    assert [e["Type"] for e in polled.json()["events"]] == ["AgentSessionStart", "AgentState"]

    state = {"state": "Unavailable", "reason": "Lunch"}
    changed = await sdk_call(agent, "POST", f"agent-sessions/{session_id}/state", state, "c-st")
    assert changed.status_code == 202, changed.text
    assert changed.headers["CorrelationId"] == "c-st"
    session_id, events = await agent.events(session_id)
    assert [(e["CurrentState"], e["CurrentOutReason"]) for e in events] == [
        ("Unavailable", "Lunch")
    ]

    # the DELETE that ends a session carries a JSON body too, as text
    end = {"forceLogoff": False, "endContacts": True, "ignorePersonalQueue": False}
    ended = await sdk_call(agent, "DELETE", f"agent-sessions/{session_id}", end, "c-end")
    assert ended.status_code == 202, ended.text
    assert ended.headers["CorrelationId"] == "c-end"
    assert_error(await agent.poll(session_id), 409, "AgentSessionEnded")


async def test_a_text_body_is_read_as_json_whatever_its_type_says(cxone: CxoneFactory) -> None:
    agent = await cxone("agent6")
    body = json.dumps({"stationPhoneNumber": agent.user.defaultDialNumber}).encode()
    for content_type in ("application/x-www-form-urlencoded", "application/octet-stream"):
        answer = await agent.http.post(
            f"{SDK_API}/agent-sessions", content=body, headers={"Content-Type": content_type}
        )
        if answer.status_code == 202:
            break
        assert_error(answer, 409, "AgentSessionExists")
    assert answer.status_code == 202, answer.text


async def test_a_text_body_that_is_not_json_is_a_clear_400(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    for content in (b"state=Available", b"{not json", b"\xff\xfe"):
        answer = await agent.http.post(
            f"{SDK_API}/agent-sessions/join",
            content=content,
            headers={"Content-Type": TEXT, "CorrelationId": "c-bad"},
        )
        words = assert_error(answer, 400, "InvalidRequest")
        assert "JSON" in words
        assert answer.headers["CorrelationId"] == "c-bad"


async def test_the_correlation_id_is_echoed_on_every_answer(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    team = agent.team_id
    answers = {
        "200": await sdk_call(agent, "GET", f"teams/{team}/unavailable-codes", None, "c-200"),
        "400": await sdk_call(agent, "POST", "agent-sessions", {"stationId": 5}, "c-400"),
        "403": await sdk_call(agent, "GET", "agents/states", None, "c-403"),
        "404": await sdk_call(agent, "GET", "agent-sessions/nope/get-next-event", None, "c-404"),
        "405": await sdk_call(agent, "PATCH", "agents/states", None, "c-405"),
    }
    session_id = await agent.start_default()
    answers["409"] = await sdk_call(agent, "POST", "agent-sessions", {"stationId": "1005"}, "c-409")
    session_id, _ = await agent.events(session_id)  # the first poll answers at once
    quiet = f"agent-sessions/{session_id}/get-next-event?timeout=0"
    answers["304"] = await sdk_call(agent, "GET", quiet, None, "c-304")
    anonymous = httpx.AsyncClient(base_url=agent.server.base_url)
    async with anonymous:
        answers["401"] = await anonymous.get(
            f"{SDK_API}/agents/me", headers={"CorrelationId": "c-401"}
        )
    for status, answer in answers.items():
        assert str(answer.status_code) == status, (status, answer.status_code, answer.text)
        assert answer.headers.get("CorrelationId") == f"c-{status}", (status, answer.headers)
    # without the header, none is made up; an unusable one is not echoed
    assert "CorrelationId" not in (await sdk_call(agent, "GET", "agents/me")).headers
    odd = await agent.http.get(f"{SDK_API}/agents/me", headers={"CorrelationId": "x" * 500})
    assert odd.status_code == 200 and "CorrelationId" not in odd.headers


async def test_server_time_answers_the_clock(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    before = datetime.now(UTC)
    answer = await sdk_call(agent, "GET", "server-time", None, "c-time")
    after = datetime.now(UTC)
    assert answer.status_code == 200, answer.text
    assert answer.headers["CorrelationId"] == "c-time"
    body = answer.json()
    assert set(body) == {"ServerTime"}
    assert body["ServerTime"].endswith("Z")
    told = datetime.fromisoformat(body["ServerTime"])
    assert before - timedelta(seconds=1) <= told <= after + timedelta(seconds=1)
    anonymous = httpx.AsyncClient(base_url=agent.server.base_url)
    async with anonymous:
        assert_error(await anonymous.get(f"{SDK_API}/server-time"), 401, "InvalidSecurityUser")
