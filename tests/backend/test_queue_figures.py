"""Queue figures against a real sandbox: the vendors' routes (Webex's Search API, CXone's skill
activity) served from the engine's waiting contacts, and both sessions polling them into the
snapshot. Customers arrive faster than anyone takes them (`arrivals_per_min`, no agent
Available), so the queues fill by themselves on the real server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone import wire as cxone_wire
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession
from tui.backends.webex import wire as webex_wire
from tui.backends.webex.client import WebexSession
from tui.domain import Channel, QueueFiguresChanged, for_channel
from tui.sandbox.server import SandboxServer

WAIT_S = 20.0  # a bound, not an expectation: the first poll answers within a second
FILLING: dict[str, Any] = {
    "traffic": True,
    "arrivals_per_min": 1200.0,
    "offer_chance": 0.0,
    "traffic_tick_s": 0.1,
    "queue_patience_s": 600.0,
    "seed": 5,
}
CXONE_FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
ACTIVITY = "/inContactAPI/services/v23.0/skills/activity"


async def _token(client: httpx.AsyncClient, login: str) -> None:
    answer = await client.post(
        "/oauth/token", data={"grant_type": "password", "username": login, "password": login}
    )
    assert answer.status_code == 200, answer.text
    client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"


@pytest.fixture
async def filling(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(**FILLING)


@pytest.fixture
async def http(filling: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=filling.base_url, timeout=10.0) as client:
        await _token(client, "agent1")
        yield client


async def _until(check: Callable[[], Awaitable[Any]]) -> Any:
    async with asyncio.timeout(WAIT_S):
        while not (found := await check()):
            await asyncio.sleep(0.05)
    return found


async def test_webex_search_lists_parked_tasks_with_their_queue(http: httpx.AsyncClient) -> None:
    async def parked() -> list[dict[str, Any]]:
        now = int(time.time() * 1000)
        body = {
            "query": webex_wire.QUEUED_TASKS_QUERY,
            "variables": {"from": now - 3_600_000, "to": now + 60_000},
        }
        answer = await http.post("/search", json=body)
        assert answer.status_code == 200, answer.text
        return list(answer.json()["data"]["task"]["tasks"])

    tasks = await _until(parked)
    for task in tasks:
        assert set(task) == {"id", "channelType", "createdTime", "lastQueue"}
        assert task["channelType"] in {c.value for c in Channel}
        assert task["lastQueue"]["name"].endswith("Queue")
        assert isinstance(task["createdTime"], int)
    assert len({t["id"] for t in tasks}) == len(tasks)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"query": "{ task(from: 1, to: 2) { tasks { id } } }"}, "36 months"),
        ({"query": "{ task(to: 2) { tasks { id } } }"}, "'from'"),
        (
            {"query": "{ task(from: 1790000000000, to: 1790000000001) { tasks { salary } } }"},
            "salary",
        ),
        ({"query": "mutation { task { id } }"}, "Only a query"),
        ({"query": "{ task(from: $f, to: 2) { tasks { id } } }"}, "$f"),
        ({"query": "{ agent(from: 1, to: 2) { id } }"}, "task"),
        ({"query": '{ task(from: 1, "x") }'}, "Expected"),
        ({"query": "{" + " a {" * 50 + " b" + " }" * 51}, "nested too deeply"),
        ({"query": ""}, ""),
        ({"variables": {}}, ""),
    ],
)
async def test_webex_search_refuses_what_it_cannot_serve_with_a_400(
    http: httpx.AsyncClient, body: dict[str, Any], words: str
) -> None:
    answer = await http.post("/search", json=body)
    assert answer.status_code == 400, answer.text
    assert words in answer.text


async def test_webex_search_needs_a_sign_in(filling: SandboxServer) -> None:
    async with httpx.AsyncClient(base_url=filling.base_url) as anonymous:
        answer = await anonymous.post("/search", json={"query": "{ task { id } }"})
    assert answer.status_code == 401
    assert answer.json()


async def test_cxone_skill_activity_counts_what_waits_per_skill(http: httpx.AsyncClient) -> None:
    async def busy() -> list[dict[str, Any]]:
        answer = await http.get(ACTIVITY, params={"fields": cxone_wire.SKILL_ACTIVITY_FIELDS})
        assert answer.status_code == 200, answer.text
        rows = answer.json()["skillActivity"]
        return rows if all(r["queueCount"] > 0 for r in rows) else []

    rows = await _until(busy)
    assert [r["mediaTypeId"] for r in rows] == [4, 3, 1, 9]
    for row in rows:
        assert isinstance(row["skillId"], int)
        assert cxone_wire.parse_utc_iso(row["earliestQueueTime"]) is not None
    narrow = await http.get(ACTIVITY, params={"fields": "skillId,queueCount"})
    assert {frozenset(r) for r in narrow.json()["skillActivity"]} == {
        frozenset({"skillId", "queueCount"})
    }
    one = await http.get(ACTIVITY.replace("activity", f"{rows[0]['skillId']}/activity"))
    assert [r["skillId"] for r in one.json()["skillActivity"]] == [rows[0]["skillId"]]


async def test_cxone_skill_activity_counts_the_agents_signed_in(
    filling: SandboxServer, http: httpx.AsyncClient
) -> None:
    agent = filling.org.user_by_login("agent1")
    assert agent is not None
    started = await http.post(
        "/inContactAPI/services/v23.0/agent-sessions",
        json={"stationPhoneNumber": agent.defaultDialNumber},
    )
    assert started.status_code == 202, started.text
    answer = await http.get(ACTIVITY)
    assert answer.status_code == 200, answer.text
    for row in answer.json()["skillActivity"]:
        assert row["agentsLoggedIn"] == 1
        assert row["agentsAvailable"] == 0  # CXone sessions start Unavailable
        assert row["agentsUnavailable"] == 1


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        (ACTIVITY, {"fields": "skillId,salary"}, 400),
        (ACTIVITY, {"updatedSince": "yesterday"}, 400),
        (ACTIVITY, {"fields": "x" * 2000}, 400),
        (ACTIVITY.replace("activity", "abc/activity"), {}, 400),
        (ACTIVITY.replace("activity", "99/activity"), {}, 404),
    ],
)
async def test_cxone_skill_activity_refuses_bad_parameters(
    http: httpx.AsyncClient, path: str, params: dict[str, str], status: int
) -> None:
    answer = await http.get(path, params=params)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]


@pytest.fixture
async def sessions() -> AsyncIterator[list[DesktopSession]]:
    made: list[DesktopSession] = []
    yield made
    for session in made:
        await session.close()


@pytest.mark.parametrize("platform", ["webex", "cxone"])
async def test_the_session_polls_queue_figures_into_the_snapshot(
    filling: SandboxServer, sessions: list[DesktopSession], platform: str
) -> None:
    session: DesktopSession = (
        CxoneSession(filling.base_url, **CXONE_FAST)
        if platform == "cxone"
        else WebexSession(filling.base_url, request_timeout=5.0)
    )
    sessions.append(session)
    await session.sign_in(PasswordSignIn("super1", "super1"))
    await session.load_profile()
    session.queue_poll_s = 0.2
    session.watch_queues()
    async with asyncio.timeout(WAIT_S):
        async for event in session.events():
            if (
                isinstance(event, QueueFiguresChanged)
                and all(q.waiting for q in event.queues)
                and len(event.queues) == 4
            ):
                break
    snapshot = session.snapshot
    assert snapshot.queues_shown
    assert [q.channel for q in snapshot.queues] == list(Channel)
    voice = for_channel(snapshot.queues, Channel.TELEPHONY)
    assert voice is not None and voice.waiting > 0 and voice.name == "Voice Queue"
    assert 0 <= voice.longest_wait_s(session.server_now_ms()) < WAIT_S + 5
    await session.stop_watching_queues()


async def test_with_nothing_waiting_every_skill_is_there_with_none_waiting(
    sandbox_factory: Callable[..., SandboxServer], sessions: list[DesktopSession]
) -> None:
    """Nothing waits with traffic off: every queue is there with 0, and none is oldest."""
    server = sandbox_factory()
    session = CxoneSession(server.base_url, **CXONE_FAST)
    sessions.append(session)
    await session.sign_in(PasswordSignIn("agent1", "agent1"))
    await session.load_profile()
    figures = await session.queue_figures()
    assert figures is not None and len(figures) == 4
    assert all(q.waiting == 0 and q.oldest_since == 0 for q in figures)
