"""The Webex wire's shared vocabulary: literal types, fixed values and the two model bases
(what the server sends keeps unknown fields; request bodies are strict)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SubStatus = Literal["Available", "Idle"]
"""The agent's availability as the wire says it (``subStatus``, ``state``)."""

MediaType = Literal["telephony", "chat", "email", "social"]
"""The channels a contact can arrive on."""

DeviceType = Literal["AGENT_DN", "EXTENSION", "BROWSER"]
"""How the agent's voice reaches them: dial number, extension or browser (WebRTC)."""

Role = Literal["agent", "supervisor"]

WorkTypeCode = Literal["IDLE_CODE", "WRAP_UP_CODE"]

AVAILABLE_AUX_CODE_ID = "0"
"""The ``auxCodeId`` that means Available (every other id is an idle code)."""

AGENT_DESKTOP_MESSAGE = "AgentDesktopMessage"
"""The ``eventType`` every agent event carries."""


class ServerModel(BaseModel):
    """Anything the server sends: unknown fields are kept, never an error."""

    model_config = ConfigDict(extra="allow")


class RequestModel(BaseModel):
    """A request body: unknown fields dropped, types strict, so bad bodies become a 4xx."""

    model_config = ConfigDict(extra="ignore", strict=True)
