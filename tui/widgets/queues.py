"""Queue figures on screen: the board's strip (every queue: waiting, longest wait) and the
short line a channel card of the status screen carries (`queue 3 02:14`).

Both appear once a contact waits and then stay (with `0`s), so a screen does not jump about
while the figures come and go; where the platform serves no figures they never appear.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.domain import QueueLoad, format_duration
from tui.widgets.text import show_text

STRIP_LABEL = "Waiting"
SEPARATOR = " · "


def wait_words(load: QueueLoad, now_ms: int) -> str:
    """`02:14`: how long the contact waiting longest has waited ('' when none waits)."""
    if not load.waiting or not load.oldest_since:
        return ""
    return format_duration(load.longest_wait_s(now_ms))


def card_line(load: QueueLoad, now_ms: int, room: int) -> str:
    """A channel card's queue line in at most `room` cells: `queue 3 02:14`, else `q3 02:14`,
    else `q3`."""
    wait = wait_words(load, now_ms)
    for words in (
        f"queue {load.waiting} {wait}".rstrip(),
        f"q{load.waiting} {wait}".rstrip(),
        f"q{load.waiting}",
    ):
        if len(words) <= room:
            return words
    return ""


def _short_name(load: QueueLoad) -> str:
    if load.channel is not None:
        return load.channel.label
    return load.name.split()[0] if load.name.split() else load.queue_id


def strip_text(queues: tuple[QueueLoad, ...], now_ms: int, width: int) -> Text:
    """`Waiting  Voice Queue 3 (02:14) · Chat Queue 0 · ...` in at most `width` cells: else
    with short names (`Voice 3 (02:14)`), else compact (`Voice 3 02:14`), else only the queues
    where someone waits; an ellipsis when even that does not fit."""

    def build(short: bool, compact: bool, only_waiting: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(STRIP_LABEL + (" " if compact else "  "), style="bold")
        shown = [q for q in queues if q.waiting] if only_waiting else list(queues)
        for number, load in enumerate(shown):
            if number:
                text.append(SEPARATOR, style="dim")
            text.append(f"{_short_name(load) if short else load.name} ")
            text.append(str(load.waiting), style="bold" if load.waiting else "dim")
            wait = wait_words(load, now_ms)
            if wait:
                text.append(f" {wait}" if compact else f" ({wait})")
        return text

    forms = ((False, False, False), (True, False, False), (True, True, False), (True, True, True))
    text = Text()
    for short, compact, only_waiting in forms:
        text = build(short, compact, only_waiting)
        if text.cell_len <= width:
            break
    return text


class QueueStrip(Static):
    """The board's line of queue figures, hidden until the first contact waits."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.queues: tuple[QueueLoad, ...] = ()
        self._now_ms = 0

    def show(self, queues: tuple[QueueLoad, ...], available: bool, now_ms: int) -> None:
        self.queues = queues if available else ()
        if not available:
            self.remove_class("-shown")
        elif any(load.waiting for load in queues):
            self.add_class("-shown")
        self.tick(now_ms)

    def tick(self, now_ms: int) -> None:
        self._now_ms = now_ms
        if self.has_class("-shown"):
            width = max(self.content_size.width, 1) if self.content_size.width else 78
            show_text(self, strip_text(self.queues, now_ms, width))

    def on_resize(self) -> None:
        self.tick(self._now_ms)
