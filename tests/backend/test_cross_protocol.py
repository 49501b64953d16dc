"""One engine, one truth: a session seen and acted on through both protocols at once.

Webex is spoken with the shared `webex` test client (real socket), CXone with plain httpx."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.backend.cxone_http import (
    CxoneFactory,
    assert_error,
    listening,
    of_type,
    until_polling,
)
from tests.conftest import WebexTestClient
from tui.backends.cxone.wire import utc_iso
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]


def code_id(server: SandboxServer, name: str) -> str:
    return next(c.id for c in server.org.auxiliaryCodes if c.name == name)


async def test_a_webex_session_is_seen_and_followed_through_cxone(
    sandbox: SandboxServer, webex: Webex, cxone: CxoneFactory
) -> None:
    on_webex = await webex("agent4")
    await on_webex.login()
    login = (await on_webex.next_frame("AgentStationLoginSuccess"))["data"]
    assert login["subStatus"] == "Available"  # the Webex login keeps the org's own rule

    on_cxone = await cxone("agent4")
    joined = await on_cxone.join()
    assert joined.status_code == 202, joined.text
    session_id, events = await on_cxone.events(joined.json()["sessionId"])
    start, state = events[0], events[1]
    assert start["SessionId"] == login["agentSessionId"]
    assert state["CurrentState"] == "Available"
    assert state["StartTimeUTC"] == utc_iso(login["lastIdleCodeChangeTimestamp"])

    board = await cxone("super1")
    rows = (await board.call("GET", "agents/states")).json()["agentStates"]
    row = next(r for r in rows if str(r["agentId"]) == on_cxone.agent_id)  # CXone's number
    assert (row["agentStateName"], row["sessionId"]) == ("Available", login["agentSessionId"])

    await on_webex.set_state("Idle", code_id(sandbox, "Lunch"))
    changed = (await on_webex.next_frame("AgentStateChangeSuccess"))["data"]
    session_id, events = await on_cxone.events(session_id)
    assert [(e["CurrentState"], e["CurrentOutReason"]) for e in events] == [
        ("Unavailable", "Lunch")
    ]
    assert events[0]["StartTimeUTC"] == utc_iso(changed["lastIdleCodeChangeTimestamp"])

    # A poll waiting when the session ends is handed the end; any poll after that is a 409.
    sockets = listening(sandbox, on_cxone.user.id)
    waiting = asyncio.create_task(on_cxone.poll(session_id, timeout=30))
    await until_polling(sandbox, on_cxone.user.id, besides=sockets)
    await on_webex.logout()
    await on_webex.next_frame("AgentLogoutSuccess")
    answer = await asyncio.wait_for(waiting, 5)
    assert answer.status_code == 200
    assert [e["Type"] for e in answer.json()["events"]] == ["AgentSessionEnd"]
    assert_error(await on_cxone.poll(answer.json()["sessionId"]), 409, "AgentSessionEnded")


async def test_a_cxone_session_is_seen_and_followed_through_webex(
    sandbox: SandboxServer, webex: Webex, cxone: CxoneFactory
) -> None:
    on_webex = await webex("agent5")
    on_cxone = await cxone("agent5")
    handle = await on_cxone.start_default()
    login = (await on_webex.next_frame("AgentStationLoginSuccess"))["data"]
    assert login["subStatus"] == "Idle"  # CXone sessions start Unavailable ...
    assert login["auxCodeId"] == "0"  # ... with a blank reason: no idle code
    handle, events = await on_cxone.events(handle)
    assert events[0]["SessionId"] == login["agentSessionId"]

    assert (await on_cxone.state(handle, state="Available")).status_code == 202
    available = (await on_webex.next_frame("AgentStateChangeSuccess"))["data"]
    assert available["subStatus"] == "Available" and available["changedById"] == on_cxone.user.id

    board = await cxone("super1")
    path = f"agents/{on_cxone.agent_id}/state"
    set_by_boss = await board.call(
        "POST", path, json={"state": "Unavailable", "reason": "Coaching"}
    )
    assert set_by_boss.status_code == 202, set_by_boss.text
    coaching = (await on_webex.next_frame("AgentStateChangeSuccess"))["data"]
    assert (coaching["subStatus"], coaching["idleCodeName"]) == ("Idle", "Coaching")
    assert coaching["changedByName"] == "Morgan Lee"

    await on_webex.accepted("POST", "/v1/agents/reload")
    relogin = (await on_webex.next_frame("AgentReloginSuccess"))["data"]
    assert relogin["agentSessionId"] == login["agentSessionId"]
    assert relogin["auxCodeId"] == code_id(sandbox, "Coaching")

    assert (await on_cxone.end(handle)).status_code == 202
    logout = (await on_webex.next_frame("AgentLogoutSuccess"))["data"]
    assert logout["agentSessionId"] == login["agentSessionId"]


async def test_a_supervisor_on_webex_changes_an_agent_on_cxone(
    sandbox: SandboxServer, webex: Webex, cxone: CxoneFactory
) -> None:
    on_cxone = await cxone("agent2")
    handle, _ = await on_cxone.events(await on_cxone.start_default())
    boss = await webex("super1")
    await boss.set_state("Idle", code_id(sandbox, "Meeting"), agent_id=on_cxone.user.id)
    await boss.next_frame("AgentStateChangeSuccess")
    _, events = await on_cxone.events(handle)
    states = of_type(events, "AgentState")
    assert [(e["CurrentOutReason"], e["ChangedBy"]) for e in states] == [("Meeting", "Morgan Lee")]
