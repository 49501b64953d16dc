"""A fleet: some of a load run's simulated agents, in one process's asyncio loop.

A run splits its agents over `--workers` processes (`tui.tools.load.worker`), each holding one
fleet, so that the load generator's own CPU is spread over the machine and is not what the run
measures. A fleet signs its agents in, changes their states on its share of a schedule common
to all fleets, logs them out, and reports what it saw as a `FleetReport`.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from tui.domain.errors import DesktopError
from tui.tools.load.agent import SimAgent, WrongState
from tui.tools.load.figures import percentile

LOGOUT_S = 30.0
MAX_ERROR_SAMPLES = 5


@dataclass(frozen=True)
class FleetSpec:
    """One fleet's share of a run: agents `first`, `first + step`, ... up to `agents`."""

    base_url: str
    agents: int
    first: int
    step: int
    rate: float
    duration_s: float
    seed: int
    ramp_concurrency: int
    request_timeout_s: float


@dataclass
class FleetReport:
    """What one fleet saw; a run adds up the reports of its fleets."""

    connected: int = 0
    connect_ms: list[float] = field(default_factory=list)
    ramp_late: int = 0
    planned: int = 0
    skipped: int = 0
    latencies: list[float] = field(default_factory=list)
    schedule_lag_max_ms: float = 0.0
    stall_p99_ms: float = 0.0
    stall_max_ms: float = 0.0
    cpu_s: float = 0.0
    """This process's CPU seconds while changing states."""
    online_at_end: int = 0
    logged_out: int = 0
    frames: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=dict)


def _kind(exc: BaseException) -> str:
    return type(exc).__name__


def _detail(exc: BaseException) -> str:
    """The error and what caused it, e.g. `ServerUnreachable <- RemoteProtocolError: ...`."""
    text = f"{_kind(exc)}: {exc}"
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        text += f" <- {_kind(cause)}: {cause}"
    return text[:300]


async def _watch_loop(stalls: list[float], every_s: float = 0.01) -> None:
    """How late this loop wakes up (ms): the load generator's own share of any latency."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(every_s)
        stalls.append(max(0.0, (loop.time() - asked - every_s) * 1000))


class Fleet:
    def __init__(self, spec: FleetSpec) -> None:
        self.spec = spec
        self.agents: list[SimAgent] = []
        self.errors: Counter[str] = Counter()
        self.events: Counter[str] = Counter()
        self.report = FleetReport()
        self._rng = random.Random(spec.seed * 1_000 + spec.first)

    def error(self, kind: str, exc: BaseException, agent: SimAgent | None = None) -> None:
        """Count an error, and keep the first few in full so a failed run says why."""
        self.errors[kind] += 1
        if len(self.report.error_samples) < MAX_ERROR_SAMPLES:
            who = f"{agent.login} after {agent.idle_before_s:.2f} s idle: " if agent else ""
            self.report.error_samples.append(f"{who}{_detail(exc)}")

    async def ramp(self) -> None:
        """Connect every agent, at most `ramp_concurrency` at a time, within a deadline.

        Sessions are made inside the gate: each new httpx client loads the CA bundle (~15 ms of
        CPU), which for hundreds of agents at once would stall the loop for seconds.
        """
        spec = self.spec
        gate = asyncio.Semaphore(spec.ramp_concurrency)
        report = self.report

        async def one(index: int) -> None:
            async with gate:
                agent = SimAgent(index, spec.base_url, spec.request_timeout_s, spec.seed)
                self.agents.append(agent)
                started = time.perf_counter()
                try:
                    await agent.connect()
                except (DesktopError, OSError) as exc:
                    self.error(f"connect: {_kind(exc)}", exc)
                    return
                report.connect_ms.append((time.perf_counter() - started) * 1000)
            agent.watch(self.events, self.errors)

        indices = range(spec.first, spec.agents + 1, spec.step)
        deadline = 30.0 + len(indices) * 0.5
        tasks = [asyncio.create_task(one(i)) for i in indices]
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=deadline)
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
            self.errors["connect: ramp deadline passed"] += len(late)
        report.connected = sum(1 for a in self.agents if a.connected)

    async def change_states(self, start: float, total_planned: int) -> None:
        """This fleet's share of `rate` changes a second on one schedule for all fleets:
        change number g (0, 1, ...) is due `g / rate` s after `start` (this loop's clock) and
        falls to the fleet `g % step`; each goes to a random agent of the fleet not busy."""
        spec = self.spec
        report = self.report
        free = [a for a in self.agents if a.connected]
        in_flight: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        lag_max = 0.0
        mine = range(spec.first - 1, total_planned, spec.step)
        report.planned = len(mine)

        async def one(agent: SimAgent) -> None:
            try:
                report.latencies.append(await agent.change(self._rng))
            except (DesktopError, WrongState) as exc:
                self.error(f"change: {_kind(exc)}", exc, agent)
            finally:
                free.append(agent)

        stalls: list[float] = []
        watchdog = asyncio.create_task(_watch_loop(stalls))
        cpu = time.process_time()
        try:
            for g in mine:
                due = start + g / spec.rate
                delay = due - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                lag_max = max(lag_max, loop.time() - due)
                if not free:
                    report.skipped += 1
                    continue
                pick = self._rng.randrange(len(free))
                free[pick], free[-1] = free[-1], free[pick]
                task = asyncio.create_task(one(free.pop()))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            remaining = start + spec.duration_s - loop.time()
            if remaining > 0:
                await asyncio.sleep(remaining)
            if in_flight:
                _, late = await asyncio.wait(in_flight, timeout=spec.request_timeout_s + 2.0)
                for task in late:
                    task.cancel()
                    self.errors["change: never finished"] += 1
        finally:
            watchdog.cancel()
        report.cpu_s = time.process_time() - cpu
        report.schedule_lag_max_ms = lag_max * 1000
        report.stall_p99_ms = percentile(stalls, 99)
        report.stall_max_ms = max(stalls, default=0.0)
        report.online_at_end = sum(1 for a in self.agents if a.online)

    async def log_out(self) -> None:
        """Log every agent out and close every session; each step bounded."""
        gate = asyncio.Semaphore(max(1, self.spec.ramp_concurrency * 2))

        async def out(agent: SimAgent) -> bool:
            async with gate:
                try:
                    if agent.connected and agent.session.stream.is_online:
                        await agent.session.log_out("Load run finished")
                        return True
                except DesktopError:
                    pass
                return False

        tasks = [asyncio.create_task(out(agent)) for agent in self.agents]
        if tasks:
            done, late = await asyncio.wait(tasks, timeout=LOGOUT_S)
            for task in late:
                task.cancel()
            self.report.logged_out = sum(1 for t in done if not t.cancelled() and t.result())
        for agent in self.agents:
            await agent.stop_watching()
        closing = [asyncio.create_task(agent.session.close()) for agent in self.agents]
        if closing:
            _, late = await asyncio.wait(closing, timeout=LOGOUT_S)
            for task in late:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*late, return_exceptions=True)

    def finish(self) -> FleetReport:
        report = self.report
        report.errors = dict(self.errors)
        report.events = dict(self.events)
        report.frames = sum(a.session.stream.frames_received for a in self.agents)
        return report
