"""Every size from 60x20 up: the footer leaves keys out whole and always shows the way out,
help scrolls to its end, the board leaves columns out and says which, and the session screen
never scrolls sideways."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from tests.app.helpers import desktop, on_screen, sign_in, start_station
from tui.domain import Channel, ChannelLoad, Interaction
from tui.sandbox.server import SandboxServer
from tui.screens.help import HelpScreen
from tui.tools.walkthrough import open_board
from tui.widgets.agent_table import AgentTable
from tui.widgets.channels import ChannelCard
from tui.widgets.event_log import EventLog
from tui.widgets.field_error import FieldError
from tui.widgets.footer import DesktopFooter

SIZES = pytest.mark.parametrize(
    "size", [(60, 20), (80, 24), (200, 50)], ids=["60x20", "80x24", "200x50"]
)
TWO_LINES = (
    "That session does not exist or has ended, and this sentence goes on for long enough "
    "to need a second line at any width up to a hundred columns or so."
)


def footer_keys(screen: Screen) -> list[FooterKey]:
    """The keys the footer shows (it keeps the ones it hides for later), each checked to sit
    whole inside it, none over another."""
    footer = screen.query_one(DesktopFooter)
    shown = [key for key in footer.query(FooterKey) if key.display]
    keys = sorted(shown, key=lambda key: key.region.x)
    for key in keys:
        assert footer.region.contains_region(key.region), f"{key.description} is cut"
        assert key.region.width >= len(key.key_display) + len(key.description) + 1
    for left, right in pairwise(keys):
        assert left.region.right <= right.region.x, f"{left.description} under the next key"
    return keys


@SIZES
async def test_the_status_screen_footer_shows_how_to_leave_it(
    sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async with desktop(sandbox).run_test(size=size) as pilot:
        status = await start_station(pilot)
        await pilot.pause()
        shown = {key.key for key in footer_keys(status)}
        assert {"l", "question_mark"} <= shown
        if size[0] >= 80:
            assert {"a", "i", "ctrl+q", "ctrl+p"} <= shown


@SIZES
async def test_the_session_screen_footer_shows_how_to_leave_it(
    sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async with desktop(sandbox).run_test(size=size) as pilot:
        screen = await sign_in(pilot)
        await pilot.pause()
        assert "escape" in {key.key for key in footer_keys(screen)}


@SIZES
async def test_the_board_footer_shows_how_to_leave_it(
    sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async with desktop(sandbox, user="super1").run_test(size=size) as pilot:
        board = await open_board(pilot)
        await pilot.pause()
        shown = [key.key for key in footer_keys(board)]
        assert "escape" in shown and "question_mark" in shown
        if size[0] >= 200:
            assert "ctrl+q" in shown


async def test_the_footer_leaves_the_lowest_ranks_out_first(sandbox: SandboxServer) -> None:
    async with desktop(sandbox, user="super1").run_test(size=(200, 50)) as pilot:
        board = await open_board(pilot)
        await pilot.pause()
        everything = [key.key for key in footer_keys(board)]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        narrow = [key.key for key in footer_keys(board)]
        assert narrow == ["slash", "a", "question_mark", "escape", "ctrl+p"]
        assert set(narrow) < set(everything)


async def _open_help(pilot: Pilot[Any]) -> VerticalScroll:
    await start_station(pilot)
    await pilot.press("question_mark")
    help_screen = await on_screen(pilot, HelpScreen)
    return help_screen.query_one(VerticalScroll)


async def test_help_scrolls_to_its_end_by_keyboard_at_60x20(sandbox: SandboxServer) -> None:
    async with desktop(sandbox).run_test(size=(60, 20)) as pilot:
        scroll = await _open_help(pilot)
        assert scroll.max_scroll_y > 0, "at 60x20 help is taller than the screen"
        assert scroll.region.bottom <= 20
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y == 1
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        parts = scroll.query_one("#help-parts")
        assert parts.region.bottom <= scroll.region.bottom  # the last part is in view
        await pilot.press("pageup", "home")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_help_is_no_taller_than_it_needs_at_200x50(sandbox: SandboxServer) -> None:
    async with desktop(sandbox).run_test(size=(200, 50)) as pilot:
        scroll = await _open_help(pilot)
        assert scroll.max_scroll_y == 0
        assert scroll.screen.query_one("#help-box").region.height < 30


async def test_the_board_leaves_out_columns_it_has_no_room_for_and_says_so(
    sandbox: SandboxServer,
) -> None:
    async with desktop(sandbox, user="super1").run_test(size=(60, 20)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        headings = [column.label.plain for column in table.columns.values()]
        assert headings == ["Agent", "State", "In state", "Contacts"]
        assert table.border_subtitle == "Team, Idle code, Load hidden: widen the terminal"
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        headings = [column.label.plain for column in table.columns.values()]
        assert headings == ["Agent", "State", "Idle code", "In state", "Load", "Contacts"]
        assert table.border_subtitle == "Team hidden: widen the terminal"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        headings = [column.label.plain for column in table.columns.values()]
        assert headings == ["Agent", "Team", "State", "Idle code", "In state", "Load", "Contacts"]
        assert table.border_subtitle == ""
        assert table.row_count == 6


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_the_session_screen_never_scrolls_sideways(
    sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    """Every panel at once, a two-line sentence under every field: all of it wraps inside."""
    async with desktop(sandbox, user="super1").run_test(size=size) as pilot:
        await open_board(pilot)
        await pilot.press("m")
        from tui.screens.session import SessionScreen

        screen = await on_screen(pilot, SessionScreen)
        screen.say(TWO_LINES)
        for box in screen.query("#existing-box, #start-box, #by-id-box, #agent-row"):
            box.display = True
        for error in screen.query(FieldError):
            error.say(TWO_LINES)
        for field in screen.query(Input):
            field.focus()
            await pilot.pause()
            assert screen.scroll_x == screen.query_one("#session-body").scroll_x == 0
        body = screen.query_one("#session-body", VerticalScroll)
        assert screen.max_scroll_x == body.max_scroll_x == 0
        width = body.scrollable_content_region.right
        for widget in body.query("*"):
            if widget.display and widget.region.width:
                assert widget.region.right <= width, f"{widget} runs past the right edge"
                assert getattr(widget, "scroll_x", 0) == 0, f"{widget} scrolled sideways"


@pytest.mark.parametrize(("size", "listed"), [((60, 20), 1), ((80, 24), 3)], ids=["60x20", "80x24"])
async def test_short_channel_cards_list_fewer_contacts_and_count_the_rest(
    sandbox: SandboxServer, size: tuple[int, int], listed: int
) -> None:
    """Under 24 rows the cards are shorter, so the event log keeps room for a few lines."""
    async with desktop(sandbox).run_test(size=size) as pilot:
        status = await start_station(pilot)
        chats = tuple(
            Interaction(f"chat-{n}", Channel.CHAT, 0, customer=f"visitor-{n}") for n in range(3)
        )
        card = status.query_one("#channel-chat", ChannelCard)
        card.show(ChannelLoad(Channel.CHAT, 3, chats), 0)
        await pilot.pause()
        lines = str(card.query_one(".channel-interactions", Static).render()).splitlines()
        assert len(lines) == (listed + 1 if listed < 3 else 3)
        assert sum("visitor-" in line for line in lines) == listed
        if listed < 3:
            assert lines[-1] == f"+{3 - listed} more"
        assert status.query_one(EventLog).scrollable_content_region.height >= 4
