"""The contact frames as the vendor SDK's task manager reads them (webex-js-sdk
`@webex/contact-center` `services/task/TaskManager.ts`, `registerTaskListeners`).

A task is created on `AgentContactReserved` (an offer) or `AgentContact` (a contact re-sent
after a relogin), keyed by `data.interactionId`; the channel is `data.interaction.mediaType`,
and `AgentContact` tells a new offer (`interaction.state == "new"`: task:incoming) from one
already worked (any other state: task:hydrate), whose wrap-up need it reads from
`interaction.participants[agentId].isWrapUp`. Every task event is looked up by
`data.interactionId` and dispatched on `data.type`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.backend.test_webex_sdk_shapes import sdk_tracking_id
from tests.conftest import WebexTestClient
from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]
MEDIA = {"telephony", "chat", "email", "social"}


async def task_frame(agent: WebexTestClient, kind: str, interaction_id: str) -> dict[str, Any]:
    def wanted(frame: dict[str, Any]) -> bool:
        data = frame.get("data")
        return (
            isinstance(data, dict)
            and data.get("type") == kind
            and (data.get("interactionId") == interaction_id)
        )

    return await agent.next_raw(wanted, 5.0)


async def test_an_offer_creates_a_task_the_way_the_sdk_reads_it(
    sandbox_factory: Callable[..., SandboxServer], webex: Webex
) -> None:
    server = sandbox_factory(bench_routes=True)
    agent = await webex("agent3", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    await agent.set_state("Available")
    await agent.next_frame("AgentStateChangeSuccess")

    offered = await agent.http.post("/bench/offer", params={"channel": "chat"})
    assert offered.status_code == 200, offered.text
    interaction_id = offered.json()["interactionId"]
    reserved = await task_frame(agent, "AgentContactReserved", interaction_id)
    data = reserved["data"]
    assert data["interaction"]["mediaType"] == "chat" and data["interaction"]["mediaType"] in MEDIA
    assert data["interaction"]["state"] == "new"
    assert data["interaction"]["interactionId"] == interaction_id
    offer = await task_frame(agent, "AgentOfferContact", interaction_id)
    assert offer["data"]["interaction"]["mediaType"] == "chat"

    accept = wire.TASK_ROUTES[wire.TaskAction("accept")].path_for(interaction_id)
    await agent.accepted("POST", accept, {}, trackingid=sdk_tracking_id())
    assigned = await task_frame(agent, "AgentContactAssigned", interaction_id)
    assert assigned["data"]["interaction"]["state"] == "connected"

    # A reloaded page: the contact comes back as AgentContact, not new, so task:hydrate.
    await agent.accepted("POST", "/v1/agents/reload", {}, trackingid=sdk_tracking_id())
    await agent.next_frame("AgentReloginSuccess")
    restored = await task_frame(agent, "AgentContact", interaction_id)
    interaction = restored["data"]["interaction"]
    assert interaction["state"] == "connected" and interaction["mediaType"] == "chat"
    assert interaction["participants"][agent.user_id]["isWrapUp"] is False
