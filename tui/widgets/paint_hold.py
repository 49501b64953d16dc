"""Holding the app's repaint for a few milliseconds while a request leaves and its answer comes.

A state change's request goes out in several writes (headers, then body) with turns of the
event loop between them. A repaint that starts in one of those turns, such as the one that
takes a closed idle-code picker off the screen, holds the rest of the request back for its
whole length (3 to 7 ms), and the answer then misses the frame after it. Held, the screen
paints once, after the answer (or the platform's event confirming the change, when that comes
first), with everything that changed meanwhile.

That paint is asked for at once. A screen paints on the ticks of a 60 Hz timer, and a tick
that came during the hold (and painted nothing) would otherwise make the answer wait up to a
frame more for the next one. Textual has no public call for "paint now"; the screen's own
tick handler is called, and if a Textual release drops it the paint simply comes at the next
tick, as it would without the hold.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from textual.screen import Screen


class PaintHold:
    """`App.batch_update()` from now until `release()`, or `limit_s` at most."""

    def __init__(self, app: App[object], limit_s: float) -> None:
        self._app = app
        self._held = contextlib.ExitStack()
        self._held.enter_context(app.batch_update())
        self._released = False
        self._deadline = asyncio.get_running_loop().call_later(limit_s, self.release)

    def release(self, *, paint: bool = True) -> None:
        """Paint again (idempotent); at once with `paint`, else at the screen's next chance."""
        if self._released:
            return
        self._released = True
        self._deadline.cancel()
        self._held.close()
        if paint:
            self._app.call_later(paint_now, self._app)


def paint_now(app: App[object]) -> None:
    """Paint the screen now rather than at the next tick of its 60 Hz timer."""
    if app._batch_count:
        return  # someone else holds the paint: it comes when they let go
    paint = getattr(app.screen, "_on_timer_update", None)
    if callable(paint):
        paint()


class PaintsAtOnce:
    """For a screen: what the agent must see at once (a new state, a new offer) is painted as
    soon as its widgets have asked to repaint, not at the next tick of the screen's 60 Hz
    timer, which may be up to a frame away because the last paint (a closed picker, the
    answer to a request) restarted the timer's interval.

    `paint_at_once()` opens a short window; while it is open, each time the screen falls idle
    with something to repaint it paints at once. Widgets ask to repaint over a few turns of
    the loop, so a window (not a single paint) catches them all. A change arrives at most a
    few times a second, so a flood still paints at 60 Hz at most.
    """

    AT_ONCE_S = 0.02
    _paint_at_once_until = 0.0

    def paint_at_once(self) -> None:
        self._paint_at_once_until = time.monotonic() + self.AT_ONCE_S

    def _on_idle(self, event: events.Idle) -> None:
        if self._paint_at_once_until < time.monotonic():
            return
        screen = cast("Screen[object]", self)
        if not screen.is_current:
            return
        if screen._layout_required or screen._repaint_required or screen._dirty_widgets:
            paint_now(screen.app)  # the one door to Textual's private paint
