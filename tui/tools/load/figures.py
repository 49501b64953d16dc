"""What a load run measures (`Figures`), its percentile, and the summary it prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.domain import AgentStateChanged, ContactAssigned, ContactEnded, ContactOffered

P99_TARGET_MS = 200.0


@dataclass
class Figures:
    """Everything the run prints, and writes with `--json`."""

    agents: int
    duration_s: float
    rate: float
    traffic: bool
    seed: int
    workers: int = 1
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
            f"seed {figures.seed}, {figures.workers} load-generator processes",
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
