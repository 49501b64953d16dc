"""The store's checkpoints run in a thread of their own, never inside a commit on the loop."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from tui.sandbox.engine.checkpoint import Checkpointer
from tui.sandbox.engine.store import DB_NAME, Store


def _wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_the_store_never_checkpoints_inside_a_commit(tmp_path: Path) -> None:
    store = Store(tmp_path)
    try:
        (pages,) = store._db.execute("PRAGMA wal_autocheckpoint").fetchone()
        assert pages == 0
    finally:
        store.close()
    assert (tmp_path / DB_NAME).exists()


def test_the_checkpointer_copies_the_log_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (x TEXT)")
    size_before = path.stat().st_size
    for _ in range(200):
        db.execute("INSERT INTO t VALUES (?)", ("x" * 1000,))
    assert path.stat().st_size == size_before  # the rows are in the log only
    checkpoints = Checkpointer(path, every_s=0.02)
    try:
        assert _wait_for(lambda: path.stat().st_size > size_before + 100_000)
    finally:
        checkpoints.stop()
        db.close()
    assert not checkpoints._thread.is_alive()
