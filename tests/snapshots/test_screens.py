"""Snapshots of every screen and notable state at 80x24 and 120x40, on a real sandbox; the
status screen, the board, help and the session screen also at 60x20 (the smallest supported)
and 200x50.

Deterministic by construction: the desktop's clock is frozen before any server stamp (so every
timer reads 00:00 and every log line 00:00:00 UTC), cursors do not blink, the theme is explicit,
the sandbox has no traffic, and the one server-made id on screen (a session id) comes from a
counter instead of uuid4.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.app.helpers import (
    SandboxClock,
    bearer_token,
    desktop,
    error_at,
    frozen_clock,
    on_screen,
    sign_in,
    start_station,
    until,
    until_token_expired,
)
from tui.app import DesktopApp
from tui.domain import Availability
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout, MultiLoginNotice
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import (
    agent_elsewhere,
    counted_ids,
    join_by_id,
    open_board,
    signed_out,
    team_at_work,
)
from tui.widgets.agent_table import AgentTable

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
EVERY_SIZE = pytest.mark.parametrize(
    "size",
    [(60, 20), (80, 24), (120, 40), (200, 50)],
    ids=["60x20", "80x24", "120x40", "200x50"],
)
Compare = Callable[..., bool]
Step = Callable[[Pilot[Any]], Awaitable[None]]


def app_on(server: SandboxServer, **settings: Any) -> DesktopApp:
    return desktop(server, clock=frozen_clock, **settings)


@pytest.fixture
def counted_sandbox(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    """A sandbox whose ids count up from 1, so ids on screen are the same every run."""
    return sandbox_factory(new_id=counted_ids())


async def _login_form(pilot: Pilot[Any]) -> None:
    await on_screen(pilot, LoginScreen)


# -- login -----------------------------------------------------------------------------------


@SIZES
def test_login(snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=_login_form)


@SIZES
def test_login_wrong_password(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def wrong_password(pilot: Pilot[Any]) -> None:
        login = await on_screen(pilot, LoginScreen)
        login.query_one("#password", Input).value = "guess"
        login.query_one("#password", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: error_at(login, "password"), "the password error")

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=wrong_password)


@SIZES
def test_login_webex_token(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox, platform="webex", server_url="https://api.wxcc-us1.cisco.com")
    assert snap_compare(app, terminal_size=size, run_before=_login_form)


@SIZES
def test_login_browser_method(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(
        sandbox, platform="webex", server_url="https://api.wxcc-us1.cisco.com", sign_in="browser"
    )
    assert snap_compare(app, terminal_size=size, run_before=_login_form)


@SIZES
def test_login_access_key(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox, platform="cxone", sign_in="access-key")
    assert snap_compare(app, terminal_size=size, run_before=_login_form)


@SIZES
def test_sign_in_dialog(
    snap_compare: Compare, counted_sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def dialog(pilot: Pilot[Any]) -> None:
        await signed_out(pilot, counted_sandbox.base_url)

    assert snap_compare(app_on(counted_sandbox), terminal_size=size, run_before=dialog)


@SIZES
def test_login_cxone(snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(sandbox, platform="cxone"), terminal_size=size)


# -- session ---------------------------------------------------------------------------------


@EVERY_SIZE
def test_session_start(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=sign_in)


@EVERY_SIZE
def test_session_invalid_dial_number(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def typo(pilot: Pilot[Any]) -> None:
        screen = await sign_in(pilot)
        await pilot.press("end", "backspace", "backspace", "backspace")
        await until(pilot, lambda: error_at(screen, "dial-number"), "the dial plan sentence")

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=typo)


@SIZES
def test_session_join_existing(
    snap_compare: Compare, counted_sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    sandbox = counted_sandbox

    async def existing(pilot: Pilot[Any]) -> None:
        await agent_elsewhere(sandbox.base_url, start=True, allow_multi_login=True)
        screen = await sign_in(pilot)
        assert screen.existing is not None

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=existing)


# -- status ----------------------------------------------------------------------------------


@EVERY_SIZE
def test_status_available(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def available(pilot: Pilot[Any]) -> None:
        await start_station(pilot)

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=available)


async def _idle_on_break_after_lunch(pilot: Pilot[Any]) -> None:
    status = await start_station(pilot)
    for name in ("Lunch", "Break"):
        code = next(c for c in status.profile.idle_codes if c.name == name)
        status.change_state(code)
        await until(pilot, lambda code=code: status.snapshot.idle_code == code, name)
    await pilot.pause()


@SIZES
def test_status_idle_with_both_timers(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox)
    assert snap_compare(app, terminal_size=size, run_before=_idle_on_break_after_lunch)


@SIZES
def test_status_light_theme(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox, theme="textual-light")
    assert snap_compare(app, terminal_size=size, run_before=_idle_on_break_after_lunch)


@SIZES
def test_idle_code_picker(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def picker(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press("b")

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=picker)


@SIZES
def test_confirm_logout(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def confirm(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await pilot.press("l")
        await on_screen(pilot, ConfirmLogout)

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=confirm)


@EVERY_SIZE
def test_help(snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]) -> None:
    async def help_screen(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=help_screen)


def test_help_scrolled_to_its_end(snap_compare: Compare, sandbox: SandboxServer) -> None:
    """At 60x20 help is taller than the terminal: End shows its last part."""

    async def help_at_its_end(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)
        await pilot.press("end")

    app = app_on(sandbox)
    assert snap_compare(app, terminal_size=(60, 20), run_before=help_at_its_end)


@SIZES
def test_signed_in_elsewhere(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def taken_over(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await agent_elsewhere(sandbox.base_url, start=False, allow_multi_login=False)
        await on_screen(pilot, MultiLoginNotice)

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=taken_over)


@SIZES
def test_logged_out_back_on_the_session_screen(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def logged_out(pilot: Pilot[Any]) -> None:
        await start_station(pilot)
        await pilot.press("l")
        await on_screen(pilot, ConfirmLogout)
        await pilot.press("y")
        await on_screen(pilot, SessionScreen)

    assert snap_compare(app_on(sandbox), terminal_size=size, run_before=logged_out)


# -- the supervisor board -----------------------------------------------------------------


async def _team_at_work(url: str) -> None:
    """agent4 Available, agent5 Idle on Lunch; the other four agents have no session."""
    await team_at_work(url, idle={"agent5": "Lunch"}, available=("agent4",))


@EVERY_SIZE
def test_board(snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]) -> None:
    async def board(pilot: Pilot[Any]) -> None:
        await _team_at_work(sandbox.base_url)
        screen = await open_board(pilot)
        await until(pilot, lambda: len(screen.roster.agents) == 6, "six agents")

    assert snap_compare(app_on(sandbox, user="super1"), terminal_size=size, run_before=board)


@SIZES
def test_board_sorted_by_state_and_filtered(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async def filtered(pilot: Pilot[Any]) -> None:
        await _team_at_work(sandbox.base_url)
        screen = await open_board(pilot)
        await pilot.press("s", "s", "slash", *"support")
        table = screen.query_one(AgentTable)
        await until(pilot, lambda: table.row_count == 3, "the three Support agents")

    assert snap_compare(app_on(sandbox, user="super1"), terminal_size=size, run_before=filtered)


# -- joining by session id (CXone): each outcome in its own sentence ----------------------


def _supervisor_joins(session_id: str, agent: str = "") -> Step:
    """From the board to the session screen, then join by id; wait for the outcome."""

    async def join(pilot: Pilot[Any]) -> None:
        await open_board(pilot)
        await pilot.press("m")
        screen = await on_screen(pilot, SessionScreen)
        await join_by_id(pilot, screen, session_id, agent)
        await until(
            pilot,
            lambda: error_at(screen, "session-id") or error_at(screen, "agent"),
            "the outcome",
        )

    return join


@SIZES
def test_join_invalid_agent_session(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox, platform="cxone", user="super1")
    step = _supervisor_joins("no-such-session")
    assert snap_compare(app, terminal_size=size, run_before=step)


@SIZES
def test_join_invalid_agent_id(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = app_on(sandbox, platform="cxone", user="super1")
    step = _supervisor_joins("", agent="no-such-agent")
    assert snap_compare(app, terminal_size=size, run_before=step)


@SIZES
def test_join_impersonate_not_enabled(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    agent7 = sandbox.org.user_by_login("agent7")
    assert agent7 is not None
    app = app_on(sandbox, platform="cxone", user="super2")
    step = _supervisor_joins("", agent=agent7.id)
    assert snap_compare(app, terminal_size=size, run_before=step)


@SIZES
def test_join_invalid_security_user(
    snap_compare: Compare,
    sandbox_factory: Callable[..., SandboxServer],
    size: tuple[int, int],
) -> None:
    clock = SandboxClock()
    server = sandbox_factory(token_lifetime_s=60, clock=clock)

    async def expired(pilot: Pilot[Any]) -> None:
        login = await on_screen(pilot, LoginScreen)
        token = await bearer_token(server, "agent5")
        login.query_one("#token", Input).value = token
        login.query_one("#token", Input).focus()
        await pilot.press("enter")
        screen = await on_screen(pilot, SessionScreen)
        clock.skip(61)
        await until_token_expired(pilot, server, token)
        await join_by_id(pilot, screen, "a-session-id")
        await until(pilot, lambda: error_at(screen, "by-id"), "the outcome")

    app = desktop(None, clock=frozen_clock, platform="cxone", server_url=server.base_url)
    assert snap_compare(app, terminal_size=size, run_before=expired)


@SIZES
def test_acting_as_an_agent(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    """super1 acts as agent5 from the board: agent5's status screen, marked as impersonated."""

    async def acting(pilot: Pilot[Any]) -> None:
        await agent_elsewhere(sandbox.base_url, "agent5", start=True, allow_multi_login=True)
        board = await open_board(pilot)
        await until(pilot, lambda: board.roster.counts()[Availability.AVAILABLE], "agent5")
        await pilot.press("s", "s", "home", "j")  # by state: agent5 first
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "agent5's session")

    app = app_on(sandbox, platform="cxone", user="super1")
    assert snap_compare(app, terminal_size=size, run_before=acting)
