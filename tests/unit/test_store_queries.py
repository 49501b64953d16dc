"""The store's frequent queries read only the rows they need, however long the event log grows."""

from __future__ import annotations

from pathlib import Path

from tui.sandbox.engine.model import EventKind
from tui.sandbox.engine.store import Store


def _plan(store: Store, sql: str, params: tuple[object, ...]) -> str:
    rows = store._db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " / ".join(str(row[-1]) for row in rows)


def test_a_board_look_reads_only_the_recent_events(tmp_path: Path) -> None:
    store = Store(tmp_path)
    kinds = (EventKind.STATE_CHANGED, EventKind.SESSION_STARTED)
    try:
        with store.transaction():
            for index in range(300):
                kind = kinds[index % 2]
                store.append_event(kind, 1_000 + index, f"agent-{index % 7}", "", {})
        assert store.changed_since(1_295, kinds) == {f"agent-{i % 7}" for i in range(295, 300)}
        assert store.changed_since(2_000, kinds) == set()
        marks = ",".join("?" * len(kinds))
        plan = _plan(
            store,
            f"SELECT agent_id FROM events WHERE at_ms >= ? AND kind IN ({marks})",
            (1_295, *(kind.value for kind in kinds)),
        )
        assert "SEARCH events USING INDEX events_by_time" in plan, plan
    finally:
        store.close()


def test_ending_a_session_finds_its_contacts_by_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    try:
        plan = _plan(store, "DELETE FROM open_contacts WHERE session_id = ?", ("s",))
        assert "open_contacts_by_session" in plan, plan
    finally:
        store.close()
