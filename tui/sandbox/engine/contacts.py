"""Contacts: offered to an Available agent with room on the channel, assigned, then ended."""

from __future__ import annotations

from dataclasses import replace

from tui.sandbox.engine.core import EngineCore
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    Contact,
    ContactStatus,
    Event,
    EventKind,
)


class Contacts(EngineCore):
    """Each contact takes room on its channel from offer until it ends."""

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
            contact_id = self._new_id()
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
            correlation_id or self._new_id(),
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
            correlation_id or self._new_id(),
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
            correlation_id or self._new_id(),
            contact=ended,
            session=updated,
            save=updated,
            drop_contact=contact_id,
            at_ms=now,
        )

    def _find_contact(self, contact_id: str) -> tuple[AgentSession, Contact] | None:
        for session in self._sessions.values():
            for contact in session.contacts:
                if contact.contact_id == contact_id:
                    return session, contact
        return None
