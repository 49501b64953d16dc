"""Joining a session by its id on the session screen, on CXone: each outcome of Join Agent
Session is its own plain sentence next to the field it is about, and the screen stays usable
after every failure (correct the field, try again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input

from tests.app.helpers import (
    SandboxClock,
    bearer_token,
    desktop,
    error_at,
    on_screen,
    sign_in,
    text_of,
    until,
    until_token_expired,
)
from tui.config import Platform
from tui.domain.errors import (
    ImpersonationNotEnabled,
    NoSuchAgent,
    NoSuchSession,
    NotSignedIn,
)
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer
from tui.screens.board import BoardScreen
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk, join_by_id, open_board

CXONE = Platform.CXONE


def agent_id(server: SandboxServer, login: str) -> str:
    """The agent's CXone id: an integer, as text."""
    user = server.org.user_by_login(login)
    assert user is not None
    return str(CxoneIds(server.org).agent(user.id))


async def session_screen_of(pilot: Pilot[Any]) -> SessionScreen:
    """Sign in; a supervisor goes from the board to their station's session screen."""
    if pilot.app.desk.settings.user.startswith("super"):
        await open_board(pilot)
        await pilot.press("m")
        return await on_screen(pilot, SessionScreen)
    return await sign_in(pilot)


def still_usable(screen: SessionScreen) -> bool:
    """Nothing is busy: every button can be pressed and nothing says it is under way."""
    buttons = [b for b in screen.query(Button) if b.id != "start" or screen.option is not None]
    return not any(b.disabled for b in buttons) and not text_of(screen, "#progress").strip()


async def test_success_joins_your_own_session_by_its_id(sandbox: SandboxServer) -> None:
    async with agent_at_desk(sandbox.base_url, "agent5", CXONE) as elsewhere:
        session_id = elsewhere.snapshot.session_id
        app = desktop(sandbox, user="agent5", platform=CXONE)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_screen_of(pilot)
            assert screen.existing is not None and screen.existing.session_id == session_id
            await join_by_id(pilot, screen, session_id)
            status = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: status.snapshot.has_session, "the joined session")
            assert status.snapshot.session_id == session_id
            assert status.acting is None
            assert "Joined the existing station session" in text_of(status, "#event-log")


async def test_invalid_agent_session_is_said_under_the_id_then_corrected(
    sandbox: SandboxServer,
) -> None:
    async with agent_at_desk(sandbox.base_url, "agent5", CXONE) as elsewhere:
        app = desktop(sandbox, user="agent5", platform=CXONE)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_screen_of(pilot)
            await join_by_id(pilot, screen, "made-up-session-id")
            await until(pilot, lambda: error_at(screen, "session-id"), "the sentence")
            assert error_at(screen, "session-id") == NoSuchSession.sentence
            assert "That session does not exist" in text_of(screen, "#session-id-error")
            assert isinstance(app.screen, SessionScreen) and still_usable(screen)
            assert screen.query_one("#session-id", Input).has_focus

            await pilot.press("backspace")  # correcting the field clears its sentence
            assert error_at(screen, "session-id") == ""
            await join_by_id(pilot, screen, elsewhere.snapshot.session_id)
            status = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: status.snapshot.has_session, "the joined session")


async def test_an_agent_may_not_join_another_agents_session(sandbox: SandboxServer) -> None:
    async with agent_at_desk(sandbox.base_url, "agent4", CXONE) as agent4:
        app = desktop(sandbox, user="agent5", platform=CXONE)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_screen_of(pilot)
            assert screen.query_one("#agent-row").display is False  # agents act as no one
            await join_by_id(pilot, screen, agent4.snapshot.session_id)
            await until(pilot, lambda: error_at(screen, "session-id"), "the sentence")
            assert error_at(screen, "session-id") == ImpersonationNotEnabled.sentence
            assert isinstance(app.screen, SessionScreen) and still_usable(screen)


async def test_invalid_agent_id_is_said_under_act_as_then_corrected(
    sandbox: SandboxServer,
) -> None:
    async with agent_at_desk(sandbox.base_url, "agent5", CXONE):
        app = desktop(sandbox, user="super1", platform=CXONE)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_screen_of(pilot)
            await join_by_id(pilot, screen, "", agent="no-such-agent")
            await until(pilot, lambda: error_at(screen, "agent"), "the sentence")
            assert error_at(screen, "agent") == NoSuchAgent.sentence
            assert error_at(screen, "session-id") == ""
            assert isinstance(app.screen, SessionScreen) and still_usable(screen)
            assert screen.query_one("#agent", Input).has_focus

            await join_by_id(pilot, screen, "", agent=agent_id(sandbox, "agent5"))
            acting = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: acting.snapshot.has_session, "agent5's session")
            assert acting.acting is app.desk.acting is not None
            assert acting.acting_banner == "Acting as Emery Garcia — impersonated by Morgan Lee"
            assert acting.acting_banner in text_of(acting, "#acting-banner")


async def test_impersonate_not_enabled_is_said_under_act_as(sandbox: SandboxServer) -> None:
    async with agent_at_desk(sandbox.base_url, "agent7", CXONE) as agent7:
        app = desktop(sandbox, user="super2", platform=CXONE)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_screen_of(pilot)
            await join_by_id(pilot, screen, agent7.snapshot.session_id, agent_id(sandbox, "agent7"))
            await until(pilot, lambda: error_at(screen, "agent"), "the sentence")
            assert error_at(screen, "agent") == ImpersonationNotEnabled.sentence
            assert app.desk.acting is None
            assert isinstance(app.screen, SessionScreen) and still_usable(screen)

            await pilot.press("escape", "escape")  # clear the form, then back to the board
            await on_screen(pilot, BoardScreen)


async def test_invalid_security_user_is_said_when_the_sign_in_has_expired(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """Signed in with a bearer token (a password sign-in would quietly get a new one)."""
    clock = SandboxClock()
    server = sandbox_factory(token_lifetime_s=60, clock=clock)
    async with agent_at_desk(server.base_url, "agent5", CXONE) as elsewhere:
        app = desktop(None, platform=CXONE, server_url=server.base_url)
        async with app.run_test(size=(120, 40)) as pilot:
            login = await on_screen(pilot, LoginScreen)
            token = await bearer_token(server, "agent5")
            login.query_one("#token", Input).value = token
            login.query_one("#token", Input).focus()
            await pilot.press("enter")
            screen = await on_screen(pilot, SessionScreen)
            clock.skip(61)
            clock.skip(61)
            await until_token_expired(pilot, server, token)
            await join_by_id(pilot, screen, elsewhere.snapshot.session_id)
            await until(pilot, lambda: error_at(screen, "by-id"), "the sentence")
            assert error_at(screen, "by-id") == NotSignedIn.sentence
            assert error_at(screen, "session-id") == error_at(screen, "agent") == ""
            assert isinstance(app.screen, SessionScreen) and still_usable(screen)

            await pilot.press("escape", "escape")  # clear the form, then sign in again
            await on_screen(pilot, LoginScreen)
