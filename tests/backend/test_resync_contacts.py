"""Re-syncs restore contacts, never degrade them: after a join (a desktop started again), another
desktop's join (the Webex reload every socket of the agent hears) or a re-join, each open
contact keeps who it is from, its queue, its channel and when it started — on both protocols.

A real sandbox whose traffic fills every channel and holds the contacts for a minute; real
clients; every wait is on a condition with a deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.backend.cxone_http import CxoneFactory
from tests.conftest import WebexTestClient
from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import AgentSnapshot, Availability, Channel, LoginOption
from tui.sandbox.server import SandboxServer

WAIT_S = 8.0
HOLDING: dict[str, Any] = dict(
    traffic=True,
    seed=5,
    offer_chance=1.0,
    traffic_tick_s=0.02,
    answer_after_s=(0.0, 0.0),
    auto_answer=("chat", "email", "social"),
    handle_for_s=(60.0, 60.0),
)
CXONE_FAST: dict[str, Any] = dict(
    request_timeout=5.0, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.2
)
Desk = Callable[..., Awaitable[DesktopSession]]
Row = tuple[str, Channel, str, str, int]


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], bool], what: str
) -> AgentSnapshot:
    """Wait on the session's own events until its snapshot satisfies `check`."""
    try:
        async with asyncio.timeout(WAIT_S):
            while not check(session.snapshot):
                await session.next_batch()
    except TimeoutError:
        raise AssertionError(f"waited {WAIT_S}s for {what}: {rows(session.snapshot)}") from None
    return session.snapshot


def rows(snapshot: AgentSnapshot) -> set[Row]:
    """Each open contact as the desktop knows it: id, channel, customer, queue, started_at."""
    return {
        (i.id, i.channel, i.customer, i.queue, i.started_at)
        for load in snapshot.channels
        for i in load.interactions
        if not i.offered
    }


def full(snapshot: AgentSnapshot) -> bool:
    return bool(snapshot.channels) and all(load.is_full for load in snapshot.channels)


def restored(expected: set[Row]) -> Callable[[AgentSnapshot], bool]:
    return lambda snapshot: rows(snapshot) >= expected


@pytest.fixture(params=["webex", "cxone"])
async def desk(
    request: pytest.FixtureRequest, sandbox_factory: Callable[..., SandboxServer]
) -> AsyncIterator[Desk]:
    """`await desk("agent4")`: a signed-in session of the platform under test, profile loaded,
    on one sandbox whose traffic keeps every channel full."""
    server = sandbox_factory(**HOLDING)
    sessions: list[DesktopSession] = []

    async def make(login: str, **knobs: Any) -> DesktopSession:
        session: DesktopSession
        if request.param == "webex":
            session = WebexSession(server.base_url, request_timeout=5.0, **knobs)
        else:
            session = CxoneSession(server.base_url, **CXONE_FAST)
        sessions.append(session)
        await session.sign_in(PasswordSignIn(login, login))
        await session.load_profile()
        return session

    yield make
    for session in sessions:
        await session.close()


async def handling(desk: Desk, login: str) -> tuple[DesktopSession, set[Row]]:
    """An agent Available until every channel is full; their contacts, each with details."""
    agent = await desk(login)
    profile = agent.profile
    assert profile is not None
    await agent.start_station_session(
        StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number)
    )
    await agent.set_available()
    snapshot = await until(agent, full, "every channel full")
    before = rows(snapshot)
    assert len(before) == sum(load.capacity for load in snapshot.channels)
    assert all(customer and queue and started for _, _, customer, queue, started in before)
    return agent, before


async def test_a_desktop_started_again_shows_every_contact_with_its_details(desk: Desk) -> None:
    """Quit and start again: joining the session brings back who, queue, channel and age."""
    _, before = await handling(desk, "agent4")
    again = await desk("agent4")
    await again.join_session()
    await until(again, restored(before), "the contacts with their details")
    assert again.snapshot.availability is Availability.AVAILABLE


@pytest.mark.parametrize("desk", ["webex"], indirect=True)  # a CXone join tells others nothing
async def test_another_desktop_joining_does_not_degrade_this_ones_contacts(desk: Desk) -> None:
    """Webex re-sends the session (ids only) and each contact to every desktop of the agent
    when one reloads: this desktop's snapshot is replaced, its contacts keep every detail."""
    agent, before = await handling(desk, "agent6")
    since = len(agent.snapshot.log)
    other = await desk("agent6", allow_multi_login=True)
    await other.join_session()
    await until(other, restored(before), "the joining desktop's contacts")
    await until(
        agent,
        lambda s: any(e.text.startswith("Another desktop joined") for e in s.log[since:]),
        "the first desktop to hear of the join",
    )
    assert rows(agent.snapshot) == before


# -- what goes on the wire ---------------------------------------------------------------------


async def test_a_webex_reload_re_sends_each_open_contact_whole(
    sandbox_factory: Callable[..., SandboxServer], webex: Callable[..., Awaitable[WebexTestClient]]
) -> None:
    """`AgentReloginSuccess` names the contacts by id; an `AgentContact` per id follows with the
    customer (`ani`), the queue (`virtualTeamName`), the media type, the state and the start."""
    server = sandbox_factory(**HOLDING)
    agent = await webex("agent7", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    await agent.set_state("Available")
    assigned: dict[str, dict[str, Any]] = {}
    while len(assigned) < 8:  # every channel full (1 + 3 + 2 + 2); next_frame has a deadline
        data = (await agent.next_frame("AgentContactAssigned"))["data"]
        assigned[data["interactionId"]] = data

    await agent.accepted("POST", "/v1/agents/reload")
    relogin = (await agent.next_frame("AgentReloginSuccess"))["data"]
    assert sorted(relogin["interactionIds"]) == sorted(assigned)
    for _ in assigned:
        frame = await agent.next_frame("AgentContact")
        data = frame["data"]
        assert frame["type"] == "RoutingMessage" and data["agentId"] == relogin["agentId"]
        live = assigned[data["interactionId"]]
        interaction = data["interaction"]
        assert interaction["interactionId"] == data["interactionId"]
        assert interaction["mediaType"] == live["mediaType"]
        assert interaction["state"] == "connected"
        details = interaction["callAssociatedDetails"]
        assert details["ani"] == live["interaction"]["from"]
        assert details["virtualTeamName"] == live["interaction"]["queue"]
        assert interaction["createdTimestamp"] == live["interaction"]["createdTimestamp"]
        assert interaction["queuedTimestamp"] == live["interaction"]["createdTimestamp"]
        customer = [p for p in interaction["participants"].values() if p["pType"] == "Customer"]
        assert [p["id"] for p in customer] == [details["ani"]]


async def test_a_cxone_rejoin_snapshot_carries_each_contact_whole(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    """A join's snapshot has one contact event per open contact, with the platform's own
    fields: `ANI` (calls) or `FromAddress`, `Skill`/`SkillName`, `StartTimeUTC`,
    `LastStateChangeTime` — the same as the live events said."""
    server = sandbox_factory(**HOLDING)
    agent = await cxone("agent8", server=server)
    handle, _ = await agent.events(await agent.start_default())
    assert (await agent.state(handle, state="Available")).status_code == 202
    live: dict[str, dict[str, Any]] = {}
    async with asyncio.timeout(WAIT_S):
        while len(live) < 8:
            handle, events = await agent.events(handle)
            live |= {
                e["ContactID"]: e
                for e in events
                if e["Type"].endswith("ContactEvent") and e["Status"] == "Active"
            }

    joined = await agent.join()
    assert joined.status_code == 202, joined.text
    _, events = await agent.events(joined.json()["sessionId"])
    assert [e["Type"] for e in events[:2]] == ["AgentSessionStart", "AgentState"]
    contacts = {e["ContactID"]: e for e in events[2:]}
    assert set(contacts) == set(live)
    for contact_id, event in contacts.items():
        assert event == live[contact_id]
        call = event["Type"] == "CallContactEvent"
        assert (
            event["ANI" if call else "FromAddress"] and not event["FromAddress" if call else "ANI"]
        )
        assert event["Skill"] and event["SkillName"] and event["Status"] == "Active"
        assert event["StartTimeUTC"] and event["LastStateChangeTime"]
