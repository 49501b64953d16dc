"""Station sessions: an agent signs in on a device, changes state, logs out, or comes back.

Refusals a client learns about asynchronously (a bad dial number, an unknown idle code, ...)
are published as `*_REFUSED` events; a refusal of the request itself raises `Rejected`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tui.sandbox.engine.contacts import Contacts
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    Device,
    Event,
    EventKind,
    Refusal,
)
from tui.sandbox.engine.org import User

KNOWN_ROLES = frozenset({"agent", "supervisor"})
_DEVICE_OPTION = {
    Device.DIAL_NUMBER: "AGENT_DN",
    Device.EXTENSION: "EXTENSION",
    Device.BROWSER: "BROWSER",
}


class Stations(Contacts):
    """Station sessions; a session holds its contacts, so ending one ends them (`Contacts`)."""

    def start_session(
        self,
        agent_id: str,
        *,
        dial_number: str,
        device: Device,
        team_id: str | None = None,
        device_id: str | None = None,
        roles: Iterable[str] = ("agent",),
        available: bool | None = None,
        correlation_id: str = "",
        idle_code: bool = True,
        profile_decides_device: bool = True,
    ) -> Event:
        """Start a station session; publishes SESSION_STARTED or SESSION_START_REFUSED.

        `available` says how the session starts; None follows the org's `availableOnLogin`.
        Starting unavailable means Idle with the default idle code, or with none when
        `idle_code` is False (CXone starts a session Unavailable with a blank reason). With
        `profile_decides_device` False, the desktop profile's login options are not checked
        (CXone's softphone is not one of them).
        """
        user = self._user(agent_id)
        wanted_roles = tuple(dict.fromkeys(roles)) or ("agent",)
        unknown = [r for r in wanted_roles if r not in KNOWN_ROLES]
        if unknown:
            raise Rejected(Refusal.INVALID_REQUEST, f"Unknown role: {unknown[0]}.")
        if "supervisor" in wanted_roles and not user.is_supervisor:
            raise Rejected(Refusal.NOT_PERMITTED, "Only a supervisor may sign in as one.")

        def refuse(refusal: Refusal, detail: str) -> Event:
            return self._publish(
                EventKind.SESSION_START_REFUSED,
                agent_id,
                (agent_id,),
                correlation_id,
                actor_id=agent_id,
                refusal=refusal,
                detail=detail,
            )

        if agent_id in self._sessions:
            return refuse(Refusal.ALREADY_LOGGED_IN, "This agent already has a station session.")
        if team_id:
            if team_id not in user.teamIds:
                return refuse(Refusal.INVALID_TEAM, "The agent is not a member of that team.")
        elif "agent" in wanted_roles:
            return refuse(Refusal.INVALID_TEAM, "An agent must choose a team to sign in.")
        profile = self.org.profile(user.profileId)
        allowed = profile is not None and _DEVICE_OPTION[device] in profile.loginVoiceOptions
        if profile_decides_device and not allowed:
            return refuse(
                Refusal.DEVICE_NOT_ALLOWED, "The desktop profile does not allow that login option."
            )
        number = dial_number.strip()
        if device is not Device.BROWSER:
            if not self.org.dial_number_valid(number):
                return refuse(
                    Refusal.INVALID_DIAL_NUMBER,
                    f"The dial number {number!r} does not match the dial plan.",
                )
            number = self.org.normalise_dial_number(number)
            holder = self._holder_of(number)
            if holder is not None:
                return refuse(
                    Refusal.DUPLICATE_LOCATION,
                    "Another agent is signed in with that dial number.",
                )
        team = team_id or user.teamIds[0]
        now = self._clock()
        if available is None:
            available = self.org.availableOnLogin
        session = AgentSession(
            session_id=self._new_id(),
            agent_id=agent_id,
            team_id=team,
            site_id=self._site_of(team, user),
            dial_number=number,
            device=device,
            device_id=device_id or (f"webrtc-{agent_id}" if device is Device.BROWSER else number),
            roles=wanted_roles,
            availability=Availability.AVAILABLE if available else Availability.IDLE,
            idle_code_id=None if available or not idle_code else self._default_idle_code(),
            state_changed_ms=now,
            idle_code_changed_ms=now,
            login_ms=now,
            changed_by_id=agent_id,
        )
        return self._publish(
            EventKind.SESSION_STARTED,
            agent_id,
            (agent_id,),
            correlation_id,
            actor_id=agent_id,
            session=session,
            save=session,
            at_ms=now,
        )

    def change_state(
        self,
        actor_id: str,
        *,
        availability: Availability,
        idle_code_id: str | None = None,
        reason: str = "",
        agent_id: str | None = None,
        allow_wrap_up: bool = False,
        correlation_id: str = "",
    ) -> Event:
        """Go Available or Idle (with a selectable idle code), for oneself or a team's agent.

        With `allow_wrap_up`, Idle may also name a wrap-up code (after-contact work), but only
        while the agent has an assigned contact.
        """
        actor = self._user(actor_id)
        target_id = agent_id or actor_id
        self._check_may_act_for(actor, target_id)
        audience = (target_id, actor_id)

        def refuse(refusal: Refusal, detail: str) -> Event:
            return self._publish(
                EventKind.STATE_CHANGE_REFUSED,
                target_id,
                (actor_id,),
                correlation_id,
                actor_id=actor_id,
                refusal=refusal,
                detail=detail,
                session=self._sessions.get(target_id),
            )

        session = self._sessions.get(target_id)
        if session is None:
            return refuse(Refusal.NOT_LOGGED_IN, "The agent has no station session.")
        if availability is Availability.IDLE:
            code = self.org.aux_code(idle_code_id or "")
            wrap_up = code is not None and allow_wrap_up and not code.is_idle_code and code.active
            if code is None or not (code.is_idle_code or wrap_up):
                return refuse(Refusal.UNKNOWN_IDLE_CODE, "There is no such idle code.")
            if wrap_up and not session.interaction_ids:
                return refuse(
                    Refusal.NO_ACTIVE_CONTACT,
                    f"{code.name} is for after-contact work, and the agent has no active contact.",
                )
            if not wrap_up and not code.selectable:
                return refuse(
                    Refusal.IDLE_CODE_NOT_SELECTABLE,
                    f"The idle code {code.name} is set by the system and cannot be chosen.",
                )
        else:
            idle_code_id = None
        now = self._clock()
        updated = replace(session, state_reason=reason, changed_by_id=actor_id)
        if availability is not session.availability:
            updated = replace(
                updated,
                availability=availability,
                idle_code_id=idle_code_id,
                state_changed_ms=now,
                idle_code_changed_ms=now,
            )
        elif idle_code_id != session.idle_code_id:
            updated = replace(updated, idle_code_id=idle_code_id, idle_code_changed_ms=now)
        return self._publish(
            EventKind.STATE_CHANGED,
            target_id,
            audience,
            correlation_id,
            actor_id=actor_id,
            session=updated,
            save=updated,
            detail=reason,
            at_ms=now,
        )

    def end_session(
        self,
        actor_id: str,
        *,
        reason: str = "",
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Log out (oneself, or an agent of a supervised team); ends the agent's contacts first."""
        actor = self._user(actor_id)
        target_id = agent_id or actor_id
        self._check_may_act_for(actor, target_id)
        session = self._sessions.get(target_id)
        if session is None:
            return self._publish(
                EventKind.SESSION_END_REFUSED,
                target_id,
                (actor_id,),
                correlation_id,
                actor_id=actor_id,
                refusal=Refusal.NOT_LOGGED_IN,
                detail="The agent has no station session.",
            )
        # Each contact ends in its own commit: a crash half-way leaves a consistent store.
        for contact in session.contacts:
            self.end_contact(contact.contact_id, correlation_id=correlation_id)
        session = self._sessions[target_id]
        return self._publish(
            EventKind.SESSION_ENDED,
            target_id,
            (target_id, actor_id),
            correlation_id,
            actor_id=actor_id,
            session=session,
            detail=reason,
            drop=session,
        )

    def attach(self, agent_id: str, *, correlation_id: str = "") -> Event:
        """Re-attach a desktop to the agent's existing session (after a reload or restart)."""
        self._user(agent_id)
        session = self._sessions.get(agent_id)
        if session is None:
            return self._publish(
                EventKind.SESSION_ATTACH_REFUSED,
                agent_id,
                (agent_id,),
                correlation_id,
                actor_id=agent_id,
                refusal=Refusal.AGENT_NOT_FOUND,
                detail="There is no station session to return to.",
            )
        return self._publish(
            EventKind.SESSION_ATTACHED,
            agent_id,
            (agent_id,),
            correlation_id,
            actor_id=agent_id,
            session=session,
        )

    # Internals ------------------------------------------------------------------------------

    def _holder_of(self, dial_number: str) -> AgentSession | None:
        for agent_id in self._phones.get(dial_number, ()):
            session = self._sessions.get(agent_id)
            if session is not None:
                return session
        return None

    def _site_of(self, team_id: str, user: User) -> str:
        team = self.org.team(team_id)
        return team.siteId if team else user.siteId

    def _default_idle_code(self) -> str | None:
        default = self.org.default_idle_code()
        return default.id if default else None
