"""A sandbox in a process of its own, on 127.0.0.1, with the /bench routes on.

The desktop under measurement must not share its interpreter (or its GIL) with the server, so
every figure but the embedded-sandbox one runs against one of these.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

READY_PREFIX = "Sandbox listening on "
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
ROOT = Path(__file__).resolve().parents[3]  # the checkout (this is tui/tools/bench/...)


class SandboxProcess:
    """`python -m tui.sandbox --port 0 --no-traffic --bench` with a fresh data dir; with
    `traffic`, customers and the floor's colleagues on (`extra` adds options, e.g. `--seed`)."""

    def __init__(
        self, *, org_file: Path | None = None, extra: Sequence[str] = (), traffic: bool = False
    ) -> None:
        self._org_file = org_file
        self._traffic = traffic
        self._extra = list(extra)
        self._folder = tempfile.TemporaryDirectory(prefix="bench-sandbox-")
        self._process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> SandboxProcess:
        args = [
            sys.executable,
            "-m",
            "tui.sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            self._folder.name,
            *(() if self._traffic else ("--no-traffic", "--no-floor")),
            "--bench",
            *self._extra,
        ]
        if self._org_file is not None:
            args += ["--org-file", str(self._org_file)]
        log = Path(self._folder.name) / "sandbox.log"
        self._process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        self.url = self._wait_for_url(log)
        return self

    def _wait_for_url(self, log: Path) -> str:
        assert self._process is not None and self._process.stdout is not None
        found: list[str] = []

        def read() -> None:
            assert self._process is not None and self._process.stdout is not None
            for line in self._process.stdout:
                if line.startswith(READY_PREFIX) and not found:
                    found.append(line.removeprefix(READY_PREFIX).strip())

        threading.Thread(target=read, daemon=True, name="sandbox-stdout").start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not found:
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"the bench sandbox did not start:\n{tail}")
            time.sleep(0.01)
        return found[0]

    @property
    def pid(self) -> int:
        return self._process.pid if self._process is not None else 0

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._folder.cleanup()

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
