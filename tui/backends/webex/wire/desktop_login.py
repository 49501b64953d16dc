"""The agent-scoped profile documents the vendor's SDK reads in ``register()`` (server -> client).

Two SDK lines read them. The current one (webex-js-sdk ``@webex/contact-center``
``services/config``: ``endPointMap.orgDesktopLogin`` / ``userDesktopLogin``) asks for two
aggregates; the published 3.x line asks for each part on its own route:

- ``GET organization/{org}/desktop-login`` -> ``OrgDesktopLogin``
- ``GET organization/{org}/v2/user/by-ci-user-id/{ciUserId}/desktop-login`` -> ``UserDesktopLogin``
- ``GET organization/{org}/user/by-ci-user-id/{ciUserId}`` -> ``AgentRecord`` (previous line)
- ``GET organization/{org}/agent-profile/{id}`` -> ``DesktopProfile`` (previous line)
- ``GET organization/{org}`` -> ``OrgInfo``; ``v2/organization-setting``,
  ``v2/tenant-configuration``, ``v2/org-url-mapping``, ``v2/ai-feature``: ``{data: [...], meta}``
  pages (previous line)
- ``GET organization/{org}/site/{siteId}`` -> ``SiteInfo``
- ``GET organization/{org}/multimedia-profile/{id}`` -> ``MultimediaProfile``
- ``GET organization/{org}/dial-plan?agentView=true`` -> a bare array of ``DialPlan``

Field names and spellings are the SDK's (``services/config/types.ts``), including the
platform's ``deafultDialledNumber``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, RootModel

from tui.backends.webex.wire.common import DeviceType, ServerModel
from tui.backends.webex.wire.configuration import DialPlan


class AgentRecord(ServerModel):
    """The user as the SDK reads it (``AgentResponse``): ``ciUserId`` is the id frames carry,
    ``dbId`` what teams are filtered by (``filter=userId=={dbId}``)."""

    id: str
    ciUserId: str
    firstName: str
    lastName: str
    email: str
    agentProfileId: str
    siteId: str
    teamIds: list[str] = Field(default_factory=list)
    dbId: str | None = None
    skillProfileId: str | None = None
    multimediaProfileId: str | None = None
    deafultDialledNumber: str | None = None
    """The default dial number, spelled as the platform spells it in the aggregate."""
    defaultDialledNumber: str | None = None
    """The same, spelled as the previous SDK line reads it from ``user/by-ci-user-id``."""

    @property
    def dialled_number(self) -> str | None:
        return self.deafultDialledNumber or self.defaultDialledNumber


class ViewableStatistics(ServerModel):
    agentStats: bool = False


class DesktopProfile(ServerModel):
    """The agent's desktop profile (``AgentProfile`` / ``DesktopProfileResponse``).

    ``accessIdleCode`` / ``accessWrapUpCode`` are ``ALL`` or ``SPECIFIC`` (then ``idleCodes`` /
    ``wrapUpCodes`` list the ids allowed); ``dialPlans`` lists the dial plans applied when
    ``dialPlanEnabled``.
    """

    id: str | None = None
    name: str | None = None
    loginVoiceOptions: list[DeviceType] = Field(default_factory=list)
    accessIdleCode: str = "ALL"
    idleCodes: list[str] = Field(default_factory=list)
    accessWrapUpCode: str = "ALL"
    wrapUpCodes: list[str] = Field(default_factory=list)
    dialPlanEnabled: bool = False
    dialPlans: list[str] = Field(default_factory=list)
    agentDNValidation: str | None = None
    autoAnswer: bool = False
    autoWrapUp: bool = False
    autoWrapAfterSeconds: int = 0
    lastAgentRouting: bool = False
    agentAvailableAfterOutdial: bool = False
    allowAutoWrapUpExtension: bool = False
    outdialEnabled: bool = False
    outdialEntryPointId: str | None = None
    outdialANIId: str | None = None
    consultToQueue: bool = False
    addressBookId: str | None = None
    viewableStatistics: ViewableStatistics = Field(default_factory=ViewableStatistics)
    timeoutDesktopInactivityCustomEnabled: bool = False
    timeoutDesktopInactivityMins: int | None = None


class UserDesktopLogin(ServerModel):
    """``v2/user/by-ci-user-id/{ciUserId}/desktop-login``: who the agent is and their profile."""

    user: AgentRecord
    agentProfile: DesktopProfile


class OrgInfo(ServerModel):
    id: str | None = None
    name: str | None = None
    tenantId: str
    timezone: str
    environment: str | None = None


class OrgSettings(ServerModel):
    webRtcEnabled: bool = False
    maskSensitiveData: bool = False
    campaignManagerEnabled: bool = False


class TenantConfiguration(ServerModel):
    forceDefaultDn: bool = False
    dnDefaultRegex: str = ""
    dnOtherRegex: str = ""
    privacyShieldVisible: bool = False
    outdialEnabled: bool = False
    endCallEnabled: bool = True
    endConsultEnabled: bool = True
    callVariablesSuppressed: bool = False
    timeoutDesktopInactivityEnabled: bool = False
    timeoutDesktopInactivityMins: int | None = None
    lostConnectionRecoveryTimeout: int = 120


class OrgDesktopLogin(ServerModel):
    """``organization/{orgId}/desktop-login``: the org parts of the desktop profile at once."""

    organization: OrgInfo
    organizationSetting: OrgSettings
    tenantConfiguration: TenantConfiguration
    urlMappings: dict[str, str] = Field(default_factory=dict)
    aiFeature: dict[str, Any] | None = None
    """AI feature flags (``realtimeTranscripts.enable``, ...), kept as sent."""


class SiteInfo(ServerModel):
    id: str
    name: str
    active: bool = True
    multimediaProfileId: str | None = None
    systemDefault: bool = False


class MultimediaProfile(ServerModel):
    """How many contacts of each channel the agent may hold at once."""

    id: str
    name: str
    organizationId: str | None = None
    description: str | None = None
    telephony: int = 0
    chat: int = 0
    email: int = 0
    social: int = 0
    active: bool = True
    blendingModeEnabled: bool = False
    blendingMode: str | None = None
    systemDefault: bool = False


class DialPlans(RootModel[list[DialPlan]]):
    """``GET organization/{org}/dial-plan``: a bare array, not a page."""


class CatalogHost(ServerModel):
    host: str
    """The host name alone; webex-core keeps the service link's port."""
    ttl: int = -1
    priority: int = 5
    id: str
    """``urn:TEAM:{cluster}:{service}``; the SDK reads the service from the fourth part."""


class ServiceHostmap(ServerModel):
    """A U2C service catalog (``format=hostmap``): how the SDK finds ``wcc-api-gateway``."""

    serviceLinks: dict[str, str]
    hostCatalog: dict[str, list[CatalogHost]]
    format: str = "hostmap"
    timestamp: str | None = None
