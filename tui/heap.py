"""Keeping the garbage collector off what a screen holds for as long as it is shown.

The supervisor board holds a row, its cells and its agent for every agent of the team: for
2,000 agents, hundreds of thousands of objects that live as long as the board does. Each full
collection walked all of them again (about 180 ms with the loop stopped). Frozen once the
board has drawn its first look, they are left out of every collection; what the board makes
afterwards is collected as ever. When the board goes, they are handed back, so whatever of
them is garbage by then is collected after all.
"""

from __future__ import annotations

import gc


def keep_out_of_collections() -> None:
    """Leave every object alive now out of future collections (until `collect_again`)."""
    gc.freeze()


def collect_again() -> None:
    """Let the collector see the frozen objects again."""
    gc.unfreeze()
