"""Holding the app's repaint for a few milliseconds while a request leaves and its answer comes.

A state change's request goes out in several writes (headers, then body) with turns of the
event loop between them. A repaint that starts in one of those turns, such as the one that
takes a closed idle-code picker off the screen, holds the rest of the request back for its
whole length (3 to 7 ms), and the answer then misses the frame after it. Held, the screen
paints once, after the answer, with everything that changed meanwhile.

That paint is asked for at once. A screen paints on the ticks of a 60 Hz timer, and a tick
that came during the hold (and painted nothing) would otherwise make the answer wait up to a
frame more for the next one. Textual has no public call for "paint now"; the screen's own
tick handler is called, and if a Textual release drops it the paint simply comes at the next
tick, as it would without the hold.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.app import App


class PaintHold:
    """`App.batch_update()` from now until `release()`, or `limit_s` at most."""

    def __init__(self, app: App[object], limit_s: float) -> None:
        self._app = app
        self._held = contextlib.ExitStack()
        self._held.enter_context(app.batch_update())
        self._released = False
        self._deadline = asyncio.get_running_loop().call_later(limit_s, self.release)

    def release(self) -> None:
        """Paint again (idempotent)."""
        if self._released:
            return
        self._released = True
        self._deadline.cancel()
        self._held.close()
        self._app.call_later(self._paint_now)

    def _paint_now(self) -> None:
        if self._app._batch_count:
            return  # someone else holds the paint: it comes when they let go
        paint = getattr(self._app.screen, "_on_timer_update", None)
        if callable(paint):
            paint()
