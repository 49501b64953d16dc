"""Clocks tests hand a sandbox, so that what depends on time happens when a test says so."""

from __future__ import annotations

from tui.sandbox.engine.model import now_ms


class SandboxClock:
    """A sandbox engine's clock (epoch ms) that a test can move forward, so that a token
    expires when the test says so rather than after a wall-clock lifetime that a loaded
    machine may spend before the sign-in that uses it has even finished."""

    def __init__(self) -> None:
        self.ahead_ms = 0

    def __call__(self) -> int:
        return now_ms() + self.ahead_ms

    def skip(self, seconds: float) -> None:
        self.ahead_ms += int(seconds * 1000)
