"""The sign-in dialog: opens over the status screen when the platform no longer accepts the
sign-in and it could not be renewed. Signing in here continues the same station session and
event stream (`Desk.sign_in_again`); nothing is started again."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.config import Platform
from tui.desk.desk import Desk
from tui.desk.methods import FLOW_METHODS, SignInMethod, Typed, methods_for
from tui.domain.errors import DesktopError
from tui.screens.styles import DESK_SHEETS
from tui.widgets.field_error import FieldError

EXPLAIN = (
    "The platform no longer accepts your sign-in and it could not be renewed. Sign in again "
    "to carry on: your station session and its contacts are kept."
)


class SignInDialog(ModalScreen[bool]):
    """Sign in again, as the same agent, by any method the platform offers."""

    CSS_PATH = DESK_SHEETS

    def __init__(self, desk: Desk, platform: Platform, base_url: str, user: str = "") -> None:
        super().__init__(id="sign-in-dialog")
        self.desk = desk
        self.platform = platform
        self.base_url = base_url
        self.user = user
        self.methods = methods_for(platform)
        configured = desk.settings.sign_in
        chosen = SignInMethod(configured) if configured else self.methods[0]
        self.method = chosen if chosen in self.methods else self.methods[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Signed out"
            yield Static(Text(EXPLAIN), markup=False)
            with RadioSet(id="dialog-method", compact=True, classes="horizontal"):
                for method in self.methods:
                    yield RadioButton(method.label, value=method is self.method)
            with Vertical(id="dialog-password"):
                with Horizontal(classes="form-row"):
                    yield Label("User", classes="field-label")
                    yield Input(self.user, id="dialog-user", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label("Password", classes="field-label")
                    yield Input(id="dialog-pass", password=True, compact=True)
            with Horizontal(classes="form-row", id="dialog-token-row"):
                yield Label("Token", classes="field-label")
                yield Input(id="dialog-token", password=True, compact=True)
            with Vertical(id="dialog-key"):
                with Horizontal(classes="form-row"):
                    yield Label("Key id", classes="field-label")
                    yield Input(id="dialog-key-id", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label("Secret", classes="field-label")
                    yield Input(id="dialog-key-secret", password=True, compact=True)
            yield Static("", id="dialog-note", markup=False)
            yield FieldError(id="dialog-error")
            with Horizontal(classes="button-row"):
                yield Button("Sign in", id="dialog-sign-in", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show_method()

    @on(RadioSet.Changed, "#dialog-method")
    def _chosen(self, event: RadioSet.Changed) -> None:
        self.method = self.methods[event.index]
        self.workers.cancel_group(self, "sign-in-again")
        self._show_method()

    def _show_method(self) -> None:
        method = self.method
        self.query_one("#dialog-password").display = method is SignInMethod.PASSWORD
        self.query_one("#dialog-token-row").display = method is SignInMethod.TOKEN
        self.query_one("#dialog-key").display = method is SignInMethod.ACCESS_KEY
        self._say("")
        self.query_one("#dialog-error", FieldError).clear()
        first = {
            SignInMethod.PASSWORD: "#dialog-pass",
            SignInMethod.TOKEN: "#dialog-token",
            SignInMethod.ACCESS_KEY: "#dialog-key-id",
        }.get(method)
        if first:
            self.query_one(first, Input).focus()
        else:
            self.query_one("#dialog-sign-in", Button).focus()

    def _say(self, words: str) -> None:
        note = self.query_one("#dialog-note", Static)
        note.update(Text(words))
        note.display = bool(words)

    def _typed(self) -> Typed:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value

        return Typed(
            user=value("#dialog-user").strip(),
            password=value("#dialog-pass"),
            token=value("#dialog-token").strip(),
            key_id=value("#dialog-key-id").strip(),
            key_secret=value("#dialog-key-secret"),
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#dialog-sign-in")
    def sign_in(self) -> None:
        self.query_one("#dialog-error", FieldError).clear()
        self._sign_in(self.method, self._typed())

    @work(exclusive=True, group="sign-in-again")
    async def _sign_in(self, method: SignInMethod, typed: Typed) -> None:
        self.query_one("#dialog-sign-in", Button).disabled = True
        if method not in FLOW_METHODS:
            self._say("Signing in…")
        from tui.desk.signing import credentials_for  # the flows: only when signing in

        try:
            credentials = await credentials_for(
                method, self.platform, self.base_url, self.desk.settings, typed, self._say
            )
            await self.desk.sign_in_again(credentials)
        except DesktopError as error:
            self._say("")
            self.query_one("#dialog-error", FieldError).say(error.sentence)
            return
        finally:
            self.query_one("#dialog-sign-in", Button).disabled = False
        self.dismiss(True)
