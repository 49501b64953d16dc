"""Help: the keys of the status screen (as the user's keymap sets them) and what it shows."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import (
    APP_COMMANDS,
    DESKTOP_AVAILABLE,
    DESKTOP_HELP,
    DESKTOP_IDLE,
    DESKTOP_LOGOUT,
    DESKTOP_QUIT,
    HELP_CLOSE,
    KeySpec,
)
from tui.screens.bindings import binding, keys_text
from tui.screens.styles import DESK_SHEETS

SHOWN_KEYS = (
    DESKTOP_AVAILABLE,
    DESKTOP_IDLE,
    DESKTOP_LOGOUT,
    APP_COMMANDS,
    DESKTOP_HELP,
    DESKTOP_QUIT,
)
PARTS = (
    (
        "State",
        "your availability (symbol and word), idle code, time in this state and, when "
        "you moved between idle codes, time on the current code.",
    ),
    (
        "Contacts",
        "each open contact: channel, who it is from, queue, state and time in it. An offer "
        "stands out with its countdown to RONA; ↑ ↓ move between contacts, the keys act on "
        "the highlighted one. RONA and a pending next state are said here in words.",
    ),
    ("Agent", "who you are, your team and site, roles, and how your voice reaches you."),
    (
        "Channels",
        "contacts on each channel against what you may hold (■ taken, □ free), each with "
        "its age; “new” marks one offered but not yet accepted.",
    ),
    ("Events", "what happened, newest last, in plain words."),
    ("Top right", "the live connection: online, reconnecting n, or offline."),
)


class HelpScreen(ModalScreen[None]):
    """The keys (as the user's keymap sets them) and the parts of one screen."""

    CSS_PATH = DESK_SHEETS

    BINDINGS = [binding(HELP_CLOSE)]

    def __init__(
        self,
        keymap: dict[str, str],
        *,
        keys: tuple[KeySpec, ...] = SHOWN_KEYS,
        parts: tuple[tuple[str, str], ...] = PARTS,
        title: str = "Help",
    ) -> None:
        super().__init__(id="help")
        self.keymap = keymap
        self.keys = keys
        self.parts = parts
        self.title_words = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-box") as box:
            box.border_title = self.title_words
            with VerticalScroll():
                yield Static(self._keys(), id="help-keys", markup=False)
                yield Static(self._parts(), id="help-parts", markup=False)
            yield Static(
                f"{keys_text(HELP_CLOSE, self.keymap)} closes · remap keys in the config file",
                classes="hint",
                markup=False,
            )

    def _keys(self) -> Table:
        table = _two_columns()
        for spec in self.keys:
            words = Text(f"{spec.help} ")
            words.append(spec.id, style="dim")
            table.add_row(Text(keys_text(spec, self.keymap)), words)
        return table

    def _parts(self) -> Table:
        table = _two_columns()
        for part, words in self.parts:
            table.add_row(Text(part), Text(words))
        return table

    def action_close(self) -> None:
        self.dismiss(None)


def _two_columns() -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold", no_wrap=True, min_width=9)
    table.add_column(ratio=1)
    return table
