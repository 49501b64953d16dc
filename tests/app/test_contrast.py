"""What the desktop draws, read back from the screen: every text at 4.5:1 or more (WCAG AA) in
both shipped themes, on a true-colour terminal and on one of 16 colours (`TERM=linux`); and
without colour (`NO_COLOR`) the highlighted row still stands out.

The pairs are whatever each screen has on it, Textual's own widgets included (footer keys,
buttons, placeholders, cursors), after Textual's blending, tints, dim and filters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import textual.constants
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import RadioButton

from tests.app.helpers import desktop, on_screen, sign_in, start_station, until
from tests.contrast import WCAG_AA, Drawn, drawn_text, luminance, ratio
from tui.config import Platform
from tui.domain import (
    Availability,
    Channel,
    Connection,
    ContactAssigned,
    ContactNotAnswered,
    ContactOffered,
    ContactState,
    Interaction,
    Link,
    NextState,
    NextStateRequested,
)
from tui.domain.errors import NoSuchContact
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.login import LoginScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import open_board, team_at_work
from tui.widgets.agent_table import AgentTable
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.contacts import ContactRows
from tui.widgets.title_bar import ConnectionBadge

THEMES = pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
SYSTEMS = pytest.mark.parametrize("system", ["truecolor", "standard"], ids=["24bit", "16"])


def exempt(drawn: Drawn) -> bool:
    """An unchosen radio button's dot: Textual draws it in nearly its button's background,
    a slot left empty, so that the chosen one stands out (its dot is checked like any text)."""
    widget = drawn.widget
    return isinstance(widget, RadioButton) and not widget.value and drawn.text == "●"


def unreadable(pilot: Pilot[Any], system: str, where: str) -> list[str]:
    return [
        f"{where}: {drawn} {value:.2f}:1"
        for drawn in drawn_text(pilot.app)
        if not exempt(drawn) and (value := drawn.ratio(system)) < WCAG_AA
    ]


def on_terminal_of(system: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)


@SYSTEMS
@THEMES
async def test_agent_screens_read_at_wcag_aa(
    sandbox: SandboxServer, theme: str, system: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_terminal_of(system, monkeypatch)
    app = desktop(sandbox, theme=theme)
    failing: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, LoginScreen)
        failing += unreadable(pilot, system, "login")
        await sign_in(pilot)
        failing += unreadable(pilot, system, "session")
        await pilot.press("enter")  # the prefilled station session
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the station session")
        failing += unreadable(pilot, system, "status")
        badge, connection = status.query_one(AvailabilityBadge), status.query_one(ConnectionBadge)
        for availability in Availability:
            badge.show(availability)
            await pilot.pause()
            failing += unreadable(pilot, system, f"badge {availability.value}")
        for link in Link:
            connection.show(Connection(link, attempt=2))
            await pilot.pause()
            failing += unreadable(pilot, system, f"connection {link.value}")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press("z")  # no code matches: the sentence in the error colour
        await pilot.pause()
        failing += unreadable(pilot, system, "idle picker, no match")
        await pilot.press("backspace")
        await pilot.pause()
        failing += unreadable(pilot, system, "idle picker")
        await pilot.press("escape", "l")
        await on_screen(pilot, ConfirmLogout)
        failing += unreadable(pilot, system, "confirm log out")
        await pilot.press("tab")  # the focus on "Log out", the red button
        await pilot.pause()
        failing += unreadable(pilot, system, "confirm log out, Log out focused")
    assert not failing, "\n".join(failing)


@SYSTEMS
@THEMES
async def test_contacts_read_at_wcag_aa(
    sandbox: SandboxServer, theme: str, system: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contact rows in every state (an offer in the warning colour, highlighted or not),
    RONA's sentence, the next state and an action's error."""
    on_terminal_of(system, monkeypatch)
    app = desktop(sandbox, theme=theme)
    failing: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        status = await start_station(pilot)
        session = status.session
        assert session is not None
        now = session.server_now_ms()
        offer = Interaction(
            "x-1",
            Channel.TELEPHONY,
            now,
            "+14155550123",
            "Sales",
            ContactState.OFFERED,
            now,
            rings_out_at=now + 15_000,
        )
        chat = replace(offer, id="x-2", channel=Channel.CHAT, state=ContactState.CONNECTED)
        email = replace(offer, id="x-3", channel=Channel.EMAIL, state=ContactState.HELD)
        social = replace(offer, id="x-4", channel=Channel.SOCIAL, state=ContactState.WRAP_UP)
        session.publish(ContactOffered(offer))
        for taken in (chat, email, social):
            session.publish(ContactAssigned(taken))
        session.publish(NextStateRequested(NextState(Availability.AVAILABLE)))
        await until(pilot, lambda: len(status.snapshot.contacts) == 4, "the contacts")
        await pilot.pause()
        rows = status.query_one(ContactRows)
        rows.focus()
        for _ in range(4):
            failing += unreadable(pilot, system, f"contacts, {rows.highlighted_id} highlighted")
            rows.action_move_contact(1)
            await pilot.pause()
        session.publish(ContactNotAnswered("x-1", now, Channel.TELEPHONY, timeout_s=15))
        status.say_contact_error(NoSuchContact.sentence)
        await until(pilot, lambda: status.snapshot.rona, "RONA")
        await pilot.pause()
        failing += unreadable(pilot, system, "RONA, next state and an error")
    assert not failing, "\n".join(failing)


@SYSTEMS
@THEMES
async def test_the_board_reads_at_wcag_aa(
    sandbox: SandboxServer, theme: str, system: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_terminal_of(system, monkeypatch)
    await team_at_work(sandbox.base_url, idle={"agent2": "Lunch"}, available=("agent1",))
    app = desktop(sandbox, theme=theme, platform=Platform.CXONE, user="super1")
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        await until(pilot, lambda: board.roster.counts()[Availability.IDLE], "agent2 Idle")
        board.query_one(AgentTable).focus()
        await pilot.pause()
        failing = unreadable(pilot, system, "board")
        await pilot.press("down")  # the cursor on a row with "—" cells
        await pilot.pause()
        failing += unreadable(pilot, system, "board, cursor moved")
    assert not failing, "\n".join(failing)


def _row(pilot: Pilot[Any], words: str) -> list[Drawn]:
    return [drawn for drawn in drawn_text(pilot.app) if words in drawn.text]


def stands_out(row: list[Drawn], others: list[Drawn]) -> bool:
    """Bold and underlined, and the one light row among dark ones (or the one dark row)."""
    styled = all("bold" in d.style and "underline" in d.style for d in row)
    plain = all("underline" not in d.style for d in others)
    apart = all(
        ratio(d.background, o.background) >= 3 and luminance(d.foreground) != 0
        for d in row
        for o in others
    )
    return styled and plain and apart


async def test_without_colour_the_pickers_highlighted_code_stands_out(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = desktop(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_station(pilot)
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        await pilot.pause()
        first, second = picker.shown[0].name, picker.shown[1].name
        assert stands_out(_row(pilot, first), _row(pilot, second))
        await pilot.press("down")
        await pilot.pause()
        assert stands_out(_row(pilot, second), _row(pilot, first))


async def test_without_colour_the_boards_cursor_row_stands_out(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    await team_at_work(sandbox.base_url, idle={"agent2": "Lunch"}, available=("agent1",))
    app = desktop(sandbox, platform=Platform.CXONE, user="super1")
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        await until(pilot, lambda: board.roster.counts()[Availability.IDLE], "agent2 Idle")
        table = board.query_one(AgentTable)
        table.focus()
        await pilot.pause()
        names = [table.get_cell_at(Coordinate(row, 0)).plain for row in (0, 1)]
        assert stands_out(_row(pilot, names[0]), _row(pilot, names[1]))
        table.blur()  # focused or not
        await pilot.pause()
        assert stands_out(_row(pilot, names[0]), _row(pilot, names[1]))
