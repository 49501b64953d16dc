"""The session screen: start a station session, join (or sign out) the one that exists, or join
one by its id; supervisors may also name an agent to act as.

Joining by id ends in one of Join Agent Session's outcomes, each said in its own plain sentence
under the field it is about, and the form stays as it was so the user can correct it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from tui.backends.session import ExistingSession, StationLogin
from tui.desk.desk import Desk
from tui.domain import DesktopProfile, LoginOption, elapsed_seconds, format_duration
from tui.domain.errors import AlreadyLoggedIn, DesktopError, NoSuchSession
from tui.domain.profile import normalise_dial_number
from tui.keys import SESSION_BACK, SESSION_BOARD, SESSION_BY_ID, SESSION_END, SESSION_JOIN
from tui.screens.bindings import binding
from tui.screens.messages import ActingStarted, BoardWanted, SignOutRequested, StationReady
from tui.screens.styles import DESK_SHEETS
from tui.widgets.field_error import FieldError
from tui.widgets.footer import DesktopFooter
from tui.widgets.title_bar import TitleBar

FIELDS = (
    "team",
    "login-option",
    "dial-number",
    "start",
    "existing",
    "session-id",
    "agent",
    "by-id",
)
NO_TERMINAL_OPTION = (
    "Your profile only allows Desktop voice, which a terminal cannot offer. "
    "Ask your administrator for Dial Number or Extension."
)


class SessionScreen(Screen[None]):
    CSS_PATH = DESK_SHEETS
    BINDINGS = [
        binding(SESSION_JOIN),
        binding(SESSION_END),
        binding(SESSION_BY_ID),
        binding(SESSION_BOARD),
        binding(SESSION_BACK),
    ]
    AUTO_FOCUS = None

    def __init__(
        self,
        desk: Desk,
        profile: DesktopProfile,
        existing: ExistingSession | None,
        *,
        where: str = "",
        notice: str = "",
    ) -> None:
        super().__init__(id="session")
        self.desk = desk
        self.profile = profile
        self.existing = existing
        self.where = where
        self.notice = notice
        options = profile.terminal_login_options
        self.option: LoginOption | None = options[0] if options else None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        profile = self.profile
        yield TitleBar(self.where)
        # The panels scroll under the title and above the footer, which keep the full width.
        body = VerticalScroll(id="session-body")
        body.can_focus = False  # Tab goes from field to field; the panels follow the focus
        with body:
            yield Static(Text(self.notice), id="notice", markup=False)
            with Vertical(id="existing-box") as existing:
                existing.border_title = "You already have a station session"
                yield Static("", id="existing-details", markup=False)
                with Horizontal(classes="button-row"):
                    yield Button("Join it", id="join", variant="primary", compact=True)
                    yield Button("Sign it out", id="end-existing", variant="warning", compact=True)
                yield FieldError(id="existing-error")
            with Vertical(id="start-box") as start:
                start.border_title = "Start a station session"
                with Horizontal(classes="form-row"):
                    yield Label("Team", classes="field-label")
                    yield Select(
                        [(team.name, team.id) for team in profile.teams],
                        value=self._default_team(),
                        allow_blank=not profile.teams,
                        id="team",
                        compact=True,
                    )
                yield FieldError(id="team-error")
                with Horizontal(classes="form-row"):
                    yield Label("Voice", classes="field-label")
                    with RadioSet(id="login-option", compact=True, classes="horizontal"):
                        for option in profile.terminal_login_options:
                            yield RadioButton(
                                option.label,
                                value=option is self.option,
                                id=f"option-{option.value}",
                            )
                yield FieldError(id="login-option-error")
                with Horizontal(classes="form-row"):
                    yield Label("Number", id="dial-number-label", classes="field-label")
                    yield Input(self._default_number(self.option), id="dial-number", compact=True)
                yield FieldError(id="dial-number-error")
                with Horizontal(classes="button-row"):
                    yield Button("Start session", id="start", variant="primary", compact=True)
                yield FieldError(id="start-error")
            with Vertical(id="by-id-box") as by_id:
                by_id.border_title = "Join a session by its id"
                with Horizontal(classes="form-row"):
                    yield Label("Session id", classes="field-label")
                    yield Input(id="session-id", compact=True, placeholder="the session's id")
                    yield Button("Join", id="join-by-id", compact=True)
                yield FieldError(id="session-id-error")
                with Horizontal(classes="form-row", id="agent-row"):
                    yield Label("Act as", classes="field-label")
                    yield Input(
                        id="agent", compact=True, placeholder="agent id (empty: the session's own)"
                    )
                yield FieldError(id="agent-error")
                yield FieldError(id="by-id-error")
            yield Static("", id="progress", markup=False)
        yield DesktopFooter()

    def on_mount(self) -> None:
        self.query_one("#notice").display = bool(self.notice)
        self.query_one("#agent-row").display = self._may_act_as
        self._show_mode()
        self.set_interval(1.0, self._tick)

    def _default_team(self) -> str | object:
        teams = self.profile.teams
        if not teams:
            return Select.NULL
        default = self.profile.default_team_id
        return default if self.profile.team(default) else teams[0].id

    def _default_number(self, option: LoginOption | None) -> str:
        if option is LoginOption.EXTENSION:
            return self.profile.default_extension
        return self.profile.default_dial_number

    def _show_mode(self) -> None:
        """The join panel when a session exists, otherwise the start form."""
        joining = self.existing is not None
        self.query_one("#existing-box").display = joining
        self.query_one("#start-box").display = not joining
        if joining:
            self._tick()
            self.query_one("#join", Button).focus()
        elif self.option is None:
            self._error_for("login-option").say(NO_TERMINAL_OPTION)
            self.query_one("#start", Button).disabled = True
        else:
            self._label_number_field()
            self._check_number()
            self.query_one("#dial-number", Input).focus()
        self.refresh_bindings()

    def _tick(self) -> None:
        existing = self.existing
        if existing is None:
            return
        device = existing.login_option.label if existing.login_option else "—"
        if existing.dial_number:
            device += f" {existing.dial_number}"
        running = format_duration(elapsed_seconds(existing.started_at, self.desk.now_ms()))
        rows = (
            ("Session", existing.session_id),
            ("Team", existing.team_name or "—"),
            ("Device", device),
            ("Running", running if existing.started_at else "—"),
            ("State", f"{existing.availability.symbol} {existing.availability.word}"),
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, (label, value) in enumerate(rows):
            if number:
                text.append("\n")
            text.append(f"{label:<9}", style="dim")
            text.append(value)
        self.query_one("#existing-details", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (SESSION_JOIN.action, SESSION_END.action):
            return self.existing is not None
        if action == SESSION_BOARD.action:
            return self.profile.is_supervisor
        if action == SESSION_BACK.action:
            return not self.profile.is_supervisor
        return True

    # -- the start form ---------------------------------------------------------------------

    @on(RadioSet.Changed, "#login-option")
    def _option_chosen(self, event: RadioSet.Changed) -> None:
        previous = self.option
        self.option = self.profile.terminal_login_options[event.index]
        number = self.query_one("#dial-number", Input)
        if number.value.strip() in ("", self._default_number(previous)):
            number.value = self._default_number(self.option)
        self._label_number_field()
        self._check_number()

    def _label_number_field(self) -> None:
        words = "Extension" if self.option is LoginOption.EXTENSION else "Dial number"
        self.query_one("#dial-number-label", Label).update(words)

    @on(Input.Changed, "#dial-number")
    def _number_typed(self) -> None:
        self._error_for("start").clear()
        self._check_number()

    @on(Select.Changed, "#team")
    def _team_chosen(self) -> None:
        self._error_for("team").clear()

    def _check_number(self) -> str | None:
        """Validate the number against the dial plan as it is typed; the sentence, or None."""
        if self.option is None:
            return NO_TERMINAL_OPTION
        typed = self.query_one("#dial-number", Input).value.strip()
        problem = self.profile.dial_plan.problem_with(typed, self.option)
        dialled = normalise_dial_number(typed)
        if problem is None and dialled != typed:
            self._error_for("dial-number").say(f"Dials {dialled}.", hint=True)
        else:
            self._error_for("dial-number").say(problem or "")
        return problem

    @on(Input.Submitted, "#dial-number")
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        team = self.query_one("#team", Select).value
        if not isinstance(team, str):
            self._error_for("team").say("Choose a team.")
            return
        if self._check_number() is not None or self.option is None:
            self.query_one("#dial-number", Input).focus()
            return
        number = normalise_dial_number(self.query_one("#dial-number", Input).value)
        self._start(StationLogin(team, self.option, number))

    @work(exclusive=True, group="station")
    async def _start(self, login: StationLogin) -> None:
        session = self.desk.session
        if session is None:
            return
        self._busy(True, "Starting your station session…")
        try:
            await session.start_station_session(login)
        except AlreadyLoggedIn as error:
            self._busy(False)
            await self._look_for_existing(error.sentence)
            return
        except DesktopError as error:
            self._busy(False)
            self._show_error(error, "start")
            return
        self._busy(False)
        self.post_message(StationReady())

    # -- the existing session ---------------------------------------------------------------

    @on(Button.Pressed, "#join")
    def action_join(self) -> None:
        if self.existing is not None:
            self._join(self.existing.session_id)

    @work(exclusive=True, group="station")
    async def _join(self, session_id: str) -> None:
        session = self.desk.session
        if session is None:
            return
        self._busy(True, "Joining…")
        try:
            await session.join_session(session_id)
        except NoSuchSession as error:
            self._busy(False)
            await self._look_for_existing(error.sentence)
            return
        except DesktopError as error:
            self._busy(False)
            self._error_for("existing").say(error.sentence)
            return
        self._busy(False)
        self.post_message(StationReady())

    @on(Button.Pressed, "#end-existing")
    def action_end_existing(self) -> None:
        if self.existing is not None:
            self._end_existing()

    @work(exclusive=True, group="station")
    async def _end_existing(self) -> None:
        session = self.desk.session
        if session is None:
            return
        self._busy(True, "Signing the existing session out…")
        try:
            await session.log_out("Signed out from the terminal desktop before a new login")
        except DesktopError as error:
            self._busy(False)
            self._error_for("existing").say(error.sentence)
            return
        self._busy(False)
        await self._look_for_existing("The existing session was signed out.")

    async def _look_for_existing(self, notice: str) -> None:
        """Ask the platform again which session exists, then show the matching panel."""
        session = self.desk.session
        if session is None:
            return
        try:
            self.existing = await session.find_existing_session()
        except DesktopError as error:
            notice = error.sentence
        self.say(notice)
        self._show_mode()

    # -- joining by id -----------------------------------------------------------------------

    @property
    def _may_act_as(self) -> bool:
        """The Act as field: for supervisors, on a platform that lets them act as an agent."""
        return self.profile.is_supervisor and self.desk.capabilities.act_as_agent

    def action_join_by_id(self) -> None:
        self.set_focus(self.query_one("#session-id", Input))  # before any key typed after it

    @on(Input.Changed, "#session-id")
    @on(Input.Changed, "#agent")
    def _by_id_typed(self, event: Input.Changed) -> None:
        self._error_for(event.input.id or "session-id").clear()
        self._error_for("by-id").clear()

    @on(Input.Submitted, "#session-id")
    @on(Input.Submitted, "#agent")
    @on(Button.Pressed, "#join-by-id")
    def join_by_id(self) -> None:
        """Join the session whose id is typed (as the typed agent, when there is one)."""
        session_id = self.query_one("#session-id", Input).value.strip()
        agent = self.query_one("#agent", Input).value.strip() if self._may_act_as else ""
        for field in ("session-id", "agent", "by-id"):
            self._error_for(field).clear()
        if not session_id and not agent:
            self._error_for("session-id").say("Enter the id of the session to join.")
            self.query_one("#session-id", Input).focus()
            return
        self._join_by_id(session_id, agent)

    @work(exclusive=True, group="station")
    async def _join_by_id(self, session_id: str, agent: str) -> None:
        self._busy(True, "Joining…")
        try:
            acting = await self.desk.join_by_id(session_id, agent)
        except DesktopError as error:
            self._busy(False)
            self._show_error(error, "by-id")
            return
        self._busy(False)
        self.post_message(ActingStarted() if acting else StationReady())

    def action_board(self) -> None:
        if self._cleared_join_by_id():
            return
        self.workers.cancel_group(self, "station")
        self.post_message(BoardWanted())

    def action_back(self) -> None:
        if self._cleared_join_by_id():
            return
        self.workers.cancel_group(self, "station")
        self.post_message(SignOutRequested())

    def _cleared_join_by_id(self) -> bool:
        """Esc first clears a half-typed join by id; only an empty form lets it leave."""
        fields = [self.query_one("#session-id", Input), self.query_one("#agent", Input)]
        if not any(field.value for field in fields):
            return False
        for field in fields:
            field.value = ""
        for name in ("session-id", "agent", "by-id"):
            self._error_for(name).clear()
        self.set_focus(None)
        return True

    def commands(self) -> Iterable[SystemCommand]:
        """This screen's commands for the command palette."""
        if self.existing is not None:
            yield SystemCommand(
                "Join it", "Join the station session you already have", self.action_join
            )
            yield SystemCommand(
                "Sign it out", "End the existing station session", self.action_end_existing
            )
        elif self.option is not None:
            yield SystemCommand(
                "Start session", "Start a station session with this form", self.start
            )
        yield SystemCommand(
            "Join by session id", "Type the id of a session to join", self.action_join_by_id
        )
        if self.profile.is_supervisor:
            yield SystemCommand("Board", "Back to the supervisor board", self.action_board)
        yield SystemCommand("Sign out", "Back to the sign-in screen", self.action_back)

    # -- showing -----------------------------------------------------------------------------

    def say(self, notice: str) -> None:
        self.notice = notice
        widget = self.query_one("#notice", Static)
        widget.update(Text(notice))
        widget.display = bool(notice)

    def _busy(self, busy: bool, words: str = "") -> None:
        for button in self.query(Button):
            button.disabled = busy or (button.id == "start" and self.option is None)
        self.query_one("#progress", Static).update(Text(words if busy else ""))

    def _show_error(self, error: DesktopError, fallback: str) -> None:
        field = (error.field or fallback).replace("_", "-")
        if field not in FIELDS:
            field = fallback
        if field == "agent" and not self.profile.is_supervisor:
            field = "session-id"  # an agent typed the id of another agent's session
        self._error_for(field).say(error.sentence)
        if field in ("dial-number", "session-id", "agent"):
            self.query_one(f"#{field}", Input).focus()

    def _error_for(self, field: str) -> FieldError:
        return self.query_one(f"#{field}-error", FieldError)
