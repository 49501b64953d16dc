"""SQLite persistence (standard library, WAL mode): tokens, sessions, contacts, session handles
and the event log.

Each engine command writes inside one `transaction()`; the transaction has committed before
the HTTP answer goes out, so killing the process (even with SIGKILL) never loses a change a
client was told about. WAL with `synchronous=NORMAL` is durable against a process crash; only
a power loss could drop the last commits, which a sandbox can live with.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from tui.sandbox.engine.checkpoint import Checkpointer
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    Contact,
    Device,
    Event,
    EventKind,
    SessionHandle,
)

DB_NAME = "sandbox.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    issued_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    issued_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_ms INTEGER
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL UNIQUE,
    team_id TEXT NOT NULL,
    site_id TEXT NOT NULL,
    dial_number TEXT NOT NULL,
    device TEXT NOT NULL,
    device_id TEXT NOT NULL,
    roles TEXT NOT NULL,
    availability TEXT NOT NULL,
    idle_code_id TEXT,
    state_changed_ms INTEGER NOT NULL,
    idle_code_changed_ms INTEGER NOT NULL,
    login_ms INTEGER NOT NULL,
    state_reason TEXT NOT NULL,
    changed_by_id TEXT
);
DROP TABLE IF EXISTS contacts;
CREATE TABLE IF NOT EXISTS open_contacts (
    contact_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    offered_ms INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS open_contacts_by_session ON open_contacts (session_id);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS subscriptions (
    subscription_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    client_type TEXT NOT NULL,
    keepalive INTEGER NOT NULL,
    allow_multi_login INTEGER NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_agent ON events (agent_id, seq);
CREATE INDEX IF NOT EXISTS events_by_time ON events (at_ms);
CREATE TABLE IF NOT EXISTS session_handles (
    handle_id TEXT PRIMARY KEY,
    chain_id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    after_seq INTEGER,
    created_ms INTEGER NOT NULL,
    replaced INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS session_handles_by_chain ON session_handles (chain_id, created_ms);
"""


@dataclass(frozen=True)
class TokenRecord:
    user_id: str
    issued_ms: int
    expires_ms: int


@dataclass(frozen=True)
class RefreshRecord:
    """A refresh token (by hash). `used_ms` is set once it has been traded for a new pair;
    it is kept until it expires, so that a second use can be told apart and refused."""

    user_id: str
    issued_ms: int
    expires_ms: int
    used_ms: int | None = None


@dataclass(frozen=True)
class SubscriptionRecord:
    subscription_id: str
    user_id: str
    client_type: str
    keepalive: bool
    allow_multi_login: bool
    created_ms: int


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__}")


def _plain(value: Any) -> Any:
    """What `dataclasses.asdict` makes of `value`, without its deep copy of every leaf: that
    copy was half of what it cost the engine to publish an event."""
    names = _dataclass_fields(type(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if type(value) in (list, tuple):
        return [_plain(item) for item in value]
    if type(value) is dict:
        return {key: _plain(item) for key, item in value.items()}
    return value


@cache
def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(spec.name for spec in dataclasses.fields(kind))


def _to_json(payload: Any) -> str:
    return json.dumps(payload, default=_json_default, separators=(",", ":"))


@cache
def _event_adapter() -> TypeAdapter[Event]:
    return TypeAdapter(Event)


@cache
def _contact_adapter() -> TypeAdapter[Contact]:
    return TypeAdapter(Contact)


def _handle_of(row: sqlite3.Row) -> SessionHandle:
    return SessionHandle(
        handle_id=row["handle_id"],
        chain_id=row["chain_id"],
        agent_id=row["agent_id"],
        session_id=row["session_id"],
        holder_id=row["holder_id"],
        after_seq=row["after_seq"],
        created_ms=row["created_ms"],
        replaced=bool(row["replaced"]),
    )


class Store:
    """One SQLite connection, used only from the server's event-loop thread."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="agent-desktop-sandbox-")
            data_dir = Path(self._tempdir.name)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._depth = 0
        self._db.execute("PRAGMA wal_autocheckpoint=0")  # never on the loop: see checkpoint.py
        self._checkpoints = Checkpointer(self.path)

    def close(self) -> None:
        self._checkpoints.stop()
        self._db.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit everything inside on success, nothing on error. Nested use joins the outer."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    # Tokens ---------------------------------------------------------------------------------

    def put_token(self, token_hash: str, record: TokenRecord) -> None:
        self._db.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?)",
            (token_hash, record.user_id, record.issued_ms, record.expires_ms),
        )

    def token(self, token_hash: str) -> TokenRecord | None:
        row = self._db.execute(
            "SELECT user_id, issued_ms, expires_ms FROM tokens WHERE token_hash = ?", (token_hash,)
        ).fetchone()
        return TokenRecord(**dict(row)) if row else None

    def delete_token(self, token_hash: str) -> None:
        self._db.execute("DELETE FROM tokens WHERE token_hash = ?", (token_hash,))

    def purge_tokens(self, before_ms: int) -> None:
        self._db.execute("DELETE FROM tokens WHERE expires_ms < ?", (before_ms,))
        self._db.execute("DELETE FROM refresh_tokens WHERE expires_ms < ?", (before_ms,))

    def put_refresh(self, token_hash: str, record: RefreshRecord) -> None:
        self._db.execute(
            "INSERT INTO refresh_tokens VALUES (?, ?, ?, ?, ?)",
            (token_hash, record.user_id, record.issued_ms, record.expires_ms, record.used_ms),
        )

    def refresh(self, token_hash: str) -> RefreshRecord | None:
        row = self._db.execute(
            "SELECT user_id, issued_ms, expires_ms, used_ms FROM refresh_tokens"
            " WHERE token_hash = ?",
            (token_hash,),
        ).fetchone()
        return RefreshRecord(**dict(row)) if row else None

    def use_refresh(self, token_hash: str, at_ms: int) -> bool:
        """Mark the refresh token used; False when it already was (or does not exist)."""
        done = self._db.execute(
            "UPDATE refresh_tokens SET used_ms = ? WHERE token_hash = ? AND used_ms IS NULL",
            (at_ms, token_hash),
        )
        return done.rowcount == 1

    def delete_refresh(self, token_hash: str) -> None:
        self._db.execute("DELETE FROM refresh_tokens WHERE token_hash = ?", (token_hash,))

    # Sessions and contacts ------------------------------------------------------------------

    def save_session(self, session: AgentSession) -> None:
        """Insert or replace the session row (contacts are saved on their own)."""
        self._db.execute(
            "INSERT OR REPLACE INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                session.session_id,
                session.agent_id,
                session.team_id,
                session.site_id,
                session.dial_number,
                session.device.value,
                session.device_id,
                json.dumps(list(session.roles)),
                session.availability.value,
                session.idle_code_id,
                session.state_changed_ms,
                session.idle_code_changed_ms,
                session.login_ms,
                session.state_reason,
                session.changed_by_id,
            ),
        )

    def delete_session(self, session_id: str) -> None:
        self._db.execute("DELETE FROM open_contacts WHERE session_id = ?", (session_id,))
        self._db.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))

    def save_contact(self, contact: Contact) -> None:
        """The whole contact as one JSON record: a contact gains fields more often than a
        sandbox's data folder is thrown away, and a record needs no migration for that."""
        self._db.execute(
            "INSERT OR REPLACE INTO open_contacts VALUES (?,?,?,?)",
            (contact.contact_id, contact.session_id, contact.offered_ms, _to_json(_plain(contact))),
        )

    def delete_contact(self, contact_id: str) -> None:
        self._db.execute("DELETE FROM open_contacts WHERE contact_id = ?", (contact_id,))

    def next_number(self, name: str, first: int) -> int:
        """The next of a named, ever-growing count (from `first`), e.g. CXone's contact ids."""
        row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        value = first if row is None else max(first, row["value"] + 1)
        self._db.execute("INSERT OR REPLACE INTO counters VALUES (?, ?)", (name, value))
        return value

    def load_sessions(self) -> list[AgentSession]:
        contacts: dict[str, list[Contact]] = {}
        query = "SELECT record FROM open_contacts ORDER BY offered_ms, contact_id"
        for row in self._db.execute(query):
            contact = _contact_adapter().validate_json(row["record"])
            contacts.setdefault(contact.session_id, []).append(contact)
        sessions = []
        for row in self._db.execute("SELECT * FROM sessions ORDER BY login_ms, agent_id"):
            sessions.append(
                AgentSession(
                    session_id=row["session_id"],
                    agent_id=row["agent_id"],
                    team_id=row["team_id"],
                    site_id=row["site_id"],
                    dial_number=row["dial_number"],
                    device=Device(row["device"]),
                    device_id=row["device_id"],
                    roles=tuple(json.loads(row["roles"])),
                    availability=Availability(row["availability"]),
                    idle_code_id=row["idle_code_id"],
                    state_changed_ms=row["state_changed_ms"],
                    idle_code_changed_ms=row["idle_code_changed_ms"],
                    login_ms=row["login_ms"],
                    state_reason=row["state_reason"],
                    changed_by_id=row["changed_by_id"],
                    contacts=tuple(contacts.get(row["session_id"], ())),
                )
            )
        return sessions

    # Notification subscriptions -------------------------------------------------------------

    def put_subscription(self, record: SubscriptionRecord) -> None:
        self._db.execute(
            "INSERT INTO subscriptions VALUES (?,?,?,?,?,?)",
            (
                record.subscription_id,
                record.user_id,
                record.client_type,
                int(record.keepalive),
                int(record.allow_multi_login),
                record.created_ms,
            ),
        )

    def subscription(self, subscription_id: str) -> SubscriptionRecord | None:
        row = self._db.execute(
            "SELECT * FROM subscriptions WHERE subscription_id = ?", (subscription_id,)
        ).fetchone()
        if row is None:
            return None
        return SubscriptionRecord(
            subscription_id=row["subscription_id"],
            user_id=row["user_id"],
            client_type=row["client_type"],
            keepalive=bool(row["keepalive"]),
            allow_multi_login=bool(row["allow_multi_login"]),
            created_ms=row["created_ms"],
        )

    def subscriptions_of(self, user_id: str, client_type: str) -> list[str]:
        rows = self._db.execute(
            "SELECT subscription_id FROM subscriptions WHERE user_id = ? AND client_type = ?"
            " ORDER BY created_ms",
            (user_id, client_type),
        )
        return [row["subscription_id"] for row in rows]

    def delete_subscription(self, subscription_id: str) -> None:
        self._db.execute("DELETE FROM subscriptions WHERE subscription_id = ?", (subscription_id,))

    # Session handles ------------------------------------------------------------------------

    def put_handle(self, handle: SessionHandle) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO session_handles VALUES (?,?,?,?,?,?,?,?)",
            (
                handle.handle_id,
                handle.chain_id,
                handle.agent_id,
                handle.session_id,
                handle.holder_id,
                handle.after_seq,
                handle.created_ms,
                int(handle.replaced),
            ),
        )

    def handle(self, handle_id: str) -> SessionHandle | None:
        row = self._db.execute(
            "SELECT * FROM session_handles WHERE handle_id = ?", (handle_id,)
        ).fetchone()
        return _handle_of(row) if row else None

    def prune_replaced_handles(self, chain_id: str, keep: int) -> None:
        """Forget all but the newest `keep` replaced handles of a chain."""
        self._db.execute(
            "DELETE FROM session_handles WHERE chain_id = ? AND replaced = 1 AND handle_id NOT IN"
            " (SELECT handle_id FROM session_handles WHERE chain_id = ? AND replaced = 1"
            " ORDER BY created_ms DESC, rowid DESC LIMIT ?)",
            (chain_id, chain_id, keep),
        )

    def purge_handles(self, *, live_session_ids: set[str], before_ms: int) -> None:
        """Forget handles of sessions that ended, once they are older than `before_ms`."""
        rows = self._db.execute(
            "SELECT DISTINCT session_id FROM session_handles WHERE created_ms < ?", (before_ms,)
        ).fetchall()
        for row in rows:
            if row["session_id"] not in live_session_ids:
                self._db.execute(
                    "DELETE FROM session_handles WHERE session_id = ? AND created_ms < ?",
                    (row["session_id"], before_ms),
                )

    # Event log ------------------------------------------------------------------------------

    def append_event(
        self, kind: EventKind, at_ms: int, agent_id: str, correlation_id: str, payload: Any
    ) -> int:
        """Append to the log; returns the new, strictly increasing sequence number."""
        cursor = self._db.execute(
            "INSERT INTO events (at_ms, kind, agent_id, correlation_id, payload)"
            " VALUES (?, ?, ?, ?, ?)",
            (at_ms, kind.value, agent_id, correlation_id, _to_json(_plain(payload))),
        )
        seq = cursor.lastrowid
        assert seq is not None
        return seq

    def changed_since(self, since_ms: int, kinds: tuple[EventKind, ...]) -> set[str]:
        """The agents with an event of these kinds at or after `since_ms`.

        No DISTINCT: with it SQLite walks the whole log in agent order (145 ms at 100,000
        events, for each look of a CXone board); without, it reads only the recent events
        (`events_by_time`, 0.1 ms), and the set drops the repeats."""
        marks = ",".join("?" * len(kinds))
        rows = self._db.execute(
            f"SELECT agent_id FROM events WHERE at_ms >= ? AND kind IN ({marks})",
            (since_ms, *(kind.value for kind in kinds)),
        )
        return {row[0] for row in rows}

    def last_seq(self) -> int:
        row = self._db.execute("SELECT MAX(seq) FROM events").fetchone()
        return int(row[0] or 0)

    def agent_events(
        self, agent_id: str, kinds: tuple[EventKind, ...], after_seq: int, limit: int = 500
    ) -> list[Event]:
        """One agent's events of these kinds after `after_seq`, in order, as `Event`s again."""
        marks = ",".join("?" * len(kinds))
        rows = self._db.execute(
            f"SELECT seq, payload FROM events WHERE agent_id = ? AND seq > ? AND kind IN ({marks})"
            " ORDER BY seq LIMIT ?",
            (agent_id, after_seq, *(kind.value for kind in kinds), limit),
        )
        adapter = _event_adapter()
        return [
            adapter.validate_python(json.loads(row["payload"]) | {"seq": row["seq"]})
            for row in rows
        ]

    def events(self, after_seq: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit)
        )
        return [dict(row) | {"payload": json.loads(row["payload"])} for row in rows]
