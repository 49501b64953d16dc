"""The contact center's rules, in one place, for every platform router.

The engine signs users in, starts, joins, changes and ends agent sessions, answers who is on a
team, and offers, assigns and ends contacts. Each command writes its change and the resulting event
in one store transaction, updates its in-memory view, then publishes the event to the hub.
Commands run on the server's event loop and never await, so each one is atomic.

Refusals a client learns about asynchronously (a bad dial number, an unknown idle code, ...)
are published as `*_REFUSED` events. Refusals of the request itself (a supervisor acting for
an agent outside their teams) raise `Rejected`, which routers answer synchronously (HTTP 403).

Timestamps (epoch ms):
- a new session sets `state_changed_ms` and `idle_code_changed_ms` to now;
- Available -> Idle(X) and Idle(X) -> Available set both;
- Idle(X) -> Idle(Y) sets only `idle_code_changed_ms` (the agent is still Idle);
- a change to the state the agent is already in changes nothing (and still succeeds).

Each job has a module of its own: `core` (state, checks, the commit path), `auth` (tokens),
`station` (station sessions), `contacts`, `handles` (polling cursors) and `floor` (rosters).
"""

from __future__ import annotations

from tui.sandbox.engine.auth import Identity
from tui.sandbox.engine.floor import Floor
from tui.sandbox.engine.handles import Handles
from tui.sandbox.engine.station import Stations


class Engine(Identity, Stations, Handles, Floor):
    """The contact center's one engine: `Engine(org, store, hub, clock=..., new_id=...)`."""
