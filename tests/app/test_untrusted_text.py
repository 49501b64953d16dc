"""Text from the server is shown as it is: never read as Textual markup."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.app.helpers import desktop, start_station, text_of
from tui.sandbox import org as org_module
from tui.sandbox.org import DEMO_ORG_RESOURCE
from tui.sandbox.server import SandboxServer

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
