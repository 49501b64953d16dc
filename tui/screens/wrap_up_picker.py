"""The wrap-up-code picker: the codes a contact may be wrapped up with (a disposition), and
how long the agent has been in wrap-up for it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.domain import WrapUpCode, elapsed_seconds, format_duration
from tui.screens.code_picker import CodePicker
from tui.widgets.text import show_text


class WrapUpCodePicker(CodePicker[WrapUpCode]):
    what = "wrap-up code"

    def __init__(
        self,
        codes: tuple[WrapUpCode, ...],
        *,
        contact_words: str = "",
        since_ms: int = 0,
        now_ms: Callable[[], int] | None = None,
    ) -> None:
        """`contact_words`: which contact, as the title says it (`Voice contact from ...`);
        `since_ms` (server ms) and `now_ms()`: the wrap-up timer, shown when both are given."""
        title = f"Wrap up {contact_words}" if contact_words else "Wrap up with"
        # The default code first, so Enter takes it as on the platforms' own desktops.
        ordered = tuple(sorted(codes, key=lambda code: not code.is_default))
        super().__init__(ordered, title=title, id="wrap-up-picker")
        self.since_ms = since_ms
        self.now_ms = now_ms

    def compose_note(self) -> ComposeResult:
        yield Static("", id="wrap-up-timer", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        timer = self.query_one("#wrap-up-timer", Static)
        timer.display = bool(self.since_ms and self.now_ms)
        if timer.display:
            self._tick()
            self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.now_ms is None:
            return
        seconds = elapsed_seconds(self.since_ms, self.now_ms())
        text = Text("In wrap-up ", style="dim")
        text.append(format_duration(seconds))
        show_text(self.query_one("#wrap-up-timer", Static), text)
