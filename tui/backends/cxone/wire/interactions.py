"""CXone interaction routes: what the CXone agent SDK sends to work one contact, and the
``Status`` values its contact events carry.

Every route is ``POST agent-sessions/{sessionId}/interactions/{contactId}/<action>`` under the
API prefix; ``contactId`` is the platform's numeric contact id (``ContactID`` in the events).
Accept, reject, hold, resume and end send no body; disposition sends ``DispositionRequest``
(as JSON, or as a query string like every other CXone parameter). The answer is 202 with no
body; what happened arrives on get-next-event as the contact's event with its new ``Status``
(and ``AgentState`` when the agent's state moves, e.g. into after-contact work, ``IsAcw``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

from tui.backends.cxone.wire.common import _Request

INTERACTION_PATH = "/agent-sessions/{sessionId}/interactions/{contactId}"
"""Below the API prefix; every interaction route adds ``/<action>``."""


class InteractionAction(StrEnum):
    """The last path segment of an interaction route."""

    ACCEPT = "accept"
    REJECT = "reject"
    HOLD = "hold"
    RESUME = "resume"
    END = "end"
    DISPOSITION = "disposition"


class DispositionRequest(_Request):
    """``disposition``: the outcome the agent chose for a contact (its skill's dispositions,
    ``GET skills/{skillId}/dispositions``), with notes and, where the disposition asks for
    them, a commitment amount or a callback."""

    primaryDispositionId: int = Field(gt=0)
    primaryDispositionNotes: str | None = Field(default=None, max_length=2000)
    primaryCommitmentAmount: float | None = Field(default=None, ge=0)
    primaryCallbackTime: str | None = Field(default=None, max_length=40)
    """ISO 8601."""
    primaryCallbackNumber: str | None = Field(default=None, max_length=43)


class Disposition(BaseModel):
    """One disposition of a skill (``GET skills/{skillId}/dispositions``): the fields the SDK
    reads (N ``common-sdk/src/lib/model/disposition.js``); ``dispositionId`` is an integer."""

    model_config = ConfigDict(extra="allow")

    dispositionId: int
    dispositionName: str
    displayOrder: int | None = None
    classification: str | None = None
    reportingGroup: str | None = None
    systemOutcome: str | None = None
    requireCommitmentAmount: bool = False
    requireRescheduleDate: bool = False
    agentSpecific: bool = False
    isPreviewDisposition: bool = False
    priority: int | None = None
    dispositionCategoryName: str | None = None


class DispositionsResponse(BaseModel):
    """``GET skills/{skillId}/dispositions``."""

    model_config = ConfigDict(extra="allow")

    dispositions: list[Disposition] = Field(default_factory=list)


DISPOSITIONS_PATH = "/skills/{skillId}/dispositions"
"""Below the API prefix: a skill's dispositions (the SDK asks v12.0 or v33.0; any N works)."""

RONA_DISCONNECT_CODE = "Refused"
"""``DisconnectCode`` of a contact that rang out unanswered (RONA). The SDK carries the code as
text and lists no values: this one, like ``REJECT_DISCONNECT_CODE``, is the sandbox's."""
REJECT_DISCONNECT_CODE = "Rejected"
"""``DisconnectCode`` of an offer the agent rejected (``interactions/{id}/reject``)."""


@dataclass(frozen=True, slots=True)
class InteractionRoute:
    action: InteractionAction
    method: str
    path: str
    """Template with ``{sessionId}`` and ``{contactId}``, below the API prefix."""
    body: type[_Request] | None
    """None: the route takes no parameters."""
    status: int = 202

    def path_for(self, session_id: str, contact_id: str) -> str:
        return self.path.format(sessionId=session_id, contactId=contact_id)


INTERACTION_ROUTES: Mapping[InteractionAction, InteractionRoute] = MappingProxyType(
    {
        action: InteractionRoute(
            action,
            "POST",
            f"{INTERACTION_PATH}/{action}",
            DispositionRequest if action is InteractionAction.DISPOSITION else None,
        )
        for action in InteractionAction
    }
)
"""Every interaction route the desktop uses, by action."""


class CallContactStatus(StrEnum):
    """``Status`` of a ``CallContactEvent``."""

    INCOMING = "Incoming"
    ACTIVE = "Active"
    HOLDING = "Holding"
    DISCONNECTED = "Disconnected"
    DIALING = "Dialing"
    JOINED = "Joined"
    MASKING = "Masking"
    NATURAL_CALL_DIALING = "NaturalCallDialing"
    NATURAL_CALL_AMD = "NaturalCallAMD"
    NATURAL_CALL_RINGING = "NaturalCallRinging"
    CALL_BACK_DISCONNECTED = "CallBackDisconnected"


class WorkItemContactStatus(StrEnum):
    """``Status`` of a ``WorkItemContactEvent``."""

    INCOMING = "Incoming"
    ACTIVE = "Active"
    DISCONNECTED = "Disconnected"
    TRANSFER = "Transfer"
    INTERRUPTED = "Interrupted"


class ChatEmailContactStatus(StrEnum):
    """``Status`` of a ``ChatContactEvent`` or ``EmailContactEvent``: the SDK reads no such
    events (it takes chat and email as digital contacts), so these are the values the voice and
    work-item events share, plus ``Holding``; the sandbox's choice, not the vendor's list."""

    INCOMING = "Incoming"
    ACTIVE = "Active"
    HOLDING = "Holding"
    DISCONNECTED = "Disconnected"


STATUS_VALUES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "CallContactEvent": frozenset(CallContactStatus),
        "WorkItemContactEvent": frozenset(WorkItemContactStatus),
        "ChatContactEvent": frozenset(ChatEmailContactStatus),
        "EmailContactEvent": frozenset(ChatEmailContactStatus),
    }
)
"""The ``Status`` values each contact event may carry (``Status`` itself stays plain text, so a
value the platform adds later still parses)."""
