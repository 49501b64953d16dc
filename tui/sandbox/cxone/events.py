"""Engine events and sessions -> CXone get-next-event events (models from the CXone wire).

A session's whole picture (a snapshot) is `AgentSessionStart`, its `AgentState`, then one
contact event per contact it holds; what happens next are single events (a contact step that
moves the agent in or out of after-contact work adds an `AgentState`). `AgentState` says the
state and reason as they stand after the change, and who made it when it was not the agent.

Contacts: `ContactID` (and `MasterID`) is the contact's integer number, `Skill` its channel's
integer skill (`cxone.skills`), `SkillName` its queue. `Status` is `Incoming` (an offer, or a
call ringing on the agent's phone), `Active`, `Holding` or `Disconnected`. As the SDK's
`CallContactEvent` describes `FinalState`: a contact that ended and owes after-contact work is
`Disconnected` with `FinalState` false (and the agent's `AgentState` has `IsAcw` true); once it
is dispositioned (or the platform's ACW time ran out) it is `Disconnected` with `FinalState`
true. An offer let go is `Disconnected`, `FinalState` true, with `DisconnectCode`
`Rejected` (the agent's reject) or `Refused` (rang out: RONA, followed by the `AgentState`
into the RONA reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.backends.cxone import wire
from tui.sandbox.cxone.ids import CxoneIds, ids_of
from tui.sandbox.cxone.skills import skill_id
from tui.sandbox.engine.model import Availability, ContactStatus, Device, EventKind
from tui.sandbox.engine.org import AuxCode, Org
from tui.sandbox.state import Sandbox

if TYPE_CHECKING:
    from tui.sandbox.engine.model import AgentSession, Contact, Event

AVAILABLE = "Available"
UNAVAILABLE = "Unavailable"
WEBRTC = "WebRTC"
"""The station "phone number" of a softphone (WebRTC) session."""

CONTACT_STATUS = {
    ContactStatus.OFFERED: "Incoming",
    ContactStatus.RINGING: "Incoming",
    ContactStatus.ASSIGNED: "Active",
    ContactStatus.HELD: "Holding",
    ContactStatus.WRAP_UP: "Disconnected",
    ContactStatus.ENDED: "Disconnected",
}

_DISCONNECT_CODE = {
    EventKind.CONTACT_DECLINED: wire.REJECT_DISCONNECT_CODE,
    EventKind.CONTACT_NOT_ANSWERED: wire.RONA_DISCONNECT_CODE,
}
_CONTACT_KINDS = frozenset(
    {
        EventKind.CONTACT_OFFERED,
        EventKind.CONTACT_ASSIGNED,
        EventKind.CONTACT_HELD,
        EventKind.CONTACT_RESUMED,
        EventKind.CONTACT_WRAP_UP,
        EventKind.CONTACT_WRAPPED_UP,
        EventKind.CONTACT_DECLINED,
        EventKind.CONTACT_NOT_ANSWERED,
        EventKind.CONTACT_ENDED,
    }
)
_ACW_KINDS = frozenset({EventKind.CONTACT_WRAP_UP, EventKind.CONTACT_WRAPPED_UP})
"""Contact steps that move the agent into or out of after-contact work."""


def _dump(model: wire.AgentSessionStart | wire.AgentState | Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


class EventBuilder:
    """Builds CXone events; one per sandbox (it needs the org for names and codes)."""

    def __init__(self, org: Org, ids: CxoneIds | None = None) -> None:
        self._org = org
        self._ids = ids or CxoneIds(org)

    # The whole picture ---------------------------------------------------------------------

    def snapshot(self, session: AgentSession) -> list[dict[str, Any]]:
        return [
            self.session_start(session),
            self.agent_state(session, session.changed_by_id),
            *(self.contact(c) for c in session.contacts),
        ]

    def session_start(self, session: AgentSession) -> dict[str, Any]:
        agent = self._org.user(session.agent_id)
        team = self._org.team(session.team_id)
        station = session.device is Device.EXTENSION
        softphone = session.device is Device.BROWSER
        data = _dump(
            wire.AgentSessionStart(
                Type="AgentSessionStart",
                SessionId=session.session_id,
                AgentId=str(self._ids.agent(session.agent_id)),
                BusNo=str(self._ids.bus_no),
                AgentName=agent.display_name if agent else "",
                TeamId=str(self._ids.team(session.team_id)),
                TeamName=team.name if team else "",
                StationId=session.dial_number if station else "",
                StationPhoneNumber=WEBRTC if softphone else "" if station else session.dial_number,
                StartTimeUTC=wire.utc_iso(session.login_ms),
            )
        )
        # As the platform writes them: AgentId the text of an integer, BusNo and TeamId numbers.
        data["BusNo"] = self._ids.bus_no
        data["TeamId"] = self._ids.team(session.team_id)
        return data

    # Single events -------------------------------------------------------------------------

    def of(self, event: Event) -> list[dict[str, Any]]:
        """The CXone events for one engine event about a session; none for any other kind."""
        session = event.session
        if session is None:
            return []
        match event.kind:
            case EventKind.SESSION_STARTED:
                return [self.session_start(session)]
            case EventKind.STATE_CHANGED:
                return [self.agent_state(session, event.actor_id)]
            case EventKind.SESSION_ENDED:
                return [self.session_end(session, event)]
        if event.kind not in _CONTACT_KINDS or event.contact is None:
            return []
        found = [self.contact(event.contact, _DISCONNECT_CODE.get(event.kind, ""))]
        if event.kind in _ACW_KINDS:
            found.append(self.agent_state(session, session.changed_by_id))
        return found

    def agent_state(self, session: AgentSession, actor_id: str | None) -> dict[str, Any]:
        available = session.availability is Availability.AVAILABLE
        code = None if available else self._org.aux_code(session.idle_code_id or "")
        changed_by = self._org.user(actor_id) if actor_id and actor_id != session.agent_id else None
        state = AVAILABLE if available else UNAVAILABLE
        reason = code.name if code else ""
        in_acw = is_acw(code) or session.in_wrap_up
        return _dump(
            wire.AgentState(
                Type="AgentState",
                CurrentState=state,
                CurrentOutReason=reason,
                # When the current state *and reason* began: a new reason is a new state here.
                StartTimeUTC=wire.utc_iso(session.idle_code_changed_ms),
                # The state that follows the current one: after ACW, the agent's own state.
                NextStates=[wire.NextState(State=state, OutReason=reason)] if in_acw else [],
                IsAcw=in_acw,
                NextIsAcw=False if in_acw else None,
                AcwTimeout=acw_timeout_s(session),
                ChangedBy=changed_by.display_name if changed_by else "",
                ChangedById=str(self._ids.agent(changed_by.id)) if changed_by else "",
            )
        )

    def session_end(self, session: AgentSession, event: Event) -> dict[str, Any]:
        actor = self._org.user(event.actor_id) if event.actor_id else None
        by_someone_else = actor is not None and actor.id != session.agent_id
        return _dump(
            wire.AgentSessionEnd(
                Type="AgentSessionEnd",
                SessionId=session.session_id,
                Message=event.detail,
                Success=True,
                EndedBy=actor.display_name if actor and by_someone_else else "",
            )
        )

    def contact(self, contact: Contact, disconnect_code: str = "") -> dict[str, Any]:
        """One contact with every detail, alike live and in a snapshot (a join, a re-join, a
        poll with an older id after a restart): who, skill, when it started and last changed."""
        kind = wire.CONTACT_EVENT_BY_CHANNEL.get(contact.channel, "DigitalContactEvent")
        call = kind == "CallContactEvent"
        status = contact.status
        skill = skill_id(self._org, contact.channel)
        gone = status is ContactStatus.ENDED
        rings = contact.rings_out_ms - contact.since_ms if contact.rings_out_ms else 0
        data = _dump(
            wire.ContactEvent(
                Type=kind,  # type: ignore[arg-type]
                ContactID=str(contact.number),
                MasterID=str(contact.number),
                Status=CONTACT_STATUS[status],
                MediaType=contact.channel,
                StartTimeUTC=wire.utc_iso(contact.offered_ms),
                LastStateChangeTime=wire.utc_iso(contact.since_ms),
                ANI=contact.origin if call else "",
                FromAddress="" if call else contact.origin,
                Skill=str(skill),
                SkillName=contact.queue,
                IsInbound=True,
                FinalState=gone if status in (ContactStatus.WRAP_UP, ContactStatus.ENDED) else None,
                DisconnectCode=disconnect_code if gone and disconnect_code else None,
                Timeout=max(0, rings // 1000) if status.is_offer else None,
                AllowDispositions=True,
                # An offer waits for accept or reject; a call ringing on the agent's own
                # phone is answered there.
                IsRequireManualAccept=status is ContactStatus.OFFERED if status.is_offer else None,
            )
        )
        # The platform's ids are numbers on the wire (the model keeps them as text).
        data["ContactID"] = data["MasterID"] = contact.number
        data["Skill"] = skill
        return data


def builder_of(sandbox: Sandbox) -> EventBuilder:
    found = sandbox.routers.get("cxone.events")
    if not isinstance(found, EventBuilder):
        found = sandbox.routers["cxone.events"] = EventBuilder(sandbox.org, ids_of(sandbox))
    return found


def acw_timeout_s(session: AgentSession) -> int | None:
    """Seconds of after-contact work the platform allows (its wrap-up limit), while the agent
    owes some and the platform has a limit; None otherwise."""
    limits = [
        c.wrap_up_by_ms - c.since_ms
        for c in session.contacts
        if c.status is ContactStatus.WRAP_UP and c.wrap_up_by_ms
    ]
    return max(0, min(limits) // 1000) if limits else None


def is_acw(code: AuxCode | None) -> bool:
    """Wrap-up codes are CXone's after-contact-work (ACW) unavailable codes."""
    return code is not None and code.workTypeCode == "WRAP_UP_CODE"


def unavailable_codes(org: Org, ids: CxoneIds) -> list[dict[str, Any]]:
    """Idle codes (system ones marked so) and wrap-up codes as ACW codes; `outStateId` is
    the code's integer."""
    return [
        wire.UnavailableCode(
            outStateId=str(ids.code(code.id)),
            outStateName=code.name,
            isActive=code.active,
            isAcw=is_acw(code),
            isSystem=code.isSystemCode,
        ).model_dump(mode="json")
        | {"outStateId": ids.code(code.id)}
        for code in org.auxiliaryCodes
    ]
