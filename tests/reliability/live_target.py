"""One agent's live session on a sandbox, driven from sync hypothesis tests: its own event loop
in a thread, its events gathered as they come, and the agent's token for the test hooks."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx

from tui.backends.credentials import PasswordSignIn
from tui.backends.session import DesktopSession, StationLogin
from tui.domain import DesktopEvent, FrameIgnored, LoginOption
from tui.sandbox.server import SandboxServer

T = TypeVar("T")
TargetT = TypeVar("TargetT", bound="LiveTarget")
WAIT_S = 10.0


class LoopThread:
    """An event loop of its own, so a sync hypothesis test can drive a long-lived session."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = WAIT_S) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


class LiveTarget:
    """`login`'s station session (dial number `dial_number`) through `session`."""

    def __init__(
        self,
        server: SandboxServer,
        loop: LoopThread,
        session: DesktopSession,
        login: str,
        dial_number: str,
    ) -> None:
        self.loop = loop
        self.session = session
        self.events: list[DesktopEvent] = []
        self.loop.run(self._start(login, dial_number))
        form = {"grant_type": "password", "username": login, "password": login}
        token = httpx.post(f"{server.base_url}/oauth/token", data=form).json()["access_token"]
        self.http = httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        )

    async def _start(self, login: str, dial_number: str) -> None:
        await self.session.sign_in(PasswordSignIn(login, login))
        profile = await self.session.load_profile()
        await self.session.start_station_session(
            StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, dial_number)
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            self.events.extend(await self.session.next_batch())

    def events_until(self, start: int, mark: str) -> list[DesktopEvent]:
        """The events from index `start` up to the ignored frame that names `mark`."""

        async def arrived() -> list[DesktopEvent]:
            while True:
                for index, event in enumerate(self.events[start:], start):
                    if isinstance(event, FrameIgnored) and mark in event.description:
                        return self.events[start : index + 1]
                await asyncio.sleep(0.005)

        return self.loop.run(arrived())

    def close(self) -> None:
        async def stop() -> None:
            self._reader.cancel()
            await self.session.close()

        self.loop.run(stop())
        self.http.close()


def live_target(
    data_dir: Path, make: Callable[[SandboxServer, LoopThread], TargetT]
) -> Iterator[TargetT]:
    """A sandbox with its test hooks on, a loop thread and `make`'s target on them, for a
    module-scoped fixture to yield from; all three are stopped afterwards."""
    server = SandboxServer(data_dir=data_dir, traffic=False, test_hooks=True).start()
    loop = LoopThread()
    target = make(server, loop)
    try:
        yield target
    finally:
        target.close()
        loop.close()
        server.stop()
