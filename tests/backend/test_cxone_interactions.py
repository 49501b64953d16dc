"""CXone's interaction routes over plain HTTP, against a real sandbox whose traffic offers the
contacts: every step of a contact's life and the event get-next-event brings for it, with the
fields NICE's SDK reads (integer `ContactID`, `Status`, `FinalState`, `Skill`, `IsAcw`); RONA
at ring time and the contact offered again to another agent; and each refusal in the CXone
error shape (never a 5xx). Every wait is a poll with a deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from tests.backend.cxone_http import CxoneClient, CxoneFactory, assert_error
from tui.sandbox.server import SandboxServer

WAIT_S = 8.0
OFFERS: dict[str, Any] = dict(
    traffic=True,
    seed=11,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)
Event = dict[str, Any]
Match = Callable[[Event], bool]


class Agent:
    """A signed-in client with a session; `sid` follows the id each poll hands out."""

    def __init__(self, client: CxoneClient, sid: str) -> None:
        self.client = client
        self.sid = sid
        self.seen: list[Event] = []

    async def until(self, match: Match, what: str) -> Event:
        """Poll until an event matches (events seen on the way are kept in `seen`)."""
        try:
            async with asyncio.timeout(WAIT_S):
                while True:
                    for event in self.seen:
                        if match(event):
                            self.seen.remove(event)
                            return event
                    response = await self.client.poll(self.sid, timeout=1)
                    assert response.status_code in (200, 304), response.text
                    if response.status_code == 200:
                        body = response.json()
                        self.sid = body["sessionId"]
                        self.seen.extend(body["events"])
        except TimeoutError:
            raise AssertionError(f"waited {WAIT_S}s for {what}; saw {self.seen}") from None

    async def act(self, number: int, action: str, **body: Any) -> Any:
        path = f"agent-sessions/{self.sid}/interactions/{number}/{action}"
        return await self.client.call("POST", path, json=body or None)


def contact(number: int | None = None, status: str | None = None, **fields: Any) -> Match:
    def match(event: Event) -> bool:
        if not event.get("Type", "").endswith("ContactEvent"):
            return False
        if number is not None and event.get("ContactID") != number:
            return False
        if status is not None and event.get("Status") != status:
            return False
        return all(event.get(k) == v for k, v in fields.items())

    return match


def agent_state(**fields: Any) -> Match:
    return lambda e: e.get("Type") == "AgentState" and all(e.get(k) == v for k, v in fields.items())


async def on_shift(cxone: CxoneFactory, server: SandboxServer, login: str) -> Agent:
    client = await cxone(login, server=server)
    agent = Agent(client, await client.start_default())
    await agent.until(agent_state(CurrentState="Unavailable"), "the session's picture")
    return agent


async def offered(agent: Agent, media: str = "chat") -> Event:
    """Become Available until the traffic offers a contact on `media`; then Unavailable, so that
    nothing more is offered while the test works it."""
    assert (await agent.client.state(agent.sid, state="Available")).status_code == 202
    offer = await agent.until(contact(status="Incoming", MediaType=media), f"a {media} offer")
    assert (await agent.client.state(agent.sid, state="Unavailable")).status_code == 202
    return offer


async def test_a_contact_offered_accepted_held_resumed_ended_and_dispositioned(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await on_shift(cxone, server, "agent3")
    offer = await offered(agent)
    number = offer["ContactID"]
    assert isinstance(number, int) and offer["MasterID"] == number
    assert offer["Type"] == "ChatContactEvent"
    assert isinstance(offer["Skill"], int) and offer["SkillName"] == "Chat Queue"
    assert offer["IsRequireManualAccept"] is True and offer["IsInbound"] is True
    assert offer["FromAddress"].startswith("visitor-")

    for action, status in (("accept", "Active"), ("hold", "Holding"), ("resume", "Active")):
        response = await agent.act(number, action)
        assert response.status_code == 202, response.text
        event = await agent.until(contact(number, status), f"{action} -> {status}")
        assert event["Skill"] == offer["Skill"] and event["StartTimeUTC"] == offer["StartTimeUTC"]
        assert "FinalState" not in event

    assert (await agent.act(number, "end")).status_code == 202
    ended = await agent.until(contact(number, "Disconnected"), "the end")
    assert ended["FinalState"] is False and ended["AllowDispositions"] is True
    acw = await agent.until(agent_state(IsAcw=True), "after-contact work")
    assert acw["CurrentState"] == "Unavailable"

    listed = await agent.client.call("GET", f"skills/{ended['Skill']}/dispositions")
    assert listed.status_code == 200, listed.text
    dispositions = listed.json()["dispositions"]
    names = {d["dispositionName"]: d["dispositionId"] for d in dispositions}
    assert {"Resolved", "Escalated", "Follow-up", "Sale"} <= set(names)
    assert all(isinstance(d["dispositionId"], int) for d in dispositions)

    response = await agent.act(number, "disposition", primaryDispositionId=names["Sale"])
    assert response.status_code == 202, response.text
    done = await agent.until(contact(number, "Disconnected", FinalState=True), "the disposition")
    assert "DisconnectCode" not in done
    await agent.until(agent_state(IsAcw=False), "after-contact work over")

    gone = await agent.act(number, "hold")
    assert_error(gone, 404, "InvalidContactId")


async def test_an_offer_left_ringing_goes_rona_and_to_another_agent(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(**(OFFERS | {"ring_for_s": 0.5}))
    first = await on_shift(cxone, server, "agent3")
    assert (await first.client.state(first.sid, state="Available")).status_code == 202
    offer = await first.until(contact(status="Incoming", MediaType="chat"), "a chat offer")
    assert offer["Timeout"] == 0 or offer["Timeout"] >= 0
    number = offer["ContactID"]
    rang = await first.until(contact(number, "Disconnected"), "the offer ringing out")
    assert rang["FinalState"] is True and rang["DisconnectCode"] == "Refused"
    rona = await first.until(agent_state(CurrentOutReason="RONA"), "the agent in RONA")
    assert rona["CurrentState"] == "Unavailable"

    second = await on_shift(cxone, server, "agent4")
    assert (await second.client.state(second.sid, state="Available")).status_code == 202
    again = await second.until(contact(number, "Incoming"), "the same contact offered again")
    assert again["Skill"] == offer["Skill"] and again["FromAddress"] == offer["FromAddress"]
    assert_error(await first.act(number, "accept"), 404, "InvalidContactId")


async def test_reject_gives_the_offer_back(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await on_shift(cxone, server, "agent3")
    offer = await offered(agent, "email")
    number = offer["ContactID"]
    assert (await agent.act(number, "reject")).status_code == 202
    event = await agent.until(contact(number, "Disconnected"), "the rejection")
    assert event["FinalState"] is True and event["DisconnectCode"] == "Rejected"
    assert event["Type"] == "EmailContactEvent"


async def test_refusals_are_cxone_errors(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await on_shift(cxone, server, "agent3")
    offer = await offered(agent)
    number = offer["ContactID"]
    other = await on_shift(cxone, server, "agent4")

    # Not the caller's: another agent's contact, a number nobody has, no number at all.
    assert_error(await other.act(number, "accept"), 404, "InvalidContactId")
    assert_error(await agent.act(999_999_999, "accept"), 404, "InvalidContactId")
    for junk in ("abc", "-1", "0", "1" * 40):
        path = f"agent-sessions/{agent.sid}/interactions/{junk}/accept"
        assert_error(await agent.client.call("POST", path), 404, "InvalidContactId")
    # Someone else's session id.
    path = f"agent-sessions/{agent.sid}/interactions/{number}/accept"
    assert_error(await other.client.call("POST", path), 404, "InvalidAgentSession")

    # The wrong state.
    assert_error(await agent.act(number, "hold"), 409, "InvalidContactState")
    assert_error(await agent.act(number, "end"), 409, "InvalidContactState")
    assert (await agent.act(number, "accept")).status_code == 202
    assert_error(await agent.act(number, "accept"), 409, "InvalidContactState")
    assert_error(await agent.act(number, "resume"), 409, "InvalidContactState")
    assert_error(await agent.act(number, "reject"), 409, "InvalidContactState")
    sale = 104
    assert_error(
        await agent.act(number, "disposition", primaryDispositionId=sale),
        409,
        "InvalidContactState",
    )

    # A bad body, or a disposition not of the skill.
    assert (await agent.act(number, "end")).status_code == 202
    for body in ({}, {"primaryDispositionId": "x"}, {"primaryDispositionId": 0}):
        path = f"agent-sessions/{agent.sid}/interactions/{number}/disposition"
        assert_error(await agent.client.call("POST", path, json=body), 400, "InvalidRequest")
    assert_error(
        await agent.act(number, "disposition", primaryDispositionId=99_999),
        400,
        "InvalidDisposition",
    )
    # The query string works as well as a body, as for every CXone route.
    path = f"agent-sessions/{agent.sid}/interactions/{number}/disposition"
    answer = await agent.client.call("POST", path, params={"primaryDispositionId": str(sale)})
    assert answer.status_code == 202, answer.text


async def test_a_call_ringing_on_the_agents_phone_is_answered_there(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory(**OFFERS)
    agent = await on_shift(cxone, server, "agent3")
    call = await offered(agent, "telephony")
    assert call["Type"] == "CallContactEvent" and call["ANI"].startswith("+1")
    assert call["IsRequireManualAccept"] is False
    assert_error(await agent.act(call["ContactID"], "accept"), 409, "InvalidContactState")


@pytest.mark.parametrize("skill", ["1", "abc", "4100099", "²"])
async def test_dispositions_of_an_unknown_skill_are_not_found(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory, skill: str
) -> None:
    client = await cxone("agent3", server=sandbox_factory())
    assert_error(await client.call("GET", f"skills/{skill}/dispositions"), 404, "NotFound")


async def test_every_channel_is_a_skill_with_the_orgs_wrap_up_codes(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    server = sandbox_factory()
    client = await cxone("agent3", server=server)
    wrap_ups = [c.name for c in server.org.wrap_up_codes()]
    lists = []
    for n in range(len(server.org.channels)):
        answer = await client.call("GET", f"skills/{4_100_001 + n}/dispositions")
        assert answer.status_code == 200, answer.text
        lists.append(answer.json()["dispositions"])
    assert all(items == lists[0] for items in lists)
    assert [d["dispositionName"] for d in lists[0]] == wrap_ups
    assert len({d["dispositionId"] for d in lists[0]}) == len(wrap_ups)


async def test_the_sdks_own_requests_are_served(
    sandbox_factory: Callable[..., SandboxServer], cxone: CxoneFactory
) -> None:
    """As NICE's SDK sends them: `/InContactAPI/` casing, v27.0 for disposition and v12.0 for
    the dispositions list, bodiless POSTs, and a disposition body as text/plain JSON."""
    server = sandbox_factory(**OFFERS)
    agent = await on_shift(cxone, server, "agent3")
    offer = await offered(agent)
    number, http = offer["ContactID"], agent.client.http
    base = f"/InContactAPI/services/v23.0/agent-sessions/{agent.sid}/interactions/{number}"
    for action in ("accept", "end"):
        assert (await http.post(f"{base}/{action}")).status_code == 202
    listed = await http.get(f"/InContactAPI/services/v12.0/skills/{offer['Skill']}/dispositions")
    assert listed.status_code == 200, listed.text
    first = listed.json()["dispositions"][0]["dispositionId"]
    body = f'{{"primaryDispositionId": {first}, "primaryDispositionNotes": "called back"}}'
    response = await http.post(
        base.replace("v23.0", "v27.0") + "/disposition",
        content=body,
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert response.status_code == 202, response.text
    await agent.until(contact(number, "Disconnected", FinalState=True), "the disposition")
