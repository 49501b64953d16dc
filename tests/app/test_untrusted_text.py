"""Text from the server is shown as it is: never read as Textual markup."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.app.helpers import desktop, on_screen, start_station, text_of, until
from tui.config import Platform
from tui.domain import Availability
from tui.sandbox.engine import org as org_module
from tui.sandbox.engine.org import DEMO_ORG_RESOURCE
from tui.sandbox.server import SandboxServer
from tui.screens.board import BoardScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk, open_board
from tui.widgets.agent_table import AgentTable

DEMO = Path(org_module.__file__).with_name(DEMO_ORG_RESOURCE)


async def test_names_that_look_like_markup_are_shown_literally(
    sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    data = json.loads(DEMO.read_text())
    agent = next(u for u in data["users"] if u["login"] == "agent1")
    agent["firstName"], agent["lastName"] = "[b]Eve", "[/]"
    team = next(t for t in data["teams"] if t["id"] == agent["teamIds"][0])
    team["name"] = "[link='x']Sales[/link]"
    site = next(s for s in data["sites"] if s["id"] == agent["siteId"])
    site["name"] = "[red]Austin"
    custom = tmp_path / "org.json"
    custom.write_text(json.dumps(data))
    app = desktop(sandbox_factory(org_file=custom))
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        card = text_of(status, "#agent-card")
        assert "[b]Eve [/]" in card
        assert "[link='x']Sales[/link]" in card
        assert "[red]Austin" in card
        assert "[b]Eve [/] on Sandbox" in text_of(status, "#title-where")
        assert "on team [link='x']Sales[/link]" in text_of(status, "#event-log")


async def test_the_board_and_acting_show_markup_like_names_literally(
    sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    data = json.loads(DEMO.read_text())
    agent = next(u for u in data["users"] if u["login"] == "agent5")
    agent["firstName"], agent["lastName"] = "[b]Eve", "[/]"
    custom = tmp_path / "org.json"
    custom.write_text(json.dumps(data))
    server = sandbox_factory(org_file=custom)
    app = desktop(server, user="super1", platform=Platform.CXONE)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(server.base_url, "agent5", Platform.CXONE):
            table = board.query_one(AgentTable)
            await until(pilot, lambda: board.roster.counts()[Availability.AVAILABLE], "agent5")
            await pilot.press("s", "s", "home")  # by state: agent5 first
            assert "[b]Eve [/]" in text_of(board, "#agents")
            await pilot.press("i")
            picker = await on_screen(pilot, IdleCodePicker)
            assert "Make [b]Eve [/] Idle with" in text_of(picker, "#picker-box")
            await pilot.press("escape")
            await on_screen(pilot, BoardScreen)
            assert table.cursor_agent_id is not None
            await pilot.press("j")
            acting = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: acting.snapshot.has_session, "agent5's session")
            assert "Acting as [b]Eve [/] — impersonated by" in text_of(acting, "#acting-banner")
            assert "acting as [b]Eve [/] on CXone" in text_of(acting, "#title-where")
