"""Figure 9: the desktop's resident memory after 8 simulated hours of floor traffic.

The sandbox runs in a process of its own with customers and six colleagues on and its time
compressed (`--time-scale`): every tick of traffic, every platform timer (ring, answer, handle,
wrap-up) and the floor's pace run K times faster, so a working day passes in minutes. The real
`agent-desktop` runs in an 80x24 pty (`pty_desktop`), signed in as an Available agent whose
chat, email and social contacts the platform connects (auto-answer), whose calls the agent's
phone answers (an offer never rings out, so the agent stays in the traffic all day), and
whose wrap-ups the platform ends. Its VmRSS is read from /proc after the
first simulated hour and after the last. MB here are 10^6 bytes.

What the compression cannot speed up is the desktop's own clock: its once-a-second timers tick
`hours * 3600 / K` times, not `hours * 3600`.
"""

from __future__ import annotations

import time

from tui.tools.bench.pty_desktop import PtyDesktop, rss_mib
from tui.tools.bench.report import Figure
from tui.tools.bench.sandbox_process import SandboxProcess

RSS_TARGET_MB = 90.0
GROWTH_TARGET_MB = 5.0
MIB = 1024 * 1024 / 1e6  # one MiB in MB
USER = "agent1"


def _options(scale: float) -> tuple[str, ...]:
    return (
        "--seed",
        "9",
        "--time-scale",
        f"{scale:g}",
        "--auto-answer",
        "chat,email,social",
        "--wrap-up-for",
        "30",
        "--ring-for",
        "0",  # calls ring until the agent's phone answers: never RONA, so the day goes on
    )


def figure(hours: float, scale: float) -> Figure:
    hour_s = 3600.0 / scale
    with (
        SandboxProcess(traffic=True, extra=_options(scale)) as sandbox,
        PtyDesktop(sandbox.url, USER) as desk,
    ):
        desk.sign_in_and_start()
        started = desk.now()
        signed_in = rss_mib(desk.pid) * MIB
        written = 0
        readings: dict[float, float] = {}
        for mark in (1.0, hours):
            while (left := started + mark * hour_s - desk.now()) > 0:
                time.sleep(min(left, 5.0))
                cut = desk.now()
                written += desk.bytes_between(0.0, cut)
                desk.forget_before(cut)  # hours of output are not the bench's to keep
                if not desk.alive():
                    raise RuntimeError("the desktop exited during the simulated shift")
            readings[mark] = rss_mib(desk.pid) * MIB
    first, last = readings[1.0], readings[hours]
    growth = last - first
    return Figure(
        9,
        f"desktop RSS after {hours:g} simulated hours of floor traffic (sandbox elsewhere)",
        last,
        "MB",
        f"<= {RSS_TARGET_MB:g} MB, and within {GROWTH_TARGET_MB:g} MB of the 1-hour figure",
        max(first, last) <= RSS_TARGET_MB and abs(growth) <= GROWTH_TARGET_MB,
        median=last,
        detail=(
            f"signed in {signed_in:.1f} MB; after 1 h {first:.1f} MB; after {hours:g} h "
            f"{last:.1f} MB ({growth:+.1f} MB); time x{scale:g} ({hour_s:g} s a simulated hour);"
            f" {written / 1e6:.1f} MB written to the terminal"
        ),
    )
