"""The contact operations of `CxoneSession`: accept, reject (decline), hold, resume, end and
disposition (wrap up) one contact, and the dispositions of its skill.

Each is `POST agent-sessions/{sessionId}/interactions/{contactId}/<action>` (`wire.
INTERACTION_ROUTES`), answered 202; the outcome arrives on the long poll as the contact's event.
So, as for a state change, a waiter is registered before the request goes out, and the operation
returns once the poll has folded the contact's new place into the snapshot: connected after
accept and resume, on hold after hold, in wrap-up (or gone) after end, gone after reject and
disposition. The platform's refusals arrive as the HTTP answer and become `NoSuchContact`,
`ContactNotReady` or `InvalidWrapUpCode`; no confirmation in time is `RequestTimedOut`, a lost
connection `NotConnected`.

Dispositions are per skill in CXone (`GET skills/{skillId}/dispositions`): the session notes
each contact's skill as its events pass, and keeps each skill's list once read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.backends.cxone import wire
from tui.backends.cxone.http import session_path
from tui.backends.cxone.mapping import Action
from tui.domain import AgentSnapshot, ContactState, ContactWrappedUp, DesktopEvent, WrapUpCode
from tui.domain.errors import InvalidWrapUpCode, NoSuchContact

if TYPE_CHECKING:
    from tui.backends.cxone.client import CxoneSession

A = wire.InteractionAction
Settled = Callable[[AgentSnapshot], bool]


def _state_is(interaction_id: str, *states: ContactState) -> Settled:
    def settled(snapshot: AgentSnapshot) -> bool:
        found = snapshot.contact(interaction_id)
        return found is not None and found.state in states

    return settled


def _gone(interaction_id: str) -> Settled:
    return lambda snapshot: snapshot.contact(interaction_id) is None


def _wrapping_up_or_gone(interaction_id: str) -> Settled:
    def settled(snapshot: AgentSnapshot) -> bool:
        found = snapshot.contact(interaction_id)
        return found is None or found.state is ContactState.WRAP_UP

    return settled


class CxoneContacts:
    """Mixed into `CxoneSession`; uses its HTTP client, poll loop and waiters."""

    _skills: dict[str, str]
    _dispositions: dict[str, tuple[WrapUpCode, ...]]
    _chosen: dict[str, WrapUpCode]

    def _init_contacts(self) -> None:
        self._skills = {}  # contact id -> skill id, from the contact events
        self._dispositions = {}  # skill id -> its dispositions, once read
        self._chosen = {}  # contact id -> the disposition this desktop sent for it

    async def accept_contact(self: CxoneSession, interaction_id: str) -> None:
        await self._interaction(interaction_id, A.ACCEPT, _state_is(interaction_id, *_TAKEN))

    async def decline_contact(self: CxoneSession, interaction_id: str) -> None:
        """CXone's reject: the offer goes back to its queue for another agent."""
        await self._interaction(interaction_id, A.REJECT, _gone(interaction_id))

    async def hold_contact(self: CxoneSession, interaction_id: str) -> None:
        settled = _state_is(interaction_id, ContactState.HELD)
        await self._interaction(interaction_id, A.HOLD, settled)

    async def resume_contact(self: CxoneSession, interaction_id: str) -> None:
        settled = _state_is(interaction_id, ContactState.CONNECTED)
        await self._interaction(interaction_id, A.RESUME, settled)

    async def end_contact(self: CxoneSession, interaction_id: str) -> None:
        await self._interaction(interaction_id, A.END, _wrapping_up_or_gone(interaction_id))

    async def wrap_up_contact(self: CxoneSession, interaction_id: str, code: WrapUpCode) -> None:
        """Disposition the contact with `code` (its id is the disposition's integer id)."""
        text = code.id.strip()
        if not (text.isascii() and text.isdigit() and int(text) > 0):
            raise InvalidWrapUpCode(f"{code.name} is not a disposition of this contact's skill.")
        body = wire.DispositionRequest(primaryDispositionId=int(text))
        self._chosen[interaction_id] = code
        try:
            await self._interaction(
                interaction_id, A.DISPOSITION, _gone(interaction_id), body, Action.WRAP_UP
            )
        finally:
            self._chosen.pop(interaction_id, None)

    async def wrap_up_codes(self: CxoneSession, interaction_id: str) -> tuple[WrapUpCode, ...]:
        """The dispositions of the contact's skill (read once per skill)."""
        self._require_profile()
        skill = self._skills.get(interaction_id, "")
        if not skill:
            if self.snapshot.contact(interaction_id) is None:
                raise NoSuchContact()
            profile = self.profile
            return profile.wrap_up_codes if profile is not None else ()
        if skill not in self._dispositions:
            path = wire.DISPOSITIONS_PATH.format(skillId=quote(skill, safe=""))
            answer = await self._http.get(path, wire.DispositionsResponse, Action.WRAP_UP)
            ordered = sorted(
                answer.dispositions,
                key=lambda d: (d.displayOrder is None, d.displayOrder or 0, d.dispositionName),
            )
            self._dispositions[skill] = tuple(
                WrapUpCode(str(d.dispositionId), d.dispositionName) for d in ordered
            )
        return self._dispositions[skill]

    # -- the steps' common path --------------------------------------------------------------

    async def _interaction(
        self: CxoneSession,
        interaction_id: str,
        action: wire.InteractionAction,
        settled: Settled,
        body: wire.DispositionRequest | None = None,
        error_action: Action = Action.CONTACT,
    ) -> None:
        """Send the step; return once the poll has moved the contact where `settled` wants."""
        self._require_session()
        waiter = self._expect(lambda _event: settled(self.snapshot))
        route = wire.INTERACTION_ROUTES[action]
        contact = quote(interaction_id, safe="")
        path = f"{session_path(self._loop.session_id)}/interactions/{contact}/{action.value}"
        try:
            await self._http.command(route.method, path, body, error_action)
        except BaseException:
            self._forget(waiter)
            raise
        await self._wait(waiter)

    def _with_disposition(self, event: DesktopEvent) -> DesktopEvent:
        """A wrap-up this desktop asked for names its code (the platform's event does not)."""
        if isinstance(event, ContactWrappedUp) and event.code is None:
            chosen = self._chosen.get(event.interaction_id)
            if chosen is not None:
                return replace(event, code=chosen)
        return event

    def _note_skills(self, raw_events: list[Any]) -> None:
        """Remember each contact's skill, for its dispositions."""
        for raw in raw_events:
            if isinstance(raw, dict) and str(raw.get("Type", "")).endswith("ContactEvent"):
                event = wire.parse_event(raw)
                if isinstance(event, wire.ContactEvent) and event.Skill:
                    self._skills[event.ContactID] = event.Skill
        if len(self._skills) > 1000:  # contacts long gone: keep the newest only
            for key in list(self._skills)[:-500]:
                del self._skills[key]


_TAKEN = (ContactState.CONNECTED, ContactState.HELD, ContactState.WRAP_UP)
"""After accept: connected (it may already have moved on by the time the poll says so)."""
