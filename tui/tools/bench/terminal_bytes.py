"""Figure 7: bytes the desktop writes to an 80x24 terminal on the status screen.

The real `agent-desktop` runs in a pty (`pty_desktop`) against a sandbox process and is signed in
with Enter, Enter, as a person does. Three rows:

- idle: the status screen with nothing happening but its timers, bytes per second;
- traffic: customers and the floor's colleagues on, the agent Available, chat, email and social
  contacts connected by the platform (auto-answer) and calls answered on the agent's phone,
  wrap-up ended by the platform after 10 s; bytes per second;
- a state change: the bytes written from the key to one second after it, median of a few
  Idle -> Available changes (`a`); the Available -> Idle changes through the idle-code picker
  (`i`, Enter) are in the detail.

The terminal says it is `xterm-256color` (no COLORTERM), as tmux and most SSH sessions do.
"""

from __future__ import annotations

import time

from tui.tools.bench.pty_desktop import PtyDesktop
from tui.tools.bench.report import Figure, median
from tui.tools.bench.sandbox_process import SandboxProcess

IDLE_TARGET = 60.0  # bytes a second
TRAFFIC_TARGET = 800.0  # bytes a second
CHANGE_TARGET = 3000.0  # bytes
CHANGE_WINDOW_S = 1.0
TRAFFIC_OPTIONS = ("--seed", "15", "--auto-answer", "chat,email,social", "--wrap-up-for", "10")
USER = "agent1"
IDLE_SHOWN = "Idle code Lunch"  # the status panel's row, with the picker's first code
AVAILABLE_SHOWN = "Idle code —"


def _rate(desk: PtyDesktop, seconds: float) -> tuple[float, int]:
    start = desk.now()
    time.sleep(seconds)
    written = desk.bytes_between(start, desk.now())
    return written / seconds, written


def _change(desk: PtyDesktop, keys: list[str], shown: str) -> int:
    """Bytes from the first key to CHANGE_WINDOW_S after the last, once the screen shows
    `shown`."""
    start = desk.now()
    last = start
    for key in keys:
        time.sleep(0.4)  # the picker opens between the two keys
        last = desk.type(key)
    desk.wait_for(shown, timeout=10)
    time.sleep(max(0.0, last + CHANGE_WINDOW_S - desk.now()))
    return desk.bytes_between(start, last + CHANGE_WINDOW_S)


def figures(idle_s: float, traffic_s: float, changes: int) -> list[Figure]:
    with SandboxProcess() as quiet, PtyDesktop(quiet.url, USER) as desk:
        desk.sign_in_and_start()
        desk.wait_quiet(1.5)
        idle_rate, idle_bytes = _rate(desk, idle_s)
        to_available: list[int] = []
        to_idle: list[int] = []
        for _ in range(changes):
            to_idle.append(_change(desk, ["i", "\r"], IDLE_SHOWN))
            to_available.append(_change(desk, ["a"], AVAILABLE_SHOWN))
    with (
        SandboxProcess(traffic=True, extra=TRAFFIC_OPTIONS) as busy,
        PtyDesktop(busy.url, USER) as desk,
    ):
        desk.sign_in_and_start()
        time.sleep(1.0)
        traffic_rate, traffic_bytes = _rate(desk, traffic_s)
    change = median(to_available)
    return [
        Figure(
            7,
            "terminal bytes/s, status screen idle (80x24 pty)",
            idle_rate,
            "B/s",
            f"<= {IDLE_TARGET:g} B/s",
            idle_rate <= IDLE_TARGET,
            detail=f"{idle_bytes:,} bytes in {idle_s:g} s with the state timer ticking",
        ),
        Figure(
            7,
            "terminal bytes/s, status screen with traffic",
            traffic_rate,
            "B/s",
            f"<= {TRAFFIC_TARGET:g} B/s",
            traffic_rate <= TRAFFIC_TARGET,
            detail=(
                f"{traffic_bytes:,} bytes in {traffic_s:g} s: customers and 6 colleagues on,"
                " contacts connected and wrapped up by the platform"
            ),
        ),
        Figure(
            7,
            "terminal bytes, one state change",
            change,
            "B",
            f"<= {CHANGE_TARGET:g} B",
            max(to_available) <= CHANGE_TARGET,
            detail=(
                f"Idle -> Available (a): {', '.join(map(str, to_available))} B; "
                f"Available -> Idle through the picker (i, Enter): "
                f"{', '.join(map(str, to_idle))} B"
            ),
        ),
    ]
