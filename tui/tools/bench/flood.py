"""Figure 4: N desktop events pushed by the server as fast as it can.

The probe (`desktop_probe flood`) asks the sandbox's `/bench/flood` for N state changes on the
agent's own socket. A sample is the time from sending that request to the first frame sent out
once the screens have been handed every event; meanwhile a ticker task in the app's loop records
its own lateness, the longest of which is the event-loop stall.
"""

from __future__ import annotations

from tui.tools.bench.children import run_probe
from tui.tools.bench.report import Figure, median

APPLIED_TARGET_S = 1.0
STALL_TARGET_MS = 100.0


def figure(server: str, events: int, floods: int, user: str = "agent2") -> Figure:
    result = run_probe(
        "tui.tools.bench.desktop_probe",
        "flood",
        "--server",
        server,
        "--user",
        user,
        "--count",
        str(events),
        "--repeat",
        str(floods),
        timeout=60 + floods * max(30.0, events / 500),
    )
    runs = result["floods"]
    applied = [run["applied_s"] for run in runs]
    stalls = [run["stall_max_ms"] for run in runs]
    took, stall = median(applied), median(stalls)
    cpu = median([run["cpu_s"] for run in runs])
    each = ", ".join(f"{a:.3f} s/{s:.0f} ms" for a, s in zip(applied, stalls, strict=True))
    return Figure(
        4,
        f"{events:,} server-pushed events all applied and shown",
        took,
        "s",
        f"<= {APPLIED_TARGET_S:g} s; longest loop stall <= {STALL_TARGET_MS:g} ms",
        took <= APPLIED_TARGET_S and stall <= STALL_TARGET_MS,
        median=took,
        detail=(
            f"longest stall {stall:.0f} ms, desktop CPU {cpu:.2f} s "
            f"(medians of {len(runs)} floods); "
            f"per flood (applied/stall): {each}"
        ),
        samples=applied,
    )
