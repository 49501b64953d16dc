"""Queue figures on CXone: the Real-Time Data API's skill activity, one queue per skill.

`wire/activity.py` says where the route and its fields come from. Only active inbound skills
count (`isActive`, not `isOutbound`), as NICE's SDK keeps only active skills in its list.
"""

from __future__ import annotations

from tui.backends.cxone import wire
from tui.domain import Channel, QueueLoad

ACTIVITY_PATH = "skills/activity?fields=" + wire.SKILL_ACTIVITY_FIELDS

_MEDIA = {4: Channel.TELEPHONY, 3: Channel.CHAT, 1: Channel.EMAIL, 9: Channel.SOCIAL}
"""CXone's media type ids (phone call 4, chat 3, email 1, digital 9) -> the desktop's channels."""


def loads_of(answer: wire.SkillActivityResponse) -> tuple[QueueLoad, ...]:
    loads = []
    for row in answer.skillActivity:
        if row.skillId is None or row.isActive is False or row.isOutbound:
            continue
        waiting = max(0, row.queueCount or 0)
        since = wire.parse_utc_iso(row.earliestQueueTime.strip()) if row.earliestQueueTime else None
        loads.append(
            QueueLoad(
                queue_id=str(row.skillId),
                name=row.skillName or f"Skill {row.skillId}",
                channel=_MEDIA.get(row.mediaTypeId or 0),
                waiting=waiting,
                oldest_since=(since or 0) if waiting else 0,
            )
        )
    return tuple(loads)
