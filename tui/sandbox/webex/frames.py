"""Engine events -> Webex notification frames (models from `tui.backends.webex.wire`).

Frames are dumped with `exclude_unset`: every field is passed explicitly, so required fields
(including required-but-null ones such as `changedById` for a system change) are always
written, and optional fields the sandbox has no value for are left out rather than sent as
null (`supervisorSessionId?: string` is absent for an agent, never `null`).
"""

from __future__ import annotations

from typing import Any

from tui.backends.webex import wire
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    Device,
    Event,
    EventKind,
    Refusal,
    RosterEntry,
)
from tui.sandbox.engine.org import Org
from tui.sandbox.webex.contact_frames import ContactFrames, is_contact_data

PROFILE_TYPE = "BLENDED"
LOGGED_IN = "LoggedIn"
LOGGED_OUT = "LoggedOut"

FAILURE_FOR_REFUSAL: dict[Refusal, wire.FailureReason] = {
    Refusal.INVALID_DIAL_NUMBER: wire.FailureReason.INVALID_DIAL_NUMBER,
    Refusal.DUPLICATE_LOCATION: wire.FailureReason.DUPLICATE_LOCATION,
    Refusal.ALREADY_LOGGED_IN: wire.FailureReason.AGENT_ALREADY_LOGGED_IN,
    Refusal.NOT_LOGGED_IN: wire.FailureReason.AGENT_NOT_LOGGED_IN,
    Refusal.INVALID_TEAM: wire.FailureReason.INVALID_TEAM,
    Refusal.DEVICE_NOT_ALLOWED: wire.FailureReason.INVALID_DEVICE_TYPE,
    Refusal.UNKNOWN_IDLE_CODE: wire.FailureReason.INVALID_IDLE_CODE,
    Refusal.IDLE_CODE_NOT_SELECTABLE: wire.FailureReason.INVALID_IDLE_CODE,
    Refusal.NOT_PERMITTED: wire.FailureReason.NOT_PERMITTED,
    Refusal.AGENT_NOT_FOUND: wire.FailureReason.AGENT_NOT_FOUND,
    Refusal.INVALID_REQUEST: wire.FailureReason.NOT_PERMITTED,
    Refusal.NO_SUCH_SESSION: wire.FailureReason.AGENT_NOT_FOUND,
    Refusal.IMPERSONATION_NOT_ALLOWED: wire.FailureReason.NOT_PERMITTED,
    Refusal.NO_ACTIVE_CONTACT: wire.FailureReason.INVALID_IDLE_CODE,
}

DEVICE_TYPE: dict[Device, str] = {
    Device.DIAL_NUMBER: "AGENT_DN",
    Device.EXTENSION: "EXTENSION",
    Device.BROWSER: "BROWSER",
}

_EMPTY_AGENT_LIST = '"agentList":[]'
SUB_STATUS = {Availability.AVAILABLE: "Available", Availability.IDLE: "Idle"}


def aux_code_id(session: AgentSession) -> str:
    if session.availability is Availability.AVAILABLE or session.idle_code_id is None:
        return wire.AVAILABLE_AUX_CODE_ID
    return session.idle_code_id


def dump(frame: wire.Msg | wire.Welcome | wire.Keepalive) -> str:
    if isinstance(frame, wire.Keepalive):
        return wire.KEEPALIVE_JSON
    return frame.model_dump_json(exclude_unset=True)


def welcome(agent_id: str) -> str:
    return dump(wire.Welcome(type="Welcome", data=wire.WelcomeData(agentId=agent_id)))


class FrameBuilder:
    """Builds the frame for each event; one per sandbox (it needs the org for names)."""

    def __init__(self, org: Org) -> None:
        self._org = org
        self._buddies: dict[str, tuple[RosterEntry, wire.BuddyAgent, str]] = {}
        """Each agent's last roster entry and what it made (the model and its JSON), by id."""
        self._contacts = ContactFrames(org, self._common)

    def frame(self, event: Event) -> wire.Msg | None:
        """The first frame for `event` (None when it has none)."""
        found = self.frames(event)
        return found[0] if found else None

    def _envelope(self, event: Event, data: Any) -> wire.Msg:
        kind = wire.ROUTING_MESSAGE if is_contact_data(data) else None
        return wire.Msg(
            type=kind or str(wire.MSG_TYPE_FOR_EVENT.get(data.type, data.type)),
            orgId=self._org.orgId,
            trackingId=event.correlation_id,
            data=data,
        )

    def frames(self, event: Event) -> list[wire.Msg]:
        """Every frame for `event`: a contact event may be more than one (an offer is
        `AgentContactReserved` then `AgentOfferContact`); after a relogin, one `AgentContact`
        per contact the session holds follows the `AgentReloginSuccess`, as the platform
        re-sends them."""
        if event.contact is not None and event.kind.value.startswith("contact_"):
            return [self._envelope(event, data) for data in self._contacts.data(event)]
        data = self._data(event)
        if data is None:
            return []
        first = self._envelope(event, data)
        session = event.session
        if event.kind is not EventKind.SESSION_ATTACHED or session is None or event.refusal:
            return [first]
        return [
            first,
            *(
                self._envelope(event, self._contacts.agent_contact(event, c))
                for c in session.contacts
            ),
        ]

    def texts(self, event: Event) -> list[str]:
        """Every frame for `event`, as the socket sends it (`frames`, dumped)."""
        if event.kind is EventKind.ROSTER and event.refusal is None:
            return [self._roster_text(event)]
        return [dump(frame) for frame in self.frames(event)]

    def _roster_text(self, event: Event) -> str:
        """A roster's frame, each agent's entry written once for as long as the agent stays
        the same: dumping 2,000 entries afresh for every look took about 30 ms of the
        sandbox's loop. The same text as `dump` of the whole frame (tests/unit)."""
        entries = ",".join(self._known_buddy(entry)[2] for entry in event.roster)
        empty = wire.BuddyAgents(type="BuddyAgents", **self._common(event), agentList=[])
        # A JSON string escapes its quotes, so only the field itself can read so.
        return dump(self._envelope(event, empty)).replace(
            _EMPTY_AGENT_LIST, f'"agentList":[{entries}]', 1
        )

    def multi_login(self, agent_id: str, subscription_id: str, tracking_id: str) -> wire.Msg:
        data = wire.AgentMultiLoginCloseSession(
            type="AgentMultiLoginCloseSession",
            agentId=agent_id,
            orgId=self._org.orgId,
            trackingId=tracking_id,
            reason="The same user subscribed again from another desktop; this one is closed.",
            subscriptionId=subscription_id,
            eventType=wire.AGENT_DESKTOP_MESSAGE,
        )
        return wire.Msg(
            type=str(wire.MsgType.AGENT_MULTI_LOGIN),
            orgId=self._org.orgId,
            trackingId=tracking_id,
            data=data,
        )

    # Per kind -------------------------------------------------------------------------------

    def _data(self, event: Event) -> Any:
        kind = event.kind
        if event.refusal is not None:
            return self._failure(event)
        if kind is EventKind.SESSION_STARTED and event.session:
            return wire.StationLoginSuccess(
                type="AgentStationLoginSuccess", **self._session_fields(event, event.session)
            )
        if kind is EventKind.SESSION_ATTACHED and event.session:
            session = event.session
            return wire.AgentReloginSuccess(
                type="AgentReloginSuccess",
                **self._session_fields(event, session),
                isExtension=session.device is Device.EXTENSION,
                lastStateChangeReason=session.state_reason,
            )
        if kind is EventKind.STATE_CHANGED and event.session:
            return self._state_changed(event, event.session)
        if kind is EventKind.SESSION_ENDED and event.session:
            return self._logged_out(event, event.session)
        if kind is EventKind.ROSTER:
            return self._roster(event)
        return None

    def _common(self, event: Event) -> dict[str, Any]:
        return {
            "agentId": event.agent_id,
            "orgId": self._org.orgId,
            "trackingId": event.correlation_id,
            "eventType": wire.AGENT_DESKTOP_MESSAGE,
        }

    def _session_fields(self, event: Event, session: AgentSession) -> dict[str, Any]:
        fields = self._common(event) | {
            "agentSessionId": session.session_id,
            "auxCodeId": aux_code_id(session),
            "channelsMap": session.channel_load(self._org.channel_types),
            "deviceType": DEVICE_TYPE[session.device],
            "dialNumber": session.dial_number,
            "dn": session.dial_number,
            "interactionIds": session.interaction_ids,
            "lastIdleCodeChangeTimestamp": session.idle_code_changed_ms,
            "lastStateChangeTimestamp": session.state_changed_ms,
            "profileType": PROFILE_TYPE,
            "roles": list(session.roles),
            "siteId": session.site_id,
            "status": LOGGED_IN,
            "subStatus": SUB_STATUS[session.availability],
            "teamId": session.team_id,
            # Beyond the published type: when the session started (a desktop shows it).
            "loginTimestamp": session.login_ms,
        }
        if "supervisor" in session.roles:
            fields["supervisorSessionId"] = session.session_id
        return fields

    def _actor(self, actor_id: str | None) -> tuple[str | None, str | None, str | None]:
        """(changedBy, changedById, changedByName): login, id and display name of the actor."""
        actor = self._org.user(actor_id) if actor_id else None
        if actor is None:
            return None, None, None
        return actor.login, actor.id, actor.display_name

    def _state_changed(self, event: Event, session: AgentSession) -> wire.AgentStateChangeSuccess:
        changed_by, changed_by_id, changed_by_name = self._actor(event.actor_id)
        code = self._org.aux_code(session.idle_code_id or "")
        extra: dict[str, Any] = {}
        if session.availability is Availability.IDLE and code is not None:
            extra["idleCodeName"] = code.name
        return wire.AgentStateChangeSuccess(
            type="AgentStateChangeSuccess",
            **self._common(event),
            agentSessionId=session.session_id,
            auxCodeId=aux_code_id(session),
            changedBy=changed_by,
            changedById=changed_by_id,
            changedByName=changed_by_name,
            lastIdleCodeChangeTimestamp=session.idle_code_changed_ms,
            lastStateChangeTimestamp=session.state_changed_ms,
            lastStateChangeReason=session.state_reason,
            status=LOGGED_IN,
            subStatus=SUB_STATUS[session.availability],
            **extra,
        )

    def _logged_out(self, event: Event, session: AgentSession) -> wire.AgentLogoutSuccess:
        actor = self._org.user(event.actor_id) if event.actor_id else None
        return wire.AgentLogoutSuccess(
            type="AgentLogoutSuccess",
            **self._common(event),
            agentSessionId=session.session_id,
            logoutReason=event.detail,
            loggedOutBy=actor.login if actor else None,
            status=LOGGED_OUT,
            subStatus=SUB_STATUS[session.availability],
            teamId=session.team_id,
            roles=list(session.roles),
        )

    def _failure(self, event: Event) -> wire.FailureEvent | None:
        assert event.refusal is not None
        model: type[wire.FailureEvent] | None = {
            EventKind.SESSION_START_REFUSED: wire.StationLoginFailed,
            EventKind.STATE_CHANGE_REFUSED: wire.AgentStateChangeFailed,
            EventKind.SESSION_END_REFUSED: wire.AgentLogoutFailed,
            EventKind.SESSION_ATTACH_REFUSED: wire.AgentReloginFailed,
        }.get(event.kind)
        if model is None:
            return None
        reason = FAILURE_FOR_REFUSAL[event.refusal]
        type_name = model.model_fields["type"].default
        return model.from_reason(
            reason, type=type_name, **self._common(event), description=event.detail
        )

    def _roster(self, event: Event) -> wire.BuddyAgents:
        agents = [self._known_buddy(entry)[1] for entry in event.roster]
        return wire.BuddyAgents(type="BuddyAgents", **self._common(event), agentList=agents)

    def _known_buddy(self, entry: RosterEntry) -> tuple[RosterEntry, wire.BuddyAgent, str]:
        """One agent of a roster (the entry, its model and the model's JSON), made once for
        as long as the agent stays the same.

        A supervisor's board asks for the whole team several times a second; between two
        looks at 2,000 agents a few hundred have changed, and making every entry afresh took
        longer than everything else the look cost. Built without validation: every value is
        the engine's own.
        """
        known = self._buddies.get(entry.agent_id)
        if known is not None and (known[0] is entry or known[0] == entry):
            return known  # the engine hands out the same entry while the agent is the same
        team = self._org.team(entry.team_id)
        code = self._org.aux_code(entry.idle_code_id or "")
        idle = entry.availability is Availability.IDLE
        buddy = wire.BuddyAgent.model_construct(
            agentId=entry.agent_id,
            agentName=entry.name,
            state=SUB_STATUS[entry.availability],
            teamId=entry.team_id,
            teamName=team.name if team else "",
            siteId=entry.site_id,
            idleCodeId=entry.idle_code_id if idle else None,
            idleCodeName=code.name if idle and code else None,
            lastStateChangeTimestamp=entry.state_changed_ms,
            dn=entry.dial_number,
            agentSessionId=entry.session_id,
            channels=[
                wire.BuddyChannel.model_construct(
                    channelType=c.channel, capacity=c.capacity, assigned=c.assigned
                )
                for c in entry.channels
            ],
        )
        made = (entry, buddy, buddy.model_dump_json(exclude_unset=True))
        self._buddies[entry.agent_id] = made
        return made
