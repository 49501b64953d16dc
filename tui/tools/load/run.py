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

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tui.backends.session import PasswordSignIn, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import (
    AgentStateChanged,
    Availability,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    FrameIgnored,
    IdleCode,
    Link,
    LoginOption,
    MultiLoginClosed,
    RequestRefused,
)
from tui.domain.errors import DesktopError
from tui.tools.load.org import MAX_AGENTS, dial_number_of, login_of, write_org

HOST = "127.0.0.1"  # a load run never leaves the machine
P99_TARGET_MS = 200.0
SANDBOX_START_S = 30.0
SANDBOX_STOP_S = 10.0
LOGOUT_S = 30.0
SAMPLE_EVERY_S = 0.25
PROGRESS_EVERY_S = 10.0
MAX_ERROR_SAMPLES = 5
MAX_DURATION_S = 3600.0
MAX_RATE = 2000.0
READY_PREFIX = "Sandbox listening on "
_ROOT = Path(__file__).resolve().parents[3]  # the checkout (this is tui/tools/load/...)


# -- figures -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Everything the run prints, and writes with `--json`."""

    agents: int
    duration_s: float
    rate: float
    traffic: bool
    seed: int
    connected: int = 0
    online_at_end: int = 0
    ramp_s: float = 0.0
    connect_p50_ms: float = 0.0
    connect_max_ms: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    changes_planned: int = 0
    changes_done: int = 0
    changes_skipped: int = 0
    latency_p50_ms: float = 0.0
    latency_p90_ms: float = 0.0
    latency_p99_ms: float = 0.0
    latency_max_ms: float = 0.0
    schedule_lag_max_ms: float = 0.0
    load_stall_p99_ms: float = 0.0
    load_stall_max_ms: float = 0.0
    events: dict[str, int] = field(default_factory=dict)
    events_total: int = 0
    frames_total: int = 0
    server_rss_start_mib: float = 0.0
    server_rss_end_mib: float = 0.0
    server_rss_peak_mib: float = 0.0
    server_cpu_percent: float = 0.0
    load_cpu_percent: float = 0.0
    other_cpu_percent: float = 0.0
    cores: int = 0
    logged_out: int = 0
    p99_target_ms: float = P99_TARGET_MS
    passed: bool = False
    verdict: str = ""

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values): p99 of 100 values is the 99th smallest."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * pct // 100)))
    return ordered[int(rank) - 1]


# -- the sandbox process -----------------------------------------------------------------------


class SandboxFailed(Exception):
    """The sandbox process did not come up."""


class SandboxProcess:
    """`python -m tui.sandbox` on 127.0.0.1, a port of its own, and its memory and CPU."""

    def __init__(
        self,
        data_dir: Path,
        org_file: Path,
        seed: int,
        traffic: bool,
        profile_to: Path | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.profile_to = profile_to
        self.org_file = org_file
        self.seed = seed
        self.traffic = traffic
        self.log_path = data_dir / "sandbox.log"
        self.base_url = ""
        self._process: asyncio.subprocess.Process | None = None
        self._drain: asyncio.Task[None] | None = None
        self.rss_peak_kib = 0
        self._cpu_s = 0.0

    @property
    def pid(self) -> int:
        return self._process.pid if self._process else 0

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> str:
        """Start it and wait for its "listening" line; the base URL. Raises SandboxFailed."""
        profiler = ["-m", "cProfile", "-o", str(self.profile_to)] if self.profile_to else []
        args = [
            sys.executable,
            *profiler,
            "-m",
            "tui.sandbox",
            "--host",
            HOST,
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
            "--org-file",
            str(self.org_file),
            "--seed",
            str(self.seed),
        ]
        if not self.traffic:
            args.append("--no-traffic")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
        with self.log_path.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                *args, stdout=asyncio.subprocess.PIPE, stderr=log, cwd=_ROOT, env=env
            )
        assert self._process.stdout is not None
        try:
            async with asyncio.timeout(SANDBOX_START_S):
                while True:
                    line = await self._process.stdout.readline()
                    if not line:
                        raise SandboxFailed(f"the sandbox exited at start: {self.log_tail()}")
                    text = line.decode("utf-8", "replace").strip()
                    if text.startswith(READY_PREFIX):
                        self.base_url = text.removeprefix(READY_PREFIX)
                        break
        except TimeoutError:
            await self.stop()
            raise SandboxFailed(f"the sandbox did not start within {SANDBOX_START_S:g} s") from None
        except SandboxFailed:
            await self.stop()
            raise
        self._drain = asyncio.create_task(self._drain_stdout(self._process.stdout))
        return self.base_url

    @staticmethod
    async def _drain_stdout(stream: asyncio.StreamReader) -> None:
        while await stream.readline():
            pass

    def _status(self) -> dict[str, int]:
        """VmRSS and VmHWM in KiB from /proc (empty when the process is gone)."""
        found: dict[str, int] = {}
        with contextlib.suppress(OSError), open(f"/proc/{self.pid}/status") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(rest.split()[0])
        return found

    def rss_kib(self) -> int:
        """The resident memory now, remembering the peak seen."""
        status = self._status()
        self.rss_peak_kib = max(self.rss_peak_kib, status.get("VmRSS", 0), status.get("VmHWM", 0))
        return status.get("VmRSS", 0)

    def cpu_seconds(self) -> float:
        """User plus system CPU time the sandbox has used so far (the last reading once it is
        gone)."""
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            self._cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
        return self._cpu_s

    def log_tail(self, lines: int = 5) -> str:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", "replace").strip().splitlines()
            return " | ".join(text[-lines:]) or "(no output)"
        return "(no output)"

    def first_error(self) -> str:
        """The first ERROR record and the last line of its traceback (the exception)."""
        with contextlib.suppress(OSError):
            lines = self.log_path.read_text("utf-8", "replace").splitlines()
            for n, line in enumerate(lines):
                if line.startswith(("ERROR", "CRITICAL")):
                    rest = [t for t in lines[n + 1 :] if t and not t[0].isspace()]
                    last = next((t for t in rest if not t.startswith("Traceback")), "")
                    return f"{line} | {last}" if last else line
        return "(none)"

    def logged_errors(self) -> int:
        """Records the sandbox logged at ERROR or worse: each is a server-side fault."""
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", "replace").splitlines()
            return sum(1 for t in text if t.startswith(("ERROR", "CRITICAL")))
        return 0

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within SANDBOX_STOP_S."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(SANDBOX_STOP_S):
                    await process.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._drain is not None:
            self._drain.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drain


# -- one simulated agent -----------------------------------------------------------------------


class SimAgent:
    """One agent: a real `WebexSession`, and a task counting the events it applies."""

    def __init__(self, index: int, base_url: str, request_timeout: float, seed: int) -> None:
        self.index = index
        self.login = login_of(index)
        self.session = WebexSession(
            base_url, request_timeout=request_timeout, rng=random.Random(seed * 100_003 + index)
        )
        self.codes: tuple[IdleCode, ...] = ()
        self.connected = False
        self.last_request_s = 0.0  # perf_counter when its last request ended
        self.idle_before_s = 0.0  # how long its HTTP connection had been idle before a change
        self._was_online = False
        self._watch: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        """Sign in, load the profile (opens the socket), start a Dial Number station session."""
        session = self.session
        await session.sign_in(PasswordSignIn(self.login, self.login))
        profile = await session.load_profile()
        self.codes = profile.selectable_idle_codes
        team_id = profile.default_team_id or (profile.teams[0].id if profile.teams else "")
        login = StationLogin(team_id, LoginOption.DIAL_NUMBER, dial_number_of(self.index))
        await session.start_station_session(login)
        self.connected = True
        self.last_request_s = time.perf_counter()

    def watch(self, counts: Counter[str], errors: Counter[str]) -> None:
        self._watch = asyncio.create_task(self._count(counts, errors))

    async def _count(self, counts: Counter[str], errors: Counter[str]) -> None:
        """Consume the session's events as a desktop would; note the ones that mean trouble."""
        while True:
            for event in await self.session.next_batch():
                name = type(event).__name__
                counts[name] += 1
                if isinstance(event, ConnectionChanged):
                    online = event.connection.link is Link.ONLINE
                    if self._was_online and not online:
                        errors["connection lost"] += 1  # once per loss, not per retry
                    self._was_online = online
                elif isinstance(event, RequestRefused | FrameIgnored | MultiLoginClosed):
                    errors[name] += 1

    async def stop_watching(self) -> None:
        task, self._watch = self._watch, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def online(self) -> bool:
        return self.session.stream.is_online and self.session.snapshot.has_session

    async def change(self, rng: random.Random) -> float:
        """One state change; the request-to-event latency in ms. Raises DesktopError."""
        snapshot = self.session.snapshot
        wanted: IdleCode | None = None
        if snapshot.availability is not Availability.IDLE or (rng.random() >= 0.5 and self.codes):
            current = snapshot.idle_code.id if snapshot.idle_code else None
            wanted = rng.choice([c for c in self.codes if c.id != current] or list(self.codes))
        started = time.perf_counter()
        self.idle_before_s = started - self.last_request_s
        try:
            if wanted is None:
                await self.session.set_available()
            else:
                await self.session.set_idle(wanted)
        finally:
            self.last_request_s = time.perf_counter()
        elapsed = self.last_request_s - started
        after = self.session.snapshot
        if wanted is None and after.availability is not Availability.AVAILABLE:
            raise WrongState("not Available after the confirming frame")
        if wanted is not None and (after.idle_code is None or after.idle_code.id != wanted.id):
            raise WrongState("not Idle with the chosen code after the confirming frame")
        return elapsed * 1000.0


class WrongState(Exception):
    """The confirming frame arrived, but the snapshot does not show the requested state."""


# -- the run -----------------------------------------------------------------------------------


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


# -- output ------------------------------------------------------------------------------------


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def render(figures: Figures) -> str:
    """The human-readable summary, ending with the verdict line."""
    events = figures.events
    contacts = sum(
        events.get(t.__name__, 0) for t in (ContactOffered, ContactAssigned, ContactEnded)
    )
    errors = str(figures.error_count)
    if figures.errors:
        errors += f" ({_counts(figures.errors)})"
    return "\n".join(
        [
            f"Load run: {figures.agents} agents, {figures.duration_s:g} s, "
            f"{figures.rate:g} changes/s, traffic {'on' if figures.traffic else 'off'}, "
            f"seed {figures.seed}",
            f"Agents connected:   {figures.connected}/{figures.agents} "
            f"(still online at the end: {figures.online_at_end}; logged out after: "
            f"{figures.logged_out}); ramp {figures.ramp_s:.1f} s",
            f"Errors:             {errors}",
            *(f"  e.g. {sample}" for sample in figures.error_samples),
            f"Changes done:       {figures.changes_done} of {figures.changes_planned} planned "
            f"({figures.changes_skipped} skipped: no free agent)",
            f"Latency (request to event applied): p50 {figures.latency_p50_ms:.1f} ms, "
            f"p90 {figures.latency_p90_ms:.1f} ms, p99 {figures.latency_p99_ms:.1f} ms, "
            f"max {figures.latency_max_ms:.1f} ms",
            f"Events received:    {figures.events_total} (state changes "
            f"{events.get(AgentStateChanged.__name__, 0)}, traffic contacts {contacts}: "
            f"offered {events.get(ContactOffered.__name__, 0)}, "
            f"assigned {events.get(ContactAssigned.__name__, 0)}, "
            f"ended {events.get(ContactEnded.__name__, 0)}); "
            f"{figures.frames_total} frames incl. keepalives",
            f"Server RSS:         start {figures.server_rss_start_mib:.0f} MiB, "
            f"end {figures.server_rss_end_mib:.0f} MiB, peak {figures.server_rss_peak_mib:.0f} MiB",
            f"CPU while changing: sandbox {figures.server_cpu_percent:.0f}% of a core, "
            f"load generator {figures.load_cpu_percent:.0f}%, other processes "
            f"{figures.other_cpu_percent:.0f}% (of {figures.cores} cores)",
            f"Load generator:     loop stalls p99 {figures.load_stall_p99_ms:.1f} ms, "
            f"max {figures.load_stall_max_ms:.1f} ms; "
            f"schedule lag max {figures.schedule_lag_max_ms:.1f} ms",
            figures.verdict,
        ]
    )


# -- command line ------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_AGENTS:
        raise argparse.ArgumentTypeError(f"must be within 1..{MAX_AGENTS}")
    return value


def _bounded_float(limit: float) -> Any:
    def parse(text: str) -> float:
        value = float(text)
        if not 0 < value <= limit:
            raise argparse.ArgumentTypeError(f"must be > 0 and <= {limit:g}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.load",
        description=(
            "Hold N simulated agents (the real Webex client) on one sandbox started on "
            "127.0.0.1, change their states at a set rate, and report connected agents, errors, "
            "request-to-event latency and the sandbox's memory. Passes with zero errors and "
            "p99 under the target. Exit status: 0 pass, 1 fail, 2 could not run."
        ),
    )
    parser.add_argument(
        "--agents",
        type=_positive_int,
        default=500,
        metavar="N",
        help=f"simulated agents, 1..{MAX_AGENTS} (default 500)",
    )
    parser.add_argument(
        "--duration",
        type=_bounded_float(MAX_DURATION_S),
        default=60.0,
        metavar="SECONDS",
        help="seconds of state changes after all agents connected (default 60)",
    )
    parser.add_argument(
        "--rate",
        type=_bounded_float(MAX_RATE),
        default=50.0,
        metavar="PER_S",
        help="state changes per second over all agents (default 50)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="seed for the sandbox's traffic and for which agent changes to what (default 1)",
    )
    parser.add_argument(
        "--no-traffic", action="store_true", help="run the sandbox without simulated contacts"
    )
    parser.add_argument(
        "--ramp-concurrency",
        type=_positive_int,
        default=16,
        metavar="N",
        help="agents signing in at the same time during the ramp-up (default 16)",
    )
    parser.add_argument(
        "--request-timeout",
        type=_bounded_float(120.0),
        default=10.0,
        metavar="SECONDS",
        help="seconds a request may wait for its confirming frame (default 10)",
    )
    parser.add_argument(
        "--p99-target-ms",
        type=_bounded_float(60_000.0),
        default=P99_TARGET_MS,
        metavar="MS",
        help=f"the p99 latency the run must stay under to pass (default {P99_TARGET_MS:g})",
    )
    parser.add_argument(
        "--json", metavar="PATH", default=None, help="also write the figures as JSON to PATH"
    )
    parser.add_argument(
        "--profile-sandbox",
        metavar="PATH",
        default=None,
        help="run the sandbox under cProfile and write its stats to PATH (slows it down)",
    )
    parser.add_argument(
        "--profile-load",
        metavar="PATH",
        default=None,
        help="profile this load generator with cProfile and write its stats to PATH",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = LoadOptions(
        agents=args.agents,
        duration_s=args.duration,
        rate=args.rate,
        seed=args.seed,
        traffic=not args.no_traffic,
        ramp_concurrency=args.ramp_concurrency,
        request_timeout_s=args.request_timeout,
        p99_target_ms=args.p99_target_ms,
        json_path=Path(args.json) if args.json else None,
        profile_sandbox=Path(args.profile_sandbox).resolve() if args.profile_sandbox else None,
        profile_load=Path(args.profile_load) if args.profile_load else None,
    )
    profiler = cProfile.Profile() if options.profile_load else None
    try:
        if profiler is not None:
            profiler.enable()
        figures = asyncio.run(LoadRun(options).run())
    except SandboxFailed as exc:
        print(f"The load run could not start: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("The load run was interrupted.", file=sys.stderr)
        return 2
    finally:
        if profiler is not None and options.profile_load is not None:
            profiler.disable()
            profiler.dump_stats(options.profile_load)
    print(render(figures), flush=True)
    if options.json_path is not None:
        data = asdict(figures) | {"error_count": figures.error_count}
        options.json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if figures.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
