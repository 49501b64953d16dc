"""The real `agent-desktop` in a pseudo-terminal of a fixed size, for figures 7 and 9.

The desktop runs as a process of its own on the slave side of a pty, exactly as in a terminal
window; a thread drains the master side and keeps every chunk the desktop wrote with the time
it arrived. Keys are bytes written to the master side. Nothing here emulates a terminal: the
screen's words are found in the output with the escape sequences taken out, which is enough to
know which screen is up (a new screen repaints most of its cells, its words whole).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from types import TracebackType

from tui.tools.bench.children import clean_env
from tui.tools.bench.sandbox_process import ROOT

ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)")
TERM = "xterm-256color"  # what tmux and most SSH sessions say; no COLORTERM, so 256 colours
STEP_TIMEOUT_S = 30.0


def visible_text(raw: bytes) -> str:
    """What `raw` would put on a screen as text, escape sequences removed."""
    return ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def rss_mib(pid: int) -> float:
    """A process's resident set size (Linux), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def desktop_command() -> list[str]:
    """The installed `agent-desktop` beside this interpreter, else the same entry point."""
    script = Path(sys.executable).parent / "agent-desktop"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


class PtyDesktop:
    """`agent-desktop --server-url URL --user USER` in a `columns` x `rows` pty."""

    def __init__(self, server: str, user: str, columns: int = 80, rows: int = 24) -> None:
        self._args = [*desktop_command(), "--server-url", server, "--user", user]
        self._size = (rows, columns)
        self._process: subprocess.Popen[bytes] | None = None
        self._master = -1
        self._chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    # Running ----------------------------------------------------------------------------------

    def start(self) -> PtyDesktop:
        master, slave = os.openpty()
        rows, columns = self._size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = clean_env()
        env.pop("COLORTERM", None)
        env.update(TERM=TERM, COLUMNS=str(columns), LINES=str(rows))
        self._process = subprocess.Popen(
            self._args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._drain, daemon=True, name="pty-reader")
        self._reader.start()
        return self

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    if self._process is None or self._process.poll() is not None:
                        return
                    continue
                data = os.read(self._master, 65536)
            except OSError:  # the slave side closed: the desktop has gone
                return
            if not data:
                return
            with self._lock:
                self._chunks.append((time.monotonic(), data))

    @property
    def pid(self) -> int:
        return self._process.pid if self._process is not None else 0

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._master >= 0:
            os.close(self._master)
            self._master = -1

    def __enter__(self) -> PtyDesktop:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Reading and typing -----------------------------------------------------------------------

    def now(self) -> float:
        return time.monotonic()

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes the desktop wrote that arrived in [start, end)."""
        with self._lock:
            return sum(len(data) for at, data in self._chunks if start <= at < end)

    def output_since(self, start: float) -> bytes:
        with self._lock:
            return b"".join(data for at, data in self._chunks if at >= start)

    def forget_before(self, start: float) -> None:
        """Drop what arrived before `start` (a long run must not keep hours of output)."""
        with self._lock:
            self._chunks = [(at, data) for at, data in self._chunks if at >= start]

    def type(self, keys: str) -> float:
        """Type `keys` as a terminal does; returns when they were sent."""
        at = time.monotonic()
        os.write(self._master, keys.encode())
        return at

    def wait_for(self, word: str, since: float, timeout: float = STEP_TIMEOUT_S) -> float:
        """Wait until `word` shows in the output that arrived since `since`; when it did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if word in visible_text(self.output_since(since)):
                return time.monotonic()
            if not self.alive():
                raise RuntimeError(f"the desktop exited while waiting for {word!r}")
            time.sleep(0.02)
        tail = visible_text(self.output_since(since))[-400:]
        raise TimeoutError(f"{word!r} never showed within {timeout:g} s; last: {tail!r}")

    def wait_quiet(self, quiet_s: float, timeout: float = STEP_TIMEOUT_S) -> None:
        """Wait until nothing has been written for `quiet_s`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                last = self._chunks[-1][0] if self._chunks else 0.0
            if time.monotonic() - last >= quiet_s:
                return
            time.sleep(0.02)

    def sign_in_and_start(self) -> None:
        """Enter on the prefilled login form, Enter on the prefilled session form, and wait
        for the status screen."""
        self.wait_for("Password", 0.0)
        time.sleep(0.3)
        sent = self.type("\r")
        self.wait_for("Dial number", sent)
        time.sleep(0.3)
        sent = self.type("\r")
        self.wait_for("In state", sent)
