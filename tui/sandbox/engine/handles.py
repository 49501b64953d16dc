"""Session handles: a polling client's cursor into a session's events.

Starting or joining a session through a polling protocol gives the client a `SessionHandle`.
Handing events out replaces the handle (`replace_handle`); the old one still names the session,
so a client that lost an answer can ask again and be given the whole session afresh.
"""

from __future__ import annotations

from dataclasses import replace

from tui.sandbox.engine.core import EngineCore, Rejected
from tui.sandbox.engine.model import AgentSession, Event, EventKind, Refusal, SessionHandle

HANDLES_KEPT_PER_CHAIN = 8
"""Replaced handles remembered per chain: enough for a client a few answers behind."""
SESSION_EVENT_KINDS = (
    EventKind.SESSION_STARTED,
    EventKind.STATE_CHANGED,
    EventKind.CONTACT_OFFERED,
    EventKind.CONTACT_ASSIGNED,
    EventKind.CONTACT_HELD,
    EventKind.CONTACT_RESUMED,
    EventKind.CONTACT_WRAP_UP,
    EventKind.CONTACT_WRAPPED_UP,
    EventKind.CONTACT_DECLINED,
    EventKind.CONTACT_NOT_ANSWERED,
    EventKind.CONTACT_ENDED,
    EventKind.SESSION_ENDED,
)
"""The facts about a session that its handles read: its state and every step of its contacts
(refusals, rosters and joins are not)."""


class Handles(EngineCore):
    """Joining a live session (one's own, or another agent's) and reading it through a handle."""

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
        handle_id = self._new_id()
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
            handle_id=self._new_id(),
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
