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
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget

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
    """Paint the screen now rather than at the next tick of its 60 Hz timer, if it has
    anything to paint.

    With nothing to paint (the answer to a request came before the event with the new state),
    a tick would be wasted, and would still run the screen's after-refresh callbacks early.
    """
    if app._batch_count:
        return  # someone else holds the paint: it comes when they let go
    screen = app.screen
    if not (screen._layout_required or screen._repaint_required or screen._dirty_widgets):
        return  # what is still to come asks for its own paint
    paint = getattr(screen, "_on_timer_update", None)
    if callable(paint):
        paint()


def dims_below(screen: Screen[object]) -> bool:
    """A dialog whose backdrop tints the screen under it (Textual's ModalScreen, by default):
    opening or closing it changes every cell. Under a transparent one, every cell outside the
    dialog's own widgets stays as it was."""
    return isinstance(screen, ModalScreen) and screen.styles.background.a > 0


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
    AFTER_FRAME_LIMIT_S = 0.1
    """The longest `after_next_frame` waits for a frame (a change may repaint nothing)."""
    _paint_at_once_until = 0.0
    _after_frame: list[Callable[[], object]] | None = None
    _over: Screen[object] | None = None  # the dialog over this screen, while there is one
    _reveal: tuple[Region, ...] = ()  # what a transparent dialog that closed covered, until a frame

    def paint_at_once(self) -> None:
        """Open the window, with every widget that changed already asking to repaint.

        A widget asks on its own next turn of the loop (Textual's `_check_refresh`, which
        posts the screen an Update). When the screen already had something to paint (what a
        closed picker covered), its own turn came first and painted that alone; the new state
        then followed a frame later, with the log's new line. The widgets ask now instead."""
        self._paint_at_once_until = time.monotonic() + self.AT_ONCE_S
        screen = cast("Screen[object]", self)
        for widget in screen.walk_children(Widget):
            if widget._repaint_required or widget._layout_required:
                widget._check_refresh()

    def after_next_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the screen has sent out its next frame: what would slow the
        frame that shows a change (the event log's new line scrolls its whole area) comes in
        the frame after it.

        Not Textual's `call_after_refresh`: that runs as soon as the screen is idle with
        nothing marked to repaint, which is often before the widgets that changed have asked
        for their repaint; one toggle in ten then painted the log with the new state (8 ms
        instead of 1 at 120x40).
        """
        batch = self._after_frame
        if batch is None:
            # One time limit per frame awaited. A limit set for an earlier frame must not run
            # what waits for this one: it ran a new state's log line (and let the collector
            # back in) before the frame that shows the state.
            batch = self._after_frame = []
            screen = cast("Screen[object]", self)
            screen.set_timer(self.AFTER_FRAME_LIMIT_S, lambda: self._run_after_frame(batch))
        batch.append(callback)

    def _run_after_frame(self, batch: list[Callable[[], object]]) -> None:
        """Run what waited for one frame (once: at the frame, or at its time limit)."""
        if batch is self._after_frame:
            self._after_frame = None
        callbacks = batch[:]
        batch.clear()
        for callback in callbacks:
            callback()

    def _compositor_refresh(self) -> None:
        """Textual's, which sends a frame out; then what waited for that frame runs.

        Under a dialog, the screen shows through the dialog's dimmed backdrop, and Textual
        hands what changed here to the dialog to paint. It also marks this screen for a
        whole repaint each time, so every later message to it (a timer, anything) painted the
        whole dialog and backdrop again, with nothing changed: 8-14 ms at 120x40, and a
        screenful of bytes to the terminal. That mark is dropped; the screen is painted again
        when it is on top again (Textual's ScreenResume; after a transparent dialog, only what
        the dialog covered: the rest was painted through it).
        """
        screen = cast("Screen[object]", self)
        under_dialog = screen.is_attached and screen.app.screen is not screen
        sent = not under_dialog and not screen.app._batch_count  # else no frame went out
        super()._compositor_refresh()  # type: ignore[misc]
        if under_dialog:
            screen._repaint_required = False
        if sent:
            self._reveal = ()
            if self._after_frame:
                # What asks from here on waits for the frame after this one.
                batch, self._after_frame = self._after_frame, None
                screen.call_later(self._run_after_frame, batch)

    def _on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        """Something opened over this screen (before Screen's own handler, the MRO)."""
        screen = cast("Screen[object]", self)
        over = screen.app.screen
        self._over = over if over is not screen else None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """On top again (before Screen's own handler, which repaints the whole screen: some
        4 ms at 120x40, in the frame that shows the state chosen in the idle-code picker).
        When the dialog that closed was transparent, only what it covered changes, and that
        repaint is narrowed to it (`refresh`)."""
        screen = cast("Screen[object]", self)
        over, self._over = self._over, None
        if over is None or dims_below(over) or screen.size != screen.app.size:
            return
        covered = tuple(child.region for child in over.children if child.display and child.region)
        if covered:
            self._reveal = covered
            # Marked while the dialog was open (Textual marks the whole screen as it opens
            # one, then each change under it): all painted through the dialog already.
            screen._repaint_regions.clear()

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Screen[object]:
        """Textual's; until the next frame after a transparent dialog closed, a repaint of the
        whole screen (Textual asks for two as it closes one) repaints only what the dialog
        covered, from the lines its widgets have already rendered. Textual's own region
        repaint of a screen would not do: it stands for the whole screen, and the widgets
        that changed meanwhile (the new state) would not be painted with it."""
        screen = cast("Screen[object]", self)
        reveal = self._reveal
        if not reveal or regions or not repaint or layout or recompose:
            return super().refresh(  # type: ignore[misc, no-any-return]
                *regions, repaint=repaint, layout=layout, recompose=recompose
            )
        screen._set_dirty(*reveal)
        screen._dirty_widgets.add(screen)
        screen.check_idle()
        return screen

    def _on_idle(self, event: events.Idle) -> None:
        if self._paint_at_once_until < time.monotonic():
            return
        screen = cast("Screen[object]", self)
        if not screen.is_current:
            return
        if screen._layout_required or screen._repaint_required or screen._dirty_widgets:
            paint_now(screen.app)  # the one door to Textual's private paint
