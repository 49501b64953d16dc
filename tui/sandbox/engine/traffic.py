"""A traffic simulator: offers, assigns and ends contacts so that desktops move by themselves.

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
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.model import Availability, ContactStatus

if TYPE_CHECKING:  # the knobs only; the engine imports nothing of the HTTP app at run time
    from tui.sandbox.config import SandboxConfig

log = logging.getLogger(__name__)

_CONTACTS_PER_SLICE = 8  # contact events published before the loop gets a turn

_QUEUES = {
    "telephony": "Voice Queue",
    "chat": "Chat Queue",
    "email": "Email Queue",
    "social": "Social Queue",
}


class Traffic:
    def __init__(self, engine: Engine, config: SandboxConfig) -> None:
        self._engine = engine
        self._config = config
        self._rng = random.Random(config.seed)
        self._tick = 0
        self._assign_at: dict[str, int] = {}
        self._end_at: dict[str, int] = {}
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
        while True:
            await asyncio.sleep(self._config.traffic_tick_s)
            try:
                # Hand the loop back every few contacts: a tick that publishes a hundred
                # events at once would make agents' own requests wait behind it.
                for done, _ in enumerate(self._tick_work(), start=1):
                    if done % _CONTACTS_PER_SLICE == 0:
                        await asyncio.sleep(0)
            except Exception:  # a bad tick must not stop the traffic for good
                log.exception("traffic tick failed")

    # One tick -------------------------------------------------------------------------------

    def step(self) -> None:
        """Advance one tick: assign due offers, end due contacts, then make new offers."""
        for _ in self._tick_work():
            pass

    def _tick_work(self) -> Iterator[None]:
        """One tick, yielding after each contact event so the caller can pace it."""
        self._tick += 1
        self._adopt_unknown_contacts()
        for contact_id, due in sorted(self._assign_at.items()):
            if due <= self._tick:
                del self._assign_at[contact_id]
                if self._engine.assign_contact(contact_id) is not None:
                    self._end_at[contact_id] = self._tick + self._ticks(self._config.handle_for_s)
                yield
        for contact_id, due in sorted(self._end_at.items()):
            if due <= self._tick:
                del self._end_at[contact_id]
                self._engine.end_contact(contact_id)
                yield
        for session in self._engine.sessions():
            if session.availability is not Availability.AVAILABLE:
                continue
            for channel in self._engine.org.channel_types:
                if self._engine.room_on(session.agent_id, channel) <= 0:
                    continue
                if self._rng.random() >= self._config.offer_chance:
                    continue
                event = self._engine.offer_contact(
                    session.agent_id,
                    channel,
                    contact_id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
                    origin=self._origin(channel),
                    queue=_QUEUES.get(channel, f"{channel.title()} Queue"),
                )
                if event is not None and event.contact is not None:
                    due = self._tick + self._ticks(self._config.answer_after_s)
                    self._assign_at[event.contact.contact_id] = due
                yield

    def _adopt_unknown_contacts(self) -> None:
        """Schedule contacts this simulator did not make (e.g. left over from before a restart)
        and forget ones that ended elsewhere (e.g. at logout)."""
        live: set[str] = set()
        for session in self._engine.sessions():
            for contact in session.contacts:
                live.add(contact.contact_id)
                if contact.contact_id in self._assign_at or contact.contact_id in self._end_at:
                    continue
                if contact.status is ContactStatus.OFFERED:
                    self._assign_at[contact.contact_id] = self._tick
                else:
                    due = self._tick + self._ticks(self._config.handle_for_s)
                    self._end_at[contact.contact_id] = due
        for pending in (self._assign_at, self._end_at):
            for contact_id in [c for c in pending if c not in live]:
                del pending[contact_id]

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
