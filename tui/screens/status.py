"""The status screen: availability, timers, channels, the live event log, and the keys to act.

The same screen shows a supervisor acting as an agent (`acting`): then it follows the acting
session instead of the supervisor's own, under a banner that says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from rich.text import Text
from textual import work
from textual.app import ComposeResult, ScreenStackError, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from tui.backends.session import DesktopSession
from tui.desk.desk import Desk
from tui.domain import AgentSnapshot, Availability, DesktopProfile, IdleCode, Link
from tui.domain.errors import DesktopError, NotConnected, ServerUnreachable
from tui.keys import (
    CONTACT_ACCEPT,
    CONTACT_ACTIONS,
    CONTACT_DECLINE,
    CONTACT_END,
    CONTACT_HOLD,
    CONTACT_WRAP_UP,
    DESKTOP_AVAILABLE,
    DESKTOP_BOARD,
    DESKTOP_CANCEL_NEXT,
    DESKTOP_HELP,
    DESKTOP_IDLE,
    DESKTOP_LOGOUT,
    DESKTOP_QUIT,
    DESKTOP_STOP_ACTING,
)
from tui.screens.bindings import binding, keys_text
from tui.screens.contact_steps import ContactSteps
from tui.screens.dialogs import ConfirmLogout
from tui.screens.heap import CollectionsPaused, collect_again, keep_out_of_collections
from tui.screens.help import SHOWN_KEYS, HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.markup import literal
from tui.screens.messages import ActingEnded, BoardWanted, StationEnded
from tui.screens.styles import DESK_SHEETS
from tui.widgets.agent_card import AgentCard
from tui.widgets.availability import AvailabilityPanel
from tui.widgets.channels import ChannelBoard
from tui.widgets.contacts import ContactPanel
from tui.widgets.event_log import EventLog
from tui.widgets.field_error import FieldError
from tui.widgets.footer import DesktopFooter
from tui.widgets.paint_hold import PaintHold, PaintsAtOnce, dims_below
from tui.widgets.title_bar import TitleBar

YOU_LOGGED_OUT = "You logged out. Start a new station session, or press Esc to sign out."
PENDING_AFTER_S = 0.25
"""How long a state change may wait for the platform before the screen says it is asking. A
quicker answer needs no "Asking..." line: it would flash for a few milliseconds, and its
repaint would hold back the one that shows the answer until the next frame."""
COLLECTIONS_PAUSED_S = 0.25
"""The longest a state change or an offer keeps the garbage collector waiting for the frame that
shows it (an answer that never comes, a refusal: no such frame)."""
PAINT_HOLD_S = 0.012
"""The longest the screen waits for a state change's answer before it paints again (see
`PaintHold`): about the platform's usual answer time on a local network."""


class StatusScreen(ContactSteps, PaintsAtOnce, Screen[None]):
    CSS_PATH = DESK_SHEETS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # shorter channel cards under 24 rows
    BINDINGS = [
        # The contact keys first: shown only when they apply to the highlighted contact, and
        # then the first the footer keeps of its main keys on a narrow terminal.
        binding(CONTACT_ACCEPT),
        binding(CONTACT_DECLINE),
        binding(CONTACT_HOLD),
        binding(CONTACT_END),
        binding(CONTACT_WRAP_UP),
        binding(DESKTOP_AVAILABLE),
        binding(DESKTOP_IDLE),
        binding(DESKTOP_CANCEL_NEXT),
        binding(DESKTOP_LOGOUT),
        binding(DESKTOP_BOARD),
        binding(DESKTOP_STOP_ACTING),
        binding(DESKTOP_HELP),
        binding(DESKTOP_QUIT, show=False),  # ctrl+q shows in the footer
    ]

    def __init__(
        self,
        desk: Desk,
        profile: DesktopProfile,
        *,
        where: str = "",
        acting: DesktopSession | None = None,
    ) -> None:
        """`acting`: the session of an agent the supervisor (`profile`) is acting as."""
        super().__init__(id="acting" if acting else "status")
        self.desk = desk
        self.profile = profile
        self.where = where
        self.acting = acting
        self._request = 0  # the latest state change asked for; older results are stale
        self._answered = 0  # the latest request the platform has answered (or refused)
        self._pending_words = ""
        self._at_once: tuple[object, ...] = ()  # what was last painted without waiting
        self._hold: tuple[PaintHold, Availability, str] | None = None  # and the state it asks
        self._collections: CollectionsPaused | None = None  # until the new state is shown
        self._log_waits = False  # the log's new lines wait for the frame after the new state
        self.logging_out = False  # set while our own logout is under way
        self._offline_error = False  # the State panel's error is about the connection
        self._signing_in_again = False  # the sign-in dialog is open
        self._picker: IdleCodePicker | None = None
        self.contact_panel = ContactPanel(id="contacts")

    @property
    def session(self) -> DesktopSession | None:
        """The session this screen follows: the acting one, else the user's own."""
        return self.acting or self.desk.session

    @property
    def snapshot(self) -> AgentSnapshot:
        session = self.session
        return session.snapshot if session else AgentSnapshot()

    @property
    def acting_banner(self) -> str:
        """`Acting as <agent> — impersonated by <supervisor>`; empty on one's own session."""
        if self.acting is None:
            return ""
        snapshot = self.snapshot
        agent = snapshot.agent_name or snapshot.agent_id or "an agent"
        supervisor = snapshot.impersonated_by or self.profile.agent_name
        return f"Acting as {agent} — impersonated by {supervisor}"

    def compose(self) -> ComposeResult:
        yield TitleBar(self.where)
        yield Static("", id="acting-banner", markup=False)
        with Horizontal(id="top"):
            with Vertical(id="state-box") as state:
                state.border_title = "State"
                yield AvailabilityPanel(id="state-panel")
                yield Static("", id="pending", markup=False)
                yield FieldError(id="state-error")
            agent = AgentCard(id="agent-card")
            agent.border_title = "Agent"
            yield agent
        yield self.contact_panel
        yield ChannelBoard(id="channels")
        log = EventLog(self.desk.clock_text, id="event-log")
        log.border_title = "Events"
        yield log
        yield DesktopFooter()

    def on_mount(self) -> None:
        self.query_one("#acting-banner").display = self.acting is not None
        self.show_snapshot()
        self.set_interval(1.0, self._tick)
        # What the desktop holds from here on (the app, its screens, this one) it holds for as
        # long as this screen is up: out of the collector's way, a full collection takes only
        # what is new, and comes round soon enough to free the cycles every painted line
        # leaves behind (a line's caches refer to the line itself), which had piled up
        # between the rare full collections of a big heap.
        keep_out_of_collections()

    # -- rendering ----------------------------------------------------------------------------

    def show_snapshot(self) -> None:
        """Render the whole snapshot; the app calls this once per burst of events."""
        snapshot = self.snapshot
        now = self.desk.now_ms()
        self.query_one(TitleBar).show_connection(snapshot.connection)
        if snapshot.connection.link is Link.SIGNED_OUT:
            self._ask_to_sign_in_again()
        if self._offline_error and snapshot.connection.is_online:
            self._say_state_error(None)  # the outage it spoke of is over
        if self.acting is not None:
            self.query_one("#acting-banner", Static).update(Text(f" {self.acting_banner} "))
        self.query_one(AvailabilityPanel).show(snapshot, now)
        self._show_agent(snapshot)
        self._show_contacts(snapshot, now)
        self.query_one(ChannelBoard).show(snapshot.channels, now, snapshot.queues)
        at_once = _seen_at_once(snapshot)
        if at_once != self._at_once:
            self._at_once = at_once
            self._end_hold_if_confirmed(snapshot)
            self.paint_at_once()
            # No collection between here and the frame that shows it (one asked for by a
            # key is paused already); what the collector has to do comes after that frame.
            paused = self._collections or CollectionsPaused(COLLECTIONS_PAUSED_S)
            self._collections = None
            self.after_next_frame(paused.resume)
            # The log's new line scrolls its whole area, some 2 ms of painting at 120x40:
            # it comes in the frame after the new state.
            if not self._log_waits:
                self._log_waits = True
                self.after_next_frame(self._show_log)
        elif not self._log_waits:  # a snapshot right behind the new state waits with it
            self._show_log()

    def _end_hold_if_confirmed(self, snapshot: AgentSnapshot) -> None:
        """The platform's event confirming a state change can come before its answer to the
        request (the sandbox sends it first). The request is long sent then, so the repaint
        held for it can go: the agent sees the new state now, not a frame after the answer."""
        if self._hold is None:
            return
        hold, wanted, code = self._hold
        if snapshot.availability is wanted and _code_id(snapshot) == code:
            self._hold = None
            hold.release(paint=False)  # the paint-at-once window that follows paints it

    def _show_log(self) -> None:
        if self._covered:
            self._log_waits = True  # shown when the screen is on top again
            return
        self._log_waits = False
        for log in self.query(EventLog):  # none once the screen has gone (after a logout)
            log.show(self.snapshot.log)

    def _ask_to_sign_in_again(self) -> None:
        """Signed out: the sign-in dialog, once, over this screen (the session carries on)."""
        where = self.desk.signed_in_at
        if self._signing_in_again or where is None or self.acting is not None:
            return
        from tui.screens.sign_in_dialog import SignInDialog

        self._signing_in_again = True

        def done(_: bool | None) -> None:
            self._signing_in_again = False

        self.app.push_screen(SignInDialog(self.desk, *where), done)

    def _show_contacts(self, snapshot: AgentSnapshot, now: int) -> None:
        panel = self.contact_panel
        keymap = self.desk.settings.keymap
        new_offers = panel.show(
            snapshot,
            now,
            available_key=keys_text(DESKTOP_AVAILABLE, keymap),
            cancel_key=keys_text(DESKTOP_CANCEL_NEXT, keymap),
        )
        if new_offers and self.focused is not panel.rows:
            panel.rows.focus()  # the arrows move between contacts from here on
        self.contacts_shown(new_offers)

    def _show_agent(self, snapshot: AgentSnapshot) -> None:
        """The agent card, and the State panel at least as tall as it, so the two stay in line
        (the card fills the row; the panel grows with what it has to say)."""
        card = self.query_one(AgentCard)
        card.show(snapshot)
        state_box = self.query_one("#state-box")
        tall_enough = card.rows_shown + 2  # and the border
        if state_box.styles.min_height != Scalar.from_number(tall_enough):
            state_box.styles.min_height = tall_enough

    @property
    def _covered(self) -> bool:
        """A dialog with a dimmed backdrop (log out?, help, ...) is open over this screen.

        The screen shows through the backdrop, so Textual paints the whole dialog and
        backdrop again (8-14 ms at 120x40, and a screenful of bytes) for any change under it.
        The log's new lines and the once-a-second timers wait meanwhile, unless an offer is
        ringing (its RONA countdown goes on); a new state or offer is still shown at once.
        Around the transparent code pickers the screen stays live: what changes there is
        painted on its own.
        """
        screen = self.app.screen if self.is_attached else self
        return screen is not self and dims_below(screen)

    def _ticks_wait(self) -> bool:
        return self._covered and not any(c.offered for c in self.snapshot.contacts)

    def on_screen_resume(self) -> None:
        """On top again: what waited under the dialog is shown, after the frame that takes the
        dialog away. Not before it: a state change chosen in the dialog (the idle-code picker)
        sends its request only once this screen has resumed, and the frame shows its answer."""
        self.after_next_frame(self._tick)
        if self._log_waits:
            self.after_next_frame(self._show_log)

    def _tick(self) -> None:
        if self._ticks_wait():
            return
        now = self.desk.now_ms()
        self.query_one(AvailabilityPanel).tick(self.snapshot, now)
        self.query_one(ChannelBoard).tick(now)
        self.contact_panel.tick(now)

    # -- actions ------------------------------------------------------------------------------

    def action_available(self) -> None:
        if not self._refused_offline():
            self.change_state(None)

    def action_choose_idle_code(self) -> None:
        if not self._refused_offline():
            self.app.push_screen(self._idle_picker(), self._picked)

    def _refused_offline(self) -> bool:
        """True, and said, while the desktop is not connected: nothing is asked for then."""
        if self.session is None or self.snapshot.connection.is_online:
            return False
        self._say_state_error(NotConnected())
        return True

    def _say_state_error(self, error: DesktopError | None) -> None:
        """The State panel's error; one about the connection clears itself on reconnect."""
        self._offline_error = isinstance(error, NotConnected | ServerUnreachable)
        self.query_one("#state-error", FieldError).say(error.sentence if error else "")

    def _picked(self, code: IdleCode | None) -> None:
        if code is not None and not self.idle_while_handling(code):
            self.change_state(code)

    def _idle_picker(self) -> IdleCodePicker:
        """One picker for the life of this screen, kept (installed) between uses.

        A picker made and thrown away each time was torn down in the very frames that show
        the answer to the request it sent: its removal lays the whole screen out and paints it
        again, some 5 ms more before the agent sees the new state.
        """
        current = self.snapshot.idle_code
        if self._picker is None:
            self._picker = IdleCodePicker(self.profile.idle_codes, current)
            self.app.install_screen(self._picker, f"idle-picker-{id(self)}")
        else:
            self._picker.reopen(current)
        return self._picker

    async def on_unmount(self) -> None:
        collect_again()
        picker, self._picker = self._picker, None
        if picker is None:
            return
        with contextlib.suppress(ScreenStackError):  # still open: it goes with its stack
            if self.app.uninstall_screen(picker) and picker.is_mounted:
                await picker.remove()

    def change_state(self, code: IdleCode | None) -> Worker[None]:
        """Available when `code` is None, else Idle with `code`; the worker that asks."""
        self._request += 1
        request = self._request
        target = f"Idle ({code.name})" if code else Availability.AVAILABLE.word
        self._say_state_error(None)
        if self._collections is not None:
            self._collections.resume()
        self._collections = CollectionsPaused(COLLECTIONS_PAUSED_S)
        hold = PaintHold(self.app, PAINT_HOLD_S)
        wanted = Availability.IDLE if code else Availability.AVAILABLE
        self._hold = (hold, wanted, code.id if code else "")
        asking = self._send_state(request, code, hold)
        self.set_timer(PENDING_AFTER_S, lambda: self._still_asking(request, target))
        return asking

    def _still_asking(self, request: int, target: str) -> None:
        if request == self._request and self._answered < request:
            self._say_pending(f"Asking to go {target}…")

    @work(exclusive=True, group="state")
    async def _send_state(self, request: int, code: IdleCode | None, hold: PaintHold) -> None:
        session = self.session
        failed = True
        try:
            if session is None:
                return
            if code is None:
                await session.set_available()
            else:
                await session.set_idle(code)
            failed = False
        except DesktopError as error:
            self._answered = max(self._answered, request)
            if request == self._request:
                self._say_pending("")
                self._say_state_error(error)
            return
        finally:
            # Answered before the event that confirms the change: a paint now would show
            # the screen without the new state (a closed picker's area, say), and the state
            # would follow a frame later, with the log's new line. The event, a moment behind,
            # paints at once; without it, the screen's next tick does.
            awaiting_event = self._hold is not None and self._hold[0] is hold
            hold.release(paint=failed or not awaiting_event)
        self._answered = max(self._answered, request)
        if request == self._request:  # a newer request owns the pending line otherwise
            self._say_pending("")

    def _say_pending(self, words: str) -> None:
        pending = self.query_one("#pending", Static)
        if words == self._pending_words and pending.display == bool(words):
            return  # nothing to repaint (most answers come before the line was ever shown)
        self._pending_words = words
        pending.update(Text(words))
        pending.display = bool(words)

    def action_log_out(self) -> None:
        if self._refused_offline():
            return
        whose = None
        if self.acting is not None:
            whose = self.snapshot.agent_name or self.snapshot.agent_id
        self.app.push_screen(
            ConfirmLogout(whose, keymap=self.desk.settings.keymap), self._confirmed_logout
        )

    def _confirmed_logout(self, confirmed: bool | None) -> None:
        if confirmed:
            self._log_out()

    @work(exclusive=True, group="state")
    async def _log_out(self) -> None:
        session = self.session
        if session is None:
            return
        self._request += 1
        self.logging_out = True
        self._say_pending("Logging out…")
        try:
            await session.log_out()
        except DesktopError as error:
            self.logging_out = False
            self._say_pending("")
            self._say_state_error(error)
            return
        if self.acting is not None:
            agent = self.snapshot.agent_name or self.snapshot.agent_id
            self.post_message(ActingEnded(f"You logged {agent} out."))
        else:
            self.post_message(StationEnded(YOU_LOGGED_OUT))

    def action_board(self) -> None:
        self.post_message(BoardWanted())

    def action_stop_acting(self) -> None:
        """Leave the agent's session to them (it carries on) and go back to the board."""
        self.post_message(ActingEnded())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == DESKTOP_BOARD.action:
            return self.profile.is_supervisor and self.acting is None
        if action == DESKTOP_STOP_ACTING.action:
            return self.acting is not None
        allowed = self.contact_step_allowed(action)
        return True if allowed is None else allowed

    def action_help(self) -> None:
        contact_keys = tuple(
            spec
            for spec in CONTACT_ACTIONS
            if spec is not CONTACT_DECLINE or self.capabilities.decline_offer
        )
        keys = (*SHOWN_KEYS[:2], *contact_keys, *SHOWN_KEYS[2:])
        if self.acting is not None:
            keys = (*keys[:-3], DESKTOP_STOP_ACTING, *keys[-3:])
        elif self.profile.is_supervisor:
            keys = (*keys[:-3], DESKTOP_BOARD, *keys[-3:])
        self.app.push_screen(HelpScreen(self.desk.settings.keymap, keys=keys))

    def action_quit(self) -> None:
        self.app.exit()

    def commands(self) -> Iterable[SystemCommand]:
        """This screen's commands for the command palette, idle codes included by name."""
        yield SystemCommand("Available", "Become Available for contacts", self.action_available)
        yield SystemCommand(
            "Idle code…", "Pick an idle code and go Idle", self.action_choose_idle_code
        )
        for code in self.profile.selectable_idle_codes:
            name = literal(code.name)  # the palette reads titles and help as markup
            yield SystemCommand(
                f"Idle: {name}",
                f"Go Idle with the idle code {name}",
                lambda code=code: self._picked(code),  # asks first while handling contacts
            )
        yield from self.contact_commands()
        yield SystemCommand("Log out", "End the station session (asks first)", self.action_log_out)
        if self.acting is not None:
            yield SystemCommand(
                "Stop acting",
                "Back to the board; the agent's session carries on",
                self.action_stop_acting,
            )
        elif self.profile.is_supervisor:
            yield SystemCommand("Board", "The supervisor board of your teams", self.action_board)
        yield SystemCommand("Help", "Keys and what each part shows", self.action_help)


def _seen_at_once(snapshot: AgentSnapshot) -> tuple[object, ...]:
    """What the agent must see as soon as it changes, not at the screen's next 60 Hz tick:
    their state and each contact's state (a new offer above all)."""
    code = _code_id(snapshot)
    contacts = tuple((c.id, c.state) for c in snapshot.contacts)
    return (snapshot.availability, code, snapshot.rona, snapshot.next_state, contacts)


def _code_id(snapshot: AgentSnapshot) -> str:
    return snapshot.idle_code.id if snapshot.idle_code else ""
