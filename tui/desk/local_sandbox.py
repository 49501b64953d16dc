"""The built-in sandbox, started on a thread so that the desktop paints before it is ready.

Importing and starting the server (FastAPI, uvicorn, SQLite) takes a noticeable moment; the
login screen shows meanwhile and "Sign in" waits for it when the user is quicker.
"""

from __future__ import annotations

import asyncio
import threading
import time
from enum import StrEnum
from typing import Any

from tui.domain.errors import ServerUnreachable


class SandboxState(StrEnum):
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


class LocalSandbox:
    """One in-process sandbox on a free loopback port."""

    def __init__(
        self,
        *,
        traffic: bool = True,
        seed: int | None = None,
        floor: bool = False,
        arrivals: float = 0.0,
    ) -> None:
        """`floor`: simulated colleagues at work (the demo's live floor); `arrivals`: customers
        a minute who wait in the queues until someone has room."""
        self._options: dict[str, Any] = {
            "traffic": traffic,
            "seed": seed,
            "arrivals_per_min": arrivals,
        }
        self._floor = floor
        self._server: Any = None
        self._problem = ""
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def running_at(cls, url: str) -> LocalSandbox:
        """A sandbox somebody else started and stops (tests, screenshots); used as built-in."""
        sandbox = cls()
        sandbox._server = _Borrowed(url)
        sandbox._done.set()
        return sandbox

    @property
    def state(self) -> SandboxState:
        if not self._done.is_set():
            return SandboxState.STARTING
        return SandboxState.READY if self._server is not None else SandboxState.FAILED

    @property
    def problem(self) -> str:
        return self._problem

    @property
    def url(self) -> str:
        return self._server.base_url if self._server is not None else ""

    def start_in_background(self) -> None:
        if self._thread is None and not self._done.is_set():
            self._thread = threading.Thread(target=self._start, name="sandbox-start", daemon=True)
            self._thread.start()

    def _start(self) -> None:
        try:
            from tui.sandbox.options import DEFAULT_FLOOR
            from tui.sandbox.server import SandboxServer

            floor = DEFAULT_FLOOR if self._floor else 0
            server = SandboxServer(host="127.0.0.1", port=0, floor=floor, **self._options)
            server.start()
            self._server = server
        except Exception as error:  # shown on the login screen; the desktop keeps running
            self._problem = f"The built-in sandbox did not start: {error}"
        finally:
            self._done.set()

    async def wait_url(self, timeout: float = 30.0, *, start: bool = True) -> str:
        """The sandbox's base URL once it accepts connections; ServerUnreachable otherwise.

        Polls rather than blocking a thread, so that quitting meanwhile is immediate.
        """
        if start:
            self.start_in_background()
        deadline = time.monotonic() + timeout
        while not self._done.is_set():
            if time.monotonic() > deadline:
                raise ServerUnreachable("The built-in sandbox is taking too long to start.")
            await asyncio.sleep(0.05)
        if self._server is None:
            raise ServerUnreachable(self._problem or "The built-in sandbox did not start.")
        return self.url

    def stop(self) -> None:
        """Stop the server if it started (blocking; call from a thread when on the UI loop)."""
        if self._thread is not None:
            self._done.wait(30)
        if self._server is not None:
            server, self._server = self._server, None
            server.stop()


class _Borrowed:
    """Stands in for a server this desktop does not own: it has a URL and is never stopped."""

    def __init__(self, url: str) -> None:
        self.base_url = url.rstrip("/")

    def stop(self) -> None:
        pass
