"""The traffic simulator: customers who call and write in, and the platform's contact timers.

Every tick it keeps the platform's rules for the contacts that exist: an offer rings out
(RONA) at its deadline, a call ringing on an agent's phone is answered there after a short
delay (unless the phones never answer), a channel set to auto-answer connects by itself, a
wrap-up with a time limit ends by itself, and a contact back in its queue is offered to
another Available agent (or abandoned after `queue_patience_s`). With customers on
(`config.traffic`), it also makes new offers, and customers end the contacts they are on.

Time is counted in ticks and every decision comes from one seeded `random.Random`, so given the
same seed and the same agents' states at each tick, `step()` makes the same decisions. The
background task only calls `step()` every `traffic_tick_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.model import Availability, Contact, ContactStatus
from tui.sandbox.engine.queues import queue_name

if TYPE_CHECKING:  # the knobs only; the engine imports nothing of the HTTP app at run time
    from tui.sandbox.config import SandboxConfig

log = logging.getLogger(__name__)

_SLICE_S = 0.002
"""How long a tick may hold the loop before it lets the agents' requests in: with 2,000 agents
a tick is tens of milliseconds of work, and counting contacts (8 per turn) let the scans
between them (every session, every channel) run unbroken."""


class Traffic:
    def __init__(self, engine: Engine, config: SandboxConfig) -> None:
        self._engine = engine
        self._config = config
        self._rng = random.Random(config.seed)
        self._tick = 0
        self._connect_at: dict[str, int] = {}
        """Offers the platform connects by itself (phone answered, auto-answer), by tick."""
        self._end_at: dict[str, int] = {}
        """Connected contacts the customer ends, by tick."""
        self._task: asyncio.Task[None] | None = None

    # Background running --------------------------------------------------------------------

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="traffic")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        # Ticks keep to a schedule rather than sleeping a tick after each one, so that a tick
        # stays one simulated second when time is compressed (`--time-scale`): a slow tick is
        # caught up, and a backlog of more than a real second is dropped, not burst out.
        loop = asyncio.get_running_loop()
        tick = self._config.traffic_tick_s
        due = loop.time()
        while True:
            due += tick
            late = loop.time() - due
            if late > max(1.0, tick):
                due = loop.time()
            await asyncio.sleep(max(0.0, due - loop.time()))
            try:
                # Hand the loop back every couple of milliseconds: a tick that publishes a
                # hundred events at once would make agents' own requests wait behind it.
                turn_ends = time.perf_counter() + _SLICE_S
                for _ in self._tick_work():
                    if time.perf_counter() >= turn_ends:
                        await asyncio.sleep(0)
                        turn_ends = time.perf_counter() + _SLICE_S
            except Exception:  # a bad tick must not stop the traffic for good
                log.exception("traffic tick failed")

    # One tick -------------------------------------------------------------------------------

    def step(self) -> None:
        """Advance one tick: the platform's deadlines, the queue, then new offers."""
        for _ in self._tick_work():
            pass

    def _tick_work(self) -> Iterator[None]:
        """One tick, yielding after each contact event and each session looked at, so the
        caller can pace it."""
        self._tick += 1
        now = self._engine.now_ms()
        sessions = self._engine.sessions()  # once a tick: it sorts every session
        open_contacts = [c for s in sessions for c in s.contacts]
        self._schedule(open_contacts)
        for contact in open_contacts:
            if contact.status.is_offer and contact.rings_out_ms and contact.rings_out_ms <= now:
                self._engine.ring_out(contact.contact_id)
            elif contact.status is ContactStatus.WRAP_UP and 0 < contact.wrap_up_by_ms <= now:
                self._engine.auto_wrap_up(contact.contact_id)
            yield
        for contact_id, due in sorted(self._connect_at.items()):
            if due <= self._tick:
                del self._connect_at[contact_id]
                self._engine.assign_contact(contact_id)
                yield
        for contact_id, due in sorted(self._end_at.items()):
            if due <= self._tick:
                del self._end_at[contact_id]
                self._engine.customer_ends(contact_id)
                yield
        if self._config.traffic and self._config.arrivals_per_min > 0:
            self._arrivals(now)
        agent_ids = [session.agent_id for session in sessions]
        yield from self._route_waiting(now, agent_ids)
        if self._config.traffic:
            yield from self._new_offers(agent_ids)

    def _schedule(self, open_contacts: list[Contact]) -> None:
        """Give each open contact its next step by the platform or its customer (including
        contacts this simulator did not make, e.g. left over from before a restart), and
        forget those that moved on."""
        live: set[str] = set()
        for contact in open_contacts:
            live.add(contact.contact_id)
            key = contact.contact_id
            if contact.status.is_offer and key not in self._connect_at:
                if self._connects_itself(contact):
                    self._connect_at[key] = self._tick + self._ticks(self._config.answer_after_s)
            elif contact.status.is_live and key not in self._end_at and self._config.traffic:
                self._end_at[key] = self._tick + self._ticks(self._config.handle_for_s)
        for contact_id in [c for c in self._connect_at if c not in live]:
            del self._connect_at[contact_id]
        ended = {c.contact_id for c in open_contacts if not c.status.is_live}
        for contact_id in [c for c in self._end_at if c not in live or c in ended]:
            del self._end_at[contact_id]

    def _connects_itself(self, contact: Contact) -> bool:
        if contact.status is ContactStatus.RINGING:
            return self._config.phone_answers
        return contact.channel in self._config.auto_answer

    def _available(self, agent_ids: list[str]) -> Iterator[str]:
        """The agents (of the tick's sessions, in their order) Available right now: a session
        may have changed while the tick let the loop run."""
        session_of = self._engine.session_of
        for agent_id in agent_ids:
            session = session_of(agent_id)
            if session is not None and session.availability is Availability.AVAILABLE:
                yield agent_id

    def _route_waiting(self, now: int, agent_ids: list[str]) -> Iterator[None]:
        """Offer contacts back in their queue to an Available agent with room who has not
        let them go; a customer who waited too long hangs up."""
        patience_ms = int(self._config.queue_patience_s * 1000)
        room_on = self._engine.room_on
        # Who could take a contact on each channel, worked out once for all waiting contacts
        # (not once per contact: with 2,000 agents that scan was a tenth of the sandbox's
        # CPU), and kept true as offers fill the agents' room.
        open_to: dict[str, list[str]] = {}
        for contact in self._engine.waiting():
            if now - contact.offered_ms > patience_ms:
                self._engine.abandon_waiting(contact.contact_id)
                continue
            channel = contact.channel
            if channel not in open_to:
                open_to[channel] = [a for a in self._available(agent_ids) if room_on(a, channel)]
            candidates = open_to[channel]
            takers = [a for a in candidates if a not in contact.offered_to]
            if takers:
                chosen = self._rng.choice(takers)
                self._engine.offer_waiting(contact.contact_id, chosen)
                session = self._engine.session_of(chosen)
                if (
                    room_on(chosen, channel) <= 0
                    or session is None
                    or (session.availability is not Availability.AVAILABLE)
                ):
                    candidates.remove(chosen)
            yield

    def _arrivals(self, now: int) -> None:
        """Customers who come in at `arrivals_per_min` on the whole (spread over the channels)
        and wait in their queue until an Available agent has room (`--arrivals`)."""
        channels = self._engine.org.channel_types
        if not channels:
            return
        per_tick = self._config.arrivals_per_min * self._config.traffic_tick_s / 60.0
        whole, part = divmod(per_tick, 1.0)
        count = int(whole) + (1 if self._rng.random() < part else 0)
        for _ in range(count):
            channel = self._rng.choice(channels)
            self._engine.enqueue_contact(
                channel,
                contact_id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
                origin=self._origin(channel),
                queue=queue_name(channel),
            )

    def _new_offers(self, agent_ids: list[str]) -> Iterator[None]:
        for agent_id in self._available(agent_ids):
            for channel in self._engine.org.channel_types:
                if self._engine.room_on(agent_id, channel) <= 0:
                    continue
                if self._rng.random() >= self._config.offer_chance:
                    continue
                self._engine.offer_contact(
                    agent_id,
                    channel,
                    contact_id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
                    origin=self._origin(channel),
                    queue=queue_name(channel),
                )
            yield

    def _ticks(self, seconds: tuple[float, float]) -> int:
        low, high = seconds
        drawn = low if high <= low else self._rng.uniform(low, high)
        return max(1, math.ceil(drawn / self._config.traffic_tick_s))

    def _origin(self, channel: str) -> str:
        n = self._rng.randrange(10_000)
        match channel:
            case "telephony":
                return f"+1415555{n:04d}"
            case "chat":
                return f"visitor-{n:04d}"
            case "email":
                return f"customer{n:04d}@example.com"
            case "social":
                return f"@customer{n:04d}"
            case _:
                return f"{channel}-{n:04d}"
