"""`BuddyMemo`: a board's look at the whole team validates only the entries that changed, and
reads exactly as a look parsed without it."""

from __future__ import annotations

import json
import random
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


def compact(entries: list[Any], **outer: Any) -> str:
    data = {"type": "BuddyAgents", "agentId": "boss", "agentList": entries, **outer}
    envelope = {"type": "BuddyAgents", "orgId": "o", "trackingId": "t", "data": data}
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


def test_a_compact_frame_is_read_in_pieces_and_only_changed_entries_are_new() -> None:
    memo = w.BuddyMemo()
    first = agents(w.parse_frame(compact([buddy(n) for n in range(50)]), memo))
    changed = [buddy(n) for n in range(50)]
    changed[7] = buddy(7, "Idle", idleCodeId="c1", idleCodeName="Lunch")
    second = agents(w.parse_frame(compact(changed), memo))
    assert [a is b for a, b in zip(first, second, strict=True)].count(False) == 1
    assert second[7].idleCodeName == "Lunch"
    assert second == agents(w.parse_frame(compact(changed)))


def test_text_that_looks_like_a_boundary_inside_a_name_reads_as_without_the_memo() -> None:
    tricky = [
        buddy(1, agentName='x},{"agentId":"agent-9"}, {"agentId": "agent-9'),
        buddy(2, agentName=']} \\ " ünï'),
        buddy(3),
    ]
    for text in (compact(tricky), frame(tricky)):
        memo = w.BuddyMemo()
        for _ in range(2):  # the second time, from the kept models
            assert agents(w.parse_frame(text, memo)) == agents(w.parse_frame(text))
        assert len(agents(w.parse_frame(text, memo))) == 3


def test_frames_the_cut_does_not_fit_are_read_whole_and_alike() -> None:
    """Each entry's keys in another order, a separator that changes, a second list of objects
    after the agents, one entry, none, and a nesting too deep to read: each reads exactly as
    without the memo (or is refused alike)."""
    reordered = [dict(reversed(list(buddy(n).items()))) if n % 2 else buddy(n) for n in range(4)]
    mixed = compact([buddy(1), buddy(2)]).replace('},{"agentId"', '} ,{"agentId"', 1)
    trailing = compact([buddy(1), buddy(2)], extra=[{"agentId": "x"}, {"agentId": "y"}])
    deep = compact([buddy(1)]).replace('"channels":', '"deep":' + "[" * 5000 + "]" * 5000 + ',"c":')
    memo = w.BuddyMemo()
    for text in (compact(reordered), mixed, trailing, compact([buddy(1)]), compact([]), deep):
        for _ in range(2):
            with_memo, plain = w.parse_frame(text, memo), w.parse_frame(text)
            if isinstance(plain, w.UnknownFrame):
                assert isinstance(with_memo, w.UnknownFrame)
            else:
                assert agents(with_memo) == agents(plain)


def test_many_looks_with_random_changes_read_as_without_the_memo() -> None:
    rng = random.Random(5)
    team = [buddy(n) for n in range(200)]
    memo = w.BuddyMemo()
    for look in range(20):
        for n in rng.sample(range(len(team)), 15):
            team[n] = buddy(n, rng.choice(["Available", "Idle"]), dn=f"+1{look}{n}")
        if look % 5 == 4:
            team.append(buddy(1000 + look))
            del team[rng.randrange(len(team))]
        text = compact(team) if look % 2 else frame(team)
        assert agents(w.parse_frame(text, memo)) == agents(w.parse_frame(text))
