"""What every part of the engine shares: the live sessions, the checks, and the one commit path.

Each command writes its change and the resulting event in one store transaction (`_publish`),
updates the in-memory view, then publishes the event to the hub. Ids come from the `new_id`
factory and times from the `clock` the engine was made with (uuid4 strings and the wall clock
unless told otherwise), so a walkthrough can make them repeat.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from tui.sandbox.engine.hub import Hub
from tui.sandbox.engine.model import (
    AgentSession,
    Contact,
    ContactAction,
    ContactRules,
    Device,
    Event,
    EventKind,
    Refusal,
    RosterEntry,
    SessionHandle,
    now_ms,
)
from tui.sandbox.engine.org import Org, User
from tui.sandbox.engine.store import Store

DEFAULT_TOKEN_LIFETIME_S = 12 * 3600
ENDED_HANDLES_KEPT_MS = 24 * 3600 * 1000
"""Handles of ended sessions are forgotten this long after they were made (at start-up)."""


def new_uuid() -> str:
    """The engine's default id: a random UUID, as text."""
    return str(uuid.uuid4())


class Rejected(Exception):
    """The request itself is refused (answered synchronously, e.g. 403)."""

    def __init__(self, refusal: Refusal, message: str) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.message = message


class EngineCore:
    """The state and helpers the engine's parts (`Identity`, `Stations`, ...) build on."""

    def __init__(
        self,
        org: Org,
        store: Store,
        hub: Hub,
        *,
        token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S,
        clock: Callable[[], int] = now_ms,
        new_id: Callable[[], str] = new_uuid,
        contact_rules: ContactRules = ContactRules(),  # noqa: B008 - frozen, shared safely
    ) -> None:
        self.org = org
        self.contact_rules = contact_rules
        self._waiting: dict[str, Contact] = {}
        """Contacts back in their queue (declined, rung out), oldest first, by id."""
        self._store = store
        self._hub = hub
        self._token_lifetime_ms = int(token_lifetime_s * 1000)
        self._clock = clock
        self._new_id = new_id
        self._sessions: dict[str, AgentSession] = {s.agent_id: s for s in store.load_sessions()}
        self._contact_owner: dict[str, str] = {}
        """The agent whose session holds each open contact, by contact id: finding a contact
        was a scan of every session, 2,000 of them under load, for each contact event."""
        self._phones: dict[str, set[str]] = {}
        """The agents signed in on each dial number (a phone, not the browser), by number:
        finding who holds a number was a scan of every session for each sign-in."""
        for session in self._sessions.values():
            self._index_session(None, session)
        self._sign_in_listeners: list[Callable[[str], None]] = []
        self._roster_entries: dict[str, tuple[AgentSession, RosterEntry]] = {}
        """Each agent's last roster entry with the session it was made from (`Floor`)."""
        with store.transaction():
            store.purge_tokens(before_ms=clock())
            store.purge_handles(
                live_session_ids={s.session_id for s in self._sessions.values()},
                before_ms=clock() - ENDED_HANDLES_KEPT_MS,
            )

    # Queries --------------------------------------------------------------------------------

    def now_ms(self) -> int:
        """The engine's clock (epoch ms)."""
        return self._clock()

    def on_sign_in(self, listener: Callable[[str], None]) -> None:
        """Call `listener(user_id)` whenever a user signs in with their password."""
        self._sign_in_listeners.append(listener)

    def listeners(self, user_id: str) -> int:
        """How many sockets and long polls are listening to a user's events right now."""
        return self._hub.listeners(user_id)

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

    # Internals ------------------------------------------------------------------------------

    def _index_session(self, old: AgentSession | None, new: AgentSession | None) -> None:
        """Keep `_contact_owner` and `_phones` in step with one session replaced (or added, or
        dropped)."""
        self._index_contacts(old, new)
        if old is not None and old.device is not Device.BROWSER:
            holders = self._phones.get(old.dial_number)
            if holders is not None:
                holders.discard(old.agent_id)
                if not holders:
                    del self._phones[old.dial_number]
        if new is not None and new.device is not Device.BROWSER:
            self._phones.setdefault(new.dial_number, set()).add(new.agent_id)

    def _index_contacts(self, old: AgentSession | None, new: AgentSession | None) -> None:
        """Keep `_contact_owner` in step with one session replaced (or added, or dropped)."""
        if old is not None and (new is None or old.contacts is not new.contacts):
            for contact in old.contacts:
                if self._contact_owner.get(contact.contact_id) == old.agent_id:
                    del self._contact_owner[contact.contact_id]
        if new is not None:
            for contact in new.contacts:
                self._contact_owner[contact.contact_id] = new.agent_id

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
        action: ContactAction | None = None,
        save: AgentSession | None = None,
        drop: AgentSession | None = None,
        save_contact: Contact | None = None,
        drop_contact: str | None = None,
        save_handle: SessionHandle | None = None,
        at_ms: int | None = None,
    ) -> Event:
        """Commit the change and its event together, then update memory, then fan out."""
        at = self._clock() if at_ms is None else at_ms
        correlation_id = correlation_id or self._new_id()
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
            action=action,
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
            self._index_session(self._sessions.get(save.agent_id), save)
            self._sessions[save.agent_id] = save
        if drop is not None:
            self._index_session(self._sessions.pop(drop.agent_id, None), None)
        event = replace(draft, seq=seq)
        self._hub.publish(event)
        return event
