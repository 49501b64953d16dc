"""A searchable picker of codes by name: the idle-code picker and the wrap-up-code picker
(`tui/screens/idle_picker.py`, `tui/screens/wrap_up_picker.py`) are two small kinds of it."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import PICKER_CANCEL, PICKER_DOWN, PICKER_UP
from tui.screens.bindings import binding
from tui.screens.styles import DESK_SHEETS
from tui.widgets.footer import DesktopFooter


class Code(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


C = TypeVar("C", bound=Code)


def matching(codes: tuple[C, ...], search: str) -> tuple[C, ...]:
    """Codes whose name contains every word of `search`, ignoring case; names starting with
    the search come first."""
    words = search.lower().split()
    found = [c for c in codes if all(w in c.name.lower() for w in words)]
    first = search.strip().lower()
    return tuple(sorted(found, key=lambda c: not c.name.lower().startswith(first)))


class CodePicker(ModalScreen[C | None], Generic[C]):
    """Dismissed with the chosen code, or None. `what` names the codes in its sentences."""

    CSS_PATH = DESK_SHEETS

    BINDINGS = [
        binding(PICKER_CANCEL),
        binding(PICKER_DOWN, show=False),
        binding(PICKER_UP, show=False),
    ]

    what = "code"

    def __init__(
        self,
        codes: tuple[C, ...],
        current: C | None = None,
        *,
        title: str,
        id: str,
    ) -> None:
        super().__init__(id=id)
        self.codes = codes
        self.current = current
        self.title_words = title
        self.shown: tuple[C, ...] = self.codes

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = Text(self.title_words)  # a name from the server is not markup
            search = Input(placeholder="type to search", id="idle-search", compact=True)
            # No blink: over the dimmed screen behind it, every blink repaints the whole
            # terminal (some 6 ms at 120x40, twice a second, and a screenful over SSH).
            search.cursor_blink = False
            yield search
            yield OptionList(id="idle-codes")
            yield Static("", id="picker-empty", markup=False)
            yield from self.compose_note()
            yield Static("Enter chooses · Esc cancels", classes="hint", markup=False)
        # The screen around the picker stays undimmed (a pop-up): its key bar would offer
        # keys that do nothing while the picker is open. This one says what does.
        yield DesktopFooter()

    def compose_note(self) -> ComposeResult:
        """A kind of picker may say more under its codes."""
        yield from ()

    def on_mount(self) -> None:
        self._show("")
        self.query_one("#idle-search", Input).focus()

    def reopen(self, current: C | None) -> None:
        """Show every code again with `current` marked, for a picker kept between uses."""
        self.current = current
        search = self.query_one("#idle-search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self._show("")
        search.focus()

    @on(Input.Changed, "#idle-search")
    def _searched(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, search: str) -> None:
        self.shown = matching(self.codes, search)
        options = self.query_one("#idle-codes", OptionList)
        options.clear_options()
        for code in self.shown:
            label = Text(code.name)
            if self.current is not None and code.id == self.current.id:
                label.append("  (current)", style="dim")
            options.add_option(Option(label, id=code.id))
        if self.shown:
            options.highlighted = 0
        empty = self.query_one("#picker-empty", Static)
        empty.update(Text(f"No {self.what} matches “{search.strip()}”." if not self.shown else ""))
        empty.display = not self.shown

    def action_move(self, step: int) -> None:
        options = self.query_one("#idle-codes", OptionList)
        if self.shown:
            current = options.highlighted or 0
            options.highlighted = (current + step) % len(self.shown)

    @on(Input.Submitted, "#idle-search")
    def _chosen_by_enter(self) -> None:
        index = self.query_one("#idle-codes", OptionList).highlighted
        if index is not None and index < len(self.shown):
            self.dismiss(self.shown[index])

    @on(OptionList.OptionSelected, "#idle-codes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
