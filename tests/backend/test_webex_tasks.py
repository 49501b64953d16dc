"""The Webex task routes on a real sandbox, over raw HTTP and the notification socket: a
contact's whole life (offer, accept, hold, unhold, end, wrap up with a code), each step's frame
with the fields the SDK's task manager reads; RONA at the ring time with the contact offered
again to another Available agent; the failures (someone else's contact, a wrong state, an
unknown wrap-up code, a bad body).

Contacts come from the sandbox's own traffic (every channel with room offered at once); every
wait is on a frame with a deadline.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.conftest import WebexTestClient
from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]

OFFERS: dict[str, Any] = dict(
    traffic=True,
    seed=11,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=0.0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)


def task_path(interaction_id: str, action: str) -> str:
    return wire.TASK_ROUTES[wire.TaskAction(action)].path_for(interaction_id)


async def frame_of(
    client: WebexTestClient, kind: str, interaction_id: str, timeout: float = 5.0
) -> dict[str, Any]:
    """The next `kind` frame about `interaction_id` (others skipped)."""

    return await client.next_raw(about(kind, interaction_id), timeout)


def about(kind: str, interaction_id: str) -> Callable[[dict[str, Any]], bool]:
    """Whether a frame is a `kind` frame about `interaction_id`."""

    def wanted(frame: dict[str, Any]) -> bool:
        data = frame.get("data")
        return (
            isinstance(data, dict)
            and data.get("type") == kind
            and data.get("interactionId") == interaction_id
        )

    return wanted


async def offered_on(
    client: WebexTestClient, channel: str, timeout: float = 5.0
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first offer on `channel` not yet handed out: its `AgentContactReserved` and
    `AgentOfferContact`. Offers start as soon as the agent is Available, often before the
    state change's own frame, so those a wait read past count too."""

    def wanted(frame: dict[str, Any]) -> bool:
        data = frame.get("data")
        return (
            isinstance(data, dict)
            and data.get("type") == "AgentContactReserved"
            and data.get("interaction", {}).get("mediaType") == channel
        )

    reserved = await client.earliest(wanted, timeout)
    its_offer = about("AgentOfferContact", reserved["data"]["interactionId"])
    offer = await client.earliest(its_offer, timeout)
    return reserved, offer


async def available(client: WebexTestClient) -> None:
    await client.login()
    await client.next_frame("AgentStationLoginSuccess")
    await client.set_state("Available")
    await client.next_frame("AgentStateChangeSuccess")


def wrap_up_code(server: SandboxServer, name: str = "Resolved") -> Any:
    return next(c for c in server.org.wrap_up_codes() if c.name == name)


def idle_code(server: SandboxServer, name: str = "Lunch") -> str:
    return next(c.id for c in server.org.auxiliaryCodes if c.name == name)


def assert_task_frame(frame: dict[str, Any], agent_id: str) -> wire.TaskFrame:
    """The frame is a RoutingMessage whose data parses as the SDK's TaskData."""
    assert frame["type"] == wire.ROUTING_MESSAGE
    data = frame["data"]
    assert data["eventType"] == wire.ROUTING_MESSAGE
    assert data["agentId"] == agent_id
    assert data["mediaResourceId"]
    parsed = wire.parse_task_frame(data) or wire.TaskFrame.model_validate(data)
    assert parsed.interaction is not None
    assert parsed.interaction.interactionId == data["interactionId"]
    return parsed


def leg(data: dict[str, Any]) -> dict[str, Any]:
    return data["interaction"]["media"][data["mediaResourceId"]]


async def test_a_contact_from_offer_to_wrap_up(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent3", server=server)
    await available(agent)

    reserved, offer = await offered_on(agent, "chat")
    call = offer["data"]["interactionId"]
    for frame in (reserved, offer):
        parsed = assert_task_frame(frame, agent.user_id)
        assert parsed.interaction is not None and parsed.interaction.state == "new"
        assert parsed.interaction.mediaType == "chat"
    data = offer["data"]
    details = data["interaction"]["callAssociatedDetails"]
    assert details["ani"].startswith("visitor-") and details["virtualTeamName"] == "Chat Queue"
    assert data["queueName"] == "Chat Queue" and data["interaction"]["createdTimestamp"] > 0
    assert "ronaTimeout" not in data  # rings until answered in this sandbox
    media_resource = data["mediaResourceId"]

    tid = await agent.accepted("POST", task_path(call, "accept"), {})
    assigned = await frame_of(agent, "AgentContactAssigned", call)
    assert assigned["trackingId"] == tid and assigned["data"]["trackingId"] == tid
    assert assert_task_frame(assigned, agent.user_id).interaction.state == "connected"  # type: ignore[union-attr]
    assert call in assigned["data"]["channelsMap"]["chat"]

    await agent.accepted("POST", task_path(call, "hold"), {"mediaResourceId": media_resource})
    held = await frame_of(agent, "AgentContactHeld", call)
    assert isinstance(wire.parse_task_frame(held["data"]), wire.AgentContactHeld)
    assert held["data"]["interaction"]["state"] == "hold"
    assert leg(held["data"])["isHold"] is True and leg(held["data"])["holdTimestamp"] > 0

    await agent.accepted("POST", task_path(call, "unhold"), {"mediaResourceId": media_resource})
    unheld = await frame_of(agent, "AgentContactUnheld", call)
    assert isinstance(wire.parse_task_frame(unheld["data"]), wire.AgentContactUnheld)
    assert unheld["data"]["interaction"]["state"] == "connected"
    assert leg(unheld["data"])["isHold"] is False

    await agent.accepted("POST", task_path(call, "end"), {})
    wrapup = await frame_of(agent, "AgentWrapup", call)
    assert isinstance(wire.parse_task_frame(wrapup["data"]), wire.AgentWrapup)
    assert wrapup["data"]["interaction"]["state"] == "wrapUp"
    assert wrapup["data"]["interaction"]["participants"][agent.user_id]["isWrapUp"] is True

    code = wrap_up_code(server)
    body = {"wrapUpReason": code.name, "auxCodeId": code.id}
    await agent.accepted("POST", task_path(call, "wrapup"), body)
    done = await frame_of(agent, "AgentWrappedUp", call)
    parsed = wire.parse_task_frame(done["data"])
    assert isinstance(parsed, wire.AgentWrappedUp) and parsed.wrapUpAuxCodeId == code.id
    assert call not in done["data"]["channelsMap"]["chat"]


async def test_the_customer_hanging_up_leaves_a_wrap_up_owed(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(
        **(OFFERS | dict(auto_answer=("chat",), answer_after_s=(0.0, 0.0), handle_for_s=(0.3, 0.3)))
    )
    agent = await webex("agent4", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "chat")
    call = offer["data"]["interactionId"]
    await frame_of(agent, "AgentContactAssigned", call)
    ended = await frame_of(agent, "ContactEnded", call)
    assert ended["data"]["agentsPendingWrapUp"] == [agent.user_id]
    assert ended["data"]["wrapUpRequired"] is True
    assert_task_frame(ended, agent.user_id)

    code = wrap_up_code(server, "Escalated")
    await agent.accepted(
        "POST", task_path(call, "wrapup"), {"wrapUpReason": code.name, "auxCodeId": code.id}
    )
    await frame_of(agent, "AgentWrappedUp", call)


async def test_end_on_an_offer_cancels_it_with_no_wrap_up(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent5", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "email")
    call = offer["data"]["interactionId"]
    await agent.accepted("POST", task_path(call, "end"), {})
    ended = await frame_of(agent, "ContactEnded", call)
    assert ended["data"]["agentsPendingWrapUp"] == []
    assert call not in ended["data"]["interactionIds"]


async def test_an_unanswered_offer_goes_rona_and_to_another_agent(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**(OFFERS | dict(ring_for_s=1.0)))
    first = await webex("agent1", server=server)
    second = await webex("agent2", server=server)
    await second.login()
    await second.next_frame("AgentStationLoginSuccess")
    await second.set_state("Idle", idle_code(server))  # nothing offered to them yet
    await second.next_frame("AgentStateChangeSuccess")
    await available(first)

    _, offer = await offered_on(first, "chat")
    call = offer["data"]["interactionId"]
    assert offer["data"]["ronaTimeout"] == 1
    assert offer["data"]["interaction"]["callProcessingDetails"]["ronaTimeout"] == "1"

    rona = await frame_of(first, "AgentOfferContactRona", call, timeout=5.0)
    assert isinstance(wire.parse_task_frame(rona["data"]), wire.AgentOfferContactRona)
    assert rona["data"]["eventTime"] - offer["data"]["eventTime"] >= 1000
    rona_code = server.org.rona_code()
    assert rona_code is not None
    # The first offer to ring out moves the agent; it need not be this one.
    seen = [f for f in first.frames if f.get("data", {}).get("type") == "AgentStateChangeSuccess"]
    state = seen[-1] if len(seen) > 1 else await first.next_frame("AgentStateChangeSuccess")
    assert state["data"]["subStatus"] == "Idle"
    assert state["data"]["auxCodeId"] == rona_code.id

    await second.set_state("Available")
    again = await frame_of(second, "AgentOfferContact", call)
    assert again["data"]["agentId"] == second.user_id
    assert (
        again["data"]["interaction"]["callAssociatedDetails"]
        == (offer["data"]["interaction"]["callAssociatedDetails"])
    )


async def test_someone_elses_contact_is_not_found(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    owner = await webex("agent6", server=server)
    other = await webex("agent7", server=server)
    await available(owner)
    await other.login()
    await other.next_frame("AgentStationLoginSuccess")
    _, offer = await offered_on(owner, "chat")
    call = offer["data"]["interactionId"]
    for action, body in (("accept", {}), ("hold", {"mediaResourceId": call}), ("end", {})):
        response = await other.http.post(task_path(call, action), json=body)
        assert response.status_code == 404, response.text
        answer = wire.ApiErrorResponse.model_validate(response.json())
        assert answer.errorType == "Not Found"
    unknown = await owner.http.post(task_path(str(uuid.uuid4()), "accept"), json={})
    assert unknown.status_code == 404
    assert (await other.http.post(task_path(call, "accept"), json={})).status_code == 404


@pytest.mark.parametrize(
    ("action", "failure"),
    [
        ("hold", "AgentContactHoldFailed"),
        ("unhold", "AgentContactUnHoldFailed"),
        ("wrapup", "AgentWrapupFailed"),
    ],
)
async def test_a_step_the_state_does_not_allow_is_a_failure_frame(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex, action: str, failure: str
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent8", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "social")
    call = offer["data"]["interactionId"]
    code = wrap_up_code(server)
    body = (
        {"wrapUpReason": code.name, "auxCodeId": code.id}
        if action == "wrapup"
        else {"mediaResourceId": call}
    )
    tid = await agent.accepted("POST", task_path(call, action), body)
    refused = await frame_of(agent, failure, call)
    assert refused["trackingId"] == tid
    parsed = wire.parse_task_frame(refused["data"])
    assert parsed is not None and parsed.type == failure
    assert parsed.reason == wire.TaskFailureReason.INVALID_CONTACT_STATE
    assert parsed.reasonCode == wire.TaskFailureReason.INVALID_CONTACT_STATE.code


async def test_accepting_twice_and_ending_twice_are_failure_frames(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent9", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "chat")
    call = offer["data"]["interactionId"]
    await agent.accepted("POST", task_path(call, "accept"), {})
    await frame_of(agent, "AgentContactAssigned", call)
    await agent.accepted("POST", task_path(call, "accept"), {})
    failed = await frame_of(agent, "AgentContactAssignFailed", call)
    assert failed["data"]["reason"] == "INVALID_CONTACT_STATE"
    await agent.accepted("POST", task_path(call, "end"), {})
    await frame_of(agent, "AgentWrapup", call)
    await agent.accepted("POST", task_path(call, "end"), {})
    failed = await frame_of(agent, "AgentContactEndFailed", call)
    assert failed["data"]["reasonCode"] == 1101


async def test_an_unknown_wrap_up_code_is_a_failure_frame(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent10", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "chat")
    call = offer["data"]["interactionId"]
    await agent.accepted("POST", task_path(call, "accept"), {})
    await agent.accepted("POST", task_path(call, "end"), {})
    await frame_of(agent, "AgentWrapup", call)
    lunch = next(c for c in server.org.auxiliaryCodes if c.name == "Lunch")
    for code_id, name in ((str(uuid.uuid4()), "Nope"), (lunch.id, lunch.name)):
        body = {"wrapUpReason": name, "auxCodeId": code_id}
        await agent.accepted("POST", task_path(call, "wrapup"), body)
        failed = await frame_of(agent, "AgentWrapupFailed", call)
        assert failed["data"]["reason"] == "INVALID_WRAP_UP_CODE"
        assert failed["data"]["reasonCode"] == 1102


async def test_a_bad_body_is_a_400(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent3", server=server)
    await available(agent)
    _, offer = await offered_on(agent, "chat")
    call = offer["data"]["interactionId"]
    for action, body in (
        ("hold", {}),
        ("unhold", {"mediaResourceId": 7}),
        ("wrapup", {"auxCodeId": "x"}),
        ("wrapup", {"wrapUpReason": "x" * 129, "auxCodeId": "x"}),
        ("accept", [1, 2]),
    ):
        response = await agent.http.post(task_path(call, action), json=body)
        assert response.status_code == 400, (action, body, response.text)
        wire.ApiErrorResponse.model_validate(response.json())
    garbled = await agent.http.post(
        task_path(call, "end"), content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert garbled.status_code == 400


async def test_relogin_sends_each_open_contact_with_its_state(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await webex("agent4", server=server)
    await available(agent)
    _, first = await offered_on(agent, "chat")
    _, second = await offered_on(agent, "chat")
    held, wrapping = first["data"]["interactionId"], second["data"]["interactionId"]
    for call in (held, wrapping):
        await agent.accepted("POST", task_path(call, "accept"), {})
        await frame_of(agent, "AgentContactAssigned", call)
    await agent.accepted("POST", task_path(held, "hold"), {"mediaResourceId": held})
    await frame_of(agent, "AgentContactHeld", held)
    await agent.accepted("POST", task_path(wrapping, "end"), {})
    await frame_of(agent, "AgentWrapup", wrapping)

    await agent.accepted("POST", "/v1/agents/reload")
    await agent.next_frame("AgentReloginSuccess")
    restored_held = await frame_of(agent, "AgentContact", held)
    restored_wrapping = await frame_of(agent, "AgentContact", wrapping)
    assert restored_held["data"]["interaction"]["state"] == "hold"
    assert leg(restored_held["data"])["isHold"] is True
    participants = restored_wrapping["data"]["interaction"]["participants"]
    assert participants[agent.user_id]["isWrapUp"] is True
    for frame in (restored_held, restored_wrapping):
        wire.AgentContact.model_validate(frame["data"])


async def test_the_auxiliary_codes_list_wrap_up_codes_and_the_rona_code(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory()
    agent = await webex("agent3", server=server, connect=False)
    answer = await agent.http.get(
        f"/organization/{server.org.orgId}/v2/auxiliary-code", params={"pageSize": 100}
    )
    assert answer.status_code == 200
    codes = [wire.AuxiliaryCode.model_validate(row) for row in answer.json()["data"]]
    wrap_ups = {c.name for c in codes if c.workTypeCode == "WRAP_UP_CODE"}
    assert wrap_ups == {c.name for c in server.org.wrap_up_codes()}
    rona = next(c for c in codes if c.name == "RONA")
    assert rona.workTypeCode == "IDLE_CODE" and rona.isSystemCode
