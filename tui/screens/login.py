"""The login screen: choose the platform and the server, then sign in."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.backends.credentials import Credentials, PasswordSignIn, TokenSignIn
from tui.config import TOKEN_ENV, Platform, token_from_env
from tui.desk.desk import Desk
from tui.desk.local_sandbox import SandboxState
from tui.desk.methods import FLOW_METHODS, SignInMethod, Typed, methods_for
from tui.domain.errors import DesktopError
from tui.screens.messages import SignedInto
from tui.widgets.field_error import FieldError
from tui.widgets.footer import DesktopFooter
from tui.widgets.title_bar import TitleBar

PLATFORM_ORDER = (Platform.SANDBOX, Platform.WEBEX, Platform.CXONE)
PLATFORM_LABELS = {
    Platform.SANDBOX: "Sandbox",
    Platform.WEBEX: "Webex",
    Platform.CXONE: "CXone",
}
SERVER_HINTS = {
    Platform.SANDBOX: "empty: the built-in sandbox",
    Platform.WEBEX: "https://api.wxcc-us1.cisco.com",
    Platform.CXONE: "empty: the built-in sandbox, or your CXone API address",
}
TOKEN_HINTS = {
    Platform.SANDBOX: "",
    Platform.WEBEX: f"Or set {TOKEN_ENV}; the token is kept in memory only.",
    Platform.CXONE: "Optional: used instead of the password; kept in memory only.",
}
# Platforms that sign in with a user name and password (the sandbox's password grant, which is
# also CXone's legacy one); on CXone a bearer token, when given, is used instead.
PASSWORD_PLATFORMS = (Platform.SANDBOX, Platform.CXONE)
FIELDS = ("platform", "server", "user", "password", "token", "key-id", "key-secret", "form")
ALL_METHODS = tuple(SignInMethod)
FLOW_HINTS = {
    SignInMethod.BROWSER: "Sign in opens a browser (or shows the address to open) to sign in.",
    SignInMethod.DEVICE: "Sign in shows a code to enter on any other device with a browser.",
}


class LoginScreen(Screen[None]):
    AUTO_FOCUS = ""
    """Nothing: `on_mount` focuses the first field the form needs. (None would mean the app's
    "*", which focused the platform choice first and then moved away from it, styling its
    buttons twice more at every start.)"""

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="login")
        self.desk = desk
        self.platform = desk.settings.platform
        self.method = self._default_method()
        self._attempt = 0
        self._resumed = False

    def _default_method(self) -> SignInMethod:
        """The configured method where this platform offers it; else the password where it
        has one, else a pasted token (as before any flow existed)."""
        offered = methods_for(self.platform)
        configured = self.desk.settings.sign_in
        if configured and SignInMethod(configured) in offered:
            return SignInMethod(configured)
        if SignInMethod.PASSWORD in offered:
            return SignInMethod.PASSWORD
        return SignInMethod.TOKEN

    def compose(self) -> ComposeResult:
        settings = self.desk.settings
        yield TitleBar("Sign in", show_connection=False)
        with Vertical(id="login-box") as box:
            box.border_title = "Sign in"
            with Horizontal(classes="form-row"):
                yield Label("Platform", classes="field-label")
                with RadioSet(id="platform", compact=True, classes="horizontal"):
                    for platform in PLATFORM_ORDER:
                        yield RadioButton(
                            PLATFORM_LABELS[platform],
                            value=platform is self.platform,
                            id=f"platform-{platform.value}",
                        )
            yield FieldError(id="platform-error")
            with Horizontal(classes="form-row"):
                yield Label("Server", classes="field-label")
                yield Input(settings.server_url, id="server", compact=True)
            yield FieldError(id="server-error")
            with Horizontal(classes="form-row", id="method-row"):
                yield Label("Sign in", classes="field-label")
                with RadioSet(id="method", compact=True, classes="horizontal"):
                    for method in ALL_METHODS:
                        yield RadioButton(
                            method.label, value=method is self.method, id=f"method-{method.value}"
                        )
            yield from self._field_groups()
            yield Static("", id="flow-note", classes="hint", markup=False)
            with Horizontal(id="sign-in-row"):
                yield Button("Sign in", id="sign-in", variant="primary", compact=True)
                yield Static("", id="progress", markup=False)
            yield FieldError(id="form-error")
            yield Static("", id="sandbox-status", markup=False)
        yield DesktopFooter()

    # -- the field groups: only those the chosen platform and method use are built --------

    def _groups_shown(self) -> dict[str, bool]:
        """Which groups of fields the current platform and method show, in screen order."""
        platform, method = self.platform, self.method
        return {
            "password-fields": platform in PASSWORD_PLATFORMS and method is SignInMethod.PASSWORD,
            "token-fields": method is SignInMethod.TOKEN
            or (method is SignInMethod.PASSWORD and self._offers_token()),
            "key-fields": method is SignInMethod.ACCESS_KEY,
        }

    def _field_groups(self) -> Iterable[Vertical]:
        """The groups shown at first. Each widget costs the start about a millisecond, so the
        others are built the first time they are shown (and then kept, with what was typed)."""
        for group, shown in self._groups_shown().items():
            if shown:
                yield self._build_group(group)

    def _build_group(self, group: str) -> Vertical:
        settings = self.desk.settings
        if group == "password-fields":
            return Vertical(
                _row("User", Input(settings.user, id="user", compact=True)),
                FieldError(id="user-error"),
                _row(
                    "Password",
                    Input(
                        _demo_password(settings.user), id="password", password=True, compact=True
                    ),
                ),
                FieldError(id="password-error"),
                id=group,
            )
        if group == "token-fields":
            token = Input(
                token_from_env(),
                id="token",
                password=True,
                compact=True,
                placeholder="bearer token",
            )
            hint = Static(Text(TOKEN_HINTS[self.platform]), id="token-hint", classes="hint")
            return Vertical(_row("Token", token), hint, FieldError(id="token-error"), id=group)
        return Vertical(
            _row("Key id", Input(id="key-id", compact=True, placeholder="access key id")),
            FieldError(id="key-id-error"),
            _row("Secret", Input(id="key-secret", password=True, compact=True)),
            FieldError(id="key-secret-error"),
            id=group,
        )

    def _show_groups(self) -> None:
        """Show the groups in use, building any not built yet in its place; hide the rest."""
        shown = self._groups_shown()
        order = list(shown)
        for group, wanted in shown.items():
            built = self.query(f"#{group}")
            if built:
                built.first().display = wanted
                continue
            if not wanted:
                continue
            later = [g for g in order[order.index(group) + 1 :] if self.query(f"#{g}")]
            before = self.query_one(f"#{later[0]}") if later else self.query_one("#flow-note")
            self.query_one("#login-box").mount(self._build_group(group), before=before)

    def _value_of(self, field: str, absent: str = "") -> str:
        """What is in the input `field`; `absent` when it is not built (yet)."""
        for box in self.query(f"#{field}").results(Input):
            return box.value
        return absent

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, Textual would style every widget a second time, just after mounting
        them styled: a sixth of the start-up. Runs before Screen's own handler (the MRO)."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self._show_platform()
        self._focus_first_field()
        self.watch_sandbox()

    # -- the form -------------------------------------------------------------------------

    @on(RadioSet.Changed, "#platform")
    def _platform_chosen(self, event: RadioSet.Changed) -> None:
        self.platform = PLATFORM_ORDER[event.index]
        if self.method not in methods_for(self.platform):
            self.method = self._default_method()
            self.query_one(f"#method-{self.method.value}", RadioButton).value = True
        self._attempt += 1  # a sign-in under way for the old choice no longer counts
        self.workers.cancel_group(self, "sign-in")
        self._busy(False)
        self._clear_errors()
        self._show_platform()

    @on(RadioSet.Changed, "#method")
    def _method_chosen(self, event: RadioSet.Changed) -> None:
        self.method = ALL_METHODS[event.index]
        self._attempt += 1
        self.workers.cancel_group(self, "sign-in")
        self._busy(False)
        self._clear_errors()
        self._show_platform()

    def _show_platform(self) -> None:
        platform = self.platform
        offered = methods_for(platform)
        for method in ALL_METHODS:
            self.query_one(f"#method-{method.value}", RadioButton).display = method in offered
        self._show_groups()
        self._note(FLOW_HINTS.get(self.method, ""))
        for hint in self.query("#token-hint").results(Static):
            hint.update(Text(TOKEN_HINTS[platform]))
        self.query_one("#server", Input).placeholder = SERVER_HINTS[platform]
        self._show_sandbox_state()

    def _offers_token(self) -> bool:
        """Webex always; CXone when the address is not the built-in sandbox's."""
        if self.platform is Platform.CXONE:
            # While composing, before the input exists: the configured address.
            return bool(self._value_of("server", self.desk.settings.server_url).strip())
        return self.platform is Platform.WEBEX

    def _focus_first_field(self) -> None:
        if self.method is SignInMethod.ACCESS_KEY:
            self._focus("#key-id")
        elif self.method in FLOW_METHODS:
            self.query_one("#sign-in", Button).focus()
        elif self.platform in PASSWORD_PLATFORMS and self.method is SignInMethod.PASSWORD:
            self._focus("#user")
        elif self.platform is Platform.WEBEX:
            self._focus("#token" if self._value_of("server") else "#server")
        else:
            self.query_one("#platform", RadioSet).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#sign-in")
    def _submit(self) -> None:
        self.sign_in()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._error_for(event.input.id).clear()
        self._error_for("form").clear()
        if event.input.id == "server":
            self._show_platform()  # a typed address replaces the built-in sandbox

    # -- signing in -------------------------------------------------------------------------

    def _note(self, words: str) -> None:
        note = self.query_one("#flow-note", Static)
        note.update(Text(words))
        note.display = bool(words)

    def _typed_for_flow(self) -> Typed | None:
        """An access key's fields (the browser and device flows take nothing typed)."""
        if self.method is not SignInMethod.ACCESS_KEY:
            return Typed()
        key_id = self._value_of("key-id").strip()
        secret = self._value_of("key-secret")
        if not key_id:
            self._error_for("key-id").say("Enter the access key id.")
            return None
        if not secret:
            self._error_for("key-secret").say("Enter the access key's secret.")
            return None
        return Typed(key_id=key_id, key_secret=secret)

    def credentials(self) -> Credentials | None:
        """The credentials in the form, or None after saying what is missing."""
        token = self._value_of("token").strip()
        if self.method is SignInMethod.TOKEN:
            if not token:
                self._error_for("token").say(f"Paste a bearer token, or set {TOKEN_ENV}.")
                return None
            return TokenSignIn(token)
        if self.platform is Platform.CXONE and token and self._offers_token():
            return TokenSignIn(token)
        if self.platform in PASSWORD_PLATFORMS:
            user = self._value_of("user").strip()
            password = self._value_of("password")
            if not user:
                self._error_for("user").say("Enter your user name.")
                return None
            if not password:
                self._error_for("password").say("Enter your password.")
                return None
            return PasswordSignIn(user, password)
        if not token:
            self._error_for("token").say(f"Paste a bearer token, or set {TOKEN_ENV}.")
            return None
        return TokenSignIn(token)

    def sign_in(self) -> None:
        self._clear_errors()
        if self.method in FLOW_METHODS:
            typed = self._typed_for_flow()
            if typed is not None:
                self._attempt += 1
                server = self.query_one("#server", Input).value
                self._sign_in_flow(self._attempt, self.platform, server, self.method, typed)
            return
        credentials = self.credentials()
        if credentials is None:
            return
        self._attempt += 1
        server = self.query_one("#server", Input).value
        self._sign_in(self._attempt, self.platform, server, credentials)

    @work(exclusive=True, group="sign-in")
    async def _sign_in(
        self, attempt: int, platform: Platform, server: str, credentials: Credentials
    ) -> None:
        waiting = self.desk.uses_local_sandbox(platform, server.strip())
        if waiting and self.desk.local_sandbox.state is SandboxState.STARTING:
            self._busy(True, "Waiting for the built-in sandbox…")
        else:
            self._busy(True, "Signing in…")
        try:
            signed_in = await self.desk.sign_in(platform, server, credentials)
        except DesktopError as error:
            if attempt == self._attempt:
                self._busy(False)
                self._show_error(error)
            return
        if attempt != self._attempt:  # the form changed while we waited: drop this result
            await self.desk.sign_out()
            return
        self._busy(False)
        if signed_in.note:
            self.app.notify(signed_in.note, title="Sign-in not kept", timeout=10)
        who = signed_in.profile.agent_name or signed_in.profile.agent_id
        self.post_message(SignedInto(signed_in, f"{who} on {platform.label}"))

    @work(exclusive=True, group="sign-in")
    async def _sign_in_flow(
        self, attempt: int, platform: Platform, server: str, method: SignInMethod, typed: Typed
    ) -> None:
        """A browser, device or access-key sign-in: the flow first (or the kept sign-in)."""
        self._busy(True, "Signing in…")
        from tui.desk.signing import credentials_for  # the flows: only when signing in

        try:
            base_url = await self.desk.server_for(platform, server)
            credentials = await credentials_for(
                method, platform, base_url, self.desk.settings, typed, self._note
            )
        except DesktopError as error:
            if attempt == self._attempt:
                self._busy(False)
                self._show_error(error)
            return
        if attempt == self._attempt:
            self._sign_in(attempt, platform, server, credentials)

    def _busy(self, busy: bool, words: str = "") -> None:
        self.query_one("#sign-in", Button).disabled = busy
        self.query_one("#progress", Static).update(Text(words if busy else ""))

    def _show_error(self, error: DesktopError) -> None:
        field = error.field
        if field is None or field not in FIELDS:
            field = "token" if self.platform is Platform.WEBEX else "form"
        if field in ("user", "password") and self.method is not SignInMethod.PASSWORD:
            field = "key-secret" if self.method is SignInMethod.ACCESS_KEY else "form"
        if field == "token" and self.method is not SignInMethod.TOKEN:
            field = "form"
        self._error_for(field).say(error.sentence)
        target = {
            "server": "#server",
            "user": "#user",
            "password": "#password",
            "token": "#token",
            "key-secret": "#key-secret",
        }
        if field in target:
            self._focus(target[field])

    def _focus(self, selector: str) -> None:
        for box in self.query(selector).results(Input):
            box.focus()

    def _error_for(self, field: str) -> FieldError:
        """The line under `field`; the form's own when the field's group is not built."""
        for line in self.query(f"#{field}-error").results(FieldError):
            return line
        return self.query_one("#form-error", FieldError)

    def _clear_errors(self) -> None:
        for line in self.query(FieldError):
            line.clear()

    def commands(self) -> Iterable[SystemCommand]:
        """This screen's commands for the command palette."""
        yield SystemCommand("Sign in", "Sign in with the details in the form", self.sign_in)
        for index, platform in enumerate(PLATFORM_ORDER):
            yield SystemCommand(
                f"Platform: {platform.label}",
                f"Sign in to {PLATFORM_LABELS[platform]}",
                lambda index=index: self._choose_platform(index),
            )

    def _choose_platform(self, index: int) -> None:
        self.query_one(f"#platform-{PLATFORM_ORDER[index].value}", RadioButton).value = True

    # -- the built-in sandbox ---------------------------------------------------------------

    @work(group="sandbox-status")
    async def watch_sandbox(self) -> None:
        sandbox = self.desk.local_sandbox
        if sandbox is None:
            return
        self._show_sandbox_state()
        with contextlib.suppress(DesktopError):  # the status line says what went wrong
            await sandbox.wait_url(timeout=300, start=False)  # the app starts it after painting
        self._show_sandbox_state()

    def _show_sandbox_state(self) -> None:
        status = self.query_one("#sandbox-status", Static)
        sandbox = self.desk.local_sandbox
        server = self.query_one("#server", Input).value.strip()
        status.display = sandbox is not None and self.platform in PASSWORD_PLATFORMS and not server
        if sandbox is None:
            return
        words = {
            SandboxState.STARTING: "Built-in sandbox: starting…",
            SandboxState.READY: "Built-in sandbox: ready. Access keys key-agent1…key-agent10, "
            "secret secret-agent1…"
            if self.method is SignInMethod.ACCESS_KEY
            else "Built-in sandbox: ready. Demo users agent1…agent10, password = user name.",
            SandboxState.FAILED: sandbox.problem,
        }[sandbox.state]
        status.update(Text(words))


def _row(label: str, field: Input) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), field, classes="form-row")


def _demo_password(user: str) -> str:
    """The sandbox's demo users have their name as password; prefill it for them only."""
    demo = (user.startswith("agent") and user[5:].isdigit()) or user in ("super1", "super2")
    return user if demo else ""
