"""What the agent does to their contacts from the status screen: accept, decline, hold or
resume, end, wrap up with a code, and the next state that waits for the last wrap-up.

`ContactSteps` is a part of the status screen (a mixin): it asks the desktop session, and
shows an action's error as a plain sentence next to the contact rows. Which key is live for
the highlighted contact is `step_allowed`, a plain function.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand

from tui.config import OfferAlert
from tui.domain import (
    AgentSnapshot,
    Availability,
    Capabilities,
    ContactState,
    IdleCode,
    Interaction,
    NextState,
    NextStateCancelled,
    NextStateRequested,
    WrapUpCode,
)
from tui.domain.contacts import contact_words
from tui.domain.errors import DesktopError
from tui.domain.text import displayable
from tui.keys import (
    CONTACT_ACCEPT,
    CONTACT_DECLINE,
    CONTACT_END,
    CONTACT_HOLD,
    CONTACT_WRAP_UP,
    DESKTOP_CANCEL_NEXT,
)
from tui.screens.dialogs import Confirm
from tui.screens.wrap_up_picker import WrapUpCodePicker
from tui.widgets.contacts import ContactPanel, ContactRows

if TYPE_CHECKING:
    from tui.backends.session import DesktopSession
    from tui.desk.desk import Desk

_TAKEN = (ContactState.CONNECTED, ContactState.HELD)
VERBS = {
    CONTACT_ACCEPT.action: "accept",
    CONTACT_DECLINE.action: "decline",
    "hold": "hold",
    "resume": "resume",
    CONTACT_END.action: "end",
    CONTACT_WRAP_UP.action: "wrap up",
}


_CONTACT_KEYS = frozenset(
    spec.action for spec in (CONTACT_ACCEPT, CONTACT_DECLINE, CONTACT_HOLD, CONTACT_END)
) | {CONTACT_WRAP_UP.action}


def step_allowed(
    action: str,
    contact: Interaction | None,
    snapshot: AgentSnapshot,
    capabilities: Capabilities,
) -> bool | None:
    """Whether the status screen's `action` applies now; None for an action not about contacts.

    A key that does not apply to the highlighted contact is left out of the footer (False)."""
    if action == DESKTOP_CANCEL_NEXT.action:
        return snapshot.next_state is not None
    if action not in _CONTACT_KEYS:
        return None
    if contact is None:
        return False
    state = contact.state
    if action == CONTACT_ACCEPT.action:
        return state is ContactState.OFFERED
    if action == CONTACT_DECLINE.action:
        return state is ContactState.OFFERED and capabilities.decline_offer
    if action in (CONTACT_HOLD.action, CONTACT_END.action):
        return state in _TAKEN
    return state is ContactState.WRAP_UP  # wrap up


def failure_sentence(verb: str, error: BaseException, platform: str) -> str:
    """An action's failure in one plain sentence."""
    if isinstance(error, DesktopError):
        return error.sentence
    if isinstance(error, NotImplementedError):
        return f"This desktop cannot {verb} contacts on {platform or 'this platform'} yet."
    return f"The contact could not be {_past(verb)}: {displayable(str(error)) or 'no reason'}."


def _past(verb: str) -> str:
    return {"wrap up": "wrapped up", "hold": "held", "end": "ended"}.get(verb, f"{verb}ed")


def ring_for_offer(app: App[object], alert: OfferAlert, offer: Interaction) -> None:
    """Call the agent to a new offer: the terminal bell, or a desktop notification (OSC 9)."""
    if alert is OfferAlert.BELL:
        app.bell()
    elif alert is OfferAlert.OSC9:
        # The words come from the platform: nothing in them may end the escape early.
        words = displayable(f"{contact_words(offer)} offered").replace(";", ",")
        driver = getattr(app, "_driver", None)
        if driver is not None:
            driver.write(f"\x1b]9;{words}\x07")
            driver.flush()


class ConfirmNextState(Confirm):
    """Idle asked for while contacts are open: apply it once they are wrapped up?"""

    def __init__(self, words: str, *, keymap: dict[str, str]) -> None:
        super().__init__(
            title="Next state",
            question=f"You have open contacts. Go {words} once they are all wrapped up?",
            go="Next state",
            stay="Not now",
            keymap=keymap,
        )


class ContactSteps:
    """The status screen's contact actions. Mixed into `StatusScreen`, whose session, desk,
    app and query it uses."""

    desk: Desk
    contact_panel: ContactPanel
    _next_asked: NextState | None = None

    if TYPE_CHECKING:
        app: App[object]

        @property
        def session(self) -> DesktopSession | None: ...

        @property
        def snapshot(self) -> AgentSnapshot: ...

        def change_state(self, code: IdleCode | None) -> object: ...

        def refresh_bindings(self) -> None: ...

        def show_snapshot(self) -> None: ...

    @property
    def capabilities(self) -> Capabilities:
        session = self.session
        return session.capabilities if session else self.desk.capabilities

    @property
    def contact(self) -> Interaction | None:
        """The highlighted contact."""
        return self.contact_panel.rows.highlighted

    def contact_step_allowed(self, action: str) -> bool | None:
        return step_allowed(action, self.contact, self.snapshot, self.capabilities)

    def on_contact_rows_moved(self, _: ContactRows.Moved) -> None:
        self.refresh_bindings()  # the footer's contact keys follow the highlight

    def contacts_shown(self, new_offers: Iterable[Interaction]) -> None:
        """After the panel showed a snapshot: call the agent to a new offer, and ask for the
        next state once it is due (once per next state)."""
        for offer in new_offers:
            ring_for_offer(self.app, self.desk.settings.offer_alert, offer)
            break
        due = self.snapshot.next_state_due
        if due is not None and due is not self._next_asked:
            self._next_asked = due
            self.change_state(due.idle_code if due.availability is Availability.IDLE else None)
        self.refresh_bindings()

    # -- the keys ----------------------------------------------------------------------------

    def action_accept_contact(self) -> None:
        self._step(CONTACT_ACCEPT.action, lambda s, i: s.accept_contact(i))

    def action_decline_contact(self) -> None:
        self._step(CONTACT_DECLINE.action, lambda s, i: s.decline_contact(i))

    def action_hold_contact(self) -> None:
        contact = self.contact
        if contact is not None and contact.state is ContactState.HELD:
            self._step("resume", lambda s, i: s.resume_contact(i))
        else:
            self._step("hold", lambda s, i: s.hold_contact(i))

    def action_end_contact(self) -> None:
        self._step(CONTACT_END.action, lambda s, i: s.end_contact(i))

    def action_wrap_up_contact(self) -> None:
        contact = self.contact
        if contact is not None:
            self._open_wrap_up_picker(contact)

    def action_cancel_next_state(self) -> None:
        session = self.session
        if session is not None and self.snapshot.next_state is not None:
            session.publish(NextStateCancelled())

    def idle_while_handling(self, code: IdleCode) -> bool:
        """Idle chosen while contacts are open: ask whether it is the next state. True when
        asked (the state is not changed now)."""
        if not self.snapshot.handling_contacts:
            return False
        words = f"Idle ({code.name})"
        self.app.push_screen(
            ConfirmNextState(words, keymap=self.desk.settings.keymap),
            lambda yes: self._next_state_chosen(code, yes),
        )
        return True

    def _next_state_chosen(self, code: IdleCode, yes: bool | None) -> None:
        session = self.session
        if not yes or session is None:
            return
        wanted = NextState(Availability.IDLE, code)
        session.publish(NextStateRequested(wanted))

    # -- asking the platform ----------------------------------------------------------------

    def say_contact_error(self, sentence: str) -> None:
        self.contact_panel.say_error(sentence)

    def _step(self, verb_key: str, call: Callable[[DesktopSession, str], Awaitable[None]]) -> None:
        contact = self.contact
        if contact is None or self.session is None:
            return
        self.say_contact_error("")
        self._ask(VERBS[verb_key], contact.id, call)

    @work(group="contacts")
    async def _ask(
        self, verb: str, interaction_id: str, call: Callable[[DesktopSession, str], Awaitable[None]]
    ) -> None:
        session = self.session
        if session is None:
            return
        try:
            await call(session, interaction_id)
        except Exception as error:  # every failure reads as a sentence, never a crash
            self.say_contact_error(failure_sentence(verb, error, self.capabilities.platform_name))

    @work(group="contacts")
    async def _open_wrap_up_picker(self, contact: Interaction) -> None:
        session = self.session
        if session is None:
            return
        self.say_contact_error("")
        try:
            codes = await session.wrap_up_codes(contact.id)
        except Exception as error:
            self.say_contact_error(
                failure_sentence("wrap up", error, self.capabilities.platform_name)
            )
            return
        if not codes:
            self.say_contact_error("The platform has no wrap-up codes for this contact.")
            return
        picker = WrapUpCodePicker(
            codes,
            contact_words=contact_words(contact),
            since_ms=contact.state_since,
            now_ms=self.desk.now_ms,
        )
        self.app.push_screen(picker, lambda code: self._wrap_up_with(contact.id, code))

    def _wrap_up_with(self, interaction_id: str, code: WrapUpCode | None) -> None:
        if code is not None:
            self.say_contact_error("")
            self._ask("wrap up", interaction_id, lambda s, i: s.wrap_up_contact(i, code))

    def contact_commands(self) -> Iterable[SystemCommand]:
        """The contact steps that apply now, for the command palette."""
        for spec, words in (
            (CONTACT_ACCEPT, "Accept the highlighted offer"),
            (CONTACT_DECLINE, "Give the highlighted offer back to its queue"),
            (CONTACT_HOLD, "Hold or resume the highlighted contact"),
            (CONTACT_END, "End the highlighted contact"),
            (CONTACT_WRAP_UP, "Wrap up the highlighted contact with a code"),
            (DESKTOP_CANCEL_NEXT, "Cancel the pending next state"),
        ):
            if self.contact_step_allowed(spec.action):
                yield SystemCommand(spec.description, words, getattr(self, f"action_{spec.action}"))
