"""Scripted walks through the real desktop with a Pilot, shared by the screenshots and tests.

Every step waits on a condition with a deadline; nothing sleeps and hopes.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tui.app import DesktopApp
from tui.backends.credentials import PasswordSignIn, wall_clock_ms
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.config import DesktopSettings, Platform
from tui.desk.desk import open_platform_session
from tui.desk.local_sandbox import LocalSandbox
from tui.domain import DesktopProfile, LoginOption
from tui.screens.board import BoardScreen
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


async def open_board(pilot: Pilot[Any]) -> BoardScreen:
    """A supervisor presses Enter on the prefilled login form: the board, with its first look."""
    await until(pilot, lambda: pilot.app.screen.query("#user"), "the login form")
    await pilot.press("enter")
    board = await on_screen(pilot, BoardScreen)
    await until(pilot, lambda: board.looks > 0, "the board's first look at the team")
    return board


async def join_by_id(
    pilot: Pilot[Any], screen: SessionScreen, session_id: str, agent: str = ""
) -> None:
    """Fill in the join-by-id form (the act-as field too, for supervisors) and press Enter."""
    await pilot.press("f2")
    screen.query_one("#session-id", Input).value = session_id
    if screen.profile.is_supervisor:
        screen.query_one("#agent", Input).value = agent
    await pilot.press("enter")


def default_station(profile: DesktopProfile) -> StationLogin:
    """The station login the session screen offers first."""
    option = profile.terminal_login_options[0]
    extension = option is LoginOption.EXTENSION
    number = profile.default_extension if extension else profile.default_dial_number
    return StationLogin(profile.default_team_id, option, number)


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
            await other.start_station_session(default_station(profile))
    finally:
        await other.close()


@asynccontextmanager
async def agent_at_desk(
    sandbox_url: str, user: str, platform: Platform = Platform.SANDBOX
) -> AsyncIterator[DesktopSession]:
    """`user` on a desktop of their own (the real backend, no screens), Available on a new
    station session until the block ends; the session on the server stays after."""
    session = open_platform_session(platform, sandbox_url, wall_clock_ms)
    try:
        await session.sign_in(PasswordSignIn(user, user))
        profile = await session.load_profile()
        await session.start_station_session(default_station(profile))
        await session.set_available()
        yield session
    finally:
        await session.close()


async def team_at_work(sandbox_url: str, idle: dict[str, str], available: tuple[str, ...]) -> None:
    """Agents on station sessions that stay after this returns: `available` ones Available,
    `idle` ones (user -> idle code name) Idle with that code."""
    for user in available:
        async with agent_at_desk(sandbox_url, user):
            pass
    for user, code_name in idle.items():
        async with agent_at_desk(sandbox_url, user) as desk:
            assert desk.profile is not None
            code = next(c for c in desk.profile.idle_codes if c.name == code_name)
            await desk.set_idle(code)


QUEUED = {"telephony": (3, 134), "chat": (1, 40), "social": (2, 75)}
"""Customers the queue shots find waiting: channel -> (how many, seconds the oldest waited)."""
QUEUE_SANDBOX: dict[str, Any] = {
    "test_hooks": True,
    "clock": frozen_clock,
    "traffic": False,
    "traffic_tick_s": 3600.0,  # nobody routes them away while a shot is taken
}
"""The knobs of a sandbox for queue shots: its clock frozen with the desktop's, so a wait reads
the same every run."""


async def customers_waiting(sandbox_url: str, queued: dict[str, tuple[int, int]] = QUEUED) -> None:
    """Put customers in the sandbox's queues (its test hook), as `QUEUED` says."""
    import httpx

    async with httpx.AsyncClient(base_url=sandbox_url) as http:
        form = {"grant_type": "password", "username": "super2", "password": "super2"}
        token = (await http.post("/oauth/token", data=form)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for channel, (count, waited) in queued.items():
            params = {"channel": channel, "count": count, "waited": waited}
            answer = await http.post("/test-hooks/enqueue", params=params, headers=headers)
            answer.raise_for_status()


def counted_ids() -> Callable[[], str]:
    """An id factory for a sandbox (`SandboxServer(new_id=counted_ids())`): its ids count up
    from 1, so a session id on screen is the same every run."""
    counter = itertools.count(1)
    return lambda: str(uuid.UUID(int=(0x5E55 << 112) | next(counter)))


async def signed_out(pilot: Pilot[Any], url: str) -> Screen[Any]:
    """On the status screen, the platform stops taking the sign-in (both tokens revoked, no
    password to fall back on) and the next request cannot be renewed: the sign-in dialog."""
    import httpx

    from tui.screens.sign_in_dialog import SignInDialog

    status = await start_station(pilot)
    session = status.desk.session
    assert session is not None
    session._password = None  # type: ignore[attr-defined]  # as after a browser sign-in
    async with httpx.AsyncClient(base_url=url) as http:
        for token in (session.refresh_token, session._http.token):  # type: ignore[attr-defined]
            await http.post("/oauth/revoke", data={"token": token})
    await pilot.press("i")
    await until(pilot, lambda: not isinstance(pilot.app.screen, StatusScreen), "the picker")
    await pilot.press("enter")
    return await on_screen(pilot, SignInDialog)
