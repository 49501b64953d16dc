"""The Textual app: moves between the screens and feeds them the session's live events.

The backend is injected (a session factory), so tests run this very app against a real
sandbox. One worker reads the session's event queue in bursts and renders each burst once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import tzinfo
from pathlib import Path

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import Input

from tui.backends.session import DesktopSession, wall_clock_ms
from tui.config import DEFAULT_THEME, DesktopSettings, Platform
from tui.desk import Desk, SessionFactory, open_platform_session
from tui.domain import AgentLoggedOut, DesktopEvent, DesktopProfile, MultiLoginClosed
from tui.domain.errors import DesktopError
from tui.keys import APP_COMMANDS, APP_QUIT, KEY_IDS
from tui.local_sandbox import LocalSandbox
from tui.screens.bindings import binding
from tui.screens.dialogs import MultiLoginNotice
from tui.screens.login import LoginScreen
from tui.screens.messages import SignedInto, SignOutRequested, StationEnded, StationReady
from tui.screens.session import SessionScreen
from tui.screens.status import YOU_LOGGED_OUT, StatusScreen

STYLESHEETS = ("app", "login", "session", "status", "idle_picker", "dialogs")


def styles_dir() -> Path:
    """`tui/styles` inside an installed wheel, else `styles/` at the root of the source tree."""
    packaged = Path(__file__).resolve().parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "styles"


def stylesheets() -> list[Path]:
    folder = styles_dir()
    return [folder / f"{name}.tcss" for name in STYLESHEETS]


class DesktopApp(App[None]):
    TITLE = "Agent Desktop"
    CSS_PATH = stylesheets()
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
        settings = settings or DesktopSettings()
        wants_built_in = settings.platform is Platform.SANDBOX and not settings.server_url
        if local_sandbox is None and wants_built_in:
            local_sandbox = LocalSandbox(traffic=settings.traffic)
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

    # -- start and stop -------------------------------------------------------------------------

    def on_mount(self) -> None:
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
        unknown = sorted(set(settings.keymap) - KEY_IDS)
        if unknown:
            self.notify(f"The keymap names unknown key ids: {', '.join(unknown)}.", markup=False)
        self.set_keymap(settings.keymap)
        sandbox = self.desk.local_sandbox
        if sandbox is not None:
            # After the first paint, so the login screen never waits for the server.
            self.call_after_refresh(sandbox.start_in_background)

    async def on_unmount(self) -> None:
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
        self.profile = message.signed_in.profile
        self.where = message.where
        session = self.desk.session
        if session is not None:
            self._read_events(session)
        self.switch_screen(
            SessionScreen(
                self.desk, message.signed_in.profile, message.signed_in.existing, where=self.where
            )
        )

    @on(StationReady)
    def _station_ready(self) -> None:
        if self.profile is not None:
            self.switch_screen(StatusScreen(self.desk, self.profile, where=self.where))

    @on(StationEnded)
    def _station_ended(self, message: StationEnded) -> None:
        self._leave_status_screen(message.sentence)

    def _leave_status_screen(self, sentence: str) -> None:
        if self.profile is None or not any(isinstance(s, StatusScreen) for s in self.screen_stack):
            return  # already left (our own logout and its event both arrive)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StatusScreen):
            self.pop_screen()
        self.switch_screen(
            SessionScreen(self.desk, self.profile, None, where=self.where, notice=sentence)
        )

    @on(SignOutRequested)
    async def _sign_out(self) -> None:
        self.workers.cancel_group(self, "events")
        await self.desk.sign_out()
        self.profile = None
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

    def apply_events(self, batch: list[DesktopEvent]) -> None:
        """Render one burst of events with one refresh."""
        with self.batch_update():
            for screen in self.screen_stack:
                if isinstance(screen, StatusScreen):
                    screen.show_snapshot()
            for event in batch:
                if isinstance(event, MultiLoginClosed):
                    self._offer_continue_here()
                elif isinstance(event, AgentLoggedOut):
                    self._leave_status_screen(self._logged_out_sentence(event))

    def _offer_continue_here(self) -> None:
        if not any(isinstance(s, MultiLoginNotice) for s in self.screen_stack):
            self.push_screen(MultiLoginNotice(), self._continue_or_quit)

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
        ours = any(isinstance(s, StatusScreen) and s.logging_out for s in self.screen_stack)
        return YOU_LOGGED_OUT if ours else _ended_elsewhere(event)


def _ended_elsewhere(event: AgentLoggedOut) -> str:
    sentence = "Your station session ended"
    if event.by_name:
        sentence += f": {event.by_name} logged you out"
    if event.reason:
        sentence += f" ({event.reason})"
    return sentence + "."
