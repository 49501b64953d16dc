"""How long to wait before reconnect attempt n, for every platform's live event stream."""

from __future__ import annotations

import random


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Delay before reconnect `attempt` (1, 2, ...): doubling from `base`, capped at `cap`, then
    jittered down to between half and all of it so that many desktops do not reconnect in step."""
    ceiling = min(cap, base * 2 ** min(max(attempt, 1) - 1, 30))
    return rng.uniform(ceiling / 2, ceiling)
