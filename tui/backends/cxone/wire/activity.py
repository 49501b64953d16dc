"""The Real-Time Data API's skill activity: contacts waiting per skill right now.

`GET skills/activity?fields=...&updatedSince=...` (and `skills/{skillId}/activity`) answers
`{"skillActivity": [...], "lastPollTime"}`. NICE's agent SDK polls it for its queue counter
(`CXoneSkillActivityProvider`, `ApiUriConstants.SKILL_ACTIVITY_URI` =
`/InContactAPI/services/v23.0/skills/activity`) with the `fields` list below and parses each row
into `SkillActivityEvent` (`skill-activity-event.js`): `skillId` and `mediaTypeId` are integers,
`queueCount` the contacts waiting in the skill's queue, `earliestQueueTime` (ISO 8601) when the
one waiting longest came in, `isActive` whether the skill is in use.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tui.backends.cxone.wire.common import LooseInt

SKILL_ACTIVITY_FIELDS = (
    "agentsAvailable,agentsUnavailable,agentsLoggedIn,agentsWorking,campaignId,"
    "earliestQueueTime,emailFromAddress,inSLA,isActive,isNaturalCalling,isOutbound,"
    "mediaTypeId,mediaTypeName,outSLA,personalQueueCount,queueCount,serviceLevel,"
    "serviceLevelGoal,skillId,skillName,skillQueueCount"
)
"""The fields NICE's SDK asks for (`cxone-skill-activity-provider.js`), in its order."""


class SkillActivityRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    fields: str | None = Field(default=None, max_length=1024)
    """Comma-separated names of the fields to answer (all when absent)."""
    updatedSince: str | None = Field(default=None, max_length=40)
    """ISO 8601: only the skills whose activity changed since (a `lastPollTime`)."""


class SkillActivity(BaseModel):
    """One skill's row; every field optional, as `fields` may leave any out."""

    model_config = ConfigDict(extra="ignore")

    skillId: LooseInt | None = None
    skillName: str | None = None
    mediaTypeId: LooseInt | None = None
    mediaTypeName: str | None = None
    isActive: bool | None = None
    isOutbound: bool | None = None
    queueCount: LooseInt | None = None
    earliestQueueTime: str | None = None
    agentsAvailable: LooseInt | None = None
    agentsUnavailable: LooseInt | None = None
    agentsLoggedIn: LooseInt | None = None
    agentsWorking: LooseInt | None = None


class SkillActivityResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    skillActivity: list[SkillActivity] = Field(default_factory=list)
    lastPollTime: str = ""
