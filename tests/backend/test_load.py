"""`python -m tui.load` in a tiny configuration: the figures are there and make sense.

Timing targets are never asserted here (a busy CI machine says nothing about the sandbox);
the full run is a documented command.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.sandbox.engine.org import Org, load_org
from tui.tools.load.cli import build_parser
from tui.tools.load.figures import percentile
from tui.tools.load.org import US_DIAL_PLAN, generate_org

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 120


def test_a_tiny_load_run_reports_sane_figures(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    command = [
        sys.executable,
        "-m",
        "tui.load",
        "--agents",
        "5",
        "--duration",
        "3",
        "--rate",
        "4",
        "--seed",
        "3",
        "--json",
        str(out),
    ]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert done.returncode in (0, 1), done.stderr  # 1 would be a missed target, not a crash
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["connected"] == 5
    assert figures["online_at_end"] == 5
    assert figures["errors"] == {} and figures["error_count"] == 0
    assert 0 < figures["changes_done"] <= figures["changes_planned"] == 12
    assert 0 < figures["latency_p50_ms"] <= figures["latency_p99_ms"]
    assert figures["latency_p99_ms"] <= figures["latency_max_ms"]
    assert figures["events"]["AgentStateChanged"] >= figures["changes_done"]
    assert figures["frames_total"] >= figures["changes_done"]
    assert figures["server_rss_peak_mib"] > 0
    assert figures["logged_out"] == 5
    lines = done.stdout.strip().splitlines()
    assert any(line.startswith("Agents connected:   5/5") for line in lines)
    assert any(line.startswith("Latency (request to event applied): p50") for line in lines)
    assert any(line.startswith("Server RSS:") for line in lines)
    assert lines[-1] == figures["verdict"]
    assert lines[-1].startswith(("PASS: 5 agents for 3 s, 0 errors, p99 ", "FAIL: "))


def test_the_generated_org_loads_and_has_unique_valid_dial_numbers() -> None:
    org = Org.model_validate(generate_org(120))
    demo = load_org()
    agents = [u for u in org.users if u.role == "agent"]
    assert len(agents) == 120
    numbers = [u.defaultDialNumber for u in agents]
    assert len(set(numbers)) == 120
    assert all(US_DIAL_PLAN.fullmatch(n) and n.startswith("1415") for n in numbers)
    assert all(org.dial_number_valid(n) for n in numbers)
    assert len({u.login for u in agents}) == len({u.extension for u in agents}) == 120
    assert org.auxiliaryCodes == demo.auxiliaryCodes
    assert org.channels == demo.channels
    assert all(org.members_of(t.id) for t in org.teams)


def test_every_flag_is_documented() -> None:
    text = build_parser().format_help()
    for flag in (
        "--agents",
        "--duration",
        "--rate",
        "--seed",
        "--no-traffic",
        "--ramp-concurrency",
        "--workers",
        "--request-timeout",
        "--p99-target-ms",
        "--json",
        "--profile-sandbox",
        "--profile-load",
    ):
        assert flag in text
    for action in build_parser()._actions:
        assert action.help, action.dest


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 99) == 0.0
