"""`python -m tui.bench`: measure the desktop against its performance targets (issue 7).

Runs the real app headless against a real sandbox on 127.0.0.1 and prints one row per figure
with its target and whether it was met; `--json PATH` writes the same as a list of objects.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tui.tools.bench import (
    board,
    flood,
    latency,
    load,
    long_shift,
    memory,
    offer,
    startup,
    terminal_bytes,
)
from tui.tools.bench.children import ProbeFailed
from tui.tools.bench.report import Figure, not_measured, table, write_json
from tui.tools.bench.sandbox_process import SandboxProcess

FIGURES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
LOAD_FIGURES = (8,)
"""Figures that take minutes: run with --load (or --only), not by default."""
DESCRIPTION = """\
Measure the desktop against its performance targets: the real app, headless, against a real
sandbox on 127.0.0.1 (in its own process, except for figure 2's embedded one).

  1  process start to the login screen ready (on_ready), median of fresh processes,
     against a bare Textual app (header, label, footer) measured in the same run; each
     start finds the stylesheets the one before it parsed (as a user's does), and the
     first start after an install, with none kept, is reported beside it
  2  embedded sandbox accepting connections after process start, not delaying figure 1
  3  key press -> request -> server -> event -> status widget showing the new state
  4  N events pushed by the server as fast as it can: all applied and shown; loop stall
  5  supervisor board, 2,000 agents at 500 changes/s for 10 s, on Webex and on CXone: change
     to row shown, loop stall, and the board's requests/min against the vendor's rate limit
     (Webex: 300 requests/min per client id, its published default; CXone publishes no limit
     for agents/states, so the board is held to the same 300); counted from the board's first
     look after the storm began (it looks once a second while nothing changes), whose wait is
     reported beside it
  6  desktop RSS after 10,000 and after 100,000 events (sandbox in another process)
  7  bytes written to an 80x24 terminal: the real agent-desktop in a pty, status screen,
     idle with its timers and with traffic (B/s), and one state change (B)
  8  (--load) the sandbox under load: 2,000 agents signed in with the real Webex client and
     held for 60 s with traffic, 200 state changes/s (one per agent every 10 s): request to
     confirming event, p99; the agents are split over load-generator processes so that their
     CPU is not what is measured (the same run as `python -m tui.load --agents 2000
     --rate 200 --workers 2`); about 3-6 minutes with the sign-in of every agent
  9  desktop RSS after 8 simulated hours of floor traffic: the real agent-desktop in a pty,
     the sandbox's time compressed (python -m tui.sandbox --time-scale K), against 1 hour
 10  a contact offered on the server -> the offer shown on the status screen

Figures 7 and 9 alone: python -m tui.bench --only 7,9 (about 3 minutes; --time-scale and
--hours change figure 9's compression and length). Figure 8 is not in the default run:
--load adds it, --only 8 runs it alone.
"""
EPILOG = """\
exit status: 0 when every target is met, 1 when one is missed or not measured, 2 on bad usage.
The whole run takes about 5 minutes on 2 cores (figures 7 and 9 about 4 of them); --quick
takes about 90 s and only shows that every figure can be measured (its sizes are not the
targets'). Figures 7 and 9 start sandboxes with customers on (`--seed`, `--auto-answer
chat,email,social`, `--wrap-up-for`; figure 9 also `--ring-for 0 --time-scale K`); the pty says
TERM=xterm-256color, no COLORTERM.
"""


def _figure_list(text: str) -> list[int]:
    try:
        chosen = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("give figure numbers like 3,4") from None
    unknown = [n for n in chosen if n not in FIGURES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"the figures are {', '.join(map(str, FIGURES))}")
    return chosen


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.bench",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures here")
    parser.add_argument(
        "--only", metavar="N,N", type=_figure_list, help="run only these figures, e.g. 3,4"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tiny run (few processes, toggles and events) to check the bench itself",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="also run figure 8, the sandbox under load (minutes; `--only 8` runs it alone)",
    )
    parser.add_argument("--runs", type=_positive, help="fresh processes per kind (default 5)")
    parser.add_argument("--toggles", type=_positive, help="figure 3 toggles (default 200)")
    parser.add_argument("--events", type=_positive, help="figure 4 events (default 10000)")
    parser.add_argument("--offers", type=_positive, help="figure 10 offers (default 200)")
    parser.add_argument(
        "--hours", type=_positive, help="figure 9 simulated hours (default 8; at least 2)"
    )
    parser.add_argument(
        "--time-scale",
        type=_positive,
        help="figure 9: simulated seconds per real second (default 240: 8 hours in 2 minutes)",
    )
    parser.add_argument("--floods", type=_positive, help="figure 4 floods (default 3)")
    return parser


class Sizes:
    def __init__(self, options: argparse.Namespace) -> None:
        quick = options.quick
        self.runs = options.runs or (1 if quick else 5)
        self.toggles = options.toggles or (6 if quick else 200)
        self.events = options.events or (1_000 if quick else 10_000)
        self.floods = options.floods or (1 if quick else 3)
        self.offers = options.offers or (6 if quick else 200)
        self.memory_first = 1_000 if quick else 10_000
        self.memory_total = 3_000 if quick else 100_000
        self.board_agents = 200 if quick else 2_000
        self.board_rate = 100.0 if quick else 500.0
        self.board_seconds = 2.0 if quick else 10.0
        self.load_agents = 20 if quick else load.AGENTS
        self.load_rate = 10.0 if quick else load.RATE
        self.load_seconds = 4.0 if quick else load.SECONDS
        self.idle_s = 4.0 if quick else 20.0
        self.traffic_s = 5.0 if quick else 30.0
        self.changes = 1 if quick else 3
        self.hours = max(2, options.hours or (2 if quick else 8))
        self.time_scale = options.time_scale or (1200 if quick else 240)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def _guarded(
    number: int, name: str, unit: str, target: str, measure: Callable[[], list[Figure]]
) -> list[Figure]:
    """A figure that fails to run is reported as not measured, and the others still run."""
    try:
        return measure()
    except (ProbeFailed, RuntimeError, OSError, KeyError, ValueError) as error:
        return [not_measured(number, name, unit, target, str(error).splitlines()[0][:300])]


def run(options: argparse.Namespace, say: Callable[[str], None]) -> list[Figure]:
    sizes = Sizes(options)
    chosen = options.only or [n for n in FIGURES if options.load or n not in LOAD_FIGURES]
    figures: list[Figure] = []
    if 1 in chosen or 2 in chosen:
        say(f"figures 1-2: {sizes.runs} fresh processes each of bare, desktop, no-sandbox ...")
        found = _guarded(
            1,
            "start-up",
            "x",
            f"<= {startup.RATIO_TARGET} x the bare app",
            lambda: startup.figures(sizes.runs),
        )
        figures += [f for f in found if f.number in (0, *chosen)]
    needs_sandbox = [n for n in (3, 4, 6, 10) if n in chosen]
    if needs_sandbox:
        with SandboxProcess() as sandbox:
            if 3 in chosen:
                say(f"figure 3: {sizes.toggles} toggles ...")
                figures += _guarded(
                    3,
                    "key press to status widget",
                    "ms",
                    f"p50 <= {latency.P50_TARGET_MS:g} ms, p99 <= {latency.P99_TARGET_MS:g} ms",
                    lambda: [latency.figure(sandbox.url, sizes.toggles)],
                )
            if 4 in chosen:
                say(f"figure 4: {sizes.floods} floods of {sizes.events:,} events ...")
                figures += _guarded(
                    4,
                    "server-pushed events",
                    "s",
                    "<= 1 s; stall <= 100 ms",
                    lambda: [flood.figure(sandbox.url, sizes.events, sizes.floods)],
                )
            if 6 in chosen:
                say(f"figure 6: RSS after {sizes.memory_first:,} and {sizes.memory_total:,} ...")
                figures += _guarded(
                    6,
                    "desktop RSS",
                    "MB",
                    "<= 90 MB, within 5 MB",
                    lambda: [memory.figure(sandbox.url, sizes.memory_first, sizes.memory_total)],
                )
            if 10 in chosen:
                say(f"figure 10: {sizes.offers} offers ...")
                figures += _guarded(
                    10,
                    "server offer to status screen",
                    "ms",
                    f"p99 <= {offer.P99_TARGET_MS:g} ms",
                    lambda: [offer.figure(sandbox.url, sizes.offers)],
                )
    if 5 in chosen:
        say(f"figure 5: board of {sizes.board_agents:,} agents, {sizes.board_rate:g} changes/s ...")
        figures += _guarded(
            5,
            board.NAME,
            "ms",
            board.TARGET,
            lambda: board.figures(sizes.board_agents, sizes.board_rate, sizes.board_seconds),
        )
    if 7 in chosen:
        say(f"figure 7: the desktop in an 80x24 pty, idle {sizes.idle_s:g} s, traffic ...")
        figures += _guarded(
            7,
            "terminal bytes",
            "B/s",
            f"idle <= {terminal_bytes.IDLE_TARGET:g} B/s, traffic <= "
            f"{terminal_bytes.TRAFFIC_TARGET:g} B/s, "
            f"a change <= {terminal_bytes.CHANGE_TARGET:g} B",
            lambda: terminal_bytes.figures(sizes.idle_s, sizes.traffic_s, sizes.changes),
        )
    if 9 in chosen:
        say(f"figure 9: {sizes.hours} simulated hours at x{sizes.time_scale} ...")
        figures += _guarded(
            9,
            "desktop RSS, long shift",
            "MB",
            f"<= {long_shift.RSS_TARGET_MB:g} MB, within {long_shift.GROWTH_TARGET_MB:g} MB",
            lambda: [long_shift.figure(sizes.hours, sizes.time_scale)],
        )
    if load.NUMBER in chosen:
        say(
            f"figure 8: {sizes.load_agents:,} agents, {sizes.load_rate:g} changes/s for "
            f"{sizes.load_seconds:g} s, after signing every agent in ({_load()}) ..."
        )
        figures += _guarded(
            load.NUMBER,
            load.NAME,
            "ms",
            load.TARGET,
            lambda: [load.figure(sizes.load_agents, sizes.load_rate, sizes.load_seconds)],
        )
    return sorted(figures, key=lambda f: f.number)


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    # A terminated run still stops the sandbox processes it started (the `with` blocks unwind).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    say(f"python -m tui.bench on Python {platform.python_version()}; {_load()}")
    figures = run(options, say)
    print(table(figures))
    print(f"\n{_load()} at the end; took {time.monotonic() - started:.0f} s")
    if options.json is not None:
        write_json(figures, options.json)
    return 0 if figures and all(f.met for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
