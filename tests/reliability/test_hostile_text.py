"""Hostile text from the platform, on the real desktop: names, idle codes and a dial number with
markup, control characters, any script, bidi overrides and maximum lengths.

What the user reads must be the literal text (markup-like brackets shown as brackets, never
read as Textual markup) with control characters shown as harmless stand-ins; and no control
character may reach the terminal, where `ESC [ 2 J` would clear it and `ESC ] 0 ;` retitle it.
The org comes from a custom org file; the dial number from a session another client started.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

from tests.app.helpers import desktop, on_screen, sign_in, text_of, until
from tests.conftest import WebexTestClient
from tui.domain import Availability
from tui.domain.text import displayable
from tui.sandbox.engine import org as org_module
from tui.sandbox.engine.org import DEMO_ORG_RESOURCE
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen

DEMO = Path(org_module.__file__).with_name(DEMO_ORG_RESOURCE)

FIRST = "[bold]Eve[/] 王👩‍💻 e\u0301"
LAST = "[link=https://evil.example]M\x1b[2Jallory\x07"
TEAM = "[red]Sales[/red] \x1b]0;pwned\x07"
SITE = "[i]Austin\x00 \u202eniwsuA"
CODES = {
    "Lunch": "[b]Lunch[/b]",
    "Break": "Break\x1b[2J\x1b]0;title\x07",
    "Meeting": "\u202eMeeting \u05e4\u05d2\u05d9\u05e9\u05d4",
    "Training": "[link=https://evil.example]Training[/link]",
    "Coaching": "[@click=app.quit]C" + "o" * 60 + "aching[/]",
}
DIAL = "[bold]+1\x1b[31m555\x9b2J[/]"  # 20 characters; the vendor's maximum is 43
CONTROL = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))}


def hostile_org(tmp_path: Path) -> Path:
    data: dict[str, Any] = json.loads(DEMO.read_text())
    agent = next(u for u in data["users"] if u["login"] == "agent1")
    agent["firstName"], agent["lastName"] = FIRST, LAST
    next(t for t in data["teams"] if t["id"] == agent["teamIds"][0])["name"] = TEAM
    next(s for s in data["sites"] if s["id"] == agent["siteId"])["name"] = SITE
    for code in data["auxiliaryCodes"]:
        code["name"] = CODES.get(code["name"], code["name"])
    us = next(p for p in data["dialPlans"] if p["name"] == "US")
    us["regularExpression"], us["strippedChars"] = ".{1,43}", ""  # anything goes
    path = tmp_path / "hostile-org.json"
    path.write_text(json.dumps(data))
    return path


def assert_shows(literal: str, shown: str) -> None:
    """`literal` is in `shown` whole, or (a field too narrow for it) as a prefix and an ellipsis:
    cut, but never changed."""
    if literal in shown:
        return
    cut = shown.rstrip().rsplit("…", 1)[0]
    assert shown.rstrip().endswith("…"), (literal, shown)
    assert any(cut.endswith(literal[:size]) for size in range(12, len(literal))), (literal, shown)


def assert_in_log(literal: str, shown: str) -> None:
    """The log wraps long entries across lines: compare the characters, not the spacing."""
    inner = "".join(line.strip("│╭╮╰╯─") for line in shown.splitlines())
    assert re.sub(r"\s", "", literal) in re.sub(r"\s", "", inner), (literal, shown)


def lines_of(widget: Widget) -> list[str]:
    rendered = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [line.text for line in rendered]


def assert_no_control_reaches_the_terminal(screen: Screen[Any]) -> None:
    for widget in screen.query("*"):
        if widget.display and widget.outer_size.area:
            for line in lines_of(widget):
                found = CONTROL & set(line)
                assert not found, f"{widget!r} would send {found!r} to the terminal: {line!r}"


async def test_hostile_names_codes_and_numbers_are_shown_literally(
    sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    server = sandbox_factory(org_file=hostile_org(tmp_path))
    elsewhere = WebexTestClient(server, "agent1")
    try:
        await elsewhere.sign_in()
        await elsewhere.connect(allowMultiLogin=True)
        await elsewhere.login(DIAL)
        started = await elsewhere.next_frame("AgentStationLoginSuccess")
    finally:
        await elsewhere.aclose()
    assert started["data"]["dialNumber"] == DIAL  # the server kept every character

    name = displayable(f"{FIRST} {LAST}")
    app = desktop(server)
    async with app.run_test(size=(200, 50)) as pilot:
        session_screen = await sign_in(pilot)
        details = text_of(session_screen, "#existing-details")
        assert displayable(DIAL) in details and displayable(TEAM) in details
        assert_no_control_reaches_the_terminal(session_screen)
        await pilot.press("j")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the joined session")
        await pilot.pause()

        card = text_of(status, "#agent-card")
        for literal in (name, displayable(TEAM), displayable(SITE), displayable(DIAL)):
            assert literal in card, (literal, card)
        assert "[bold]Eve[/]" in card and "␛[2J" in card and "␛]0;pwned␇" in card
        assert name in text_of(status, "#title-where")
        assert_no_control_reaches_the_terminal(status)

        # Each idle code through the picker: the option, the state panel and the log.
        for plain, hostile in CODES.items():
            await pilot.press("i")
            picker = await on_screen(pilot, IdleCodePicker)
            options = picker.query_one("#idle-codes", OptionList)
            prompts = [
                str(options.get_option_at_index(i).prompt).removesuffix("  (current)")
                for i in range(len(CODES))
            ]
            assert sorted(prompts) == sorted(displayable(h) for h in CODES.values())
            assert_no_control_reaches_the_terminal(picker)
            picker.query_one("#idle-search", Input).value = ""
            target = prompts.index(displayable(hostile))
            options.highlighted = target
            await pilot.press("enter")
            status = await on_screen(pilot, StatusScreen)
            await until(
                pilot,
                lambda status=status, hostile=hostile: (
                    status.snapshot.availability is Availability.IDLE
                    and status.snapshot.idle_code is not None
                    and status.snapshot.idle_code.name == displayable(hostile)
                ),
                f"Idle with the code that stands for {plain}",
            )
            await pilot.pause()
            assert_shows(displayable(hostile), text_of(status, "#idle-code"))
            assert_in_log(f"Now Idle ({displayable(hostile)}).", text_of(status, "#event-log"))
            assert_no_control_reaches_the_terminal(status)

        # The command palette reads its titles and help as markup: the names must stay text.
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query(Input), "the command palette")
        await pilot.press(*"idle")
        shown: list[str] = []

        def palette_lists_the_codes() -> bool:
            found = app.screen.query(OptionList)
            if not found:
                return False
            palette = found.first()
            shown[:] = [
                str(palette.get_option_at_index(i).prompt) for i in range(palette.option_count)
            ]
            return sum(p.startswith("Idle: ") for p in shown) == len(CODES)

        await until(pilot, palette_lists_the_codes, "the idle codes in the palette")
        for hostile in CODES.values():
            title = f"Idle: {displayable(hostile)}"
            assert any(p.startswith(title) for p in shown), (title, shown)
            assert any(f"with the idle code {displayable(hostile)}" in p for p in shown), shown
        assert_no_control_reaches_the_terminal(app.screen)
        await pilot.press("escape")
        assert app.is_running  # no [@click=app.quit] ran
