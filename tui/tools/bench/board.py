"""Figure 5: the supervisor board with 2,000 agents and 500 state changes a second for 10 s.

A sandbox process loads a generated org (`board_org`): 2,000 agents in 40 teams and one
supervisor of them all. The probe (`desktop_probe board`) signs the supervisor in, gives every
agent a station session, and has the server change 500 random agents a second for 10 s. A
sample is the time from a change (the server's own timestamp; one machine, one clock) to the
first frame sent out after the board redrew that agent's row; a change superseded before any
look saw it is never shown, so it has no sample (the detail says how many rows were drawn for
how many changes). A ticker task in the app's loop records the longest stall meanwhile.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tui.tools.bench.board_org import SUPERVISOR, write_board_org
from tui.tools.bench.children import run_probe
from tui.tools.bench.report import Figure, median, percentile
from tui.tools.bench.sandbox_process import SandboxProcess

ROW_TARGET_MS = 500.0
STALL_TARGET_MS = 100.0
NAME = "supervisor board: change on the server to its row shown"
TARGET = f"p99 <= {ROW_TARGET_MS:g} ms; longest loop stall <= {STALL_TARGET_MS:g} ms"


def figure(agents: int, rate: float, seconds: float) -> Figure:
    with tempfile.TemporaryDirectory(prefix="bench-board-") as folder:
        org_file = Path(folder) / "org.json"
        write_board_org(org_file, agents)
        with SandboxProcess(org_file=org_file) as sandbox:
            result = run_probe(
                "tui.tools.bench.desktop_probe",
                "board",
                "--server",
                sandbox.url,
                "--user",
                SUPERVISOR,
                "--rate",
                str(rate),
                "--seconds",
                str(seconds),
                timeout=240 + seconds * 2,
            )
    board = result["board"]
    samples: list[float] = board["latency_ms"]
    p50, p99 = median(samples), percentile(samples, 99)
    stall = board["stall_max_ms"]
    return Figure(
        5,
        f"{NAME} ({board['agents']:,} agents, {rate:g} changes/s for {seconds:g} s)",
        p99,
        "ms",
        TARGET,
        p99 <= ROW_TARGET_MS and stall <= STALL_TARGET_MS,
        median=p50,
        p99=p99,
        detail=(
            f"longest stall {stall:.0f} ms; {board['rows_drawn']:,} rows drawn for "
            f"{board['server_changes']:,} changes in {board['looks']} looks; "
            f"max {max(samples, default=0):.0f} ms"
        ),
        samples=samples,
    )
