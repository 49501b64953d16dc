"""Figure 8: the sandbox under load, measured by the load tool (`tui.tools.load`).

One sandbox process (traffic on) holds 2,000 agents signed in with the real Webex client,
split over load-generator processes so that the generator's CPU is not what is measured, and
changes 200 of their states a second for 60 s (one change per agent every 10 s). A sample is
the time from sending a change's request to its confirming frame applied to the agent's
snapshot. Met with every agent connected and online to the end, 0 errors and p99 <= 100 ms.
It takes minutes (the ramp signs in every agent first), so it runs with `--load` or `--only 8`.
"""

from __future__ import annotations

import asyncio
import os

from tui.tools.bench.report import Figure
from tui.tools.load.run import LoadOptions, LoadRun
from tui.tools.load.sandbox_process import SandboxFailed

NUMBER = 8
P99_TARGET_MS = 100.0
AGENTS = 2_000
RATE = 200.0
SECONDS = 60.0
WORKERS = 2
NAME = "sandbox under load: request to event applied"
TARGET = f"every agent online, 0 errors, p99 <= {P99_TARGET_MS:g} ms"


def _load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} (1 / 5 min) at the end"


def figure(agents: int, rate: float, seconds: float, workers: int = WORKERS) -> Figure:
    options = LoadOptions(
        agents=agents,
        duration_s=seconds,
        rate=rate,
        workers=workers,
        p99_target_ms=P99_TARGET_MS,
        progress=False,
    )
    try:
        found = asyncio.run(LoadRun(options).run())
    except SandboxFailed as exc:
        raise RuntimeError(f"the load run could not start: {exc}") from exc
    errors = f"{found.error_count} errors"
    if found.errors:
        errors += " (" + ", ".join(f"{k} {n}" for k, n in found.errors.items()) + ")"
    return Figure(
        NUMBER,
        f"{NAME} ({agents:,} agents, {rate:g} changes/s for {seconds:g} s)",
        found.latency_p99_ms,
        "ms",
        TARGET,
        found.online_at_end == agents
        and found.error_count == 0
        and found.changes_done > 0
        and found.latency_p99_ms <= P99_TARGET_MS,
        median=found.latency_p50_ms,
        p99=found.latency_p99_ms,
        detail=(
            f"{found.online_at_end:,}/{agents:,} agents online at the end, {errors}, "
            f"{found.changes_done:,} changes, max {found.latency_max_ms:.0f} ms; "
            f"CPU: sandbox {found.server_cpu_percent:.0f}% of a core, "
            f"{found.workers} generators {found.load_cpu_percent:.0f}%, "
            f"others {found.other_cpu_percent:.0f}%; {_load_average()}"
        ),
    )
