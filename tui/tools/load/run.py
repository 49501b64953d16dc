"""`python -m tui.load`: hold N simulated agents on one sandbox and measure state changes.

The run generates an org of N agents, starts ONE sandbox as a separate process on 127.0.0.1
(traffic on unless `--no-traffic`), and splits the agents over `--workers` load-generator
processes (`tui.tools.load.worker`), each connecting its share with the real `WebexSession`
client in its own asyncio loop, so that the generator's CPU is not what the run measures.
Agents sign in and start their station sessions with bounded concurrency, then for
`--duration` seconds the workers change `--rate` states per second on one common schedule
(Idle with a random selectable idle code, or Available), each on a random agent with no change
in flight. The latency of a change is the time from sending its request to the confirming frame
applied to the agent's snapshot (monotonic clock, in the worker).

Everything is bounded: the ramp, every request, the wait for changes in flight, logout and
the sandbox's and workers' shutdown each have a deadline, so the command always ends by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.tools.load.figures import P99_TARGET_MS, Figures, percentile
from tui.tools.load.fleet import LOGOUT_S, MAX_ERROR_SAMPLES, FleetReport, FleetSpec
from tui.tools.load.org import write_org
from tui.tools.load.sandbox_process import SandboxProcess
from tui.tools.load.workers import WorkerFailed, WorkerProcess

SAMPLE_EVERY_S = 0.25
GO_AFTER_S = 0.5
"""The common schedule starts this long after the run sends `go`, so every worker has it."""


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
    workers: int = 2


def _busy_s() -> float:
    """CPU seconds every process on the machine has used (from /proc/stat); 0 if unknown."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(t) for t in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = sum(ticks[3:5])  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


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
            workers=self._worker_count(),
        )
        self.errors: Counter[str] = Counter()
        self.reports: list[FleetReport] = []
        self.workers: list[WorkerProcess] = []
        self._progress: dict[int, dict[str, Any]] = {}
        self._rss_start_kib = 0
        self._rss_last_kib = 0
        self._wall_s = 0.0  # how long the changes took
        self._busy_percent = 0.0  # every process's CPU meanwhile, % of a core

    def _worker_count(self) -> int:
        return max(1, min(self.options.workers, self.options.agents))

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
                await self._run_against(sandbox, base_url, folder)
            except WorkerFailed as exc:
                self.errors["load generator failed"] += 1
                self.figures.error_samples.append(str(exc)[:300])
            finally:
                await self._shut_down(sandbox)
        self._finish()
        return self.figures

    def _specs(self, base_url: str) -> list[FleetSpec]:
        options = self.options
        count = self._worker_count()
        return [
            FleetSpec(
                base_url=base_url,
                agents=options.agents,
                first=k,
                step=count,
                rate=options.rate,
                duration_s=options.duration_s,
                seed=options.seed,
                ramp_concurrency=max(1, math.ceil(options.ramp_concurrency / count)),
                request_timeout_s=options.request_timeout_s,
            )
            for k in range(1, count + 1)
        ]

    async def _all(self, key: str, timeout_s: float) -> list[Any]:
        """Every worker's next `key` line, within `timeout_s`. Raises WorkerFailed."""
        try:
            async with asyncio.timeout(timeout_s):
                return await asyncio.gather(
                    *(w.expect(key, self._on_progress) for w in self.workers)
                )
        except TimeoutError:
            raise WorkerFailed(f"the workers did not say {key!r} within {timeout_s:g} s") from None

    async def _run_against(self, sandbox: SandboxProcess, base_url: str, folder: Path) -> None:
        options = self.options
        self._rss_start_kib = sandbox.rss_kib()
        sampler = asyncio.create_task(self._sample(sandbox))
        try:
            started = time.perf_counter()
            for spec in self._specs(base_url):
                profile = options.profile_load
                if profile is not None and spec.step > 1:
                    profile = profile.with_name(f"{profile.name}.{spec.first}")
                worker = WorkerProcess(spec.first, folder / f"worker{spec.first}.log", profile)
                self.workers.append(worker)
                await worker.start(spec)
            per_worker = math.ceil(options.agents / len(self.workers))
            await self._all("ready", 60.0 + per_worker * 0.5)
            self.figures.ramp_s = time.perf_counter() - started
            self.say(f"Agents signed in after {self.figures.ramp_s:.1f} s")
            cpu_server, cpu_all = sandbox.cpu_seconds(), _busy_s()
            wall = time.monotonic()
            planned = int(options.rate * options.duration_s)
            self.figures.changes_planned = planned
            go = {"at": time.time() + GO_AFTER_S, "planned": planned}
            for worker in self.workers:
                worker.send("go", go)
            changing_s = GO_AFTER_S + options.duration_s + options.request_timeout_s
            await self._all("changed", changing_s + 30.0)
            wall = max(time.monotonic() - wall - GO_AFTER_S, 1e-9)
            self.figures.server_cpu_percent = 100 * (sandbox.cpu_seconds() - cpu_server) / wall
            self._busy_percent = 100 * (_busy_s() - cpu_all) / wall
            self._wall_s = wall
            self.figures.cores = os.cpu_count() or 0
            self._rss_last_kib = sandbox.rss_kib() or self._rss_last_kib
            if not sandbox.running:
                self.errors["sandbox exited"] += 1
            for worker in self.workers:
                worker.send("stop", True)
            answers = await self._all("report", LOGOUT_S * 2 + 30.0)
            self.reports = [FleetReport(**answer) for answer in answers]
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler

    def _on_progress(self, number: int, progress: dict[str, Any]) -> None:
        """Say how the changes go once every worker has said so for this period."""
        self._progress[number] = progress
        if len(self._progress) < len(self.workers):
            return
        changes = sum(int(p["changes"]) for p in self._progress.values())
        errors = sum(int(p["errors"]) for p in self._progress.values())
        worst = max(float(p["p99_ms"]) for p in self._progress.values())
        self._progress.clear()
        self.say(f"  {changes} changes, worst worker's p99 so far {worst:.1f} ms, errors {errors}")

    async def _sample(self, sandbox: SandboxProcess) -> None:
        while True:
            self._rss_last_kib = sandbox.rss_kib() or self._rss_last_kib
            sandbox.cpu_seconds()  # keeps the last reading should the process die
            await asyncio.sleep(SAMPLE_EVERY_S)

    async def _shut_down(self, sandbox: SandboxProcess) -> None:
        """Stop the workers (they log their agents out), then the sandbox; each bounded."""
        await asyncio.gather(*(w.stop() for w in self.workers))
        if sandbox.running:
            sandbox.rss_kib()
        await sandbox.stop()
        logged = sandbox.logged_errors()
        if logged:
            self.errors["sandbox logged an error"] += logged
            self.figures.error_samples.append(f"sandbox log: {sandbox.first_error()}"[:300])
        self.figures.server_rss_peak_mib = sandbox.rss_peak_kib / 1024

    def _add_up(self) -> list[float]:
        """The workers' reports into the figures; every latency, pooled."""
        figures = self.figures
        reports = self.reports
        latencies = [ms for r in reports for ms in r.latencies]
        events: Counter[str] = Counter()
        for report in reports:
            self.errors.update(report.errors)
            events.update(report.events)
            room = MAX_ERROR_SAMPLES - len(figures.error_samples)
            figures.error_samples.extend(report.error_samples[: max(0, room)])
        connect_ms = [ms for r in reports for ms in r.connect_ms]
        figures.connected = sum(r.connected for r in reports)
        figures.connect_p50_ms = percentile(connect_ms, 50)
        figures.connect_max_ms = max(connect_ms, default=0.0)
        figures.changes_skipped = sum(r.skipped for r in reports)
        figures.changes_done = len(latencies)
        figures.schedule_lag_max_ms = max((r.schedule_lag_max_ms for r in reports), default=0.0)
        figures.load_stall_p99_ms = max((r.stall_p99_ms for r in reports), default=0.0)
        figures.load_stall_max_ms = max((r.stall_max_ms for r in reports), default=0.0)
        figures.online_at_end = sum(r.online_at_end for r in reports)
        figures.logged_out = sum(r.logged_out for r in reports)
        figures.frames_total = sum(r.frames for r in reports)
        figures.events = dict(sorted(events.items()))
        figures.events_total = sum(events.values())
        wall = self._wall_s
        if wall > 0:
            figures.load_cpu_percent = 100 * sum(r.cpu_s for r in reports) / wall
            figures.other_cpu_percent = max(
                0.0,
                self._busy_percent - figures.server_cpu_percent - figures.load_cpu_percent,
            )
        return latencies

    def _finish(self) -> None:
        figures = self.figures
        options = self.options
        latencies = self._add_up()
        figures.errors = dict(sorted(self.errors.items()))
        figures.latency_p50_ms = percentile(latencies, 50)
        figures.latency_p90_ms = percentile(latencies, 90)
        figures.latency_p99_ms = percentile(latencies, 99)
        figures.latency_max_ms = max(latencies, default=0.0)
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
