"""Small modal questions: confirm the logout, and the multi-login notice."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.keys import CONFIRM_NO, CONFIRM_YES, NOTICE_CONTINUE, NOTICE_QUIT
from tui.screens.bindings import binding, keys_text
from tui.screens.styles import DESK_SHEETS


class Confirm(ModalScreen[bool]):
    """Ask before a step that throws something away; True means go ahead.

    The safe choice has the focus, so Enter pressed by habit keeps things as they are, and the
    keys are written under the buttons (a dialog has no footer).
    """

    CSS_PATH = DESK_SHEETS

    BINDINGS = [binding(CONFIRM_YES), binding(CONFIRM_NO)]

    def __init__(
        self, *, title: str, question: str, go: str, stay: str, keymap: dict[str, str]
    ) -> None:
        super().__init__()
        self.title_words = title
        self.question = question
        self.go = go
        self.stay = stay
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_words
            yield Static(Text(self.question), markup=False)
            with Horizontal(classes="button-row"):
                yield Button(self.go, id="yes", variant="error", compact=True)
                yield Button(self.stay, id="no", compact=True)
            yield Static(
                Text(
                    f"{keys_text(CONFIRM_YES, self.keymap)} {self.go.lower()} · "
                    f"{keys_text(CONFIRM_NO, self.keymap)} {self.stay.lower()}"
                ),
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmLogout(Confirm):
    """Ending the station session: contacts stop being routed to the agent."""

    def __init__(self, whose: str | None = None, *, keymap: dict[str, str]) -> None:
        """`whose`: the agent a supervisor is acting as; None for the user's own session."""
        if whose is None:
            question = "End your station session? Contacts will no longer be offered to you."
        else:
            question = f"End {whose}'s station session? Contacts will no longer be offered to them."
        super().__init__(
            title="Log out", question=question, go="Log out", stay="Stay", keymap=keymap
        )
        self.whose = whose


class ConfirmSignOut(Confirm):
    """A supervisor leaving the board for the sign-in screen."""

    def __init__(self, *, keymap: dict[str, str]) -> None:
        super().__init__(
            title="Sign out",
            question="Sign out and go back to the sign-in screen? "
            "A station session you have carries on.",
            go="Sign out",
            stay="Stay",
            keymap=keymap,
        )


class MultiLoginNotice(ModalScreen[bool]):
    """Another desktop signed in as this agent and took over; True means take it back here."""

    CSS_PATH = DESK_SHEETS

    BINDINGS = [binding(NOTICE_CONTINUE), binding(NOTICE_QUIT)]

    def __init__(self, *, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Signed in elsewhere"
            yield Static(
                "You signed in from another desktop, so this one stopped receiving updates. "
                "Continue here to take the session back, or quit.",
                markup=False,
            )
            with Horizontal(classes="button-row"):
                yield Button("Continue here", id="continue", variant="primary", compact=True)
                yield Button("Quit", id="quit", compact=True)
            yield Static(
                Text(
                    f"{keys_text(NOTICE_CONTINUE, self.keymap)} continue here · "
                    f"{keys_text(NOTICE_QUIT, self.keymap)} quit"
                ),
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def action_continue_here(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#quit")
    def action_quit(self) -> None:
        self.dismiss(False)
