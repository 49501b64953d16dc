"""The sandbox's /bench routes: off (404) unless the sandbox runs with --bench; a flood reaches
the caller's own sockets, N frames, ending with the agent's real state."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.conftest import WebexTestClient
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]


async def test_flood_is_not_found_without_bench(webex: Webex) -> None:
    agent = await webex("agent4")
    response = await agent.http.post("/bench/flood", params={"count": 3})
    assert response.status_code == 404


async def test_flood_pushes_n_state_changes_ending_with_the_real_state(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await webex("agent4", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    response = await agent.http.post("/bench/flood", params={"count": 25})
    assert response.status_code == 200, response.text
    assert response.json()["published"] == 25
    frames = [await agent.next_frame("AgentStateChangeSuccess") for _ in range(25)]
    assert [f["trackingId"] for f in frames] == [f"bench-flood-{i}" for i in range(25)]
    assert {f["data"]["subStatus"] for f in frames[:-1]} == {"Idle", "Available"}
    assert frames[-1]["data"]["subStatus"] == "Available"  # where the agent really is


async def test_flood_needs_a_station_session(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await webex("agent4", server=server)
    response = await agent.http.post("/bench/flood", params={"count": 3})
    assert response.status_code == 409


async def test_sessions_then_a_storm_change_the_supervised_agents(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(bench_routes=True)
    supervisor = await webex("super1", server=server, connect=False)
    started = await supervisor.http.post("/bench/sessions")
    assert started.status_code == 200, started.text
    assert started.json()["started"] > 0
    again = await supervisor.http.post("/bench/sessions")
    assert again.json()["started"] == 0  # everyone has one now

    storm = await supervisor.http.post("/bench/storm", params={"rate": 100, "seconds": 0.2})
    assert storm.status_code == 200, storm.text
    for _ in range(100):
        state = (await supervisor.http.get("/bench/storm")).json()
        if state["done"]:
            break
        await asyncio.sleep(0.05)
    assert state["done"] and state["changes"] + state["refused"] == 20
    assert state["changes"] > 0


async def test_a_storm_needs_agents_with_sessions(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(bench_routes=True)
    supervisor = await webex("super1", server=server, connect=False)
    response = await supervisor.http.post("/bench/storm", params={"rate": 10, "seconds": 1})
    assert response.status_code == 409


async def test_offer_clears_what_was_open_and_offers_a_new_contact(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await webex("agent4", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    code = next(c.id for c in server.org.auxiliaryCodes if c.selectable)
    await agent.set_state("Idle", code)
    await agent.next_frame("AgentStateChangeSuccess")
    refused = await agent.http.post("/bench/offer", params={"channel": "chat"})
    assert refused.status_code == 409  # not Available
    await agent.set_state("Available")
    await agent.next_frame("AgentStateChangeSuccess")
    first = await agent.http.post("/bench/offer", params={"channel": "chat"})
    assert first.status_code == 200, first.text
    offered = await agent.next_frame("AgentOfferContact")
    assert offered["data"]["interactionId"] == first.json()["interactionId"]
    assert first.json()["offeredMs"] > 0
    second = await agent.http.post("/bench/offer", params={"channel": "chat"})
    assert second.status_code == 200, second.text
    ended = await agent.next_frame("ContactEnded")
    assert ended["data"]["interactionId"] == first.json()["interactionId"]
    again = await agent.next_frame("AgentOfferContact")
    assert again["data"]["interactionId"] == second.json()["interactionId"]
    bad = await agent.http.post("/bench/offer", params={"channel": "fax"})
    assert bad.status_code in (400, 422) and bad.json()
