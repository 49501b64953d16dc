"""The sandbox's CXone agent API over plain HTTP (httpx only): the issue's must-show list, the
join outcomes, query-string variants, the long poll's rules and the supervisor routes."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.backend.cxone_http import (
    CxoneClient,
    CxoneFactory,
    api,
    assert_error,
    listening,
    of_type,
    until_polling,
)
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.engine.org import load_org
from tui.sandbox.server import SandboxServer

SUPER1 = "Morgan Lee"


# -- the must-show list --------------------------------------------------------------------------


async def test_agent5_start_join_poll_change_and_end(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    started = await agent.start(stationPhoneNumber="14155550105")
    assert started.status_code == 202, started.text
    assert set(started.json()) == {"sessionId"}

    assert_error(await agent.start(stationPhoneNumber="14155550105"), 409, "AgentSessionExists")

    joined = await agent.join()
    assert joined.status_code == 202, joined.text
    session_id = joined.json()["sessionId"]
    assert session_id != started.json()["sessionId"]

    session_id, events = await agent.events(session_id, timeout=0)
    assert [e["Type"] for e in events] == ["AgentSessionStart", "AgentState"]
    assert events[0]["AgentId"] == agent.agent_id
    assert events[0]["StationPhoneNumber"] == "14155550105"
    assert events[1]["CurrentState"] == "Unavailable"  # CXone sessions start Unavailable

    began = time.monotonic()
    idle = await agent.poll(session_id, timeout=1)
    assert idle.status_code == 304 and idle.content == b""
    assert time.monotonic() - began >= 0.9  # it did wait for the timeout

    assert (await agent.state(session_id, state="Available")).status_code == 202
    session_id, events = await agent.events(session_id)
    assert [(e["Type"], e["CurrentState"]) for e in events] == [("AgentState", "Available")]

    assert (await agent.state(session_id, state="Unavailable", reason="Lunch")).status_code == 202
    session_id, events = await agent.events(session_id)
    assert [(e["CurrentState"], e["CurrentOutReason"]) for e in events] == [
        ("Unavailable", "Lunch")
    ]

    assert_error(await agent.state(session_id, state="Bogus"), 400, "InvalidRequest")

    assert (await agent.end(session_id)).status_code == 202
    assert_error(await agent.poll(session_id), 409, "AgentSessionEnded")


async def test_join_outcomes(sandbox: SandboxServer, cxone: CxoneFactory) -> None:
    agent5 = await cxone("agent5")
    session_id = await agent5.start_default()
    await agent5.events(session_id)
    assert (await agent5.state(session_id, state="Unavailable", reason="Lunch")).status_code == 202

    super2 = await cxone("super2")
    words = assert_error(await super2.join(asAgentId=agent5.agent_id), 403, "ImpersonateNotEnabled")
    assert "may not act as another agent" in words

    super1 = await cxone("super1")
    assert_error(await super1.join(asAgentId="no-such-agent"), 404, "InvalidAgentId")

    stranger = CxoneClient(sandbox, "super1")
    stranger.http.headers["Authorization"] = "Bearer not-a-token"
    try:
        assert_error(await stranger.join(asAgentId=agent5.agent_id), 401, "InvalidSecurityUser")
        del stranger.http.headers["Authorization"]
        missing = await stranger.join()
        assert_error(missing, 401, "InvalidSecurityUser")
        assert missing.headers["www-authenticate"].startswith("Bearer")
    finally:
        await stranger.aclose()

    assert_error(await agent5.poll("made-up-session-id"), 404, "InvalidAgentSession")
    assert_error(await agent5.join(sessionId="made-up-session-id"), 404, "InvalidAgentSession")

    joined = await super1.join(asAgentId=agent5.agent_id)
    assert joined.status_code == 202, joined.text
    _, events = await super1.events(joined.json()["sessionId"])
    start, state = events[0], events[1]
    assert start["Type"] == "AgentSessionStart" and start["AgentId"] == agent5.agent_id
    assert start["AgentName"] == "Emery Garcia"
    assert (state["CurrentState"], state["CurrentOutReason"]) == ("Unavailable", "Lunch")


async def test_further_join_outcomes(sandbox: SandboxServer, cxone: CxoneFactory) -> None:
    agent5 = await cxone("agent5")
    super1 = await cxone("super1")
    # An agent without a session, an agent outside super1's teams, an agent acting as another.
    assert_error(await agent5.join(), 404, "InvalidAgentSession")
    assert_error(await super1.join(asAgentId=agent5.agent_id), 404, "InvalidAgentSession")
    billing = CxoneIds(sandbox.org).agent(sandbox.org.user_by_login("agent7").id)  # type: ignore[union-attr]
    assert_error(await super1.join(asAgentId=billing), 403, "ImpersonateNotEnabled")
    agent4 = await cxone("agent4")
    assert_error(await agent4.join(asAgentId=agent5.agent_id), 403, "ImpersonateNotEnabled")

    # Joining by session id: the stable id and any handle name the session; an ended one not.
    handle = await agent5.start_default()
    _, events = await agent5.events(handle)
    stable = events[0]["SessionId"]
    assert (await agent5.join(sessionId=stable)).status_code == 202
    assert (await agent5.join(sessionId=handle)).status_code == 202
    by_id = await super1.join(sessionId=stable)  # acting as the agent whose session it is
    assert by_id.status_code == 202
    _, seen = await super1.events(by_id.json()["sessionId"])
    assert seen[0]["AgentId"] == agent5.agent_id
    assert (await agent5.end(handle)).status_code == 202
    assert_error(await agent5.join(sessionId=stable), 404, "InvalidAgentSession")
    await agent5.start_default()
    assert_error(await agent5.join(sessionId=stable), 404, "InvalidAgentSession")


async def test_an_expired_token_is_an_invalid_security_user(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(token_lifetime_s=0)
    agent = await cxone("agent5", server=server)
    assert "expired" in assert_error(await agent.join(), 401, "InvalidSecurityUser")


async def test_an_inactive_user_is_an_invalid_security_user(
    tmp_path: Path, sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    data_dir = tmp_path / "shared"
    first = sandbox_factory(data_dir=data_dir)
    agent = await cxone("agent5", server=first)
    first.stop()

    raw = json.loads(load_org().model_dump_json())
    for user in raw["users"]:
        if user["login"] == "agent5":
            user["active"] = False
    org_file = tmp_path / "org.json"
    org_file.write_text(json.dumps(raw))
    second = sandbox_factory(data_dir=data_dir, org_file=org_file)
    agent.http.base_url = httpx.URL(second.base_url)  # the token from before still exists
    assert "not active" in assert_error(await agent.join(), 401, "InvalidSecurityUser")
    form = {"grant_type": "password", "username": "agent5", "password": "agent5"}
    refused = await agent.http.post("/oauth/token", data=form)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"


# -- query strings -------------------------------------------------------------------------------


async def test_every_route_takes_query_strings(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    started = await agent.call("POST", "agent-sessions", params={"stationId": "1005"})
    assert started.status_code == 202, started.text
    session_id, events = await agent.events(started.json()["sessionId"])
    assert events[0]["StationId"] == "1005" and events[0]["StationPhoneNumber"] == ""

    path = f"agent-sessions/{session_id}/state"
    changed = await agent.call("POST", path, params={"state": "Unavailable", "reason": "Meeting"})
    assert changed.status_code == 202, changed.text
    session_id, events = await agent.events(session_id)
    assert events[-1]["CurrentOutReason"] == "Meeting"

    # The body wins over the query string for a field both carry.
    mixed = await agent.call("POST", path, params={"state": "Bogus"}, json={"state": "Available"})
    assert mixed.status_code == 202, mixed.text
    session_id, events = await agent.events(session_id)
    assert events[-1]["CurrentState"] == "Available"

    super1 = await cxone("super1")
    joined = await super1.call("POST", "agent-sessions/join", params={"asAgentId": agent.agent_id})
    assert joined.status_code == 202, joined.text

    ended = await agent.call(
        "DELETE", f"agent-sessions/{session_id}", params={"forceLogoff": "true"}
    )
    assert ended.status_code == 202
    assert_error(await agent.poll(session_id, timeout=0), 409, "AgentSessionEnded")


async def test_any_api_version_is_served(sandbox: SandboxServer, cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    for version in ("1", "23", "99"):
        me = await agent.http.get(api("agents/me", version))
        assert me.status_code == 200 and me.json()["agentId"] == int(agent.agent_id)
    assert_error(await agent.http.get(api("agents/me", "X")), 404, "NotFound")
    assert_error(await agent.http.get(api("no-such-route")), 404, "NotFound")
    assert_error(await agent.http.put(api("agent-sessions/join")), 405, "MethodNotAllowed")


# -- the long poll -------------------------------------------------------------------------------


async def test_a_waiting_poll_answers_as_soon_as_something_happens(
    sandbox: SandboxServer, cxone: CxoneFactory
) -> None:
    agent = await cxone("agent6")
    session_id, _ = await agent.events(await agent.start_default())
    waiting = asyncio.create_task(agent.poll(session_id, timeout=30))
    await until_polling(sandbox, agent.user.id)
    assert not waiting.done()
    began = time.monotonic()
    assert (await agent.state(session_id, state="Available")).status_code == 202
    answer = await asyncio.wait_for(waiting, 5)
    assert time.monotonic() - began < 2
    assert answer.status_code == 200
    assert [e["CurrentState"] for e in answer.json()["events"]] == ["Available"]


async def test_each_answer_rotates_the_id_and_an_older_id_gets_the_whole_picture(
    cxone: CxoneFactory,
) -> None:
    agent = await cxone("agent6")
    first = await agent.start_default()
    second, _ = await agent.events(first)
    assert (await agent.state(second, state="Available")).status_code == 202
    third, events = await agent.events(second)
    assert len({first, second, third}) == 3 and len(events) == 1

    # The answer with `third` was "lost": asking again with `second` gives the whole picture.
    fourth, again = await agent.events(second)
    assert [e["Type"] for e in again] == ["AgentSessionStart", "AgentState"]
    assert again[1]["CurrentState"] == "Available"
    assert fourth not in (first, second, third)
    # Commands accept any id of the live session, older ones included.
    assert (await agent.state(first, state="Unavailable", reason="Break")).status_code == 202
    _, latest = await agent.events(fourth)
    assert latest[-1]["CurrentOutReason"] == "Break"


async def test_a_waiting_poll_is_given_the_end_then_the_session_is_gone(
    sandbox: SandboxServer, cxone: CxoneFactory
) -> None:
    agent = await cxone("agent6")
    super1 = await cxone("super1")
    session_id, _ = await agent.events(await agent.start_default())
    waiting = asyncio.create_task(agent.poll(session_id, timeout=30))
    await until_polling(sandbox, agent.user.id)
    joined = (await super1.join(asAgentId=agent.agent_id)).json()["sessionId"]
    assert (await super1.end(joined)).status_code == 202
    answer = await asyncio.wait_for(waiting, 5)
    assert answer.status_code == 200
    end = of_type(answer.json()["events"], "AgentSessionEnd")
    assert len(end) == 1 and end[0]["EndedBy"] == SUPER1
    assert_error(await agent.poll(answer.json()["sessionId"]), 409, "AgentSessionEnded")
    assert_error(await agent.state(session_id, state="Available"), 409, "AgentSessionEnded")


async def test_a_poll_whose_client_went_away_stops_waiting(
    sandbox: SandboxServer, cxone: CxoneFactory
) -> None:
    agent = await cxone("agent6")
    session_id, _ = await agent.events(await agent.start_default())
    waiting = asyncio.create_task(agent.poll(session_id, timeout=60))
    await until_polling(sandbox, agent.user.id)
    waiting.cancel()  # httpx closes the connection
    async with asyncio.timeout(5):
        while listening(sandbox, agent.user.id):
            await asyncio.sleep(0.005)


async def test_stopping_the_server_answers_a_waiting_poll_at_once(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory()
    agent = await cxone("agent6", server=server)
    session_id, _ = await agent.events(await agent.start_default())
    waiting = asyncio.create_task(agent.poll(session_id, timeout=60))
    await until_polling(server, agent.user.id)
    began = time.monotonic()
    await asyncio.to_thread(server.stop)
    assert time.monotonic() - began < 2.0  # not held for uvicorn's graceful-shutdown wait
    answer = await asyncio.wait_for(waiting, 5)
    assert answer.status_code == 304


async def test_someone_elses_session_id_is_not_theirs(cxone: CxoneFactory) -> None:
    agent = await cxone("agent6")
    other = await cxone("agent4")
    session_id = await agent.start_default()
    assert_error(await other.poll(session_id), 404, "InvalidAgentSession")
    assert_error(await other.state(session_id, state="Available"), 404, "InvalidAgentSession")
    assert_error(await other.end(session_id), 404, "InvalidAgentSession")


# -- state rules -------------------------------------------------------------------------------


async def test_reasons_are_names_and_unavailable_alone_is_the_default_code(
    cxone: CxoneFactory,
) -> None:
    agent = await cxone("agent6")
    session_id, _ = await agent.events(await agent.start_default())
    assert (await agent.state(session_id, state="Unavailable", reason="Lunch")).status_code == 202
    assert (await agent.state(session_id, state="Unavailable")).status_code == 202
    session_id, events = await agent.events(session_id)
    assert [e["CurrentOutReason"] for e in events] == ["Lunch", "Break"]  # Break is the default
    for bad in ("lunch", "RONA", "No such code", ""):
        body = {"state": "Unavailable", "reason": bad} if bad else {"state": "available"}
        assert_error(await agent.state(session_id, **body), 400, "InvalidRequest")
    words = assert_error(await agent.state(session_id, state="Unavailable", reason="Resolved"), 409)
    assert "no active contact" in words


async def test_after_contact_work_needs_an_active_contact_and_contacts_block_a_plain_end(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(
        traffic=True,
        seed=5,
        offer_chance=1.0,
        traffic_tick_s=0.02,
        answer_after_s=(0.0, 0.0),
        auto_answer=("chat", "email", "social"),
        handle_for_s=(60.0, 60.0),
    )
    agent = await cxone("agent6", server=server)
    session_id, _ = await agent.events(await agent.start_default())
    assert (await agent.state(session_id, state="Available")).status_code == 202
    active: list[dict[str, object]] = []
    async with asyncio.timeout(5):
        while not active:
            session_id, events = await agent.events(session_id)
            active += [
                e for e in events if e["Type"].endswith("ContactEvent") and e["Status"] == "Active"
            ]
    assert active[0]["ContactID"] and (active[0]["ANI"] or active[0]["FromAddress"])

    assert (
        await agent.state(session_id, state="Unavailable", reason="Resolved")
    ).status_code == 202
    async with asyncio.timeout(5):
        while True:
            session_id, events = await agent.events(session_id)
            acw = [e for e in of_type(events, "AgentState") if e["IsAcw"]]
            if acw:
                break
    assert acw[-1]["CurrentOutReason"] == "Resolved"

    assert_error(await agent.end(session_id), 409, "ActiveContacts")
    assert (await agent.end(session_id, endContacts="true")).status_code == 202
    assert_error(await agent.poll(session_id), 409, "AgentSessionEnded")


async def test_station_refusals(cxone: CxoneFactory) -> None:
    agent = await cxone("agent6")
    assert_error(await agent.start(), 400, "InvalidRequest")
    assert_error(await agent.start(stationId="1006", stationPhoneNumber="14155550106"), 400)
    refused = await agent.start(stationPhoneNumber="12")
    assert "dial plan" in assert_error(refused, 400, "InvalidStation")
    assert (await agent.start(stationPhoneNumber="1 (415) 555-0106")).status_code == 202
    other = await cxone("agent4")
    assert_error(await other.start(stationPhoneNumber="14155550106"), 409, "StationInUse")


# -- supervisors -------------------------------------------------------------------------------


async def test_a_supervisor_changes_an_agent_and_the_agent_sees_who(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    session_id, _ = await agent.events(await agent.start_default())
    super1 = await cxone("super1")
    path = f"agents/{agent.agent_id}/state"
    changed = await super1.call("POST", path, json={"state": "Unavailable", "reason": "Coaching"})
    assert changed.status_code == 202, changed.text
    session_id, events = await agent.events(session_id)
    assert events[-1]["CurrentOutReason"] == "Coaching" and events[-1]["ChangedBy"] == SUPER1
    assert events[-1]["ChangedById"] == super1.agent_id

    # Impersonating: super1 acts through a handle on agent5's session.
    handle = (await super1.join(asAgentId=agent.agent_id)).json()["sessionId"]
    assert (await super1.state(handle, state="Available")).status_code == 202
    _, events = await agent.events(session_id)
    assert (events[-1]["CurrentState"], events[-1]["ChangedBy"]) == ("Available", SUPER1)

    super2 = await cxone("super2")
    assert_error(await super2.call("POST", path, json={"state": "Available"}), 403, "NotPermitted")
    assert_error(await agent.call("POST", path, json={"state": "Available"}), 403, "NotPermitted")
    unknown = await super1.call("POST", "agents/nobody/state", json={"state": "Available"})
    assert_error(unknown, 404, "InvalidAgentId")
    absent = CxoneIds(super1.server.org).agent(super1.server.org.user_by_login("agent4").id)  # type: ignore[union-attr]
    no_session = await super1.call("POST", f"agents/{absent}/state", json={"state": "Available"})
    assert_error(no_session, 409, "AgentNotLoggedIn")


async def test_agent_states_lists_a_supervisors_agents(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    session_id, _ = await agent.events(await agent.start_default())
    assert (await agent.state(session_id, state="Unavailable", reason="Lunch")).status_code == 202
    super1 = await cxone("super1")
    answer = await super1.call("GET", "agents/states")
    assert answer.status_code == 200
    rows = {str(row["agentId"]): row for row in answer.json()["agentStates"]}
    assert len(rows) == 6 and super1.agent_id not in rows  # Sales and Support agents
    mine = rows[agent.agent_id]
    assert (mine["agentStateName"], mine["outStateDescription"]) == ("Unavailable", "Lunch")
    assert mine["teamName"] == "Support" and mine["sessionId"] and mine["startDate"]
    assert mine["contacts"] == {"telephony": 0, "chat": 0, "email": 0, "social": 0}
    others = [row for key, row in rows.items() if key != agent.agent_id]
    assert {row["agentStateName"] for row in others} == {"LoggedOut"}
    assert_error(await agent.call("GET", "agents/states"), 403, "NotPermitted")


async def test_unavailable_codes_and_who_am_i(cxone: CxoneFactory) -> None:
    agent = await cxone("agent5")
    me = (await agent.call("GET", "agents/me")).json()
    assert (me["userName"], me["firstName"], me["teamName"]) == ("agent5", "Emery", "Support")
    assert me["stationPhoneNumber"] == "14155550105" and me["stationId"] == "1005"
    assert me["loginOptions"] == ["PhoneNumber", "StationId"] and not me["canImpersonate"]
    assert {c["mediaType"]: c["capacity"] for c in me["channels"]}["chat"] == 3
    assert [p["forStationId"] for p in me["dialPlans"]] == [False, True]

    codes = (await agent.call("GET", f"teams/{me['teamId']}/unavailable-codes")).json()
    by_name = {c["outStateName"]: c for c in codes["unavailableCodes"]}
    assert {"Lunch", "Break", "Meeting", "Training", "Coaching"} <= set(by_name)
    assert by_name["Resolved"]["isAcw"] and not by_name["Lunch"]["isAcw"]
    assert by_name["RONA"]["isSystem"]
    assert_error(await agent.call("GET", "teams/no-such-team/unavailable-codes"), 404, "NotFound")
    super1 = await cxone("super1")
    assert (await super1.call("GET", "agents/me")).json()["canImpersonate"] is True
