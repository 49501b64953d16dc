"""The sandbox's roster frame, written from each agent's kept entry, reads exactly as the
whole frame dumped afresh: on the first look, after some agents changed, and with a tracking
id that tries to look like the list."""

from __future__ import annotations

import json

from tui.sandbox.engine.model import Availability, ChannelLoad, Event, EventKind, RosterEntry
from tui.sandbox.engine.org import load_org
from tui.sandbox.webex.frames import FrameBuilder, dump

ORG = load_org()
TEAM = ORG.teams[0].id
LUNCH = ORG.auxiliaryCodes[0].id


def entry(n: int, *, idle: bool = False, assigned: int = 0) -> RosterEntry:
    return RosterEntry(
        agent_id=f"agent-{n}",
        name=f'Agent "{n}" \\ ünïcode',
        team_id=TEAM,
        site_id="site-1",
        dial_number=f"+1415555{n:04d}",
        availability=Availability.IDLE if idle else Availability.AVAILABLE,
        idle_code_id=LUNCH if idle else None,
        state_changed_ms=1_700_000_000_000 + n,
        session_id=f"session-{n}",
        channels=(ChannelLoad("telephony", 1, 0), ChannelLoad("chat", 3, assigned)),
    )


def roster(seq: int, entries: list[RosterEntry], tracking: str = "t-1") -> Event:
    return Event(
        seq=seq,
        kind=EventKind.ROSTER,
        at_ms=1_700_000_000_000,
        agent_id="boss",
        audience=("boss",),
        correlation_id=tracking,
        roster=tuple(entries),
    )


def whole(event: Event) -> str:
    """The frame dumped afresh by a builder that has kept nothing."""
    frame = FrameBuilder(ORG).frame(event)
    assert frame is not None
    return dump(frame)


def test_a_roster_frame_reads_as_the_whole_frame_dumped_afresh() -> None:
    builder = FrameBuilder(ORG)
    first = roster(1, [entry(n) for n in range(5)])
    assert builder.texts(first) == [whole(first)]
    changed = [entry(0), entry(1, idle=True), entry(2, assigned=2), entry(4), entry(7)]
    second = roster(2, changed, tracking='"agentList":[] \\"agentList\\":[]')
    text = builder.texts(second)
    assert text == [whole(second)]
    data = json.loads(text[0])["data"]
    assert [a["agentId"] for a in data["agentList"]] == [e.agent_id for e in changed]
    assert data["agentList"][1]["idleCodeName"] == ORG.auxiliaryCodes[0].name
    assert data["trackingId"] == '"agentList":[] \\"agentList\\":[]'


def test_an_empty_roster_is_an_empty_list() -> None:
    event = roster(1, [])
    text = FrameBuilder(ORG).texts(event)
    assert text == [whole(event)]
    assert json.loads(text[0])["data"]["agentList"] == []
