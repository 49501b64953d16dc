"""Keeping the garbage collector off what a screen holds for as long as it is shown.

Used by the status screen and the supervisor board.

The supervisor board holds a row, its cells and its agent for every agent of the team: for
2,000 agents, hundreds of thousands of objects that live as long as the board does. Each full
collection walked all of them again (about 180 ms with the loop stopped). Frozen once the
board has drawn its first look, they are left out of every collection; what the board makes
afterwards is collected as ever. When the board goes, they are handed back, so whatever of
them is garbage by then is collected after all.
"""

from __future__ import annotations

import asyncio
import gc

RARE_YOUNG_COLLECTIONS = 100_000
"""Net allocations between two automatic collections of the youngest objects on the board.

A look at a big team makes some 45,000 objects (the parsed answer, the rows) that live until
the look is drawn. At Python's usual 700, collections ran in the middle of it: they scanned
those objects while still in use, promoted them, and the next generation's collection then
stopped the loop for 50 ms and more. On the board automatic collections all but stop, and
the board sweeps the youngest objects itself between looks (`sweep_young`), when almost all
of them are gone. Elsewhere the usual figure stays: there, rare collections let the cycles
that painted lines leave behind pile up (figure 6 grew by megabytes).
"""
_USUAL_YOUNG_COLLECTIONS = gc.get_threshold()[0]


def collect_young_rarely() -> None:
    gc.set_threshold(RARE_YOUNG_COLLECTIONS, *gc.get_threshold()[1:])


def sweep_young() -> None:
    """Collect the youngest objects now, at a moment when few of them are alive."""
    gc.collect(0)


def collect_young_as_usual() -> None:
    gc.set_threshold(_USUAL_YOUNG_COLLECTIONS, *gc.get_threshold()[1:])


def keep_out_of_collections() -> None:
    """Leave every object alive now out of future collections (until `collect_again`)."""
    gc.freeze()
    # Nothing is left to scan, so this collection is all but free; it matters for what it
    # counts: Python collects the oldest generation again only once what it holds has grown
    # by a quarter since the last full collection, which counted the frozen objects too.
    gc.collect()


def collect_again() -> None:
    """Let the collector see the frozen objects again."""
    gc.unfreeze()


class CollectionsPaused:
    """No automatic collections from now until `resume()`, or `limit_s` at most.

    For the few milliseconds between an agent's key and the frame that shows what it did: a
    collection of the oldest generation takes 10-20 ms, and one that fell in that window made
    the slowest state changes twice as slow as the rest. Paused, what the collector would
    have done runs right after the frame. Pausing when the collector is already off (paused
    by an earlier key whose frame has not gone out yet) changes nothing.
    """

    def __init__(self, limit_s: float) -> None:
        self._paused = gc.isenabled()
        if self._paused:
            gc.disable()
        self._deadline = asyncio.get_running_loop().call_later(limit_s, self.resume)

    def resume(self) -> None:
        """Collections as before (idempotent)."""
        self._deadline.cancel()
        if self._paused:
            self._paused = False
            gc.enable()
