"""The traffic simulator on a real server: contacts reach the agent's socket, within capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable

from tests.conftest import WebexTestClient
from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]
CONTACT_EVENTS = ("AgentOfferContact", "AgentContactAssigned", "ContactEnded", "AgentWrappedUp")
FAST = {
    "traffic": True,
    "seed": 7,
    "traffic_tick_s": 0.02,
    "offer_chance": 1.0,
    "answer_after_s": (0.0, 0.0),
    "wrap_up_for_s": 0.05,  # the platform wraps up, so that channels free up again
}


async def test_contacts_are_offered_assigned_and_ended_within_capacity(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(**FAST, handle_for_s=(0.1, 0.3))
    capacity = {c.type: c.capacity for c in server.org.channels}
    agent = await webex("agent3", server=server)
    await agent.login()
    session = (await agent.next_frame("AgentStationLoginSuccess"))["data"]

    held: dict[str, set[str]] = defaultdict(set)  # channel -> offered or assigned contact ids
    counts: dict[str, int] = defaultdict(int)
    while counts["AgentWrappedUp"] < 12:
        frame = await agent.next_frame(*CONTACT_EVENTS)
        assert frame["type"] == "RoutingMessage"
        data = frame["data"]
        known = wire.EVENT_MODELS.get(data["type"])
        model = known.model_validate(data) if known else wire.parse_task_frame(data)
        assert model is not None
        assert data["agentId"] == agent.user_id
        assert data["agentSessionId"] == session["agentSessionId"]
        channel, contact = data["mediaType"], data["interactionId"]
        counts[data["type"]] += 1
        if data["type"] == "AgentOfferContact":
            assert contact not in held[channel]
            held[channel].add(contact)
            assert model.interaction.from_ and model.interaction.queue  # type: ignore[attr-defined]
        elif data["type"] == "AgentContactAssigned":
            assert contact in held[channel]
            assert contact in data["channelsMap"][channel]
            assert contact in data["interactionIds"]
        elif data["type"] == "ContactEnded" and data["agentsPendingWrapUp"]:
            # The customer ended it: it holds its room until it is wrapped up.
            assert data["agentsPendingWrapUp"] == [agent.user_id]
            assert contact in held[channel] and contact in data["interactionIds"]
        else:
            held[channel].discard(contact)
            assert contact not in data["interactionIds"]
        for name, limit in capacity.items():
            assert len(held[name]) <= limit, f"{name} over capacity"
            assert len(data["channelsMap"][name]) <= limit
        assert sorted(data["interactionIds"]) == sorted(
            i for ids in data["channelsMap"].values() for i in ids
        )
    assert set(held) == set(capacity), "every channel got traffic"


async def test_logout_ends_the_agents_contacts_first(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    server = sandbox_factory(**FAST, handle_for_s=(600.0, 600.0))
    agent = await webex("agent1", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    # Wait until the agent holds a full telephony channel (one assigned call).
    while True:
        data = (await agent.next_frame("AgentContactAssigned"))["data"]
        if data["channelsMap"]["telephony"]:
            break
    await agent.logout()
    ended: set[str] = set()
    while True:
        frame = await agent.next_frame("ContactEnded", "AgentLogoutSuccess")
        if frame["data"]["type"] == "AgentLogoutSuccess":
            break
        ended.add(frame["data"]["interactionId"])
        assert frame["data"]["reason"]
    offered = {
        f["data"]["interactionId"]
        for f in agent.frames
        if f.get("data", {}).get("type") == "AgentOfferContact"
    }
    assert offered and offered <= ended, "every contact the agent held was ended"


async def test_no_traffic_means_no_contacts(webex: Webex) -> None:
    agent = await webex("agent2")  # the default fixture runs without traffic
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    await agent.accepted("POST", "/v1/agents/reload")
    data = (await agent.next_frame("AgentReloginSuccess"))["data"]
    assert data["interactionIds"] == []
    kinds = {f.get("data", {}).get("type") for f in agent.frames}
    assert kinds.isdisjoint(CONTACT_EVENTS)
