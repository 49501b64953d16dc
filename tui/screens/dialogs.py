"""Small modal questions: confirm the logout, and the multi-login notice."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.keys import CONFIRM_NO, CONFIRM_YES, NOTICE_CONTINUE, NOTICE_QUIT
from tui.screens.bindings import binding


class ConfirmLogout(ModalScreen[bool]):
    """Ask before ending the station session: contacts stop being routed to the agent."""

    BINDINGS = [binding(CONFIRM_YES), binding(CONFIRM_NO)]

    def __init__(self, whose: str | None = None) -> None:
        """`whose`: the agent a supervisor is acting as; None for the user's own session."""
        super().__init__()
        self.whose = whose

    def compose(self) -> ComposeResult:
        if self.whose is None:
            question = "End your station session? Contacts will no longer be offered to you."
        else:
            question = (
                f"End {self.whose}'s station session? Contacts will no longer be offered to them."
            )
        with Vertical(classes="dialog") as box:
            box.border_title = "Log out"
            yield Static(Text(question), markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Log out", id="yes", variant="error", compact=True)
                yield Button("Stay", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class MultiLoginNotice(ModalScreen[bool]):
    """Another desktop signed in as this agent and took over; True means take it back here."""

    BINDINGS = [binding(NOTICE_CONTINUE), binding(NOTICE_QUIT)]

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

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def action_continue_here(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#quit")
    def action_quit(self) -> None:
        self.dismiss(False)
