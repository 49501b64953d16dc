"""Running the probes as child processes with a clean, repeatable environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tui.tools.bench.sandbox_process import ROOT


class ProbeFailed(RuntimeError):
    """A probe process failed; the message carries the end of what it said."""


def clean_env() -> dict[str, str]:
    """This environment without any AGENT_DESKTOP_* setting and with no config file, so every
    run measures the defaults whatever the machine's own configuration says."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_DESKTOP_")}
    env["AGENT_DESKTOP_CONFIG"] = str(Path(tempfile.gettempdir()) / "agent-desktop-bench-none.toml")
    env.pop("TEXTUAL", None)  # no devtools
    return env


def run_module(module: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(),
        timeout=timeout,
        check=False,
    )


def run_probe(module: str, *args: str, timeout: float) -> dict[str, Any]:
    """Run a probe that writes its figures to `--out FILE`; its figures, or ProbeFailed."""
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as folder:
        out = Path(folder) / "figures.json"
        try:
            done = run_module(module, *args, "--out", str(out), timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ProbeFailed(f"{module} {' '.join(args)} took longer than {timeout:g} s") from exc
        result: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
        if done.returncode != 0 or "error" in result:
            said = done.stderr.strip()[-1500:]
            problem = result.get("error") or said or f"exit {done.returncode}"
            raise ProbeFailed(f"{module} {args[0] if args else ''}: {problem}")
        return result
