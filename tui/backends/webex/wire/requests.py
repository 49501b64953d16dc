"""Webex REST request bodies (client -> server) and the subscribe answer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tui.backends.webex.wire.common import (
    DeviceType,
    RequestModel,
    Role,
    ServerModel,
    SubStatus,
)


class LoginRequest(RequestModel):
    """``POST /v1/agents/login`` (LogInResourceRequest).

    Only shape and length are checked here; whether the number fits the dial plan or the
    team is the agent's is the server's answer on the websocket (``StationLoginFailed``).
    """

    dialNumber: str = Field(max_length=43)
    teamId: str | None = Field(default=None, max_length=36)
    """Blank is valid for a supervisor, not for an agent."""
    isExtension: bool = False
    roles: list[Role] = Field(min_length=1)
    deviceType: DeviceType | None = None
    deviceId: str | None = Field(default=None, max_length=43)
    """Equals ``dialNumber`` for AGENT_DN and EXTENSION."""


class StateRequest(RequestModel):
    """``PUT /v1/agents/session/state`` (StateResourceRequest).

    Available is ``auxCodeId == AVAILABLE_AUX_CODE_ID`` ("0"); Idle carries an idle code id.
    ``agentId`` lets a supervisor change an agent of their teams.
    """

    state: SubStatus
    auxCodeId: str = Field(min_length=1, max_length=36)
    lastStateChangeReason: str | None = Field(default=None, max_length=128)
    agentId: str | None = Field(default=None, max_length=36)


class LogoutRequest(RequestModel):
    """``PUT``/``POST /v1/agents/logout`` (LogOutResourceRequest)."""

    logoutReason: str = Field(max_length=128)
    agentId: str | None = Field(default=None, max_length=36)


class BuddyListRequest(RequestModel):
    """``POST /v1/agents/buddyList`` (BuddyAgentRequest); no ``state`` means both states."""

    agentProfileId: str = Field(max_length=36)
    mediaType: Literal["telephony", "chat", "email", "social", "workItem"]
    state: SubStatus | None = None


class SubscribeRequest(RequestModel):
    """``POST /v1/notification/subscribe`` (NotificationRequest). The body itself is optional:
    a missing body means all defaults."""

    force: bool = False
    isKeepAliveEnabled: bool = False
    clientType: str = Field(default="DefaultClient", max_length=20)
    allowMultiLogin: bool = False


class SubscribeResponse(ServerModel):
    """The answer to subscribe: connect a websocket to ``webSocketUrl``."""

    webSocketUrl: str
    subscriptionId: str
