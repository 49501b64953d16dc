"""Webex configuration DTOs (server -> client): idle codes, teams, dial plans, agent profiles,
users, the signed-in person, and the paged-list envelope."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from tui.backends.webex.wire.common import DeviceType, ServerModel, WorkTypeCode


class AuxiliaryCode(ServerModel):
    """An idle or wrap-up code (AuxiliaryCodeDTO), ``GET /organization/{orgId}/v2/auxiliary-code``.

    Agents may pick active, non-system idle codes only.
    """

    id: str
    name: str
    description: str | None = None
    defaultCode: bool
    active: bool
    isSystemCode: bool = False
    workTypeId: str | None = None
    """Absent when the list was asked for fewer ``attributes`` (the SDK asks for six)."""
    workTypeCode: WorkTypeCode
    organizationId: str | None = None
    version: int | None = None
    burnoutInclusion: str | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class Team(ServerModel):
    """A team (TeamDTO subset), ``GET /organization/{orgId}/v2/team``."""

    id: str
    name: str
    teamType: str
    """``AGENT`` or ``CAPACITY`` (the SDK types it a plain string)."""
    teamStatus: str
    """``IN_SERVICE`` or ``NOT_AVAILABLE``."""
    active: bool
    siteId: str
    siteName: str | None = None
    userIds: list[str] = Field(default_factory=list)
    description: str | None = None
    organizationId: str | None = None
    version: int | None = None
    dialedNumber: str | None = None
    capacity: int | None = None
    desktopLayoutId: str | None = None
    skillProfileId: str | None = None
    multiMediaProfileId: str | None = None
    rankQueuesForTeam: bool | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class DialPlan(ServerModel):
    """One dial plan (DialPlanDTO), ``GET /organization/{orgId}/v2/dial-plan``.

    A number is valid when, after removing every character of ``strippedChars``, it matches
    ``regularExpression`` whole; ``prefix`` is what the system adds before dialling.
    """

    id: str
    name: str
    regularExpression: str
    prefix: str | None = None
    strippedChars: str | None = None
    active: bool
    description: str | None = None
    organizationId: str | None = None
    version: int | None = None
    systemDefault: bool | None = None
    createdTime: int | None = None
    lastUpdatedTime: int | None = None


class AgentProfile(ServerModel):
    """The desktop profile of an agent, ``GET /organization/{orgId}/v2/agent-profile``.

    ``loginVoiceOptions`` lists the login options the agent may use. When ``dialPlanEnabled``,
    dial numbers are validated against the dial plans in ``dialPlans`` (all active plans when
    that is empty). With ``accessAllIdleCodes`` false, only ``idleCodes`` may be chosen.
    """

    id: str
    name: str
    description: str | None = None
    loginVoiceOptions: list[DeviceType]
    agentDNValidation: str | None = None
    dialPlanEnabled: bool = False
    dialPlans: list[str] = Field(default_factory=list)
    accessAllIdleCodes: bool = True
    idleCodes: list[str] = Field(default_factory=list)
    accessAllWrapUpCodes: bool = True
    wrapUpCodes: list[str] = Field(default_factory=list)
    active: bool = True
    organizationId: str | None = None


class User(ServerModel):
    """A contact-center user, ``GET /organization/{orgId}/v2/user``."""

    id: str
    firstName: str
    lastName: str
    email: str
    agentProfileId: str
    teamIds: list[str] = Field(default_factory=list)
    siteId: str
    ciUserId: str | None = None
    """The user's Common Identity id (what the SDK looks the user up by)."""
    dbId: str | None = None
    """The legacy id, what the SDK filters teams by (``userId=={dbId}``)."""
    deafultDialledNumber: str | None = None
    """The default dial number, spelled as the platform spells it."""
    defaultDialledNumber: str | None = None
    """The same, spelled as older sandboxes did; read ``dialled_number``."""
    extension: str | None = None
    roles: list[str] = Field(default_factory=list)
    """``agent`` and/or ``supervisor``."""

    @property
    def dialled_number(self) -> str | None:
        """The default dial number under either spelling, the platform's first."""
        return self.deafultDialledNumber or self.defaultDialledNumber


class Person(ServerModel):
    """The signed-in identity, ``GET /v1/people/me``: ``id`` is the agent id."""

    id: str
    orgId: str
    displayName: str
    emails: list[str] = Field(default_factory=list)
    userName: str | None = None
    roles: list[str] | None = None


class PageMeta(ServerModel):
    """MetaDataWithPagingInfo. ``page`` starts at 0; note the lowercase ``orgid``."""

    orgid: str | None = None
    page: int | None = None
    pageSize: int | None = None
    totalPages: int | None = None
    totalRecords: int | None = None
    links: dict[str, str] | None = None
    """``self``, ``next``, ``prev``, ``first``, ``last`` -> URL path with query."""


ItemT = TypeVar("ItemT")


class Page(ServerModel, Generic[ItemT]):
    """A paged list answer: ``Page[Team].model_validate(body)``."""

    data: list[ItemT]
    meta: PageMeta = Field(default_factory=PageMeta)
