"""How many failed sign-ins a user name may have before the sandbox stops listening for a while.

Guessing passwords must be slow: after `max_failures` failed sign-ins for one user name within
`window_s`, every sign-in for that name (even with the right password) is answered 429 with a
`Retry-After` until the oldest of those failures is older than the window. A success forgets
the name's failures. Unknown user names are counted like known ones, so the answers do not
tell which names exist. Memory stays bounded however many names are tried.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_S = 60.0
MAX_NAMES = 10_000


class SignInLimiter:
    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        max_names: int = MAX_NAMES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_names = max_names
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    @staticmethod
    def _key(name: str) -> str:
        return name.strip().casefold()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures

    def retry_after(self, name: str) -> int:
        """Whole seconds until `name` may try again; 0 when it may try now."""
        now = self._clock()
        failures = self._recent(self._key(name), now)
        if len(failures) < self.max_failures:
            return 0
        oldest_that_counts = failures[-self.max_failures]
        return max(1, math.ceil(oldest_that_counts + self.window_s - now))

    def failed(self, name: str) -> None:
        now = self._clock()
        key = self._key(name)
        failures = self._recent(key, now)
        failures.append(now)
        while len(failures) > self.max_failures:
            failures.popleft()
        self._failures.pop(key, None)
        self._failures[key] = failures  # last in the dict's order: the most recently failed
        while len(self._failures) > self.max_names:
            del self._failures[next(iter(self._failures))]  # the least recently failed

    def succeeded(self, name: str) -> None:
        self._failures.pop(self._key(name), None)

    def __len__(self) -> int:
        return len(self._failures)
