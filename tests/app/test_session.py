"""The session screen: start a station session, the dial plan as you type, server refusals,
and joining or signing out a session that already exists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.widgets import Input

from tests.app.helpers import desktop, error_at, on_screen, sign_in, text_of, until
from tests.conftest import WebexTestClient
from tui.domain import Availability
from tui.domain.errors import DialNumberInUse
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen

Webex = Callable[..., Awaitable[WebexTestClient]]


async def test_the_default_dial_number_is_prefilled_and_checked_as_typed(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        number = screen.query_one("#dial-number", Input)
        assert number.value == screen.profile.default_dial_number != ""
        assert error_at(screen, "dial-number") == ""
        await pilot.press("end", "backspace", "backspace", "x")
        await until(pilot, lambda: error_at(screen, "dial-number"), "the live dial plan check")
        assert error_at(screen, "dial-number").startswith("Use digits;")
        await pilot.press("backspace", "backspace", "backspace")
        assert "not a valid dial number" in error_at(screen, "dial-number")
        await pilot.press("enter")  # refused here; nothing is sent
        assert isinstance(app.screen, SessionScreen)


async def test_a_number_written_as_people_write_it_is_dialled_as_digits(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        number = screen.query_one("#dial-number", Input)
        number.value = "+1 (415) 555-0101"
        await until(pilot, lambda: error_at(screen, "dial-number"), "the live dial plan check")
        assert error_at(screen, "dial-number") == "Dials 14155550101."
        assert screen.query_one("#dial-number-error").has_class("-hint")
        number.focus()
        await pilot.press("enter")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the started session")
        assert status.snapshot.dial_number == "14155550101"


async def test_dial_number_in_use_is_said_under_the_number(
    sandbox: SandboxServer, webex: Webex
) -> None:
    other = await webex("agent2")
    agent1 = sandbox.org.user_by_login("agent1")
    await other.login(agent1.defaultDialNumber)
    await other.next_frame("AgentStationLoginSuccess")
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: error_at(screen, "dial-number"), "the server's refusal")
        assert error_at(screen, "dial-number") == DialNumberInUse.sentence
        assert isinstance(app.screen, SessionScreen)


async def test_join_the_session_that_already_exists(sandbox: SandboxServer, webex: Webex) -> None:
    first = await webex("agent1", allowMultiLogin=True)
    await first.login()
    started = await first.next_frame("AgentStationLoginSuccess")
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        assert screen.existing is not None
        assert screen.query_one("#existing-box").display is True
        assert screen.query_one("#start-box").display is False
        details = text_of(screen, "#existing-details")
        assert started["data"]["agentSessionId"] in details
        assert "Sales" in details and "Dial Number" in details
        await pilot.press("j")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the joined session")
        assert status.snapshot.session_id == started["data"]["agentSessionId"]
        assert any("Joined" in entry.text for entry in status.snapshot.log)


async def test_sign_out_the_existing_session_then_start_a_new_one(
    sandbox: SandboxServer, webex: Webex
) -> None:
    first = await webex("agent1", allowMultiLogin=True)
    await first.login()
    old = await first.next_frame("AgentStationLoginSuccess")
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        await pilot.press("x")
        await until(pilot, lambda: screen.existing is None, "the existing session to end")
        assert screen.query_one("#start-box").display is True
        assert "signed out" in text_of(screen, "#notice")
        await pilot.press("enter")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the new session")
        assert status.snapshot.session_id != old["data"]["agentSessionId"]
        assert status.snapshot.availability is Availability.AVAILABLE


async def test_escape_signs_out_to_the_login_screen(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        await sign_in(pilot)
        await pilot.press("escape")
        await on_screen(pilot, LoginScreen)
        assert app.desk.session is None


async def test_escape_first_clears_a_half_typed_join_by_id(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        await pilot.press("f2", *"abc")
        assert screen.query_one("#session-id", Input).value == "abc"
        await pilot.press("escape")
        assert screen.query_one("#session-id", Input).value == ""
        assert app.screen is screen and app.desk.session is not None
        await pilot.press("escape")
        await on_screen(pilot, LoginScreen)
