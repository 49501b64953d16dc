"""Figure 6: the desktop process's resident memory after 10,000 and after 100,000 events.

The probe (`desktop_probe memory`) is a desktop process of its own, with the sandbox in yet
another; it floods the events in batches of 10,000, lets the loop settle, collects garbage and
reads its own VmRSS from /proc. MB here are 10^6 bytes.
"""

from __future__ import annotations

from tui.tools.bench.children import run_probe
from tui.tools.bench.report import Figure

RSS_TARGET_MB = 90.0
GROWTH_TARGET_MB = 5.0
MIB = 1024 * 1024 / 1e6  # one MiB in MB


def figure(server: str, first: int, total: int, user: str = "agent3") -> Figure:
    result = run_probe(
        "tui.tools.bench.desktop_probe",
        "memory",
        "--server",
        server,
        "--user",
        user,
        "--first",
        str(first),
        "--count",
        str(total),
        timeout=120 + total / 200,
    )
    start = result["rss_start_mib"] * MIB
    after_first = result["rss_first_mib"] * MIB
    after_total = result["rss_total_mib"] * MIB
    growth = after_total - after_first
    return Figure(
        6,
        f"desktop RSS after {first:,} and after {total:,} events (sandbox elsewhere)",
        after_total,
        "MB",
        f"<= {RSS_TARGET_MB:g} MB, and the two within {GROWTH_TARGET_MB:g} MB",
        max(after_first, after_total) <= RSS_TARGET_MB and abs(growth) <= GROWTH_TARGET_MB,
        median=after_total,
        detail=(
            f"signed in {start:.1f} MB; after {first:,} events {after_first:.1f} MB; "
            f"after {total:,} {after_total:.1f} MB ({growth:+.1f} MB)"
        ),
    )
