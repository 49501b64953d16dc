"""The run's side of its load-generator processes (`tui.tools.load.worker`): start one, talk
to it in JSON lines, and stop it; every wait bounded."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.tools.load.fleet import FleetSpec

_ROOT = Path(__file__).resolve().parents[3]  # the checkout (this is tui/tools/load/...)
STOP_S = 10.0


class WorkerFailed(Exception):
    """A worker exited or said something it should not have."""


class WorkerProcess:
    """`python -m tui.tools.load.worker`: one fleet of the run's agents in a process of its own."""

    def __init__(self, number: int, log_path: Path, profile_to: Path | None = None) -> None:
        self.number = number
        self.log_path = log_path
        self.profile_to = profile_to
        self._process: asyncio.subprocess.Process | None = None

    async def start(self, spec: FleetSpec) -> None:
        profile = ["--profile", str(self.profile_to)] if self.profile_to else []
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
        with self.log_path.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tui.tools.load.worker",
                *profile,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
                cwd=_ROOT,
                env=env,
                limit=64 * 1024 * 1024,  # the report carries every latency on one line
            )
        self.send("spec", asdict(spec))

    def send(self, key: str, value: Any) -> None:
        process = self._process
        if process is None or process.stdin is None or process.returncode is not None:
            raise WorkerFailed(f"worker {self.number} is not running: {self.log_tail()}")
        process.stdin.write(json.dumps({key: value}).encode() + b"\n")

    async def expect(self, key: str, on_progress: Callable[[int, dict[str, Any]], None]) -> Any:
        """The value of the next line with `key`; progress lines on the way go to
        `on_progress(worker number, progress)`. Raises WorkerFailed."""
        process = self._process
        assert process is not None and process.stdout is not None
        while True:
            line = await process.stdout.readline()
            if not line:
                raise WorkerFailed(f"worker {self.number} exited: {self.log_tail()}")
            try:
                message = json.loads(line)
            except ValueError:
                raise WorkerFailed(f"worker {self.number} said {line[:80]!r}") from None
            if "progress" in message:
                on_progress(self.number, message["progress"])
            elif key in message:
                return message[key]
            else:
                raise WorkerFailed(f"worker {self.number} said {line[:80]!r}, not {key!r}")

    def log_tail(self, lines: int = 3) -> str:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", "replace").strip().splitlines()
            return " | ".join(text[-lines:]) or "(no output)"
        return "(no output)"

    async def stop(self) -> None:
        """Close its input (it logs its agents out and ends), then kill it if it lingers."""
        process = self._process
        if process is None:
            return
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        try:
            async with asyncio.timeout(STOP_S + 30.0):  # its logout is bounded by 30 s
                await process.wait()
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
