"""Figure 5: the supervisor board with 2,000 agents and 500 state changes a second for 10 s.

Measured only once the board exists (issue 5); until then the row says it was not measured.
"""

from __future__ import annotations

import importlib.util

from tui.bench.report import Figure, not_measured

ROW_TARGET_MS = 500.0
STALL_TARGET_MS = 100.0
NAME = "supervisor board: 2,000 agents, 500 changes/s for 10 s, change to row shown"
TARGET = f"p99 <= {ROW_TARGET_MS:g} ms; longest loop stall <= {STALL_TARGET_MS:g} ms"


def board_exists() -> bool:
    return importlib.util.find_spec("tui.screens.board") is not None


def figure(agents: int, rate: float, seconds: float) -> Figure:
    if not board_exists():
        return not_measured(5, NAME, "ms", TARGET, "the supervisor board is not built yet")
    return not_measured(5, NAME, "ms", TARGET, "the board landed; its probe is not written yet")
