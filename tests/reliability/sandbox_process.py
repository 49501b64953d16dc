"""The sandbox in a child process, for faults only a real process shows (SIGKILL, SIGSTOP).

Run as `python -m tests.reliability.sandbox_process --port P --data-dir D --knobs JSON`: like
`python -m tui.sandbox` (the same `SandboxServer.serve`, the same `Sandbox listening on URL`
line), but it takes any `SandboxConfig` knob as JSON (the CLI has flags only for a few) and logs
everything at DEBUG to stderr, so a test can read all the server ever wrote.

Imported, `SandboxProcess` starts, kills, freezes, thaws and restarts one on the same port and
data dir.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from tui.sandbox.engine.org import Org, load_org

LISTENING = re.compile(r"^Sandbox listening on (http://127\.0\.0\.1:(\d+))$")
START_TIMEOUT_S = 20.0


class SandboxProcess:
    """One sandbox process at a time on a fixed data dir; `restart()` keeps the port."""

    def __init__(
        self,
        workdir: Path,
        *,
        knobs: dict[str, Any] | None = None,
        org_file: Path | None = None,
    ) -> None:
        self.workdir = workdir
        self.data_dir = workdir / "data"
        self.knobs = knobs or {}
        self.org_file = org_file
        self.org: Org = load_org(org_file)
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.data_dir / "sandbox.sqlite3"

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> SandboxProcess:
        """Start (on the port of the previous run, if there was one); returns once it listens."""
        assert not self.alive, "already running"
        log = (self.workdir / f"server-{self.starts}.log").open("wb")
        command = [
            sys.executable,
            "-m",
            "tests.reliability.sandbox_process",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--knobs",
            json.dumps(self.knobs),
        ]
        if self.org_file is not None:
            command += ["--org-file", str(self.org_file)]
        self.starts += 1
        self.process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=log
        )
        log.close()
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), START_TIMEOUT_S)
        match = LISTENING.match(raw.decode().strip())
        assert match, f"the sandbox did not start: {raw!r}\n{self.log_text()[-2000:]}"
        self.port = int(match.group(2))
        return self

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed but what SQLite committed."""
        process = self.process
        assert process is not None and process.returncode is None
        process.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(process.wait(), 10) == -signal.SIGKILL

    async def restart(self) -> SandboxProcess:
        if self.alive:
            await self.kill()
        return await self.start()

    def freeze(self) -> None:
        """SIGSTOP: every socket stays open, but the server says nothing at all."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    async def close(self) -> None:
        process = self.process
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGKILL)
            await process.wait()

    def log_text(self) -> str:
        """Everything every run of this sandbox wrote to stderr (its log)."""
        parts = sorted(self.workdir.glob("server-*.log"))
        return "".join(part.read_text(errors="replace") for part in parts)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.sandbox_process")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--knobs", default="{}", help="SandboxConfig knobs as a JSON object")
    parser.add_argument("--org-file", default=None)
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.DEBUG, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    from tui.sandbox.server import SandboxServer

    knobs = {"traffic": False, **json.loads(args.knobs)}
    for name in ("answer_after_s", "handle_for_s", "auto_answer"):
        if name in knobs:
            knobs[name] = tuple(knobs[name])
    server = SandboxServer(data_dir=args.data_dir, port=args.port, org_file=args.org_file, **knobs)

    def stop(signum: int, frame: FrameType | None) -> None:
        server.request_stop()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def ready(url: str) -> None:
        # The server keeps uvicorn's own loggers at WARNING and its access log off; here they
        # say everything too (connections, every request line, every websocket), so that a
        # test searching the log for secrets searches all a server could write.
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.DEBUG)
            logger.propagate = True
        print(f"Sandbox listening on {url}", flush=True)

    asyncio.run(server.serve(on_ready=ready))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
