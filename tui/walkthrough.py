"""Scripted walks through the real desktop with a Pilot, shared by the screenshots and tests.

Every step waits on a condition with a deadline; nothing sleeps and hopes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from tui.app import DesktopApp
from tui.backends.session import PasswordSignIn, StationLogin, wall_clock_ms
from tui.backends.webex.client import WebexSession
from tui.config import DesktopSettings
from tui.domain import LoginOption
from tui.local_sandbox import LocalSandbox
from tui.sandbox import engine
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen

WAIT_S = 10.0
# 2026-01-01 09:30:00 UTC. Earlier than any server stamp, so with this clock every timer
# reads 00:00 and every log line 09:30:00: frames repeat exactly.
FROZEN_MS = 1_767_259_800_000
S = TypeVar("S", bound=Screen)


def frozen_clock() -> int:
    return FROZEN_MS


def desktop_on(
    sandbox_url: str | None,
    *,
    clock: Callable[[], int] = wall_clock_ms,
    theme: str = "textual-dark",
    **settings: Any,
) -> DesktopApp:
    """The real app with a sandbox somebody else runs standing in as its built-in one, and
    what makes frames repeatable: explicit theme, UTC log times, no cursor blink."""
    return DesktopApp(
        DesktopSettings(theme=theme, **settings),
        local_sandbox=LocalSandbox.running_at(sandbox_url) if sandbox_url else None,
        clock=clock,
        timezone=UTC,
        cursor_blink=False,
    )


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = WAIT_S
) -> None:
    """Let the app run until `condition()` holds; fail saying `what` did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.02)
    await pilot.wait_for_scheduled_animations()


async def on_screen(pilot: Pilot[Any], kind: type[S], timeout: float = WAIT_S) -> S:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__, timeout)
    await pilot.pause()
    return pilot.app.screen  # type: ignore[return-value]


async def sign_in(pilot: Pilot[Any]) -> SessionScreen:
    """Enter on the prefilled login form."""
    await until(pilot, lambda: pilot.app.screen.query("#user"), "the login form")
    await pilot.press("enter")
    return await on_screen(pilot, SessionScreen)


async def start_station(pilot: Pilot[Any]) -> StatusScreen:
    """Sign in, then Enter on the prefilled session form: Available on the status screen."""
    await sign_in(pilot)
    await pilot.press("enter")
    status = await on_screen(pilot, StatusScreen)
    await until(pilot, lambda: status.snapshot.has_session, "the station session")
    return status


async def agent_elsewhere(
    sandbox_url: str, user: str = "agent1", *, start: bool, allow_multi_login: bool
) -> None:
    """`user` on another desktop: signs in (and starts a station session), then leaves.

    Without multi-login this takes over every earlier desktop of the same user.
    """
    other = WebexSession(sandbox_url, allow_multi_login=allow_multi_login)
    try:
        await other.sign_in(PasswordSignIn(user, user))
        profile = await other.load_profile()
        if start:
            option = profile.terminal_login_options[0]
            number = (
                profile.default_extension
                if option is LoginOption.EXTENSION
                else profile.default_dial_number
            )
            await other.start_station_session(StationLogin(profile.default_team_id, option, number))
    finally:
        await other.close()


@contextmanager
def counted_ids() -> Iterator[None]:
    """Server-made ids count up from 1 so a session id on screen is the same every run."""
    counter = iter(range(1, 1_000_000))
    real = engine.uuid

    class Counted:
        @staticmethod
        def uuid4() -> uuid.UUID:
            return uuid.UUID(int=(0x5E55 << 112) | next(counter))

    engine.uuid = Counted  # type: ignore[assignment]
    try:
        yield
    finally:
        engine.uuid = real
