"""The real `agent-desktop` in a pseudo-terminal of a fixed size, for figures 7 and 9.

The desktop runs as a process of its own on the slave side of a pty, exactly as in a terminal
window; a thread drains the master side and keeps every chunk the desktop wrote with the time
it arrived. Keys are bytes written to the master side. `ScreenText` follows just enough of
the output (cursor moves, text, clears; colours ignored) to tell what the screen says, so the
bench can wait for a screen or a state without looking inside the process.
"""

from __future__ import annotations

import codecs
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

from rich.cells import get_character_cell_size

from tui.tools.bench.children import clean_env
from tui.tools.bench.sandbox_process import ROOT

TERM = "xterm-256color"  # what tmux and most SSH sessions say; no COLORTERM, so 256 colours
STEP_TIMEOUT_S = 30.0


TOKENS = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]]|[^\x1b]+"
)


class ScreenText:
    """The characters on a terminal of `columns` x `rows`, from what was written to it."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self._cells = [[" "] * columns for _ in range(rows)]
        self._x = 0
        self._y = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        end = 0
        for match in TOKENS.finditer(text):
            if match.start() != end:
                break
            token = match.group(0)
            end = match.end()
            if token[0] != "\x1b":
                self._text(token)
            elif match.group(2) == "H":
                y, _, x = (match.group(1) or "1;1").partition(";")
                self._y = min(self.rows - 1, max(0, int(y or 1) - 1))
                self._x = min(self.columns, max(0, int(x or 1) - 1))
            elif match.group(2) == "J" and match.group(1) == "2":
                self._cells = [[" "] * self.columns for _ in range(self.rows)]
        self._pending = text[end:]  # an escape sequence cut short: the rest comes next

    def _text(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self._x = 0
            elif char == "\n":
                self._y = min(self.rows - 1, self._y + 1)
            elif char >= " ":
                width = get_character_cell_size(char)
                if width == 0:
                    continue
                if self._x >= self.columns:  # pending wrap, as a terminal does
                    self._x = 0
                    self._y = min(self.rows - 1, self._y + 1)
                self._cells[self._y][self._x] = char
                if width == 2 and self._x + 1 < self.columns:
                    self._cells[self._y][self._x + 1] = ""
                self._x += width

    def text(self) -> str:
        return "\n".join("".join(row) for row in self._cells)


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
        self.screen = ScreenText(columns, rows)
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
                self.screen.feed(data)

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

    def forget_before(self, start: float) -> None:
        """Drop what arrived before `start` (a long run must not keep hours of output)."""
        with self._lock:
            self._chunks = [(at, data) for at, data in self._chunks if at >= start]

    def type(self, keys: str) -> float:
        """Type `keys` as a terminal does; returns when they were sent."""
        at = time.monotonic()
        os.write(self._master, keys.encode())
        return at

    def screen_text(self) -> str:
        with self._lock:
            return self.screen.text()

    def wait_for(self, word: str, timeout: float = STEP_TIMEOUT_S) -> float:
        """Wait until the screen shows `word`; when it did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if word in self.screen_text():
                return time.monotonic()
            if not self.alive():
                raise RuntimeError(f"the desktop exited while waiting for {word!r}")
            time.sleep(0.02)
        raise TimeoutError(f"{word!r} never showed within {timeout:g} s:\n{self.screen_text()}")

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
        self.wait_for("Password")
        time.sleep(0.3)
        self.type("\r")
        self.wait_for("Dial number")
        time.sleep(0.3)
        self.type("\r")
        self.wait_for("In state")
