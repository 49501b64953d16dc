"""The live floor: simulated colleagues who work the sandbox like people at their desks.

Each colleague is an ordinary agent of the org. They sign in through the engine (the same
commands a desktop's requests end in), take the contacts the traffic simulator offers them
(accept, sometimes hold and resume, end, wrap up with a real wrap-up code), go Idle with a
real idle code now and then and come back. A supervisor can change their state or act as them
like anyone's; the colleague carries on from whatever state they find.

A colleague is let go for good as soon as a real person shows up as that user: a password
sign-in (the engine tells us) or anyone listening to the agent's events (a desktop's socket
or long poll). The floor then ends the session it made, if the person has not taken it over
yet, and never touches that agent or their contacts again.

Every wait is drawn from one seeded `random.Random` and measured on the engine's clock,
divided by `floor_speed`, so tests compress a working day into seconds without sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.model import Availability, ContactStatus, Device
from tui.sandbox.engine.org import User

if TYPE_CHECKING:
    from tui.sandbox.config import SandboxConfig

log = logging.getLogger(__name__)

_Key = tuple[str, ...]
_Act = Callable[[], object]

_REASON = "floor"

# Waits in seconds (at speed 1), as (min, max).
_SIGN_IN_AFTER = (0.5, 8.0)
_ACCEPT_AFTER = (1.0, 4.0)
_HOLD_AFTER = (4.0, 12.0)
_HOLD_FOR = (4.0, 10.0)
_HOLD_CHANCE = 0.3
_END_AFTER = (15.0, 45.0)
_WRAP_UP_AFTER = (3.0, 10.0)
_BREAK_AFTER = (30.0, 120.0)
_IDLE_FOR = (15.0, 60.0)
_LONG_IDLE_FOR = (60.0, 180.0)  # Lunch, Training: longer than a short break


class Colleagues:
    """The simulated floor of one sandbox: `start()`, `stop()`, or `step()` by hand."""

    def __init__(self, engine: Engine, config: SandboxConfig) -> None:
        self._engine = engine
        self._config = config
        self._speed = config.floor_speed
        seed = None if config.seed is None else config.seed + 7_919  # not the traffic's draws
        self._rng = random.Random(seed)
        self._agents = self._choose(config.floor)
        self._released: set[str] = set()
        self._due: dict[tuple[str, ...], int] = {}
        """When each planned step happens (engine ms), keyed by (agent, step, what it is on)."""
        self._made: set[str] = set()
        """Sessions the floor started (a release ends only those)."""
        self._holds_once: dict[str, bool] = {}
        """Per contact: whether the colleague puts it on hold once (False once it has been)."""
        self._started_ms = engine.now_ms()
        self._task: asyncio.Task[None] | None = None
        engine.on_sign_in(self.release)

    @property
    def agent_ids(self) -> tuple[str, ...]:
        """The colleagues still on the floor (not let go to a real person)."""
        return tuple(a.id for a in self._agents if a.id not in self._released)

    def _choose(self, count: int) -> list[User]:
        """The agents on the floor: every team gets colleagues in turn, and a team's first
        agent (whom a demo signs in as, e.g. agent1) comes last."""
        by_team: dict[str, list[User]] = {}
        for user in self._engine.org.users:
            if user.role == "agent" and user.active and user.teamIds:
                by_team.setdefault(user.teamIds[0], []).append(user)
        queues = [members[1:] + members[:1] for members in by_team.values()]
        chosen: list[User] = []
        while len(chosen) < count and any(queues):
            for queue in queues:
                if queue and len(chosen) < count:
                    chosen.append(queue.pop(0))
        return chosen

    # Background running --------------------------------------------------------------------

    def start(self) -> None:
        if self._task is None and self._agents:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="floor")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        tick_s = max(0.02, min(1.0, self._config.traffic_tick_s))
        while True:
            await asyncio.sleep(tick_s)
            try:
                for _ in self._work():
                    await asyncio.sleep(0)
            except Exception:  # a bad step must not stop the floor for good
                log.exception("floor step failed")

    # Letting go -----------------------------------------------------------------------------

    def release(self, agent_id: str) -> None:
        """A real person is this agent now: end the session the floor made, if any, and
        never touch the agent again."""
        if agent_id in self._released or agent_id not in {a.id for a in self._agents}:
            return
        self._released.add(agent_id)
        for key in [k for k in self._due if k[0] == agent_id]:
            del self._due[key]
        session = self._engine.session_of(agent_id)
        if session is not None and session.session_id in self._made:
            with contextlib.suppress(Rejected):
                self._engine.end_session(agent_id, reason="Signed in elsewhere")

    # One step -------------------------------------------------------------------------------

    def step(self) -> None:
        """Do every step that is due now."""
        for _ in self._work():
            pass

    def _work(self) -> Iterator[None]:
        now = self._engine.now_ms()
        planned: set[tuple[str, ...]] = set()
        for agent in self._agents:
            if agent.id in self._released:
                continue
            if self._engine.listeners(agent.id):
                self.release(agent.id)
                continue
            for key, act in self._steps(agent, planned):
                due = self._due.setdefault(key, now + self._wait(key))
                if due <= now:
                    del self._due[key]
                    planned.discard(key)
                    with contextlib.suppress(Rejected):
                        act()
                    yield
        for key in [k for k in self._due if k not in planned]:
            del self._due[key]
        open_ids = {k[2] for k in planned if len(k) > 2}
        for contact_id in [c for c in self._holds_once if c not in open_ids]:
            del self._holds_once[contact_id]

    def _steps(self, agent: User, planned: set[tuple[str, ...]]) -> Iterator[tuple[_Key, _Act]]:
        """The next step for each thing the agent has going, keyed so a plan survives ticks."""
        engine = self._engine
        session = engine.session_of(agent.id)

        def plan(key: _Key, act: _Act) -> tuple[_Key, _Act]:
            planned.add(key)
            return key, act

        if session is None:
            yield plan((agent.id, "sign_in"), lambda: self._sign_in(agent))
            return
        for contact in session.contacts:
            cid = contact.contact_id
            match contact.status:
                case ContactStatus.OFFERED:
                    yield plan(
                        (agent.id, "accept", cid),
                        lambda cid=cid: engine.accept_contact(agent.id, cid),
                    )
                case ContactStatus.ASSIGNED:
                    if self._holds(cid):
                        yield plan(
                            (agent.id, "hold", cid),
                            lambda cid=cid: engine.hold_contact(agent.id, cid),
                        )
                    yield plan(
                        (agent.id, "end", cid),
                        lambda cid=cid: engine.end_by_agent(agent.id, cid),
                    )
                case ContactStatus.HELD:
                    self._holds_once[cid] = False
                    planned.add((agent.id, "end", cid))  # its end keeps its time
                    yield plan(
                        (agent.id, "resume", cid),
                        lambda cid=cid: engine.resume_contact(agent.id, cid),
                    )
                case ContactStatus.WRAP_UP:
                    yield plan(
                        (agent.id, "wrap_up", cid),
                        lambda cid=cid: engine.wrap_up_contact(agent.id, cid, self._wrap_up_code()),
                    )
                case _:  # ringing on their own phone: picked up there (the traffic simulator)
                    pass
        # A break comes when it is due, contacts or not: the colleague finishes what they
        # have open while Idle (no new offers come), as a person asking for a break would.
        stamp = str(session.state_changed_ms)
        if session.availability is Availability.AVAILABLE:
            yield plan((agent.id, "break", stamp), lambda: self._go_idle(agent.id))
        else:
            code = engine.org.aux_code(session.idle_code_id or "")
            long = code is not None and code.name in ("Lunch", "Training")
            key = (agent.id, "back_long" if long else "back", stamp)
            yield plan(key, lambda: self._come_back(agent.id))

    # Actions ----------------------------------------------------------------------------------

    def _sign_in(self, agent: User) -> None:
        use_extension = self._rng.random() < 0.3
        self._engine.start_session(
            agent.id,
            dial_number=agent.extension if use_extension else agent.defaultDialNumber,
            device=Device.EXTENSION if use_extension else Device.DIAL_NUMBER,
            team_id=agent.teamIds[0],
            available=self._rng.random() < 0.75,
        )
        session = self._engine.session_of(agent.id)
        if session is not None:
            self._made.add(session.session_id)

    def _go_idle(self, agent_id: str) -> None:
        codes = [c for c in self._engine.org.auxiliaryCodes if c.is_idle_code and c.selectable]
        if not codes:
            return
        self._engine.change_state(
            agent_id,
            availability=Availability.IDLE,
            idle_code_id=self._rng.choice(codes).id,
            reason=_REASON,
        )

    def _come_back(self, agent_id: str) -> None:
        self._engine.change_state(agent_id, availability=Availability.AVAILABLE, reason=_REASON)

    def _wrap_up_code(self) -> str:
        codes = [c for c in self._engine.org.wrap_up_codes() if c.active]
        return self._rng.choice(codes).id if codes else ""

    # Timing -----------------------------------------------------------------------------------

    def _holds(self, contact_id: str) -> bool:
        """Whether a contact gets put on hold once (decided once per contact, seeded)."""
        if contact_id not in self._holds_once:
            self._holds_once[contact_id] = self._rng.random() < _HOLD_CHANCE
        return self._holds_once[contact_id]

    def _wait(self, key: tuple[str, ...]) -> int:
        step = key[1]
        low, high = {
            "sign_in": _SIGN_IN_AFTER,
            "accept": _ACCEPT_AFTER,
            "hold": _HOLD_AFTER,
            "resume": _HOLD_FOR,
            "end": _END_AFTER,
            "wrap_up": _WRAP_UP_AFTER,
            "break": _BREAK_AFTER,
            "back": _IDLE_FOR,
            "back_long": _LONG_IDLE_FOR,
        }.get(step, (1.0, 2.0))
        return int(self._rng.uniform(low, high) * 1000 / self._speed)
