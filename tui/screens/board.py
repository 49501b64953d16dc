"""The supervisor board: the agents of the supervisor's teams, live, and what can be done to them.

Neither platform pushes other agents' changes to a supervisor, so the board looks at the team
(`team_changes()`: the whole team on Webex, only the agents changed since on CXone) while it is
in view: once a second while nothing changes, and while agents are changing as often as the
platform's rate limit allows with room to spare (`LOOKS_PER_MIN`), and at once after the
supervisor's own change. Each look draws only what changed since the one before, in one
refresh. Filter with `/`, cycle the sort with `s`; the cursor stays on its agent throughout.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from tui.backends.session import TeamAgent, TeamLook
from tui.desk.desk import Desk
from tui.desk.roster import Roster, RosterChanges, SortOrder
from tui.domain import Availability, DesktopProfile, IdleCode
from tui.domain.errors import DesktopError
from tui.keys import (
    APP_COMMANDS,
    BOARD_ACT_AS,
    BOARD_ACTIONS,
    BOARD_FILTER,
    BOARD_HELP,
    BOARD_QUIT,
    BOARD_SIGN_OUT,
    BOARD_STATION,
    FILTER_CLEAR,
    FILTER_DONE,
    FILTER_DOWN,
)
from tui.screens.bindings import binding
from tui.screens.dialogs import ConfirmSignOut
from tui.screens.heap import (
    collect_again,
    collect_young_as_usual,
    collect_young_rarely,
    keep_out_of_collections,
    sweep_young,
)
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.markup import literal
from tui.screens.messages import ActingStarted, SignOutRequested, StationWanted
from tui.screens.styles import DESK_SHEETS
from tui.widgets.agent_table import AgentTable
from tui.widgets.field_error import FieldError
from tui.widgets.footer import DesktopFooter
from tui.widgets.paint_hold import PaintsAtOnce
from tui.widgets.queues import QueueStrip
from tui.widgets.text import show_text
from tui.widgets.title_bar import TitleBar

NOT_CONNECTED = (
    "Not connected: the board shows what it last saw, and catches up once the desktop is back."
)
TICK_S = 0.25  # times in state move on within a quarter second of their own second (tick)
FILTER_PAUSE_S = 0.15  # on a big team, filter once typing pauses rather than on every key
BIG_TEAM = 300  # agents; below this every key filters at once
QUIET_POLL_S = 1.0  # nothing changed at the last look: a change shows within about a second
RATE_LIMIT_PER_MIN = 300
"""Webex Contact Center's published default rate limit per client id (requests a minute);
NICE publishes none for CXone's agents/states, and the board keeps to the same there."""
LOOKS_PER_MIN = 285
"""The most looks a minute: the rest of the limit is the supervisor's own requests'."""
BUSY_POLL_S = 60 / LOOKS_PER_MIN  # agents are changing: look again sooner (about 0.21 s)
HELP_KEYS = (*BOARD_ACTIONS, APP_COMMANDS, BOARD_SIGN_OUT)
HELP_PARTS = (
    ("Agent", "the agents of the teams you supervise, one row each."),
    (
        "State",
        "availability as symbol and word: ● Available, ◐ Idle, ▲ Not responding, ○ Logged out.",
    ),
    ("Idle code", "why an Idle agent is idle."),
    ("In state", "how long the agent has been in this state."),
    ("Load", "per channel (voice, chat, email, social): ■ a contact held, □ a free place."),
    (
        "Contacts",
        "open contacts (offered, connected, held, in wrap-up), how many in wrap-up, and "
        "RONA when an offer rang out unanswered and the agent has not become available.",
    ),
    ("Top line", "how many agents are in each state, and the sort order."),
    ("Under it", "the columns a narrow terminal leaves out; a wider one shows them."),
)


class FilterInput(Input):
    """The filter line: Enter or Down keeps the filter and goes to the table; Esc clears it."""

    BINDINGS = [binding(FILTER_DONE), binding(FILTER_DOWN, show=False), binding(FILTER_CLEAR)]

    def action_done(self) -> None:
        self.screen.set_focus(self.screen.query_one(AgentTable))

    def action_clear(self) -> None:
        self.value = ""
        self.action_done()


class BoardScreen(PaintsAtOnce, Screen[None]):
    CSS_PATH = DESK_SHEETS
    BINDINGS = [
        *(binding(spec) for spec in BOARD_ACTIONS),
        binding(BOARD_HELP),
        binding(BOARD_SIGN_OUT),
        binding(BOARD_QUIT, show=False),  # ctrl+q shows in the footer
    ]
    AUTO_FOCUS = "#agents"

    def __init__(
        self, desk: Desk, profile: DesktopProfile, *, where: str = "", notice: str = ""
    ) -> None:
        super().__init__(id="board")
        self.desk = desk
        self.profile = profile
        self.where = where
        self.notice = notice
        self.roster = Roster()
        self.looks = 0  # looks at the team shown so far
        self._wake = asyncio.Event()
        self._request = 0  # the latest change asked for; older results are stale
        self._look_problem = ""
        self._offline_refusal = False  # the error line refuses an action for want of a link
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.where)
        with Horizontal(id="board-top"):
            yield Static(Text("Looking at your teams…"), id="board-summary", markup=False)
            yield Static("", id="board-sort", markup=False)
        yield QueueStrip(id="queue-strip")
        with Horizontal(id="filter-row"):
            yield Label("Filter", classes="field-label")
            yield FilterInput(
                placeholder="name, team, state or idle code", id="board-filter", compact=True
            )
            yield Static("", id="filter-count", markup=False)
        yield AgentTable(self.desk.now_ms, id="agents")
        yield Static(Text(self.notice), id="board-notice", markup=False)
        yield FieldError(id="board-error")
        yield DesktopFooter()

    def on_mount(self) -> None:
        collect_young_rarely()  # see tui.screens.heap
        self.query_one("#filter-row").display = False
        self.query_one("#board-notice").display = bool(self.notice)
        self._show_sort()
        self.show_snapshot()
        self.set_interval(TICK_S, self._tick)
        self._watch_team()

    def on_screen_resume(self) -> None:
        self._wake.set()  # back in view: look at once

    # -- looking at the team ---------------------------------------------------------------

    @work(exclusive=True, group="board-look", exit_on_error=False)
    async def _watch_team(self) -> None:
        while True:
            if not self._in_view():  # under an agent's status screen: no need to look
                self._wake.clear()
                await self._wake.wait()
            self._wake.clear()
            started = time.monotonic()
            changed = await self._look()
            sweep_young()  # between looks, when what the look made is mostly gone (heap.py)
            interval = BUSY_POLL_S if changed else QUIET_POLL_S
            wait = max(interval - (time.monotonic() - started), 0.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    def _in_view(self) -> bool:
        """True when no full screen covers the board (a dialog over it still shows it)."""
        for screen in reversed(self.app.screen_stack):
            if screen is self:
                return True
            if not isinstance(screen, ModalScreen):
                return False
        return False

    async def _look(self) -> bool:
        """One look at the team; True when something changed."""
        session = self.desk.session
        if session is None:
            return False
        if not session.snapshot.connection.is_online:
            self._say_look_problem(NOT_CONNECTED)
            return False
        try:
            look = await session.team_changes()
            if not look.whole and self.looks == 0:  # this board has no rows to change yet
                look = TeamLook(await session.team_agents())
        except DesktopError as error:
            self._say_look_problem(f"The board is not up to date: {error.sentence}")
            return False
        self._say_look_problem("")
        if look.whole:
            changes = self.show_agents(look.agents)
        else:
            changes = self.update_agents(look.agents)
            self.looks += 1
        if changes:
            self.paint_at_once()  # the rows now, not at the screen's next 60 Hz tick
        return bool(changes)

    def _say_look_problem(self, problem: str) -> None:
        """Why the board may be stale, or nothing; never over what an action said."""
        shown = self.query_one("#board-error", FieldError).sentence
        if shown in ("", self._look_problem):
            self._say_error(problem)
        self._look_problem = problem

    def show_agents(self, agents: Iterable[TeamAgent]) -> RosterChanges:
        """One whole look at the team: draw what changed since the last, in one refresh."""
        changes = self.roster.replace(agents)
        table = self.query_one(AgentTable)
        with self.app.batch_update():
            if self.looks == 0:
                table.show_all(self.roster.agents.values())
            elif changes:
                table.apply(changes)
            self._show_summary()
        if self.looks == 0 or len(changes.changed) > len(self.roster.agents) // 2:
            keep_out_of_collections()  # what the board now holds, it holds for long
        self.looks += 1
        return changes

    def on_unmount(self) -> None:
        collect_again()  # what the board held (frozen with it) may be garbage now
        collect_young_as_usual()

    def update_agents(self, agents: Iterable[TeamAgent]) -> RosterChanges:
        """Some agents' latest state (from events rather than a look): draw only those."""
        changes = self.roster.update(agents)
        if changes:
            with self.app.batch_update():
                self.query_one(AgentTable).apply(changes)
                self._show_summary()
        return changes

    def show_snapshot(self) -> None:
        """The app calls this after each burst of the supervisor's own events."""
        session = self.desk.session
        if session is None:
            return
        snapshot = session.snapshot
        connection = snapshot.connection
        for title in self.query(TitleBar):  # none yet when events come before the first paint
            title.show_connection(connection)
        for strip in self.query(QueueStrip):
            strip.show(snapshot.queues, snapshot.queues_shown, self.desk.now_ms())
        if connection.is_online and self._offline_refusal:
            self._offline_refusal = False
            self._say_error("")  # the outage the refusal spoke of is over
        if connection.is_online and self._look_problem == NOT_CONNECTED:
            self._wake.set()  # back: look at once rather than at the next turn

    def _refused_offline(self, what: str) -> bool:
        """True, and said, while the desktop is not connected: nothing is asked for then."""
        session = self.desk.session
        if session is None or session.snapshot.connection.is_online:
            return False
        self._say_notice("")
        self._say_error(
            f"{what}: the desktop is not connected right now. Try again once it is back online."
        )
        self._offline_refusal = True
        return True

    def _tick(self) -> None:
        self.query_one(AgentTable).tick()
        self.query_one(QueueStrip).tick(self.desk.now_ms())

    # -- filter and sort -----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter-row").display = True
        # At once, not after the keys already typed: "/sup" typed fast all goes to the filter.
        self.set_focus(self.query_one("#board-filter", FilterInput))

    def on_key(self, event: events.Key) -> None:
        """Open the filter as the key arrives, so that keys typed right after it go into the
        filter: a quick "/ann" must never set the highlighted agent Available. (Bindings run
        only once a key has passed here, by when the keys after it have passed too.)"""
        search = self.query_one("#board-filter", FilterInput)
        active = self.active_bindings.get(event.key)
        if active is not None and active.binding.id == BOARD_FILTER.id:
            event.stop()
            event.prevent_default()
            self.action_filter()
        elif self.focused is search and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            search.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#board-filter")
    def _filtered(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if len(self.roster.agents) > BIG_TEAM:
            self._filter_timer = self.set_timer(FILTER_PAUSE_S, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        """Redraw the rows for the filter as typed (the one time the table is rebuilt)."""
        self._filter_timer = None
        table = self.query_one(AgentTable)
        table.search = self.query_one("#board-filter", FilterInput).value
        table.show_all(self.roster.agents.values())
        self._show_summary()

    @on(Input.Submitted, "#board-filter")
    def _filter_kept(self) -> None:
        self.query_one(FilterInput).action_done()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, AgentTable):  # an empty filter line goes out of the way
            search = self.query_one("#board-filter", FilterInput)
            self.query_one("#filter-row").display = bool(search.value)

    def action_cycle_sort(self) -> None:
        self.sort_by(self.query_one(AgentTable).order.next())

    def sort_by(self, order: SortOrder) -> None:
        self.query_one(AgentTable).sort_by(order)
        self._show_sort()

    # -- acting on the highlighted agent ---------------------------------------------------------

    @property
    def highlighted(self) -> TeamAgent | None:
        """The agent under the cursor, as last seen."""
        agent_id = self.query_one(AgentTable).cursor_agent_id
        return self.roster.agents.get(agent_id) if agent_id else None

    def action_set_available(self) -> None:
        agent = self.highlighted
        if agent is not None:
            self.change_state(agent, None)

    def action_set_idle(self) -> None:
        agent = self.highlighted
        if agent is None or not self._has_session(agent, "their state cannot be changed"):
            return
        if self._refused_offline(f"{agent.name} was not changed"):
            return
        current = next((c for c in self.profile.idle_codes if c.name == agent.idle_code_name), None)
        self.app.push_screen(
            IdleCodePicker(self.profile.idle_codes, current, title=f"Make {agent.name} Idle with"),
            lambda code: self.change_state(agent, code) if code is not None else None,
        )

    def change_state(self, agent: TeamAgent, code: IdleCode | None) -> None:
        """Make `agent` Available when `code` is None, else Idle with `code`."""
        if not self._has_session(agent, "their state cannot be changed"):
            return
        if self._refused_offline(f"{agent.name} was not changed"):
            return
        self._request += 1
        target = f"Idle ({code.name})" if code else Availability.AVAILABLE.word
        self._say_notice(f"Asking to make {agent.name} {target}…")
        self._say_error("")
        self._send_state(self._request, agent, code, target)

    @work(group="board-state", exit_on_error=False)
    async def _send_state(
        self, request: int, agent: TeamAgent, code: IdleCode | None, target: str
    ) -> None:
        session = self.desk.session
        if session is None:
            return
        availability = Availability.IDLE if code else Availability.AVAILABLE
        try:
            await session.set_agent_state(agent.agent_id, availability, code)
        except DesktopError as error:
            if request == self._request:
                self._say_notice("")
                self._say_error(f"{agent.name} was not changed: {error.sentence}")
            return
        if request == self._request:
            self._say_notice(f"{agent.name} is now {target}.")
        self._wake.set()

    def action_act_as(self) -> None:
        agent = self.highlighted
        if agent is None or not self._has_session(agent, "there is no session to join"):
            return
        if self._refused_offline(f"{agent.name}'s session was not joined"):
            return
        self._say_error("")
        self._say_notice(f"Joining {agent.name}'s session as them…")
        self._act_as(agent)

    @work(exclusive=True, group="board-act", exit_on_error=False)
    async def _act_as(self, agent: TeamAgent) -> None:
        try:
            await self.desk.act_as(agent.agent_id)
        except DesktopError as error:
            self._say_notice("")
            self._say_error(error.sentence)
            return
        self._say_notice("")
        self.post_message(ActingStarted())

    def _has_session(self, agent: TeamAgent, otherwise: str) -> bool:
        if agent.availability is not Availability.LOGGED_OUT:
            return True
        self._say_notice("")
        self._say_error(f"{agent.name} has no station session, so {otherwise}.")
        return False

    # -- the supervisor's own station, help, leaving ----------------------------------------------

    def action_my_station(self) -> None:
        self._open_station()

    @work(exclusive=True, group="board-station", exit_on_error=False)
    async def _open_station(self) -> None:
        session = self.desk.session
        if session is None:
            return
        if session.snapshot.has_session:
            self.post_message(StationWanted(None))
            return
        try:
            existing = await session.find_existing_session()
        except DesktopError as error:
            self._say_error(error.sentence)
            return
        self.post_message(StationWanted(existing))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == BOARD_STATION.action:
            return bool(self.profile.terminal_login_options)
        if action == BOARD_ACT_AS.action:
            return self.desk.capabilities.act_as_agent
        return True

    def action_help(self) -> None:
        keys, parts = HELP_KEYS, HELP_PARTS
        capabilities = self.desk.capabilities
        if not capabilities.act_as_agent:
            keys = tuple(spec for spec in keys if spec is not BOARD_ACT_AS)
            parts = (*parts, ("Act as", capabilities.act_as_missing))
        self.app.push_screen(
            HelpScreen(self.desk.settings.keymap, keys=keys, parts=parts, title="Board help")
        )

    def action_sign_out(self) -> None:
        """Esc: a kept filter goes first; only then, and after asking, the sign-in screen."""
        search = self.query_one("#board-filter", FilterInput)
        if search.value:
            search.action_clear()
            self.query_one("#filter-row").display = False
            return
        self.app.push_screen(
            ConfirmSignOut(keymap=self.desk.settings.keymap), self._confirmed_sign_out
        )

    def _confirmed_sign_out(self, confirmed: bool | None) -> None:
        if confirmed:
            self.post_message(SignOutRequested())

    def action_quit(self) -> None:
        self.app.exit()

    def commands(self) -> Iterable[SystemCommand]:
        """This screen's commands for the command palette, named after the highlighted agent."""
        agent = self.highlighted
        if agent is not None:
            name = literal(agent.name)  # the palette reads titles and help as markup
            yield SystemCommand(
                f"Make {name} Available",
                "Set the highlighted agent Available",
                self.action_set_available,
            )
            yield SystemCommand(
                f"Make {name} Idle…",
                "Pick an idle code for the highlighted agent",
                self.action_set_idle,
            )
            for code in self.profile.selectable_idle_codes:
                yield SystemCommand(
                    f"Make {name} Idle: {literal(code.name)}",
                    f"Set the highlighted agent Idle with {literal(code.name)}",
                    lambda agent=agent, code=code: self.change_state(agent, code),
                )
            if self.desk.capabilities.act_as_agent:
                yield SystemCommand(
                    f"Act as {name}",
                    "Join the highlighted agent's session as them",
                    self.action_act_as,
                )
        yield SystemCommand("Filter the board", "Show only matching agents", self.action_filter)
        for order in SortOrder:
            yield SystemCommand(
                f"Sort by {order.label}",
                f"Order the board by {order.label}",
                lambda order=order: self.sort_by(order),
            )
        if self.check_action(BOARD_STATION.action, ()):
            yield SystemCommand(
                "My station session",
                "Start or open your own station session",
                self.action_my_station,
            )
        yield SystemCommand("Board help", "Keys and columns of the board", self.action_help)
        yield SystemCommand("Sign out", "Back to the sign-in screen", self.action_sign_out)

    # -- showing -------------------------------------------------------------------------------

    def _show_summary(self) -> None:
        counts = self.roster.counts()
        total = len(self.roster.agents)
        text = Text(f"{total} agent{'' if total == 1 else 's'}", no_wrap=True, overflow="ellipsis")
        for availability in (
            Availability.AVAILABLE,
            Availability.IDLE,
            Availability.SYSTEM,
            Availability.LOGGED_OUT,
        ):
            if counts[availability]:
                text.append(f" · {availability.symbol} {counts[availability]} ")
                text.append(availability.word)
        # A one-line row of fixed size: laying the screen (and its table of thousands of rows)
        # out again for new counts would cost a full repaint on every look.
        self.query_one("#board-summary", Static).update(text, layout=False)
        table = self.query_one(AgentTable)
        count = f"{table.row_count} of {total}" if table.search.strip() else ""
        show_text(self.query_one("#filter-count", Static), Text(count))

    def _show_sort(self) -> None:
        order = self.query_one(AgentTable).order
        self.query_one("#board-sort", Static).update(Text(f"sorted by {order.label}"))

    def say(self, notice: str) -> None:
        """A plain sentence under the table (e.g. why acting as an agent ended)."""
        self._say_notice(notice)

    def _say_notice(self, words: str) -> None:
        notice = self.query_one("#board-notice", Static)
        notice.update(Text(words))
        notice.display = bool(words)

    def _say_error(self, sentence: str) -> None:
        self._offline_refusal = False  # set again by the one caller that refuses for that
        self.query_one("#board-error", FieldError).say(sentence)
