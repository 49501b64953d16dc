"""`python -m tui.bench --quick` runs every figure end to end and reports each in both forms.

Timing targets are never asserted here: a test machine's speed is not the product's. This only
shows the benchmark itself works: every row printed, the JSON shaped as documented.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
KEYS = {"name", "value", "unit", "target", "met"}


@pytest.mark.slow
def test_quick_run_prints_every_figure_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tui.bench", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=420,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a target missed, which is not our business
    printed = done.stdout.splitlines()
    rows = {line.split()[0] for line in printed if line[:1].isdigit()}
    assert rows == {"0", "1", "2", "3", "4", "5", "6", "7", "9", "10"}, done.stdout
    assert all(("met" in line or "MISSED" in line) for line in printed if line[:1].isdigit())

    figures = json.loads(out.read_text())
    # Figure 5 has a row per protocol; figure 7 three: idle, with traffic, a state change.
    assert [f["figure"] for f in figures] == [0, 1, 2, 3, 4, 5, 5, 6, 7, 7, 7, 9, 10]
    for figure in figures:
        assert figure.keys() >= KEYS
        assert isinstance(figure["name"], str) and figure["name"]
        assert isinstance(figure["unit"], str) and isinstance(figure["target"], str)
        assert isinstance(figure["met"], bool)
        assert isinstance(figure["value"], int | float), figure  # every figure was measured


@pytest.mark.slow
def test_quick_load_run_measures_figure_8(tmp_path: Path) -> None:
    """Figure 8 (the sandbox under load) is not in the default run; `--only 8` measures it, at
    a tiny size with --quick: a sandbox, load-generator processes, agents changing states."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tui.bench", "--only", "8", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    rows = [line for line in done.stdout.splitlines() if line[:1].isdigit()]
    assert [row.split()[0] for row in rows] == ["8"], done.stdout
    assert "20 agents" in rows[0] and ("met" in rows[0] or "MISSED" in rows[0])
    (figure,) = json.loads(out.read_text())
    assert figure.keys() >= KEYS and figure["figure"] == 8
    assert isinstance(figure["value"], int | float) and figure["value"] > 0, figure
    assert 0 < figure["median"] <= figure["p99"] == figure["value"]
    assert "20/20 agents online at the end, 0 errors" in figure["detail"], figure
    assert "load average" in figure["detail"]


def test_help_documents_the_figures_and_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.bench", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    for word in (
        "--json",
        "--only",
        "--quick",
        "--load",
        "bare Textual app",
        "RSS",
        "under load",
        "80x24 terminal",
        "--time-scale",
        "--hours",
    ):
        assert word in done.stdout


def test_only_rejects_unknown_figures() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.bench", "--only", "11"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "the figures are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10" in done.stderr
