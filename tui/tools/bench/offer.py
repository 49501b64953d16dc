"""Figure 10: a contact offered on the server -> the offer shown on the status screen.

The probe (`desktop_probe offer`) asks the sandbox for one fresh chat offer at a time; each
sample runs from the server's own offer time to the first frame sent out once the status
screen's contact rows hold the offer (same machine, same clock). Before each offer the desk is
cleared (`/bench/clear`) and left to settle, as between two real offers.
"""

from __future__ import annotations

from tui.tools.bench.children import run_probe
from tui.tools.bench.report import Figure, median, percentile

P99_TARGET_MS = 50.0


def figure(server: str, offers: int, user: str = "agent2") -> Figure:
    result = run_probe(
        "tui.tools.bench.desktop_probe",
        "offer",
        "--server",
        server,
        "--user",
        user,
        "--count",
        str(offers),
        timeout=60 + offers * 1.0,
    )
    samples: list[float] = result["offer_ms"]
    p50, p99 = median(samples), percentile(samples, 99)
    return Figure(
        10,
        f"server offer to the offer shown on the status screen ({len(samples)} offers)",
        p99,
        "ms",
        f"p99 <= {P99_TARGET_MS:g} ms",
        p99 <= P99_TARGET_MS,
        median=p50,
        p99=p99,
        detail=(
            f"min {min(samples):.1f} ms, max {max(samples):.1f} ms; of which the event reached"
            f" the screens by p99 {percentile(result['arrived_ms'], 99):.1f} ms"
        ),
        samples=samples,
    )
