"""The contact center's rules, in one place, for every platform router.

The engine signs users in, starts, joins, changes and ends agent sessions, answers who is on a
team, and offers, assigns and ends contacts. Each command writes its change and the resulting event
in one store transaction, updates its in-memory view, then publishes the event to the hub.
Commands run on the server's event loop and never await, so each one is atomic.

Refusals a client learns about asynchronously (a bad dial number, an unknown idle code, ...)
are published as `*_REFUSED` events. Refusals of the request itself (a supervisor acting for
an agent outside their teams) raise `Rejected`, which routers answer synchronously (HTTP 403).

Timestamps (epoch ms):
- a new session sets `state_changed_ms` and `idle_code_changed_ms` to now;
- Available -> Idle(X) and Idle(X) -> Available set both;
- Idle(X) -> Idle(Y) sets only `idle_code_changed_ms` (the agent is still Idle);
- a change to the state the agent is already in changes nothing (and still succeeds).

Session handles: starting or joining a session through a polling protocol gives the client a
`SessionHandle`, a cursor into the session's events (`session_events`). Handing events out
replaces the handle (`replace_handle`); the old one still names the session, so a client that
lost an answer can ask again and be given the whole session afresh.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from tui.sandbox.engine.hub import Hub
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    ChannelLoad,
    Contact,
    ContactStatus,
    Device,
    Event,
    EventKind,
    Refusal,
    RosterEntry,
    SessionHandle,
    now_ms,
)
from tui.sandbox.engine.org import Org, User
from tui.sandbox.engine.store import Store, TokenRecord

DEFAULT_TOKEN_LIFETIME_S = 12 * 3600
HANDLES_KEPT_PER_CHAIN = 8
"""Replaced handles remembered per chain: enough for a client a few answers behind."""
ENDED_HANDLES_KEPT_MS = 24 * 3600 * 1000
"""Handles of ended sessions are forgotten this long after they were made (at start-up)."""
SESSION_EVENT_KINDS = (
    EventKind.SESSION_STARTED,
    EventKind.STATE_CHANGED,
    EventKind.CONTACT_OFFERED,
    EventKind.CONTACT_ASSIGNED,
    EventKind.CONTACT_ENDED,
    EventKind.SESSION_ENDED,
)
"""The facts about a session that its handles read (refusals and rosters are not)."""
KNOWN_ROLES = frozenset({"agent", "supervisor"})
_DEVICE_OPTION = {
    Device.DIAL_NUMBER: "AGENT_DN",
    Device.EXTENSION: "EXTENSION",
    Device.BROWSER: "BROWSER",
}


class Rejected(Exception):
    """The request itself is refused (answered synchronously, e.g. 403)."""

    def __init__(self, refusal: Refusal, message: str) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.message = message


class NotAuthenticated(Exception):
    """No usable credentials: missing, unknown or expired token, or a wrong password."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grant:
    """A freshly issued bearer token. The token itself is never stored, only its hash."""

    token: str
    user: User
    expires_in_s: int


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Engine:
    def __init__(
        self,
        org: Org,
        store: Store,
        hub: Hub,
        *,
        token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.org = org
        self._store = store
        self._hub = hub
        self._token_lifetime_ms = int(token_lifetime_s * 1000)
        self._clock = clock
        self._sessions: dict[str, AgentSession] = {s.agent_id: s for s in store.load_sessions()}
        with store.transaction():
            store.purge_tokens(before_ms=clock())
            store.purge_handles(
                live_session_ids={s.session_id for s in self._sessions.values()},
                before_ms=clock() - ENDED_HANDLES_KEPT_MS,
            )

    # Identity -------------------------------------------------------------------------------

    def sign_in(self, login: str, password: str) -> Grant:
        user = self.org.user_by_login(login)
        # Bytes: compare_digest refuses str with non-ASCII characters (a 500 for "pässword").
        given = password.encode("utf-8", "surrogatepass")
        if user is None or not secrets.compare_digest(user.password.encode("utf-8"), given):
            raise NotAuthenticated("The user name or password is wrong.")
        if not user.active:
            raise NotAuthenticated("This user is not active.")
        token = secrets.token_urlsafe(32)
        issued = self._clock()
        with self._store.transaction():
            self._store.put_token(
                _hash_token(token), TokenRecord(user.id, issued, issued + self._token_lifetime_ms)
            )
        return Grant(token=token, user=user, expires_in_s=self._token_lifetime_ms // 1000)

    def revoke(self, token: str) -> None:
        """The token stops working at once (on every route, for good); unknown ones are fine."""
        with self._store.transaction():
            self._store.delete_token(_hash_token(token))

    def identify(self, token: str | None) -> User:
        """The user a bearer token belongs to, or NotAuthenticated."""
        if not token:
            raise NotAuthenticated("A bearer token is required.")
        record = self._store.token(_hash_token(token))
        if record is None:
            raise NotAuthenticated("The bearer token is not valid.")
        if self._clock() >= record.expires_ms:
            raise NotAuthenticated("The bearer token has expired; sign in again.")
        user = self.org.user(record.user_id)
        if user is None:
            raise NotAuthenticated("The bearer token belongs to a user who no longer exists.")
        if not user.active:
            raise NotAuthenticated("The bearer token belongs to a user who is not active.")
        return user

    # Queries --------------------------------------------------------------------------------

    def session_of(self, agent_id: str) -> AgentSession | None:
        return self._sessions.get(agent_id)

    def sessions(self) -> list[AgentSession]:
        """Every live session, in a stable order (by agent id)."""
        return [self._sessions[key] for key in sorted(self._sessions)]

    def may_act_for(self, actor: User, agent_id: str) -> bool:
        """An agent acts for themself; a supervisor also for agents of the teams they supervise."""
        if actor.id == agent_id:
            return True
        agent = self.org.user(agent_id)
        if agent is None or not actor.is_supervisor:
            return False
        session = self._sessions.get(agent_id)
        teams = {session.team_id} if session else set(agent.teamIds)
        return bool(teams & set(actor.supervisedTeamIds))

    def visible_users(self, user: User) -> list[User]:
        """The user, and for a supervisor every member of the teams they supervise."""
        seen = {user.id: user}
        for team_id in user.supervisedTeamIds:
            for member in self.org.members_of(team_id):
                seen.setdefault(member.id, member)
        return list(seen.values())

    # Station sessions -----------------------------------------------------------------------

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
    ) -> Event:
        """Start a station session; publishes SESSION_STARTED or SESSION_START_REFUSED.

        `available` says how the session starts; None follows the org's `availableOnLogin`.
        Starting unavailable means Idle with the default idle code.
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
        if profile is None or _DEVICE_OPTION[device] not in profile.loginVoiceOptions:
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
            session_id=str(uuid.uuid4()),
            agent_id=agent_id,
            team_id=team,
            site_id=self._site_of(team, user),
            dial_number=number,
            device=device,
            device_id=device_id or (f"webrtc-{agent_id}" if device is Device.BROWSER else number),
            roles=wanted_roles,
            availability=Availability.AVAILABLE if available else Availability.IDLE,
            idle_code_id=None if available else self._default_idle_code(),
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

    # Session handles ------------------------------------------------------------------------

    def join_session(
        self,
        holder_id: str,
        *,
        agent_id: str | None = None,
        session_ref: str | None = None,
        correlation_id: str = "",
    ) -> SessionHandle:
        """A new handle on a live session: the holder's own, or another agent's (impersonation).

        `agent_id` names the agent to act as; `session_ref` (a session id or a handle id) names
        the session, whose agent is acted as when `agent_id` is not given. Raises `Rejected`:
        IMPERSONATION_NOT_ALLOWED (the holder may not act as that agent), AGENT_NOT_FOUND,
        NO_SUCH_SESSION (no live session, or not the one `session_ref` names).
        """
        holder = self._user(holder_id)
        referenced = self._session_for_ref(session_ref) if session_ref else None
        target_id = agent_id or (referenced.agent_id if referenced else None) or holder_id
        if target_id != holder_id:
            if not holder.mayImpersonate:
                raise Rejected(
                    Refusal.IMPERSONATION_NOT_ALLOWED, "This user may not act as another agent."
                )
            if self.org.user(target_id) is None:
                raise Rejected(Refusal.AGENT_NOT_FOUND, "There is no agent with that id.")
            if not self.may_act_for(holder, target_id):
                raise Rejected(
                    Refusal.IMPERSONATION_NOT_ALLOWED,
                    "That agent is not on a team this supervisor supervises.",
                )
        session = self._sessions.get(target_id)
        if session is None:
            raise Rejected(Refusal.NO_SUCH_SESSION, "The agent has no session.")
        if session_ref and (referenced is None or referenced.session_id != session.session_id):
            raise Rejected(Refusal.NO_SUCH_SESSION, "There is no such session, or it has ended.")
        handle_id = str(uuid.uuid4())
        handle = SessionHandle(
            handle_id=handle_id,
            chain_id=handle_id,
            agent_id=target_id,
            session_id=session.session_id,
            holder_id=holder_id,
            after_seq=None,
            created_ms=self._clock(),
        )
        self._publish(
            EventKind.SESSION_JOINED,
            target_id,
            (holder_id,),
            correlation_id,
            actor_id=holder_id,
            session=session,
            save_handle=handle,
        )
        return handle

    def handle(self, handle_id: str) -> SessionHandle | None:
        return self._store.handle(handle_id)

    def session_of_handle(self, handle: SessionHandle) -> AgentSession | None:
        """The handle's session while it lives; None once it has ended."""
        session = self._sessions.get(handle.agent_id)
        return session if session and session.session_id == handle.session_id else None

    def last_seq(self) -> int:
        """The sequence number of the latest committed event (0 when there is none)."""
        return self._store.last_seq()

    def session_events(self, handle: SessionHandle, limit: int = 500) -> list[Event]:
        """The handle's session's events past its cursor, in order (at most `limit`), ending at
        the session's end. Empty for a handle that has not been given the session yet."""
        if handle.after_seq is None:
            return []
        found = self._store.agent_events(
            handle.agent_id, SESSION_EVENT_KINDS, handle.after_seq, limit
        )
        mine = []
        for event in found:
            if event.session is None or event.session.session_id != handle.session_id:
                continue
            mine.append(event)
            if event.kind is EventKind.SESSION_ENDED:
                break
        return mine

    def replace_handle(self, handle: SessionHandle, after_seq: int) -> SessionHandle:
        """Hand out a new handle with its cursor at `after_seq`; the old one is marked replaced."""
        fresh = replace(
            handle,
            handle_id=str(uuid.uuid4()),
            after_seq=after_seq,
            created_ms=self._clock(),
            replaced=False,
        )
        with self._store.transaction():
            self._store.put_handle(replace(handle, replaced=True))
            self._store.put_handle(fresh)
            self._store.prune_replaced_handles(handle.chain_id, HANDLES_KEPT_PER_CHAIN)
        return fresh

    def _session_for_ref(self, ref: str) -> AgentSession | None:
        """The live session a session id or a handle id names."""
        for session in self._sessions.values():
            if session.session_id == ref:
                return session
        handle = self._store.handle(ref)
        return self.session_of_handle(handle) if handle else None

    # Rosters --------------------------------------------------------------------------------

    def roster(
        self,
        user_id: str,
        *,
        availability: Availability | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Publish the signed-in team-mates (and supervised agents) of a user, with their state."""
        user = self._user(user_id)
        teams = set(user.teamIds) | set(user.supervisedTeamIds)
        channels = self.org.channels
        channel_types = self.org.channel_types
        entries = []
        for session in self.sessions():
            if session.agent_id == user_id or session.team_id not in teams:
                continue
            if availability is not None and session.availability is not availability:
                continue
            mate = self.org.user(session.agent_id)
            load = session.channel_load(channel_types)
            entries.append(
                RosterEntry(
                    agent_id=session.agent_id,
                    name=mate.display_name if mate else session.agent_id,
                    team_id=session.team_id,
                    site_id=session.site_id,
                    dial_number=session.dial_number,
                    availability=session.availability,
                    idle_code_id=session.idle_code_id,
                    state_changed_ms=session.state_changed_ms,
                    session_id=session.session_id,
                    channels=tuple(
                        ChannelLoad(c.type, c.capacity, len(load.get(c.type, ()))) for c in channels
                    ),
                )
            )
        return self._publish(
            EventKind.ROSTER,
            user_id,
            (user_id,),
            correlation_id,
            actor_id=user_id,
            roster=tuple(entries),
        )

    # Contacts -------------------------------------------------------------------------------

    def room_on(self, agent_id: str, channel: str) -> int:
        """How many more contacts the agent's session can take on a channel now."""
        session = self._sessions.get(agent_id)
        if session is None:
            return 0
        return max(0, self.org.capacity(channel) - session.held_on(channel))

    def offer_contact(
        self,
        agent_id: str,
        channel: str,
        *,
        contact_id: str | None = None,
        origin: str = "",
        queue: str = "",
        correlation_id: str = "",
    ) -> Event | None:
        """Offer a new contact to an Available agent with room on the channel; else None."""
        session = self._sessions.get(agent_id)
        if session is None or session.availability is not Availability.AVAILABLE:
            return None
        if self.room_on(agent_id, channel) <= 0:
            return None
        if contact_id is None or self._find_contact(contact_id) is not None:
            contact_id = str(uuid.uuid4())
        now = self._clock()
        contact = Contact(
            contact_id=contact_id,
            agent_id=agent_id,
            session_id=session.session_id,
            channel=channel,
            status=ContactStatus.OFFERED,
            offered_ms=now,
            origin=origin,
            queue=queue,
        )
        updated = replace(session, contacts=(*session.contacts, contact))
        return self._publish(
            EventKind.CONTACT_OFFERED,
            agent_id,
            (agent_id,),
            correlation_id or str(uuid.uuid4()),
            contact=contact,
            session=updated,
            save=updated,
            save_contact=contact,
            at_ms=now,
        )

    def assign_contact(self, contact_id: str, *, correlation_id: str = "") -> Event | None:
        """Assign an offered contact (the agent accepted it); None if it is gone."""
        found = self._find_contact(contact_id)
        if found is None or found[1].status is not ContactStatus.OFFERED:
            return None
        session, contact = found
        now = self._clock()
        assigned = replace(contact, status=ContactStatus.ASSIGNED, assigned_ms=now)
        updated = replace(
            session,
            contacts=tuple(assigned if c.contact_id == contact_id else c for c in session.contacts),
        )
        return self._publish(
            EventKind.CONTACT_ASSIGNED,
            session.agent_id,
            (session.agent_id,),
            correlation_id or str(uuid.uuid4()),
            contact=assigned,
            session=updated,
            save=updated,
            save_contact=assigned,
            at_ms=now,
        )

    def end_contact(self, contact_id: str, *, correlation_id: str = "") -> Event | None:
        """End a contact, freeing its room on the channel; None if it is already gone."""
        found = self._find_contact(contact_id)
        if found is None:
            return None
        session, contact = found
        now = self._clock()
        ended = replace(contact, status=ContactStatus.ENDED)
        updated = replace(
            session, contacts=tuple(c for c in session.contacts if c.contact_id != contact_id)
        )
        return self._publish(
            EventKind.CONTACT_ENDED,
            session.agent_id,
            (session.agent_id,),
            correlation_id or str(uuid.uuid4()),
            contact=ended,
            session=updated,
            save=updated,
            drop_contact=contact_id,
            at_ms=now,
        )

    # Internals ------------------------------------------------------------------------------

    def _user(self, user_id: str) -> User:
        user = self.org.user(user_id)
        if user is None:
            raise Rejected(Refusal.AGENT_NOT_FOUND, "No such user.")
        return user

    def _check_may_act_for(self, actor: User, agent_id: str) -> None:
        if self.may_act_for(actor, agent_id):
            return
        if not actor.is_supervisor:
            raise Rejected(Refusal.NOT_PERMITTED, "Only a supervisor may act for another agent.")
        raise Rejected(
            Refusal.NOT_PERMITTED, "That agent is not on a team this supervisor supervises."
        )

    def _holder_of(self, dial_number: str) -> AgentSession | None:
        for session in self._sessions.values():
            if session.device is not Device.BROWSER and session.dial_number == dial_number:
                return session
        return None

    def _site_of(self, team_id: str, user: User) -> str:
        team = self.org.team(team_id)
        return team.siteId if team else user.siteId

    def _default_idle_code(self) -> str | None:
        codes = [c for c in self.org.auxiliaryCodes if c.selectable]
        default = next((c for c in codes if c.defaultCode), codes[0] if codes else None)
        return default.id if default else None

    def _find_contact(self, contact_id: str) -> tuple[AgentSession, Contact] | None:
        for session in self._sessions.values():
            for contact in session.contacts:
                if contact.contact_id == contact_id:
                    return session, contact
        return None

    def _publish(
        self,
        kind: EventKind,
        agent_id: str,
        audience: tuple[str, ...],
        correlation_id: str,
        *,
        actor_id: str | None = None,
        session: AgentSession | None = None,
        refusal: Refusal | None = None,
        detail: str = "",
        contact: Contact | None = None,
        roster: tuple[RosterEntry, ...] = (),
        save: AgentSession | None = None,
        drop: AgentSession | None = None,
        save_contact: Contact | None = None,
        drop_contact: str | None = None,
        save_handle: SessionHandle | None = None,
        at_ms: int | None = None,
    ) -> Event:
        """Commit the change and its event together, then update memory, then fan out."""
        at = self._clock() if at_ms is None else at_ms
        correlation_id = correlation_id or str(uuid.uuid4())
        draft = Event(
            seq=0,
            kind=kind,
            at_ms=at,
            agent_id=agent_id,
            audience=tuple(dict.fromkeys(audience)),
            correlation_id=correlation_id,
            actor_id=actor_id,
            session=session,
            refusal=refusal,
            detail=detail,
            contact=contact,
            roster=roster,
        )
        with self._store.transaction():
            if save is not None:
                self._store.save_session(save)
            if save_contact is not None:
                self._store.save_contact(save_contact)
            if drop_contact is not None:
                self._store.delete_contact(drop_contact)
            if drop is not None:
                self._store.delete_session(drop.session_id)
            if save_handle is not None:
                self._store.put_handle(save_handle)
            # A roster answers a look at the team: the log keeps that it was sent and to
            # whom, not its rows (2,000 of them on a big board, several times a second).
            logged = replace(draft, roster=()) if roster else draft
            seq = self._store.append_event(kind, at, agent_id, correlation_id, logged)
        if save is not None:
            self._sessions[save.agent_id] = save
        if drop is not None:
            self._sessions.pop(drop.agent_id, None)
        event = replace(draft, seq=seq)
        self._hub.publish(event)
        return event
