"""The desktop on CXone against a sandbox answering as a tenant may: integer ids, NextStates
objects, every answer labelled text/plain and error answers without a body (the knobs of
`tui/sandbox/cxone/answer_shapes.py`). An agent signs in, starts, changes state and sees the
session end; a supervisor changes an agent's state from the board."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.helpers import desktop, on_screen, sign_in, text_of, until
from tests.app.test_board import put_cursor_on, row_text
from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.config import Platform
from tui.domain import Availability
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer
from tui.screens.board import BoardScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk, open_board


@pytest.fixture
def tenant(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(cxone_answer_shapes=frozenset({"text-plain", "bare-errors"}))


def number(server: SandboxServer, login: str) -> str:
    user = server.org.user_by_login(login)
    assert user is not None
    return str(CxoneIds(server.org).agent(user.id))


async def test_an_agent_starts_changes_state_and_sees_the_session_end(
    tenant: SandboxServer,
) -> None:
    app = desktop(tenant, platform=Platform.CXONE, user="agent3")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await sign_in(pilot)
        assert screen.where == "Casey Evans on CXone"
        await pilot.press("enter")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the station session")
        assert status.snapshot.agent_id == number(tenant, "agent3")

        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "on")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lunch", "enter")
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")
        await pilot.pause()
        assert "Lunch" in text_of(status, "#idle-code")

        elsewhere = CxoneSession(tenant.base_url, request_timeout=5.0, poll_timeout=1)
        try:
            await elsewhere.sign_in(PasswordSignIn("agent3", "agent3"))
            await elsewhere.load_profile()
            await elsewhere.join_session()
            await elsewhere.log_out()
        finally:
            await elsewhere.close()
        session_screen = await on_screen(pilot, SessionScreen)
        await until(pilot, lambda: "ended" in text_of(session_screen, "#notice"), "the end")
        assert "Your station session ended" in text_of(session_screen, "#notice")


async def test_a_supervisor_sets_an_agent_idle_from_the_board(tenant: SandboxServer) -> None:
    agent4 = number(tenant, "agent4")
    app = desktop(tenant, user="super1", platform=Platform.CXONE)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(tenant.base_url, "agent4", Platform.CXONE) as desk4:
            await until(pilot, lambda: "● Available" in row_text(board, agent4), "Available", 2)
            await put_cursor_on(pilot, board, agent4)
            await pilot.press("i")
            await on_screen(pilot, IdleCodePicker)
            await pilot.press(*"meet", "enter")
            board = await on_screen(pilot, BoardScreen)
            await until(pilot, lambda: desk4.snapshot.availability is Availability.IDLE, "Idle")
            assert desk4.snapshot.idle_code is not None
            assert desk4.snapshot.idle_code.name == "Meeting"
            assert desk4.snapshot.changed_by_name == "Morgan Lee"
            await until(pilot, lambda: "Meeting" in row_text(board, agent4), "the board", 2)
            assert "is now Idle (Meeting)" in text_of(board, "#board-notice")
            assert desk4.snapshot.session_id  # the agent's own session goes on
            assert desk4.snapshot.has_session
