"""The store's checkpoints, in a thread of their own, so the server's loop never waits on the disk.

In WAL mode SQLite appends each commit to the write-ahead log and, by default, the connection
whose commit fills the log past 1,000 pages copies it into the database file on the spot: two
fsyncs inside that commit. Under load (500 commits a second) that was every second or so, on
the event loop, and on a disk shared with other work an fsync took from milliseconds to over a
second, every request waiting behind it. The store turns that off (`wal_autocheckpoint=0`), and
this thread, with a connection of its own, runs a PASSIVE checkpoint every `every_s`: writers go
on appending meanwhile, and the sqlite3 module lets go of the GIL while SQLite works.

Durability is unchanged: with `synchronous=NORMAL` a commit never waited for the disk; only where
the log is copied from, and when, has moved.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_S = 1.0
STOP_WAIT_S = 10.0


class Checkpointer:
    """A daemon thread copying the store's write-ahead log into its database file."""

    def __init__(self, path: Path, every_s: float = CHECKPOINT_EVERY_S) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(path, every_s), name="sqlite-checkpoint", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, every_s: float) -> None:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            while not self._stopping.wait(every_s):
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # busy or gone: the next round tries again
                    log.debug("checkpoint skipped", exc_info=True)
        finally:
            db.close()

    def stop(self) -> None:
        """End the thread (the store's last connection checkpoints what is left on close)."""
        self._stopping.set()
        self._thread.join(STOP_WAIT_S)
