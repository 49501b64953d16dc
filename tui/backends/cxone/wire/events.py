"""The events of CXone's get-next-event long-poll: PascalCase objects with a ``Type``;
``parse_event`` never raises."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationError

from tui.backends.cxone.wire.common import IdText, LooseInt, _Event

# -- events ---------------------------------------------------------------------------------


class AgentSessionStart(_Event):
    """Opens a snapshot: the session's facts; the AgentState and contact events follow.

    `SessionId` is the session's stable id (what `agents/states` lists and `join` accepts), not
    the rotating id a client polls with. Fields past `AgentId` are the sandbox's additions.
    """

    Type: Literal["AgentSessionStart"]
    SessionId: str = ""
    AgentId: IdText = ""
    """An integer on the platform (written as its text), kept as text."""
    BusNo: IdText | None = None
    """The business unit's number."""
    AgentName: str = ""
    TeamId: IdText = ""
    TeamName: str = ""
    StationId: str = ""
    StationPhoneNumber: str = ""
    StartTimeUTC: str = ""  # when the session started


class AgentSessionEnd(_Event):
    Type: Literal["AgentSessionEnd"]
    SessionId: str = ""
    Message: str = ""
    """Why the session ended, in the platform's words."""
    Success: bool | None = None
    """Whether it ended as asked (the platform may write ``"True"``/``"False"``)."""
    Reason: str = ""  # the sandbox's older name for Message, still read
    EndedBy: str = ""


class NextState(_Event):
    """A state the agent moves to once the current one ends (after ACW, say), as the platform
    writes it; a bare state name is still read."""

    State: str
    OutReason: str = ""


class AgentState(_Event):
    """The agent's state. ``IsAcw`` is true while the agent is in after-contact work (the
    platform may write it as ``"True"``/``"False"``); ``AcwTimeout`` is how many seconds ACW
    lasts before the next state applies, ``NextIsAcw`` whether that next state is ACW too."""

    Type: Literal["AgentState"]
    CurrentState: str
    CurrentOutReason: str = ""
    StartTimeUTC: str = ""  # ISO 8601 UTC, e.g. 2026-11-22T03:04:05.678Z (missing: no timer)
    NextStates: list[str | NextState] = Field(default_factory=list)
    IsAcw: bool = False
    AcwTimeout: LooseInt = None
    NextIsAcw: bool | None = None

    _omit_when_none: ClassVar[frozenset[str]] = frozenset({"AcwTimeout", "NextIsAcw"})
    ChangedBy: str = ""  # who changed it (display name), when it was not the agent
    ChangedById: IdText = ""


class ContactEvent(_Event):
    """Call, chat, email, work-item and digital (social) contact events share these fields.

    Who: `ANI` on a call, `FromAddress` on the others (`From` is the sandbox's older name, still
    read). Queue: `SkillName`, else `Skill` (the platform's skill id). `StartTimeUTC` is when the
    contact started, `LastStateChangeTime` when its `Status` last changed.
    """

    Type: Literal[
        "CallContactEvent",
        "ChatContactEvent",
        "EmailContactEvent",
        "WorkItemContactEvent",
        "DigitalContactEvent",
    ]
    ContactID: IdText
    """The platform's numeric contact id, kept as text (a JSON integer is accepted)."""
    Status: str  # Incoming, Active, Holding, Disconnected, ...: see interactions.STATUS_VALUES
    MediaType: str = ""
    StartTimeUTC: str = ""
    LastStateChangeTime: str = ""
    ANI: str = ""
    FromAddress: str = ""
    From: str = ""
    Skill: IdText = ""
    """The skill's id (an integer on the platform, kept as text)."""
    SkillName: str = ""
    # What the CXone agent SDK reads beyond those; all optional.
    MasterID: IdText | None = None
    """The contact's master id (equals ``ContactID`` unless transferred or linked)."""
    ParentContactId: IdText | None = None
    AgentId: IdText | None = None
    """The agent the contact is with (work items carry it)."""
    InteractionId: str | None = None
    DNIS: str | None = None
    """The number the caller dialled."""
    CallType: str | None = None
    IsInbound: bool | None = None
    StartTime: str | None = None
    LastStateChangeTimeUTC: str | None = None
    FinalState: bool | None = None
    """With ``Status`` Disconnected: the contact is gone for good (no more events for it)."""
    DisconnectCode: str | None = None
    OriginalState: bool | None = None
    Timeout: LooseInt = None
    """Seconds an incoming call rings before it is refused (RONA); blank means none."""
    RefusalTimeout: LooseInt = None
    """The same for work items and digital contacts."""
    AllowDispositions: bool | None = None
    IsRequireManualAccept: bool | None = None
    """The agent must accept (``interactions/{id}/accept``) or reject the offer."""
    IsLinked: bool | None = None
    Label: str | None = None
    ScreenPopUrl: str | None = None
    CustomData: str | None = None
    OtherInformation: str | None = None
    WorkItemId: str | None = None
    WorkItemType: str | None = None
    WorkItemPayload: str | None = None
    ChannelType: str | None = None
    CustomerName: str | None = None

    _omit_when_none: ClassVar[frozenset[str]] = frozenset(
        {
            "MasterID",
            "ParentContactId",
            "AgentId",
            "InteractionId",
            "DNIS",
            "CallType",
            "IsInbound",
            "StartTime",
            "LastStateChangeTimeUTC",
            "FinalState",
            "DisconnectCode",
            "OriginalState",
            "Timeout",
            "RefusalTimeout",
            "AllowDispositions",
            "IsRequireManualAccept",
            "IsLinked",
            "Label",
            "ScreenPopUrl",
            "CustomData",
            "OtherInformation",
            "WorkItemId",
            "WorkItemType",
            "WorkItemPayload",
            "ChannelType",
            "CustomerName",
        }
    )


class UnknownEvent(BaseModel):
    """An event the desktop has no model for, kept whole for the event log."""

    raw: Any
    reason: str


CxoneEvent = AgentSessionStart | AgentSessionEnd | AgentState | ContactEvent | UnknownEvent

_EVENT_MODELS: dict[str, type[_Event]] = {
    "AgentSessionStart": AgentSessionStart,
    "AgentSessionEnd": AgentSessionEnd,
    "AgentState": AgentState,
    "CallContactEvent": ContactEvent,
    "ChatContactEvent": ContactEvent,
    "EmailContactEvent": ContactEvent,
    "WorkItemContactEvent": ContactEvent,
    "DigitalContactEvent": ContactEvent,
}

CONTACT_EVENT_BY_CHANNEL = {
    "telephony": "CallContactEvent",
    "chat": "ChatContactEvent",
    "email": "EmailContactEvent",
    "social": "DigitalContactEvent",
}


def parse_event(raw: object) -> CxoneEvent:
    """One event object from a get-next-event body, typed; never raises."""
    if not isinstance(raw, dict):
        return UnknownEvent(raw=raw, reason="an event that is not an object")
    kind = raw.get("Type")
    model = _EVENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return UnknownEvent(raw=raw, reason=f"an event of unknown type {str(kind)[:40]!r}")
    try:
        return model.model_validate(raw)  # type: ignore[return-value]
    except ValidationError as error:
        return UnknownEvent(raw=raw, reason=f"a {kind} event with {error.error_count()} bad fields")
