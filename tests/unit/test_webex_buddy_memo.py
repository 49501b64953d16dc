"""`BuddyMemo`: a board's look at the whole team validates only the entries that changed, and
reads exactly as a look parsed without it."""

from __future__ import annotations

import json
from typing import Any

from tui.backends.webex import wire as w


def buddy(n: int, state: str = "Available", **more: Any) -> dict[str, Any]:
    return {
        "agentId": f"agent-{n}",
        "agentName": f"Agent {n}",
        "state": state,
        "teamId": "t1",
        "teamName": "Sales",
        "siteId": "s1",
        "lastStateChangeTimestamp": 1_700_000_000_000 + n,
        "channels": [{"channelType": "chat", "capacity": 3, "assigned": n % 2}],
        **more,
    }


def frame(entries: list[Any]) -> str:
    data = {"type": "BuddyAgents", "agentId": "boss", "agentList": entries}
    return json.dumps({"type": "BuddyAgents", "orgId": "o", "trackingId": "t", "data": data})


def agents(parsed: w.Frame) -> list[w.BuddyAgent]:
    assert isinstance(parsed, w.Msg) and isinstance(parsed.data, w.BuddyAgents), parsed
    return parsed.data.agentList


def test_unchanged_entries_are_the_models_made_last_time_and_changed_ones_are_new() -> None:
    memo = w.BuddyMemo()
    first = agents(w.parse_frame(frame([buddy(1), buddy(2), buddy(3)]), memo))
    idle = buddy(2, "Idle", idleCodeId="c1", idleCodeName="Lunch")
    second = agents(w.parse_frame(frame([buddy(1), idle, buddy(3), buddy(4)]), memo))
    assert second[0] is first[0] and second[2] is first[2]
    assert second[1] is not first[1] and second[1].idleCodeName == "Lunch"
    plain = agents(w.parse_frame(frame([buddy(1), idle, buddy(3), buddy(4)])))
    assert second == plain  # the memo changes nothing a look reads


def test_a_changed_channel_load_is_a_changed_entry() -> None:
    memo = w.BuddyMemo()
    agents(w.parse_frame(frame([buddy(1)]), memo))
    busier = buddy(1)
    busier["channels"][0]["assigned"] = 3
    (again,) = agents(w.parse_frame(frame([busier]), memo))
    assert again.channels is not None and again.channels[0].assigned == 3


def test_hostile_entries_are_still_refused_and_leave_the_memo_as_it_was() -> None:
    memo = w.BuddyMemo()
    (kept,) = agents(w.parse_frame(frame([buddy(1)]), memo))
    for bad in ([buddy(1), {"agentId": ["not", "text"]}], [buddy(1), 7], [{"agentId": 1}]):
        assert isinstance(w.parse_frame(frame(bad), memo), w.UnknownFrame)
    (again,) = agents(w.parse_frame(frame([buddy(1)]), memo))
    assert again is kept
