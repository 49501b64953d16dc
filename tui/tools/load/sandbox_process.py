"""The load run's one sandbox: a process of its own on 127.0.0.1, its memory and CPU."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

HOST = "127.0.0.1"  # a load run never leaves the machine
SANDBOX_START_S = 30.0
SANDBOX_STOP_S = 10.0
READY_PREFIX = "Sandbox listening on "
_ROOT = Path(__file__).resolve().parents[3]  # the checkout (this is tui/tools/load/...)


class SandboxFailed(Exception):
    """The sandbox process did not come up."""


class SandboxProcess:
    """`python -m tui.sandbox` on 127.0.0.1, a port of its own, and its memory and CPU."""

    def __init__(
        self,
        data_dir: Path,
        org_file: Path,
        seed: int,
        traffic: bool,
        profile_to: Path | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.profile_to = profile_to
        self.org_file = org_file
        self.seed = seed
        self.traffic = traffic
        self.log_path = data_dir / "sandbox.log"
        self.base_url = ""
        self._process: asyncio.subprocess.Process | None = None
        self._drain: asyncio.Task[None] | None = None
        self.rss_peak_kib = 0
        self._cpu_s = 0.0

    @property
    def pid(self) -> int:
        return self._process.pid if self._process else 0

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> str:
        """Start it and wait for its "listening" line; the base URL. Raises SandboxFailed."""
        profiler = ["-m", "cProfile", "-o", str(self.profile_to)] if self.profile_to else []
        args = [
            sys.executable,
            *profiler,
            "-m",
            "tui.sandbox",
            "--host",
            HOST,
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
            "--org-file",
            str(self.org_file),
            "--seed",
            str(self.seed),
            # The simulated agents take no contacts by hand: the platform connects and wraps
            # up for them, so that contacts keep flowing as on a busy floor.
            "--auto-answer",
            "telephony,chat,email,social",
            "--wrap-up-for",
            "5",
            "--no-floor",  # the load's own agents are the floor
        ]
        if not self.traffic:
            args.append("--no-traffic")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
        with self.log_path.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                *args, stdout=asyncio.subprocess.PIPE, stderr=log, cwd=_ROOT, env=env
            )
        assert self._process.stdout is not None
        try:
            async with asyncio.timeout(SANDBOX_START_S):
                while True:
                    line = await self._process.stdout.readline()
                    if not line:
                        raise SandboxFailed(f"the sandbox exited at start: {self.log_tail()}")
                    text = line.decode("utf-8", "replace").strip()
                    if text.startswith(READY_PREFIX):
                        self.base_url = text.removeprefix(READY_PREFIX)
                        break
        except TimeoutError:
            await self.stop()
            raise SandboxFailed(f"the sandbox did not start within {SANDBOX_START_S:g} s") from None
        except SandboxFailed:
            await self.stop()
            raise
        self._drain = asyncio.create_task(self._drain_stdout(self._process.stdout))
        return self.base_url

    @staticmethod
    async def _drain_stdout(stream: asyncio.StreamReader) -> None:
        while await stream.readline():
            pass

    def _status(self) -> dict[str, int]:
        """VmRSS and VmHWM in KiB from /proc (empty when the process is gone)."""
        found: dict[str, int] = {}
        with contextlib.suppress(OSError), open(f"/proc/{self.pid}/status") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(rest.split()[0])
        return found

    def rss_kib(self) -> int:
        """The resident memory now, remembering the peak seen."""
        status = self._status()
        self.rss_peak_kib = max(self.rss_peak_kib, status.get("VmRSS", 0), status.get("VmHWM", 0))
        return status.get("VmRSS", 0)

    def cpu_seconds(self) -> float:
        """User plus system CPU time the sandbox has used so far (the last reading once it is
        gone)."""
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            self._cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
        return self._cpu_s

    def log_tail(self, lines: int = 5) -> str:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", "replace").strip().splitlines()
            return " | ".join(text[-lines:]) or "(no output)"
        return "(no output)"

    def first_error(self) -> str:
        """The first ERROR record and the last line of its traceback (the exception)."""
        with contextlib.suppress(OSError):
            lines = self.log_path.read_text("utf-8", "replace").splitlines()
            for n, line in enumerate(lines):
                if line.startswith(("ERROR", "CRITICAL")):
                    rest = [t for t in lines[n + 1 :] if t and not t[0].isspace()]
                    last = next((t for t in rest if not t.startswith("Traceback")), "")
                    return f"{line} | {last}" if last else line
        return "(none)"

    def logged_errors(self) -> int:
        """Records the sandbox logged at ERROR or worse: each is a server-side fault."""
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", "replace").splitlines()
            return sum(1 for t in text if t.startswith(("ERROR", "CRITICAL")))
        return 0

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within SANDBOX_STOP_S."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(SANDBOX_STOP_S):
                    await process.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._drain is not None:
            self._drain.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drain
