"""The login screen against a real sandbox: the happy path and each error, next to its field."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx
from textual.widgets import Input

from tests.app.helpers import desktop, error_at, on_screen, shown, sign_in, text_of, until
from tui.domain.errors import NotSignedIn, ServerUnreachable, WrongPassword
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen


async def test_enter_signs_in_as_the_prefilled_demo_agent(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        session_screen = await sign_in(pilot)
        assert session_screen.profile.agent_id == sandbox.org.user_by_login("agent1").id
        assert "on Sandbox" in session_screen.where


async def test_wrong_password_is_said_under_the_password(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        login.query_one("#password", Input).value = "not-the-password"
        login.query_one("#password", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: error_at(login, "password"), "the password error")
        assert error_at(login, "password") == WrongPassword.sentence
        assert error_at(login, "server") == ""
        assert isinstance(app.screen, LoginScreen)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_unreachable_server_is_said_under_the_server() -> None:
    app = desktop(None, server_url=f"http://127.0.0.1:{_closed_port()}")
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        login.query_one("#user", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: error_at(login, "server"), "the server error")
        assert error_at(login, "server") == ServerUnreachable.sentence
        assert error_at(login, "password") == ""


async def test_expired_token_is_said_under_the_token(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(token_lifetime_s=0)
    answer = httpx.post(
        f"{server.base_url}/oauth/token",
        data={"grant_type": "password", "username": "agent1", "password": "agent1"},
    )
    assert answer.status_code == 200
    app = desktop(None, platform="webex", server_url=server.base_url)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert shown(login, "#password-fields") is False
        token = login.query_one("#token", Input)
        token.value = answer.json()["access_token"]
        token.focus()
        await pilot.press("enter")
        await until(pilot, lambda: error_at(login, "token"), "the token error")
        assert error_at(login, "token") == NotSignedIn.sentence


async def test_cxone_signs_in_to_the_built_in_sandbox_on_its_cxone_api(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        await pilot.click("#platform-cxone")
        assert shown(login, "#password-fields") is True
        assert shown(login, "#token-fields") is False  # the built-in sandbox
        login.query_one("#password", Input).focus()
        await pilot.press("enter")
        screen = await on_screen(pilot, SessionScreen)
        assert screen.where == "Avery Chen on CXone"
        assert app.desk.session is not None and app.desk.session.platform == "cxone"


async def test_cxone_on_another_server_also_takes_a_bearer_token(sandbox: SandboxServer) -> None:
    app = desktop(sandbox, platform="cxone")
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert shown(login, "#token-fields") is False
        login.query_one("#server", Input).value = "https://api-c32.nice-incontact.com"
        await pilot.pause()
        assert shown(login, "#token-fields") is True
        assert shown(login, "#password-fields") is True
        assert "instead of the password" in text_of(login, "#token-hint")


async def test_sign_in_waits_for_a_sandbox_that_is_still_starting() -> None:
    """The login screen paints before the built-in sandbox is up; Enter waits for it."""
    app = desktop(None, traffic=False)
    sandbox = app.desk.local_sandbox
    assert sandbox is not None
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert login.query("#user")  # painted; the sandbox may well still be starting
        await pilot.press("enter")
        await on_screen(pilot, SessionScreen, timeout=30)
        assert sandbox.url.startswith("http://127.0.0.1:")
