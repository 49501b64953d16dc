"""`python -m tui.load`: hold N simulated agents on one sandbox and measure state changes.

The run generates an org of N agents, starts ONE sandbox as a separate process on 127.0.0.1
(traffic on unless `--no-traffic`), and connects every agent with the real `WebexSession`
client, all in this process's one asyncio loop. Agents sign in and start their station
sessions with bounded concurrency, then for `--duration` seconds a scheduler changes
`--rate` states per second (Idle with a random selectable idle code, or Available), each on
a random agent with no change in flight. The latency of a change is the time from sending
its request to the confirming frame applied to the agent's snapshot (monotonic clock).

Everything is bounded: the ramp, every request, the wait for changes in flight, logout and
the sandbox's shutdown each have a deadline, so the command always ends by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tui.domain.errors import DesktopError
from tui.tools.load.agent import SimAgent, WrongState
from tui.tools.load.figures import P99_TARGET_MS, Figures, percentile
from tui.tools.load.org import write_org
from tui.tools.load.sandbox_process import SandboxProcess

LOGOUT_S = 30.0
SAMPLE_EVERY_S = 0.25
PROGRESS_EVERY_S = 10.0
MAX_ERROR_SAMPLES = 5


@dataclass(frozen=True)
class LoadOptions:
    agents: int = 500
    duration_s: float = 60.0
    rate: float = 50.0
    seed: int = 1
    traffic: bool = True
    ramp_concurrency: int = 16
    request_timeout_s: float = 10.0
    p99_target_ms: float = P99_TARGET_MS
    json_path: Path | None = None
    progress: bool = True
    profile_sandbox: Path | None = None
    profile_load: Path | None = None


async def _watch_loop(stalls: list[float], every_s: float = 0.01) -> None:
    """How late this loop wakes up (ms): the load generator's own share of any latency."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(every_s)
        stalls.append(max(0.0, (loop.time() - asked - every_s) * 1000))


def _busy_s() -> float:
    """CPU seconds every process on the machine has used (from /proc/stat); 0 if unknown."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(t) for t in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = sum(ticks[3:5])  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _kind(exc: BaseException) -> str:
    return type(exc).__name__


def _detail(exc: BaseException) -> str:
    """The error and what caused it, e.g. `ServerUnreachable <- RemoteProtocolError: ...`."""
    text = f"{_kind(exc)}: {exc}"
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        text += f" <- {_kind(cause)}: {cause}"
    return text[:300]


class LoadRun:
    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.figures = Figures(
            agents=options.agents,
            duration_s=options.duration_s,
            rate=options.rate,
            traffic=options.traffic,
            seed=options.seed,
            p99_target_ms=options.p99_target_ms,
        )
        self.errors: Counter[str] = Counter()
        self.events: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.agents: list[SimAgent] = []
        self._rng = random.Random(options.seed)
        self._rss_start_kib = 0
        self._rss_last_kib = 0

    def _error(self, kind: str, exc: BaseException, agent: SimAgent | None = None) -> None:
        """Count an error, and keep the first few in full so a failed run says why."""
        self.errors[kind] += 1
        if len(self.figures.error_samples) < MAX_ERROR_SAMPLES:
            who = f"{agent.login} after {agent.idle_before_s:.2f} s idle: " if agent else ""
            self.figures.error_samples.append(f"{who}{_detail(exc)}")

    def say(self, text: str) -> None:
        if self.options.progress:
            print(text, flush=True)

    async def run(self) -> Figures:
        options = self.options
        with tempfile.TemporaryDirectory(prefix="agent-desktop-load-") as tmp:
            folder = Path(tmp)
            org_file = folder / "org.json"
            write_org(org_file, options.agents)
            sandbox = SandboxProcess(
                folder / "data", org_file, options.seed, options.traffic, options.profile_sandbox
            )
            sandbox.data_dir.mkdir()
            base_url = await sandbox.start()
            self.say(f"Sandbox pid {sandbox.pid} listening on {base_url}")
            try:
                await self._run_against(sandbox, base_url)
            finally:
                await self._shut_down(sandbox)
        self._finish()
        return self.figures

    async def _run_against(self, sandbox: SandboxProcess, base_url: str) -> None:
        self._rss_start_kib = sandbox.rss_kib()
        sampler = asyncio.create_task(self._sample(sandbox))
        try:
            await self._ramp(base_url)
            gc.collect()
            gc.freeze()  # the sessions live for the whole run: keep them out of GC scans
            cpu_server, cpu_load, cpu_all = sandbox.cpu_seconds(), time.process_time(), _busy_s()
            wall = time.monotonic()
            stalls: list[float] = []
            watchdog = asyncio.create_task(_watch_loop(stalls))
            try:
                await self._change_states()
            finally:
                watchdog.cancel()
            wall = max(time.monotonic() - wall, 1e-9)
            self.figures.load_stall_p99_ms = percentile(stalls, 99)
            self.figures.load_stall_max_ms = max(stalls, default=0.0)
            self.figures.server_cpu_percent = 100 * (sandbox.cpu_seconds() - cpu_server) / wall
            self.figures.load_cpu_percent = 100 * (time.process_time() - cpu_load) / wall
            everyone = 100 * (_busy_s() - cpu_all) / wall
            self.figures.other_cpu_percent = max(
                0.0, everyone - self.figures.server_cpu_percent - self.figures.load_cpu_percent
            )
            self.figures.cores = os.cpu_count() or 0
            self.figures.online_at_end = sum(1 for a in self.agents if a.online)
            self._rss_last_kib = sandbox.rss_kib() or self._rss_last_kib
            if not sandbox.running:
                self.errors["sandbox exited"] += 1
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler

    async def _sample(self, sandbox: SandboxProcess) -> None:
        while True:
            self._rss_last_kib = sandbox.rss_kib() or self._rss_last_kib
            sandbox.cpu_seconds()  # keeps the last reading should the process die
            await asyncio.sleep(SAMPLE_EVERY_S)

    async def _ramp(self, base_url: str) -> None:
        """Connect every agent, at most `ramp_concurrency` at a time, within a deadline.

        Sessions are made inside the gate: each new httpx client loads the CA bundle (~15 ms of
        CPU), which for 500 agents at once would stall the loop for seconds.
        """
        options = self.options
        gate = asyncio.Semaphore(options.ramp_concurrency)
        connect_ms: list[float] = []

        async def one(index: int) -> None:
            async with gate:
                agent = SimAgent(index, base_url, options.request_timeout_s, options.seed)
                self.agents.append(agent)
                started = time.perf_counter()
                try:
                    await agent.connect()
                except (DesktopError, OSError) as exc:
                    self._error(f"connect: {_kind(exc)}", exc)
                    return
                connect_ms.append((time.perf_counter() - started) * 1000)
            agent.watch(self.events, self.errors)

        started = time.perf_counter()
        deadline = 30.0 + options.agents * 0.5
        tasks = [asyncio.create_task(one(i)) for i in range(1, options.agents + 1)]
        _, late = await asyncio.wait(tasks, timeout=deadline)
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
            self.errors["connect: ramp deadline passed"] += len(late)
        figures = self.figures
        figures.ramp_s = time.perf_counter() - started
        figures.connected = sum(1 for a in self.agents if a.connected)
        figures.connect_p50_ms = percentile(connect_ms, 50)
        figures.connect_max_ms = max(connect_ms, default=0.0)
        self.say(
            f"Connected {figures.connected}/{options.agents} agents in {figures.ramp_s:.1f} s "
            f"(sign-in to station session p50 {figures.connect_p50_ms:.0f} ms)"
        )

    async def _change_states(self) -> None:
        """`rate` changes a second on a fixed schedule, each on a random agent not busy."""
        options = self.options
        figures = self.figures
        free = [a for a in self.agents if a.connected]
        planned = int(options.rate * options.duration_s)
        figures.changes_planned = planned
        in_flight: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        lag_max = 0.0

        async def one(agent: SimAgent) -> None:
            try:
                self.latencies.append(await agent.change(self._rng))
            except (DesktopError, WrongState) as exc:
                self._error(f"change: {_kind(exc)}", exc, agent)
            finally:
                free.append(agent)

        start = loop.time()
        next_progress = start + PROGRESS_EVERY_S
        for n in range(planned):
            due = start + n / options.rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            lag_max = max(lag_max, now - due)
            if now >= next_progress:
                next_progress += PROGRESS_EVERY_S
                self._progress(now - start)
            if not free:
                figures.changes_skipped += 1
                continue
            pick = self._rng.randrange(len(free))
            free[pick], free[-1] = free[-1], free[pick]
            task = asyncio.create_task(one(free.pop()))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        remaining = start + options.duration_s - loop.time()
        if remaining > 0:
            await asyncio.sleep(remaining)
        if in_flight:
            _, late = await asyncio.wait(in_flight, timeout=options.request_timeout_s + 2.0)
            for task in late:
                task.cancel()
                self.errors["change: never finished"] += 1
        figures.changes_done = len(self.latencies)
        figures.schedule_lag_max_ms = lag_max * 1000

    def _progress(self, elapsed: float) -> None:
        self.say(
            f"  {elapsed:4.0f} s: {len(self.latencies)} changes, "
            f"p99 so far {percentile(self.latencies, 99):.1f} ms, "
            f"errors {sum(self.errors.values())}"
        )

    async def _shut_down(self, sandbox: SandboxProcess) -> None:
        """Log every agent out, close every session, stop the sandbox; each step bounded."""
        gate = asyncio.Semaphore(max(1, self.options.ramp_concurrency * 2))

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
            self.figures.logged_out = sum(1 for t in done if not t.cancelled() and t.result())
        for agent in self.agents:
            await agent.stop_watching()
        closing = [asyncio.create_task(agent.session.close()) for agent in self.agents]
        if closing:
            _, late = await asyncio.wait(closing, timeout=LOGOUT_S)
            for task in late:
                task.cancel()
        if sandbox.running:
            sandbox.rss_kib()
        await sandbox.stop()
        logged = sandbox.logged_errors()
        if logged:
            self.errors["sandbox logged an error"] += logged
            self.figures.error_samples.append(f"sandbox log: {sandbox.first_error()}"[:300])
        self.figures.server_rss_peak_mib = sandbox.rss_peak_kib / 1024

    def _finish(self) -> None:
        figures = self.figures
        options = self.options
        figures.errors = dict(sorted(self.errors.items()))
        figures.events = dict(sorted(self.events.items()))
        figures.events_total = sum(self.events.values())
        figures.frames_total = sum(a.session.stream.frames_received for a in self.agents)
        figures.latency_p50_ms = percentile(self.latencies, 50)
        figures.latency_p90_ms = percentile(self.latencies, 90)
        figures.latency_p99_ms = percentile(self.latencies, 99)
        figures.latency_max_ms = max(self.latencies, default=0.0)
        figures.server_rss_start_mib = self._rss_start_kib / 1024
        figures.server_rss_end_mib = self._rss_last_kib / 1024
        problems = []
        if figures.connected < options.agents:
            problems.append(f"{figures.connected}/{options.agents} agents connected")
        elif figures.online_at_end < options.agents:
            problems.append(f"{figures.online_at_end}/{options.agents} agents online at the end")
        if figures.error_count:
            problems.append(f"{figures.error_count} errors")
        if figures.changes_done == 0:
            problems.append("no state change done")
        if figures.latency_p99_ms >= options.p99_target_ms:
            problems.append(f"p99 {figures.latency_p99_ms:.1f} ms >= {options.p99_target_ms:g} ms")
        figures.passed = not problems
        duration = f"{options.duration_s:g} s"
        if figures.passed:
            figures.verdict = (
                f"PASS: {options.agents} agents for {duration}, 0 errors, "
                f"p99 {figures.latency_p99_ms:.1f} ms < {options.p99_target_ms:g} ms"
            )
        else:
            figures.verdict = f"FAIL: {options.agents} agents for {duration}: " + ", ".join(
                problems
            )
