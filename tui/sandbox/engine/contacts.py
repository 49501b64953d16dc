"""Contacts: offered, accepted (or answered on the phone), held, ended, wrapped up.

A contact takes room on its channel from offer until it is wrapped up. The agent's requests
(`accept`, `decline`, `hold`, `resume`, `end`, `wrap_up`) check that the contact is in the
agent's session and in a state that allows them, and raise `Rejected` otherwise; each router
answers that the way its platform does (an HTTP error, or a failure frame on the socket). The
platform's own steps (`connect`, `ring_out`, `customer_ends`, `auto_wrap_up`) are called by the
traffic simulator when a deadline passes; they return None when the contact moved on already.

A contact let go (declined, or rung out) waits in its queue (`waiting`) until the simulator
offers it to another agent; it is not offered again to anyone who let it go.
"""

from __future__ import annotations

from dataclasses import replace

from tui.sandbox.engine.core import EngineCore, Rejected
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    Contact,
    ContactAction,
    ContactStatus,
    Device,
    Event,
    EventKind,
    Refusal,
)
from tui.sandbox.engine.queues import QueueNow, queues_now

FIRST_CONTACT_NUMBER = 700_000_001
"""CXone contact ids are integers; the sandbox counts them from here."""

_STATUS_WORDS = {
    ContactStatus.OFFERED: "still offered",
    ContactStatus.RINGING: "ringing on the agent's phone",
    ContactStatus.ASSIGNED: "connected",
    ContactStatus.HELD: "on hold",
    ContactStatus.WRAP_UP: "in wrap-up",
    ContactStatus.ENDED: "ended",
}


class Contacts(EngineCore):
    """Each contact's life, from offer to wrap-up."""

    # Queries --------------------------------------------------------------------------------

    def room_on(self, agent_id: str, channel: str) -> int:
        """How many more contacts the agent's session can take on a channel now."""
        session = self._sessions.get(agent_id)
        if session is None:
            return 0
        return max(0, self.org.capacity(channel) - session.held_on(channel))

    def contact(self, contact_id: str) -> Contact | None:
        found = self._find_contact(contact_id)
        return found[1] if found else None

    def contact_by_number(self, number: int) -> Contact | None:
        for session in self._sessions.values():
            for contact in session.contacts:
                if contact.number == number:
                    return contact
        return None

    def waiting(self) -> list[Contact]:
        """Contacts back in their queue, oldest offer first."""
        return list(self._waiting.values())

    # The platform offers ----------------------------------------------------------------------

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
        """Offer a new contact to an Available agent with room on the channel; else None.

        A voice contact rings the agent's own phone (RINGING) unless they take calls in the
        browser, where it is accepted on the desktop like any other offer.
        """
        if contact_id is None or self._find_contact(contact_id) is not None:
            contact_id = self._new_id()
        now = self._clock()
        contact = Contact(
            contact_id=contact_id,
            agent_id=agent_id,
            session_id="",
            channel=channel,
            status=ContactStatus.OFFERED,
            offered_ms=now,
            origin=origin,
            queue=queue,
        )
        return self._offer(agent_id, contact, correlation_id=correlation_id)

    def offer_waiting(self, contact_id: str, agent_id: str) -> Event | None:
        """Offer a contact waiting in its queue to another agent; None if they cannot take it."""
        contact = self._waiting.get(contact_id)
        if contact is None or agent_id in contact.offered_to:
            return None
        event = self._offer(agent_id, contact, correlation_id="")
        if event is not None:
            del self._waiting[contact_id]
        return event

    def enqueue_contact(
        self,
        channel: str,
        *,
        contact_id: str | None = None,
        origin: str = "",
        queue: str = "",
        waited_ms: int = 0,
    ) -> Contact:
        """A customer arrives (`waited_ms` ago) and waits in the channel's queue until the
        simulator routes them."""
        if contact_id is None or self._find_contact(contact_id) or contact_id in self._waiting:
            contact_id = self._new_id()
        now = self._clock() - max(waited_ms, 0)
        contact = Contact(
            contact_id=contact_id,
            agent_id="",
            session_id="",
            channel=channel,
            status=ContactStatus.OFFERED,
            offered_ms=now,
            origin=origin,
            queue=queue,
            state_changed_ms=now,
        )
        self._waiting[contact_id] = contact
        return contact

    def queues_now(self) -> list[QueueNow]:
        """Every queue with what waits in it (both platforms' queue figures)."""
        return queues_now(self.org, list(self._waiting.values()))

    def abandon_waiting(self, contact_id: str) -> Contact | None:
        """The customer gave up waiting in the queue."""
        return self._waiting.pop(contact_id, None)

    def _offer(self, agent_id: str, contact: Contact, *, correlation_id: str) -> Event | None:
        session = self._sessions.get(agent_id)
        if session is None or session.availability is not Availability.AVAILABLE:
            return None
        if self.room_on(agent_id, contact.channel) <= 0:
            return None
        now = self._clock()
        rings = self.contact_rules.ring_for_s
        on_phone = contact.channel == "telephony" and session.device is not Device.BROWSER
        offered = replace(
            contact,
            agent_id=agent_id,
            session_id=session.session_id,
            status=ContactStatus.RINGING if on_phone else ContactStatus.OFFERED,
            number=contact.number or self._store.next_number("contact", FIRST_CONTACT_NUMBER),
            state_changed_ms=now,
            rings_out_ms=now + int(rings * 1000) if rings > 0 else 0,
            assigned_ms=None,
            ended_by="",
            wrap_up_code_id=None,
        )
        updated = replace(session, contacts=(*session.contacts, offered))
        return self._publish(
            EventKind.CONTACT_OFFERED,
            agent_id,
            (agent_id,),
            correlation_id or self._new_id(),
            contact=offered,
            session=updated,
            save=updated,
            save_contact=offered,
            at_ms=now,
        )

    # The agent's requests -----------------------------------------------------------------------

    def accept_contact(
        self,
        actor_id: str,
        contact_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Take an offer (not a call ringing on the agent's own phone: that is answered there)."""
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if contact.status is not ContactStatus.OFFERED:
            raise self._wrong_state(contact, "accepted")
        return self._connect(session, contact, actor_id=actor_id, correlation_id=correlation_id)

    def decline_contact(
        self,
        actor_id: str,
        contact_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Give an offer back: it waits in its queue for another agent."""
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if not contact.status.is_offer:
            raise self._wrong_state(contact, "declined")
        return self._let_go(session, contact, EventKind.CONTACT_DECLINED, actor_id, correlation_id)

    def hold_contact(
        self,
        actor_id: str,
        contact_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if contact.status is not ContactStatus.ASSIGNED:
            raise self._wrong_state(contact, "put on hold")
        return self._move(
            session, contact, ContactStatus.HELD, EventKind.CONTACT_HELD, actor_id, correlation_id
        )

    def resume_contact(
        self,
        actor_id: str,
        contact_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if contact.status is not ContactStatus.HELD:
            raise self._wrong_state(contact, "resumed")
        return self._move(
            session,
            contact,
            ContactStatus.ASSIGNED,
            EventKind.CONTACT_RESUMED,
            actor_id,
            correlation_id,
        )

    def end_by_agent(
        self,
        actor_id: str,
        contact_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        """The agent ends a connected (or held) contact; its wrap-up follows."""
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if not contact.status.is_live:
            raise self._wrong_state(contact, "ended")
        return self._start_wrap_up(session, contact, "agent", actor_id, correlation_id)

    def wrap_up_contact(
        self,
        actor_id: str,
        contact_id: str,
        code_id: str,
        *,
        agent_id: str | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Finish a contact's after-contact work with a wrap-up code; the contact is done."""
        session, contact = self._agents_contact(actor_id, agent_id, contact_id)
        if contact.status is not ContactStatus.WRAP_UP:
            raise self._wrong_state(contact, "wrapped up")
        code = self.org.aux_code(code_id)
        if code is None or code.is_idle_code or not code.active:
            raise Rejected(Refusal.UNKNOWN_WRAP_UP_CODE, "There is no such wrap-up code.")
        return self._wrapped_up(session, contact, code.id, actor_id, correlation_id)

    def contact_action_refused(
        self,
        actor_id: str,
        contact_id: str,
        action: ContactAction,
        rejected: Rejected,
        *,
        correlation_id: str = "",
    ) -> Event:
        """Tell the asker, on their event stream, that a request about a contact was refused
        (for platforms that answer contact requests there rather than in the HTTP answer)."""
        found = self._find_contact(contact_id)
        mine = found is not None and self.may_act_for(self._user(actor_id), found[0].agent_id)
        return self._publish(
            EventKind.CONTACT_ACTION_REFUSED,
            actor_id,
            (actor_id,),
            correlation_id,
            actor_id=actor_id,
            refusal=rejected.refusal,
            detail=rejected.message,
            contact=found[1] if found and mine else None,
            action=action,
        )

    # The platform's own steps -------------------------------------------------------------------

    def assign_contact(self, contact_id: str, *, correlation_id: str = "") -> Event | None:
        """Connect an offer by the platform: answered on the agent's phone, or auto-answered."""
        found = self._find_contact(contact_id)
        if found is None or not found[1].status.is_offer:
            return None
        return self._connect(*found, actor_id=None, correlation_id=correlation_id)

    def ring_out(self, contact_id: str) -> Event | None:
        """RONA: the offer was not answered in time. It goes back to its queue, and an
        Available agent is put in the RONA idle code so that nothing more is offered to them."""
        found = self._find_contact(contact_id)
        if found is None or not found[1].status.is_offer:
            return None
        session, contact = found
        event = self._let_go(session, contact, EventKind.CONTACT_NOT_ANSWERED, None, "")
        rona = self.org.rona_code()
        after = self._sessions.get(session.agent_id)
        if rona is not None and after is not None and after.availability is Availability.AVAILABLE:
            now = self._clock()
            idle = replace(
                after,
                availability=Availability.IDLE,
                idle_code_id=rona.id,
                state_changed_ms=now,
                idle_code_changed_ms=now,
                state_reason="RONA",
                changed_by_id=None,
            )
            self._publish(
                EventKind.STATE_CHANGED,
                session.agent_id,
                (session.agent_id,),
                event.correlation_id,
                session=idle,
                save=idle,
                detail="RONA",
                at_ms=now,
            )
        return event

    def customer_ends(self, contact_id: str) -> Event | None:
        """The customer hung up or closed the conversation: a taken contact goes to wrap-up,
        an offer is simply gone (abandoned)."""
        found = self._find_contact(contact_id)
        if found is None:
            return None
        session, contact = found
        if contact.status.is_live:
            return self._start_wrap_up(session, contact, "customer", None, "")
        if contact.status.is_offer:
            return self.end_contact(contact_id)
        return None

    def auto_wrap_up(self, contact_id: str) -> Event | None:
        """The platform's wrap-up timer ran out: done, with the default wrap-up code."""
        found = self._find_contact(contact_id)
        if found is None or found[1].status is not ContactStatus.WRAP_UP:
            return None
        default = self.org.default_wrap_up_code()
        return self._wrapped_up(*found, default.id if default else None, None, "")

    def end_contact(self, contact_id: str, *, correlation_id: str = "") -> Event | None:
        """Drop a contact with no wrap-up (abandoned, or its session is ending); None if gone."""
        found = self._find_contact(contact_id)
        if found is None:
            return None
        session, contact = found
        now = self._clock()
        ended = replace(contact, status=ContactStatus.ENDED, state_changed_ms=now)
        return self._drop(session, ended, EventKind.CONTACT_ENDED, None, correlation_id, now)

    # Internals ------------------------------------------------------------------------------

    def _agents_contact(
        self, actor_id: str, agent_id: str | None, contact_id: str
    ) -> tuple[AgentSession, Contact]:
        """The agent's session and the contact in it, or `Rejected` (never another's)."""
        actor = self._user(actor_id)
        target_id = agent_id or actor_id
        self._check_may_act_for(actor, target_id)
        session = self._sessions.get(target_id)
        if session is None:
            raise Rejected(Refusal.NOT_LOGGED_IN, "The agent has no station session.")
        contact = session.contact(contact_id)
        if contact is None:
            raise Rejected(
                Refusal.NO_SUCH_CONTACT,
                "That contact is not one of this agent's: it ended, or went to another agent.",
            )
        return session, contact

    @staticmethod
    def _wrong_state(contact: Contact, what: str) -> Rejected:
        return Rejected(
            Refusal.CONTACT_WRONG_STATE,
            f"The contact is {_STATUS_WORDS[contact.status]} and cannot be {what}.",
        )

    def _connect(
        self,
        session: AgentSession,
        contact: Contact,
        *,
        actor_id: str | None,
        correlation_id: str,
    ) -> Event:
        now = self._clock()
        connected = replace(
            contact,
            status=ContactStatus.ASSIGNED,
            assigned_ms=now,
            state_changed_ms=now,
            rings_out_ms=0,
        )
        return self._save(
            session, connected, EventKind.CONTACT_ASSIGNED, actor_id, correlation_id, now
        )

    def _move(
        self,
        session: AgentSession,
        contact: Contact,
        status: ContactStatus,
        kind: EventKind,
        actor_id: str | None,
        correlation_id: str,
    ) -> Event:
        now = self._clock()
        moved = replace(contact, status=status, state_changed_ms=now)
        return self._save(session, moved, kind, actor_id, correlation_id, now)

    def _start_wrap_up(
        self,
        session: AgentSession,
        contact: Contact,
        ended_by: str,
        actor_id: str | None,
        correlation_id: str,
    ) -> Event:
        now = self._clock()
        limit = self.contact_rules.wrap_up_for_s
        wrapping = replace(
            contact,
            status=ContactStatus.WRAP_UP,
            state_changed_ms=now,
            ended_by=ended_by,
            wrap_up_by_ms=now + int(limit * 1000) if limit > 0 else 0,
        )
        return self._save(
            session, wrapping, EventKind.CONTACT_WRAP_UP, actor_id, correlation_id, now
        )

    def _wrapped_up(
        self,
        session: AgentSession,
        contact: Contact,
        code_id: str | None,
        actor_id: str | None,
        correlation_id: str,
    ) -> Event:
        now = self._clock()
        done = replace(
            contact, status=ContactStatus.ENDED, state_changed_ms=now, wrap_up_code_id=code_id
        )
        return self._drop(
            session, done, EventKind.CONTACT_WRAPPED_UP, actor_id, correlation_id, now
        )

    def _let_go(
        self,
        session: AgentSession,
        contact: Contact,
        kind: EventKind,
        actor_id: str | None,
        correlation_id: str,
    ) -> Event:
        """The agent lets an offer go: it leaves their session and waits in its queue."""
        now = self._clock()
        gone = replace(contact, status=ContactStatus.ENDED, state_changed_ms=now)
        event = self._drop(session, gone, kind, actor_id, correlation_id, now)
        self._waiting[contact.contact_id] = replace(
            contact,
            agent_id="",
            session_id="",
            status=ContactStatus.OFFERED,
            state_changed_ms=now,
            rings_out_ms=0,
            offered_to=(*contact.offered_to, session.agent_id),
        )
        return event

    def _save(
        self,
        session: AgentSession,
        contact: Contact,
        kind: EventKind,
        actor_id: str | None,
        correlation_id: str,
        now: int,
    ) -> Event:
        updated = replace(
            session,
            contacts=tuple(
                contact if c.contact_id == contact.contact_id else c for c in session.contacts
            ),
        )
        return self._publish(
            kind,
            session.agent_id,
            (session.agent_id,),
            correlation_id or self._new_id(),
            actor_id=actor_id,
            contact=contact,
            session=updated,
            save=updated,
            save_contact=contact,
            at_ms=now,
        )

    def _drop(
        self,
        session: AgentSession,
        contact: Contact,
        kind: EventKind,
        actor_id: str | None,
        correlation_id: str,
        now: int,
    ) -> Event:
        updated = replace(
            session,
            contacts=tuple(c for c in session.contacts if c.contact_id != contact.contact_id),
        )
        return self._publish(
            kind,
            session.agent_id,
            (session.agent_id,),
            correlation_id or self._new_id(),
            actor_id=actor_id,
            contact=contact,
            session=updated,
            save=updated,
            drop_contact=contact.contact_id,
            at_ms=now,
        )

    def _find_contact(self, contact_id: str) -> tuple[AgentSession, Contact] | None:
        owner = self._contact_owner.get(contact_id)
        session = self._sessions.get(owner) if owner is not None else None
        contact = session.contact(contact_id) if session is not None else None
        return (session, contact) if session is not None and contact is not None else None
