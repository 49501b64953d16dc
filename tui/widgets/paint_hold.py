"""Holding the app's repaint for a few milliseconds while a request leaves and its answer comes.

A state change's request goes out in several writes (headers, then body) with turns of the
event loop between them. A repaint that starts in one of those turns, such as the one that
takes a closed idle-code picker off the screen, holds the rest of the request back for its
whole length (3 to 7 ms), and the answer then misses the frame after it. Held, the screen
paints once, after the answer, with everything that changed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.app import App


class PaintHold:
    """`App.batch_update()` from now until `release()`, or `limit_s` at most."""

    def __init__(self, app: App[object], limit_s: float) -> None:
        self._held = contextlib.ExitStack()
        self._held.enter_context(app.batch_update())
        self._deadline = asyncio.get_running_loop().call_later(limit_s, self.release)

    def release(self) -> None:
        """Paint again (idempotent)."""
        self._deadline.cancel()
        self._held.close()
