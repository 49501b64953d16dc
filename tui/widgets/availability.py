"""The agent's availability as word, symbol and colour, with the idle code and both timers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Static

from tui.domain import AgentSnapshot, Availability, elapsed_seconds, format_duration
from tui.widgets.text import show_text

STATE_COLOURS = {
    Availability.AVAILABLE: "success",
    Availability.IDLE: "warning",
    Availability.SYSTEM: "error",
}
"""The theme colour behind each state's word; any other state is muted (see status.tcss)."""


def badge_words(availability: Availability) -> str:
    return f" {availability.symbol} {availability.word} "


BADGE_WIDTH = max(len(badge_words(a)) for a in Availability)
"""One width for every state: nothing on the screen moves when the state changes."""


class AvailabilityBadge(Static):
    """`● Available` in the availability's colour; the symbol and word carry it without colour."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.availability: Availability | None = None
        self.styles.width = BADGE_WIDTH

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._colour())

    def show(self, availability: Availability) -> None:
        if availability is self.availability:
            return
        self.availability = availability
        self._colour()
        self.update(Text(badge_words(availability)), layout=False)  # its width never changes

    def _colour(self) -> None:
        """The state's colour, set on the badge itself (and again when the theme changes).

        As a CSS class per state, each change restyled the badge against every rule the app
        has: half of the millisecond a state change takes before its paint. The class that
        mutes the word is set only between a coloured state and a muted one.
        """
        if self.availability is None:
            return
        colour = STATE_COLOURS.get(self.availability)
        self.set_class(colour is None, "-muted")
        value = self.app.theme_variables.get(colour or "panel")
        if value is not None:
            self.styles.background = Color.parse(value)


class AvailabilityPanel(Vertical):
    """Badge, idle code, state timer and (when it differs) the idle-code timer."""

    def compose(self) -> ComposeResult:
        yield AvailabilityBadge(id="availability")
        yield Static("", id="idle-code", markup=False)
        yield Static("", id="state-timer", markup=False)
        yield Static("", id="idle-code-timer", markup=False)

    def show(self, snapshot: AgentSnapshot, now_ms: int) -> None:
        self.query_one(AvailabilityBadge).show(snapshot.availability)
        code = snapshot.idle_code.name if snapshot.idle_code else "—"
        if snapshot.availability is Availability.AVAILABLE:
            code = "—"
        show_text(self.query_one("#idle-code", Static), _pair("Idle code", code))
        self.tick(snapshot, now_ms)

    def tick(self, snapshot: AgentSnapshot, now_ms: int) -> None:
        """Move the timers on; called every second."""
        state = format_duration(elapsed_seconds(snapshot.state_changed_at, now_ms))
        line = _pair("In state", state)
        if snapshot.has_session and not snapshot.connection.is_online:
            line.append("  stale", style="dim")  # offline: the platform may have moved on
        elif snapshot.changed_by_name:  # a supervisor (not the agent) made the last change
            line.append(f"  set by {snapshot.changed_by_name}", style="dim")
        show_text(self.query_one("#state-timer", Static), line)
        code_timer = self.query_one("#idle-code-timer", Static)
        code_timer.display = snapshot.shows_idle_code_timer
        if snapshot.shows_idle_code_timer:
            on_code = format_duration(elapsed_seconds(snapshot.idle_code_changed_at, now_ms))
            show_text(code_timer, _pair("On code", on_code))


def _pair(label: str, value: str) -> Text:
    text = Text(f"{label:<10}", style="dim")
    text.append(value)
    return text
