"""Server clock skew and the two timers of the status screen.

The platform stamps state changes with its own clock. If the terminal's clock is off by a few
seconds, a naive timer would start at -3 s or at 00:07. We estimate the offset from fresh
events (a change the server just made is stamped "now" on its clock) and correct for it.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field


@dataclass(slots=True)
class ClockSkew:
    """Estimated server-minus-local offset in ms, from the most recent samples."""

    samples: deque[int] = field(default_factory=lambda: deque(maxlen=15))

    def observe(self, server_ms: int, local_ms: int) -> None:
        """Record a server timestamp of something that happened just now, seen at `local_ms`."""
        self.samples.append(server_ms - local_ms)

    @property
    def offset_ms(self) -> int:
        return int(statistics.median(self.samples)) if self.samples else 0

    def to_server(self, local_ms: int) -> int:
        return local_ms + self.offset_ms


def elapsed_seconds(since_server_ms: int | None, now_server_ms: int) -> int:
    """Whole seconds since a server timestamp, never negative."""
    if not since_server_ms:
        return 0
    return max(0, (now_server_ms - since_server_ms) // 1000)


def format_duration(seconds: int) -> str:
    """`07:05` under an hour, `1:07:05` beyond."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
