"""Queue figures, pure: the reducer, the per-channel sum, and each platform's mapping."""

from __future__ import annotations

from tui.backends.cxone import wire as cxone_wire
from tui.backends.cxone.queues import loads_of as cxone_loads
from tui.backends.webex import wire as webex_wire
from tui.backends.webex.queues import loads_of as webex_loads
from tui.domain import (
    AgentSnapshot,
    Channel,
    QueueFiguresChanged,
    QueueLoad,
    apply,
    for_channel,
)


def test_the_reducer_orders_queues_by_channel_and_logs_nothing() -> None:
    chat = QueueLoad("c", "Chat Queue", Channel.CHAT, 2, 1_000)
    voice = QueueLoad("v", "Voice Queue", Channel.TELEPHONY, 1, 5_000)
    snapshot = apply(AgentSnapshot(), QueueFiguresChanged((chat, voice)), 0)
    assert snapshot.queues == (voice, chat)
    assert snapshot.queues_shown and snapshot.log == ()
    hidden = apply(snapshot, QueueFiguresChanged((), available=False), 0)
    assert hidden.queues == () and not hidden.queues_shown


def test_longest_wait_counts_from_the_oldest_and_is_zero_when_none_waits() -> None:
    assert QueueLoad("v", "V", Channel.TELEPHONY, 3, 10_000).longest_wait_s(134_999) == 124
    assert QueueLoad("v", "V", Channel.TELEPHONY, 0, 0).longest_wait_s(134_999) == 0


def test_two_queues_of_one_channel_add_up_and_keep_the_oldest() -> None:
    loads = (
        QueueLoad("a", "Sales", Channel.CHAT, 2, 9_000),
        QueueLoad("b", "Support", Channel.CHAT, 1, 4_000),
        QueueLoad("c", "Idle", Channel.CHAT, 0, 0),
    )
    summed = for_channel(loads, Channel.CHAT)
    assert summed is not None and (summed.waiting, summed.oldest_since) == (3, 4_000)
    assert for_channel(loads, Channel.EMAIL) is None


def test_webex_counts_parked_tasks_per_queue_and_remembers_emptied_queues() -> None:
    def answer(*tasks: tuple[str, str, int]) -> webex_wire.SearchAnswer:
        rows = [
            {"id": f"t{n}", "channelType": ch, "createdTime": at, "lastQueue": {"id": q, "name": q}}
            for n, (q, ch, at) in enumerate(tasks)
        ]
        return webex_wire.SearchAnswer.model_validate({"data": {"task": {"tasks": rows}}})

    seen: dict[str, QueueLoad] = {}
    first = webex_loads(answer(("q1", "chat", 50), ("q1", "chat", 20), ("q2", "fax", 7)), seen)
    assert [(q.queue_id, q.waiting, q.oldest_since, q.channel) for q in first] == [
        ("q1", 2, 20, Channel.CHAT),
        ("q2", 1, 7, None),
    ]
    later = webex_loads(answer(), seen)
    assert [(q.queue_id, q.waiting, q.oldest_since) for q in later] == [("q1", 0, 0), ("q2", 0, 0)]


def test_cxone_maps_active_inbound_skills_by_media_type() -> None:
    body = {
        "skillActivity": [
            {
                "skillId": 11,
                "skillName": "Phones",
                "mediaTypeId": 4,
                "isActive": True,
                "queueCount": 2,
                "earliestQueueTime": "2026-01-01T00:00:10.000Z",
            },
            {"skillId": "12", "skillName": "Old", "mediaTypeId": 3, "isActive": False},
            {"skillId": 13, "skillName": "Dialer", "mediaTypeId": 4, "isOutbound": True},
            {
                "skillId": 14,
                "mediaTypeId": 6,
                "queueCount": 0,
                "earliestQueueTime": "2026-01-01T00:00:00Z",
            },
        ]
    }
    loads = cxone_loads(cxone_wire.SkillActivityResponse.model_validate(body))
    assert [(q.queue_id, q.name, q.channel, q.waiting) for q in loads] == [
        ("11", "Phones", Channel.TELEPHONY, 2),
        ("14", "Skill 14", None, 0),
    ]
    assert loads[0].oldest_since == cxone_wire.parse_utc_iso("2026-01-01T00:00:10Z")
    assert loads[1].oldest_since == 0


def test_the_strip_takes_the_longest_form_that_fits() -> None:
    from tui.widgets.queues import strip_text

    queues = (
        QueueLoad("v", "Voice Queue", Channel.TELEPHONY, 3, 1),
        QueueLoad("e", "Email Queue", Channel.EMAIL, 0, 0),
    )
    now = 134_001
    full = "Waiting  Voice Queue 3 (02:14) · Email Queue 0"
    assert strip_text(queues, now, 80).plain == full
    assert strip_text(queues, now, 40).plain == "Waiting  Voice 3 (02:14) · Email 0"
    assert strip_text(queues, now, 31).plain == "Waiting Voice 3 02:14 · Email 0"
    assert strip_text(queues, now, 22).plain == "Waiting Voice 3 02:14"
