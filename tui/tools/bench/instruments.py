"""What the benchmark attaches to a running app: a frame watch and an event-loop stall ticker.

Both observe from inside the app's own loop and never force a refresh (Pilot's `pause()` does,
which would hide exactly the frame pacing we want to measure).

The frame watch wraps `App._display`, the one place a finished frame goes to the terminal. In
headless mode Textual skips turning the frame into terminal output; the watch does it anyway,
the way the app does in a terminal (the desktop's `terminal_text`: the cells that changed;
Textual's `render_segments` for any other app), so every frame costs the loop what it would
cost in a real terminal, less the write itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.geometry import Region
from textual.widget import Widget


class FrameWatch:
    """Timestamps frames, and tells when a watched widget's painted text first shows a word."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.frames = 0
        self.last_frame_at = 0.0
        self._widget: Widget | None = None
        self._painted = ""
        self._wanted: str | None = None
        self._shown: asyncio.Event | None = None
        self.shown_at = 0.0
        self._after: Callable[[], bool] | None = None
        self.on_frame: list[Callable[[float], None]] = []  # called with each frame's time
        self._original_display = app._display
        app._display = self._display  # type: ignore[method-assign]

    # -- watching a widget ---------------------------------------------------------------------

    def watch(self, widget: Widget) -> None:
        """Record the text the compositor paints for `widget`, each time it paints it."""
        self._widget = widget
        original = widget.render_lines

        def painted(crop: Region) -> Any:
            lines = original(crop)
            self._painted = "".join(line.text for line in lines)
            return lines

        widget.render_lines = painted  # type: ignore[method-assign]

    @property
    def painted(self) -> str:
        return self._painted

    def expect(self, word: str) -> asyncio.Event:
        """An event set at the first frame sent out after the watched widget painted `word`."""
        self._wanted = word
        self._after = None
        self._shown = asyncio.Event()
        self.shown_at = 0.0
        return self._shown

    def expect_frame_after(self, condition: Callable[[], bool]) -> asyncio.Event:
        """An event set at the first frame sent out once `condition()` holds."""
        self._wanted = None
        self._after = condition
        self._shown = asyncio.Event()
        self.shown_at = 0.0
        return self._shown

    # -- the frame hook ------------------------------------------------------------------------

    def _display(self, screen: Any, renderable: Any) -> None:
        self._original_display(screen, renderable)
        if renderable is None or self.app._batch_count:
            return  # nothing went out
        if self.app.is_headless:
            self._as_a_terminal_would(screen, renderable)
        now = time.perf_counter()
        self.frames += 1
        self.last_frame_at = now
        for callback in self.on_frame:
            callback(now)
        shown = self._shown
        if shown is None or shown.is_set():
            return
        wanted, after = self._wanted, self._after
        if (wanted is not None and wanted in self._painted) or (after is not None and after()):
            self.shown_at = now
            shown.set()

    def _as_a_terminal_would(self, screen: Any, renderable: Any) -> None:
        """Turn the frame into what a real terminal would be sent, as the app does there."""
        terminal_text = getattr(self.app, "terminal_text", None)
        if callable(terminal_text) and terminal_text(screen, renderable) is not None:
            return
        if hasattr(renderable, "render_segments"):
            renderable.render_segments(self.app.console)


class StallTicker:
    """A task that asks to wake every `period` seconds and records how late it woke up.

    Lateness is exactly how long the loop was busy with something else: an event-loop stall.
    """

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.longest = 0.0
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="stall-ticker")

    def reset(self) -> None:
        self.longest = 0.0
        self.samples.clear()

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.period)
            late = time.perf_counter() - before - self.period
            self.samples.append(late)
            if late > self.longest:
                self.longest = late

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
