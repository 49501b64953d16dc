"""Child process for figures 1 and 2: one fresh interpreter, one app, one line of JSON.

`python -m tui.tools.bench.startup_probe bare|desktop|desktop-no-sandbox` prints, on stdout,
`{"ready": t, ...}` where every `t` is `time.monotonic()` (one system-wide clock, so the parent
can subtract the moment it spawned this process). Imports are deliberately inside the modes so
that each mode pays exactly for what it uses, as a real start would.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from typing import Any

SANDBOX_WAIT_S = 20.0


def _emit(record: dict[str, Any]) -> None:
    sys.__stdout__.write(json.dumps(record) + "\n")
    sys.__stdout__.flush()


def run_bare() -> None:
    """The floor: header, one label, footer, and nothing else."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("Agent Desktop")
            yield Footer()

        def on_ready(self) -> None:
            _emit({"ready": time.monotonic()})
            self.exit()

    BareApp().run(headless=True, size=(80, 24))


def _accepting(url: str) -> bool:
    host, _, port = url.removeprefix("http://").rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=0.5):
            return True
    except OSError:
        return False


def run_desktop(with_sandbox: bool) -> None:
    """The real desktop, started exactly as `agent-desktop` starts it (`tui.cli.run_desktop`:
    settings, then the app, then the built-in sandbox after the first frame)."""
    from tui.cli import build_parser, run_desktop

    record: dict[str, Any] = {}

    def make_app(settings: Any) -> Any:
        from tui.app import DesktopApp
        from tui.desk.local_sandbox import LocalSandbox

        class NoSandbox(LocalSandbox):
            """Never starts: the same login screen with no server work behind it."""

            def start_in_background(self) -> None:
                pass

        class ProbedDesktop(DesktopApp):
            def on_ready(self) -> None:
                record["ready"] = time.monotonic()
                sandbox = self.desk.local_sandbox
                if sandbox is None or not with_sandbox:
                    self._finish()
                    return
                threading.Thread(target=self._watch, args=(sandbox,), daemon=True).start()

            def _watch(self, sandbox: LocalSandbox) -> None:
                """Poll from a thread (the UI loop is not involved) until a TCP connect works."""
                deadline = time.monotonic() + SANDBOX_WAIT_S
                while time.monotonic() < deadline:
                    if sandbox.url and _accepting(sandbox.url):
                        record["sandbox_accepting"] = time.monotonic()
                        break
                    time.sleep(0.002)
                self.call_from_thread(self._finish)

            def _finish(self) -> None:
                _emit(record)
                self.exit()

        local = None if with_sandbox else NoSandbox(traffic=settings.traffic)
        app = ProbedDesktop(settings, local_sandbox=local)
        sandbox = app.desk.local_sandbox
        if sandbox is not None and with_sandbox:
            original = sandbox.start_in_background

            def started() -> None:
                record.setdefault("sandbox_begin", time.monotonic())
                original()

            sandbox.start_in_background = started  # type: ignore[method-assign]
        return app

    run_desktop(build_parser().parse_args([]), make_app, headless=True, size=(80, 24))


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else ""
    if mode == "bare":
        run_bare()
    elif mode == "desktop":
        run_desktop(with_sandbox=True)
    elif mode == "desktop-no-sandbox":
        run_desktop(with_sandbox=False)
    else:
        print("usage: python -m tui.tools.bench.startup_probe bare|desktop|desktop-no-sandbox")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
