"""The live event log: plain-word entries from the snapshot, newest at the bottom."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import RichLog

from tui.domain import LogEntry, LogKind
from tui.domain.snapshot import LOG_LIMIT

MIN_WIDTH = 20
"""Columns a line is wrapped at, at the least, however narrow the log."""

LIVE_BURST = 40
"""The most entries one live update writes. In a flood, entries scroll past unread within a
frame, and each costs the loop some 25 µs to lay out; the rest are summed up in one line (the
snapshot still keeps them)."""


class EventLog(RichLog):
    """Writes only entries it has not written yet; server text is never read as markup.

    Keeps as many lines as the snapshot keeps entries: without a bound, RichLog keeps every
    line ever written, and a long-running desktop's memory grows with every event.

    Lines wrap at the log's width (RichLog's default floor of 78 columns cut them, and a
    horizontal scrollbar grew, on an 80-column terminal), and are wrapped again at a new width
    when the terminal is resized, keeping the newest entry in view.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Each new entry makes the log one line longer. Textual's own `virtual_size` asks the whole
    screen to lay itself out again for that (4-5 ms at 120x40, before the new state can be
    painted), though only the log's scrollbar changes. Here the scrollbar is updated in
    place; when it appears or goes, its own reactive still asks for the layout that needs."""

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)
        self.refresh()

    def __init__(self, clock_text: Callable[[int], str], *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            wrap=True,
            markup=False,
            highlight=False,
            auto_scroll=True,
            max_lines=LOG_LIMIT,
            min_width=MIN_WIDTH,
        )
        # RichLog caches 1,024 rendered lines by their number since the log began: in a log
        # that keeps 200, most of those are lines long gone, some 5 MB of them.
        self._line_cache = LRUCache(LOG_LIMIT)
        self._clock_text = clock_text
        self._last: LogEntry | None = None
        self._entries: tuple[LogEntry, ...] = ()
        self._wrapped_at = 0  # the width the lines were last wrapped at

    def show(self, entries: tuple[LogEntry, ...]) -> None:
        start = 0  # when the last written entry has rolled off, every entry is new
        if self._last is not None:
            for index in range(len(entries) - 1, -1, -1):
                if entries[index] is self._last:
                    start = index + 1
                    break
        new = entries[start:]
        shown = new[-LIVE_BURST:] if self._last is not None else new  # the first fill: all
        lines = [self._line(entry) for entry in shown]
        if len(shown) < len(new):
            skipped = len(new) - len(shown)
            lines.insert(0, Text(f"… {skipped:,} more events came too fast to list", "dim italic"))
        if lines:  # one write for the whole burst: RichLog's cost is mostly per write
            self._write_scrolled(Text("\n").join(lines))
        if entries:
            self._last = entries[-1]
        self._entries = entries
        self._wrapped_at = self.scrollable_content_region.width

    def _write_scrolled(self, text: Text) -> None:
        """Write, and scroll to the new end in the same frame.

        RichLog scrolls to the end after the next frame: that frame painted the whole log
        again with only its scrollbar changed, and the next one painted it all once more,
        scrolled (some 6 ms each at 120x40). Once the log's size is known its end is known
        too, so it scrolls at once. Before that, RichLog keeps the write for later and
        scrolls itself."""
        if not (self._size_known and self.auto_scroll):
            self.write(text)
            return
        self.write(text, scroll_end=False)
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def on_resize(self, event: Resize) -> None:
        super().on_resize(event)
        width = self.scrollable_content_region.width
        if self._entries and self._wrapped_at and width != self._wrapped_at:
            self.clear()  # wrap everything again at the new width, newest entry in view
            self._last = None
            self.show(self._entries)
        if self.auto_scroll:
            # Shorter (an offer's row opened above it) or rewrapped: the newest entry stays
            # in view. RichLog's own scroll after each write used to catch this.
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def _line(self, entry: LogEntry) -> Text:
        text = Text(self._clock_text(entry.at_ms) + " ", style="dim")
        text.append(entry.text, style="bold" if entry.kind is LogKind.PROBLEM else "")
        return text
