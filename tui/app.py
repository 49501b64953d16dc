"""The Textual app: moves between the screens and feeds them the session's live events.

The backend is injected (a session factory), so tests run this very app against a real
sandbox. One worker reads the session's event queue in bursts and renders each burst once (a
flood at most once per frame).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterable
from datetime import tzinfo
from typing import TYPE_CHECKING

from textual import events, on, work
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.backends.credentials import wall_clock_ms
from tui.cell_diff import CellDiff, Unrenderable
from tui.config import DEFAULT_THEME, DesktopSettings
from tui.css_cache import CachedStylesheet
from tui.desk.desk import Desk, SessionFactory, has_built_in, open_platform_session
from tui.desk.local_sandbox import LocalSandbox
from tui.domain.errors import DesktopError
from tui.keys import APP_COMMANDS, APP_QUIT
from tui.screens.bindings import binding
from tui.screens.login import LoginScreen
from tui.screens.messages import (
    ActingEnded,
    ActingStarted,
    BoardWanted,
    SignedInto,
    SignOutRequested,
    StationEnded,
    StationReady,
    StationWanted,
)
from tui.screens.styles import LOGIN_SHEETS
from tui.widgets.paint_hold import dims_below
from tui.widgets.palette import readable

FLOOD_BATCH = 50
"""Events in one burst from which on it is a flood: the screens then update at most once per
frame and pause a moment after each update, so that they take a fraction of the loop and the
connection the rest (a few events at a time are shown at once, as ever)."""
FLOOD_PAUSE_S = 0.05
FRAME_WAIT_S = 0.1
"""The longest the event reader waits for the screen to paint a burst before taking the next."""
if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.await_remove import AwaitRemove
    from textual.dom import DOMNode

    from tui.backends.session import DesktopSession
    from tui.domain import DesktopEvent, DesktopProfile
    from tui.domain.events import AgentLoggedOut
    from tui.screens.status import StatusScreen


KEEP_STYLES_AFTER_S = 2.0
"""After the first frame, when the parsed stylesheets are written for the next start: out of
the way of the login screen's first key presses."""


class DesktopApp(App[None]):
    TITLE = "Agent Desktop"
    CSS_PATH = LOGIN_SHEETS
    BINDINGS = [
        binding(APP_QUIT, priority=True),
        binding(APP_COMMANDS, show=False, priority=True),
    ]

    def __init__(
        self,
        settings: DesktopSettings | None = None,
        *,
        session_factory: SessionFactory = open_platform_session,
        clock: Callable[[], int] = wall_clock_ms,
        timezone: tzinfo | None = None,
        local_sandbox: LocalSandbox | None = None,
        cursor_blink: bool = True,
    ) -> None:
        """`local_sandbox` defaults to a fresh in-process sandbox when the settings need one."""
        super().__init__()
        self.stylesheet = CachedStylesheet(variables=self.stylesheet._variables)
        settings = settings or DesktopSettings()
        wants_built_in = has_built_in(settings.platform) and not settings.server_url
        if local_sandbox is None and wants_built_in:
            local_sandbox = LocalSandbox(
                traffic=settings.traffic, floor=settings.floor, arrivals=settings.arrivals
            )
        self.desk = Desk(
            settings,
            session_factory=session_factory,
            clock=clock,
            timezone=timezone,
            local_sandbox=local_sandbox,
        )
        self.cursor_blink = cursor_blink
        self.profile: DesktopProfile | None = None
        self.where = ""
        self._cells = CellDiff()
        self._framed: Screen | None = None  # the screen of the last frame written

    # -- start and stop -------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Building the first screen allocates ~100k objects that all live on: the collector
        # would walk them again and again for nothing, a tenth of the start-up time.
        gc.disable()
        self.app_resume_signal.subscribe(self, self._terminal_resumed)
        # Pushed (not the default screen) so that later screens can switch places with it.
        self.push_screen(LoginScreen(self.desk))
        settings = self.desk.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            self.theme = DEFAULT_THEME
            self.notify(
                f"There is no theme called {settings.theme!r}; using {DEFAULT_THEME}.",
                markup=False,
            )
        if settings.keymap:  # setting even an empty one rebuilds the footer once more
            self.set_keymap(settings.keymap)
        sandbox = self.desk.local_sandbox
        if sandbox is not None:
            # After the first paint, so the login screen never waits for the server.
            self.call_after_refresh(sandbox.start_in_background)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with the shipped themes' colours made readable (see palette)."""
        variables = readable(
            self.current_theme.name, super().get_css_variables(), self.console.color_system
        )
        self.theme_variables = variables  # what widgets colouring text in Python read
        return variables

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Leave out widgets not mounted yet. Textual restyles a widget each time one of its
        classes changes, even while it is being built (a compact radio set, an input holding a
        value, a pressed radio button), and styles it again in full when it is mounted: the
        first styling was wasted, a sixth of the login screen's start."""
        if isinstance(node, Widget) and node not in self._registry:
            return
        super().update_styles(node, animate)

    def on_ready(self) -> None:
        gc.enable()  # the first frame is out
        self.set_timer(KEEP_STYLES_AFTER_S, self._keep_styles)

    def _keep_styles(self) -> None:
        """Keep what this start parsed for the next (see `css_cache`)."""
        if isinstance(self.stylesheet, CachedStylesheet):
            self.stylesheet.save()

    # -- the terminal ---------------------------------------------------------------------------

    def _display(self, screen: Screen, renderable: RenderableType | None) -> None:
        """Send a frame as the cells that changed since the last one (see `cell_diff`)."""
        driver = self._driver
        if (
            renderable is None
            or self._batch_count
            or not self._running
            or self._closed
            or self.is_headless
            or driver is None
        ):
            super()._display(screen, renderable)  # writes nothing to a terminal
            return
        text = None if driver.is_inline else self.terminal_text(screen, renderable)
        if text is None:
            self._cells.forget()  # written some other way: the cells are unknown now
            super()._display(screen, renderable)
            return
        self._previous_cursor_position = self.screen.outer_size.clamp_offset(self.cursor_position)
        if text:
            self._begin_update()
            try:
                driver.write(text)
            finally:
                self._end_update()
            driver.flush()
        self.post_display_hook()

    def terminal_text(self, screen: Screen, renderable: RenderableType) -> str | None:
        """What a frame writes to the terminal: the cells that changed since the last frame;
        None for a frame Textual must write itself (the cells are unknown after it).

        A dialog with a dimmed backdrop dims or lights every cell on the screen as it opens
        or closes: before such a frame the cells are forgotten, so that it is written as it
        comes, with nothing to compare (`CellDiff` works out those cells only when a later
        frame needs them). The benchmark calls this too, headless, so that a frame costs it
        what it costs here.
        """
        if not isinstance(renderable, LayoutUpdate | ChopsUpdate):
            self._cells.forget()  # written some other way: the cells are unknown now
            return None
        shown, self._framed = self._framed, screen
        if shown is not None and shown is not screen and (dims_below(screen) or dims_below(shown)):
            self._cells.forget()
        cursor = self.screen.outer_size.clamp_offset(self.cursor_position)
        try:
            return self._cells.frame(
                renderable, self.console._color_system, tuple(self.size), tuple(cursor)
            )
        except Unrenderable:
            self._cells.forget()
            return None

    def _prune(self, *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
        """Remove widgets, and drop the lines they painted.

        Textual memoizes `StylesCache.get_inner_outer` in an `lru_cache(1024)` whose keys hold
        a widget's styles cache, and with it the lines the widget last painted: the lines of
        up to 1,024 removed widgets (contact rows, footer keys, notifications) stayed alive,
        and over a shift the desktop grew by megabytes (issue 15, figure 9). Emptied here, what
        such a key keeps is an empty cache.
        """
        for node in nodes:
            for widget in node.walk_children(with_self=True):
                if isinstance(widget, Widget):
                    widget._styles_cache.clear()
        return super()._prune(*nodes, parent=parent)

    def on_resize(self, event: events.Resize) -> None:
        self._cells.forget()  # a terminal may reflow or clear its cells when its size changes

    def _terminal_resumed(self, app: App[None]) -> None:
        self._cells.forget()  # back from a suspend: the screen was someone else's meanwhile

    async def on_unmount(self) -> None:
        gc.enable()  # also when the app ends before its first frame
        self._keep_styles()
        await self.desk.sign_out()
        sandbox = self.desk.local_sandbox
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Tests and screenshots turn cursor blinking off so that every frame is the same."""
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    # -- moving between screens ---------------------------------------------------------------

    @on(SignedInto)
    def _signed_in(self, message: SignedInto) -> None:
        """Supervisors land on the board of their teams; agents on their station session."""
        from tui.screens.board import BoardScreen
        from tui.screens.session import SessionScreen

        profile = message.signed_in.profile
        self.profile = profile
        self.where = message.where
        session = self.desk.session
        if session is not None:
            self._read_events(session)
        if profile.is_supervisor:
            self.switch_screen(BoardScreen(self.desk, profile, where=self.where))
        else:
            self.switch_screen(
                SessionScreen(self.desk, profile, message.signed_in.existing, where=self.where)
            )

    @on(StationReady)
    def _station_ready(self) -> None:
        from tui.screens.status import StatusScreen

        if self.profile is not None:
            self.switch_screen(StatusScreen(self.desk, self.profile, where=self.where))
            self.call_after_refresh(settle_heap)

    @on(StationEnded)
    def _station_ended(self, message: StationEnded) -> None:
        self._leave_status_screen(message.sentence)

    def _leave_status_screen(self, sentence: str) -> None:
        """The user's own station session ended: back to the session screen, saying why."""
        from tui.screens.session import SessionScreen

        if self.profile is None or self._own_status_screen() is None:
            return  # already left (our own logout and its event both arrive)
        while len(self.screen_stack) > 1 and self.screen is not self._own_status_screen():
            self.pop_screen()
        self.switch_screen(
            SessionScreen(self.desk, self.profile, None, where=self.where, notice=sentence)
        )

    def _own_status_screen(self) -> StatusScreen | None:
        from tui.screens.status import StatusScreen

        return next(
            (s for s in self.screen_stack if isinstance(s, StatusScreen) and s.acting is None),
            None,
        )

    @on(BoardWanted)
    def _board_wanted(self) -> None:
        from tui.screens.board import BoardScreen

        if self.profile is not None and self.profile.is_supervisor:
            self.switch_screen(BoardScreen(self.desk, self.profile, where=self.where))

    @on(StationWanted)
    def _station_wanted(self, message: StationWanted) -> None:
        """From the board to the supervisor's own station: its status, or the session screen."""
        from tui.screens.session import SessionScreen
        from tui.screens.status import StatusScreen

        if self.profile is None:
            return
        session = self.desk.session
        if session is not None and session.snapshot.has_session:
            self.switch_screen(StatusScreen(self.desk, self.profile, where=self.where))
        else:
            self.switch_screen(
                SessionScreen(self.desk, self.profile, message.existing, where=self.where)
            )

    @on(ActingStarted)
    def _acting_started(self) -> None:
        """The supervisor joined an agent's session as them: the agent's status, marked."""
        from tui.screens.status import StatusScreen

        acting = self.desk.acting
        if self.profile is None or acting is None:
            return
        self._read_acting_events(acting)
        agent = acting.snapshot.agent_name or acting.snapshot.agent_id
        where = f"{self.profile.agent_name} acting as {agent}"
        if " on " in self.where:
            where += " on " + self.where.rsplit(" on ", 1)[1]
        self.push_screen(StatusScreen(self.desk, self.profile, where=where, acting=acting))

    @on(ActingEnded)
    async def _acting_ended(self, message: ActingEnded) -> None:
        """Stop acting: close that connection (the agent's session carries on), back to the
        board."""
        from tui.screens.board import BoardScreen
        from tui.screens.session import SessionScreen

        self.workers.cancel_group(self, "acting-events")
        await self.desk.stop_acting()
        if self.profile is None:
            return
        while len(self.screen_stack) > 1 and not isinstance(
            self.screen, BoardScreen | SessionScreen
        ):
            self.pop_screen()
        if isinstance(self.screen, BoardScreen):
            self.screen.say(message.sentence)
        else:
            self.switch_screen(
                BoardScreen(self.desk, self.profile, where=self.where, notice=message.sentence)
            )

    @on(SignOutRequested)
    async def _sign_out(self) -> None:
        self.workers.cancel_group(self, "events")
        self.workers.cancel_group(self, "acting-events")
        await self.desk.sign_out()
        self.profile = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoginScreen(self.desk))

    # -- live events --------------------------------------------------------------------------

    @work(exclusive=True, group="events", exit_on_error=False)
    async def _read_events(self, session: DesktopSession) -> None:
        while session is self.desk.session:
            batch = await session.next_batch()
            if session is not self.desk.session:
                return  # a stale reader: the user signed out or in again meanwhile
            try:
                self.apply_events(batch)
            except Exception as error:  # never let one odd update stop the live view
                self.log.error("could not show events", error=error)
                self.notify(
                    f"An update could not be shown: {error}", severity="warning", markup=False
                )
            if len(batch) >= FLOOD_BATCH:
                await self._painted()
                await asyncio.sleep(FLOOD_PAUSE_S)

    async def _painted(self) -> None:
        """Wait (a moment at most) until the screen has painted what was just applied.

        Events that arrive meanwhile wait in the session's queue and are applied together
        next, so a flood cannot keep the loop busy re-rendering states nobody will see.
        """
        painted = asyncio.get_running_loop().create_future()
        self.call_after_refresh(lambda: painted.done() or painted.set_result(None))
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(FRAME_WAIT_S):
                await painted

    def apply_events(self, batch: list[DesktopEvent]) -> None:
        """Render one burst of events with one refresh."""
        from tui.domain.events import AgentLoggedOut, MultiLoginClosed
        from tui.screens.board import BoardScreen
        from tui.screens.status import StatusScreen

        with self.batch_update():
            for screen in self.screen_stack:
                own_status = isinstance(screen, StatusScreen) and screen.acting is None
                if own_status or isinstance(screen, BoardScreen):
                    screen.show_snapshot()
            for event in batch:
                if isinstance(event, MultiLoginClosed):
                    self._offer_continue_here()
                elif isinstance(event, AgentLoggedOut):
                    self._leave_status_screen(self._logged_out_sentence(event))

    @work(exclusive=True, group="acting-events", exit_on_error=False)
    async def _read_acting_events(self, session: DesktopSession) -> None:
        """The session of the agent a supervisor acts as: its screen, and its end."""
        while session is self.desk.acting:
            batch = await session.next_batch()
            if session is not self.desk.acting:
                return
            try:
                self.apply_acting_events(session, batch)
            except Exception as error:  # never let one odd update stop the live view
                self.log.error("could not show events", error=error)

    def apply_acting_events(self, session: DesktopSession, batch: list[DesktopEvent]) -> None:
        from tui.domain.events import AgentLoggedOut
        from tui.screens.status import StatusScreen

        with self.batch_update():
            for screen in self.screen_stack:
                if isinstance(screen, StatusScreen) and screen.acting is session:
                    screen.show_snapshot()
                    if screen.logging_out:
                        return  # our own logout says so itself
            ended = next((e for e in batch if isinstance(e, AgentLoggedOut)), None)
            if ended is not None:
                agent = session.snapshot.agent_name or session.snapshot.agent_id
                self.post_message(ActingEnded(_acting_ended_sentence(agent, ended)))

    def _offer_continue_here(self) -> None:
        from tui.screens.dialogs import MultiLoginNotice

        if not any(isinstance(s, MultiLoginNotice) for s in self.screen_stack):
            self.push_screen(
                MultiLoginNotice(keymap=self.desk.settings.keymap), self._continue_or_quit
            )

    def _continue_or_quit(self, continue_here: bool | None) -> None:
        if continue_here:
            self._continue_here()
        else:
            self.exit()

    @work(exclusive=True, group="continue-here")
    async def _continue_here(self) -> None:
        session = self.desk.session
        if session is None:
            return
        try:
            await session.continue_here()
        except DesktopError as error:
            self.notify(error.sentence, severity="error", markup=False)
            self._offer_continue_here()

    # -- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "commands", None)
        if callable(commands):
            yield from commands()
        yield from super().get_system_commands(screen)

    def _logged_out_sentence(self, event: AgentLoggedOut) -> str:
        from tui.screens.status import YOU_LOGGED_OUT, StatusScreen

        ours = any(isinstance(s, StatusScreen) and s.logging_out for s in self.screen_stack)
        return YOU_LOGGED_OUT if ours else _ended_elsewhere(event)


def _acting_ended_sentence(agent: str, event: AgentLoggedOut) -> str:
    sentence = f"{agent}'s station session ended"
    if event.by_name:
        sentence += f": {event.by_name} logged them out"
    return sentence + ", so you are no longer acting as them."


def _ended_elsewhere(event: AgentLoggedOut) -> str:
    sentence = "Your station session ended"
    if event.by_name:
        sentence += f": {event.by_name} logged you out"
    if event.reason:
        sentence += f" ({event.reason})"
    return sentence + "."


def settle_heap() -> None:
    """Hide what is alive once the live screen is up from the cyclic garbage collector.

    That is the desktop's lifetime heap (Textual, the screens, the wire models), and a full
    collection walks all of it: a flood of events triggers several, each stalling the loop for
    a tenth of a second on a busy machine. Frozen, it is never walked again; reference counting
    still frees what it can, and what comes later is collected as usual.
    """
    gc.freeze()
