"""The supervisor board, live on a real sandbox, on both platform protocols: agents' changes
appear within 2 s, a supervisor changes an agent's state (the agent's desktop says who),
acts as an agent (or is refused in a plain sentence), and sort and filter keep the cursor."""

from __future__ import annotations

import gc
import time
from dataclasses import replace
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input

from tests.app.helpers import desktop, on_screen, text_of, until
from tui.backends.session import TeamAgent
from tui.config import Platform
from tui.desk.roster import SortOrder
from tui.domain import Availability
from tui.domain.errors import ImpersonationNotEnabled
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer
from tui.screens.board import BoardScreen
from tui.screens.dialogs import ConfirmSignOut
from tui.screens.heap import RARE_YOUNG_COLLECTIONS
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk, open_board
from tui.widgets.agent_table import AgentTable

PLATFORMS = pytest.mark.parametrize(
    "platform", [Platform.SANDBOX, Platform.CXONE], ids=["webex", "cxone"]
)


def agent_id(server: SandboxServer, login: str, platform: Platform = Platform.CXONE) -> str:
    """The agent's id as the platform names it: Webex's UUID, CXone's integer (as text)."""
    user = server.org.user_by_login(login)
    assert user is not None
    return user.id if platform is Platform.SANDBOX else str(CxoneIds(server.org).agent(user.id))


def row_text(board: BoardScreen, login_id: str) -> str:
    table = board.query_one(AgentTable)
    return " ".join(cell.plain for cell in table.get_row(login_id))


async def put_cursor_on(pilot: Pilot[Any], board: BoardScreen, wanted: str) -> None:
    """Move the cursor with the arrow keys until it is on `wanted`'s row."""
    table = board.query_one(AgentTable)
    await pilot.press("home")
    for _ in range(table.row_count):
        if table.cursor_agent_id == wanted:
            return
        await pilot.press("down")
    assert table.cursor_agent_id == wanted


@PLATFORMS
async def test_supervisors_land_on_the_board_of_their_teams(
    sandbox: SandboxServer, platform: Platform
) -> None:
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        names = {a.name for a in board.roster.agents.values()}
        assert len(names) == 6  # Sales and Support, three agents each
        assert "Emery Garcia" in names and "Morgan Lee" not in names
        assert "6 agents · ○ 6 Logged out" in text_of(board, "#board-summary")


@PLATFORMS
async def test_an_agent_going_idle_and_back_shows_on_the_board_within_2_s(
    sandbox: SandboxServer, platform: Platform
) -> None:
    agent5 = agent_id(sandbox, "agent5", platform)
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(sandbox.base_url, "agent5", platform) as desk5:
            await until(pilot, lambda: "● Available" in row_text(board, agent5), "Available", 2)
            lunch = next(c for c in desk5.profile.idle_codes if c.name == "Lunch")
            await desk5.set_idle(lunch)
            changed = time.monotonic()
            await until(pilot, lambda: "◐ Idle Lunch" in row_text(board, agent5), "Idle", 2)
            assert time.monotonic() - changed < 2
            await desk5.set_available()
            await until(pilot, lambda: "● Available" in row_text(board, agent5), "back", 2)
            assert "Lunch" not in row_text(board, agent5)


@PLATFORMS
async def test_the_supervisor_sets_an_agent_idle_and_the_agent_sees_who_did(
    sandbox: SandboxServer, platform: Platform
) -> None:
    agent4 = agent_id(sandbox, "agent4", platform)
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(sandbox.base_url, "agent4", platform) as desk4:
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

            await pilot.press("a")
            await until(
                pilot, lambda: desk4.snapshot.availability is Availability.AVAILABLE, "Available"
            )
            assert desk4.snapshot.changed_by_name == "Morgan Lee"


@PLATFORMS
async def test_an_agent_without_a_session_cannot_be_changed_and_the_board_says_so(
    sandbox: SandboxServer, platform: Platform
) -> None:
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        await pilot.press("a")
        assert text_of(board, "#board-error").strip() == (
            "Avery Chen has no station session, so their state cannot be changed."
        )
        if platform is Platform.CXONE:  # Webex has no acting as an agent: no j key
            await pilot.press("j")
            assert "so there is no session to join" in text_of(board, "#board-error")
        assert isinstance(app.screen, BoardScreen)


async def test_super2_is_refused_acting_as_an_agent_in_a_plain_sentence(
    sandbox: SandboxServer,
) -> None:
    """Only CXone lets a supervisor act as an agent; there the permission decides."""
    platform = Platform.CXONE
    agent7 = agent_id(sandbox, "agent7")
    app = desktop(sandbox, user="super2", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(sandbox.base_url, "agent7", platform):
            await until(pilot, lambda: "Available" in row_text(board, agent7), "agent7", 2)
            await put_cursor_on(pilot, board, agent7)
            await pilot.press("j")
            await until(pilot, lambda: text_of(board, "#board-error").strip(), "the refusal")
            assert text_of(board, "#board-error").strip() == ImpersonationNotEnabled.sentence
            assert isinstance(app.screen, BoardScreen)
            assert app.desk.acting is None


@PLATFORMS
async def test_sort_and_filter_keep_the_cursor_on_its_agent_across_live_updates(
    sandbox: SandboxServer, platform: Platform
) -> None:
    ids = {login: agent_id(sandbox, login, platform) for login in ("agent4", "agent5", "agent6")}
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        async with (
            agent_at_desk(sandbox.base_url, "agent4", platform) as desk4,
            agent_at_desk(sandbox.base_url, "agent5", platform) as desk5,
        ):
            await until(pilot, lambda: board.roster.counts()[Availability.AVAILABLE] == 2, "two")
            await put_cursor_on(pilot, board, ids["agent5"])
            await pilot.press("s", "s")  # name -> team -> state
            assert "sorted by state" in text_of(board, "#board-sort")
            assert table.cursor_agent_id == ids["agent5"]
            assert table.cursor_row == 1  # Available: Devon Foster (agent4), then Emery

            lunch = next(c for c in desk5.profile.idle_codes if c.name == "Lunch")
            await desk4.set_idle(lunch)  # another row moves past the cursor
            await until(pilot, lambda: "Lunch" in row_text(board, ids["agent4"]), "agent4", 2)
            assert table.cursor_agent_id == ids["agent5"] and table.cursor_row == 0

            await desk5.set_idle(lunch)  # the cursor's own row moves, below Devon again
            await until(pilot, lambda: "Lunch" in row_text(board, ids["agent5"]), "agent5", 2)
            assert table.cursor_agent_id == ids["agent5"] and table.cursor_row == 1

            await pilot.press("slash", *"support idle")
            await until(pilot, lambda: table.row_count == 2, "the filter")
            await pilot.press("enter")
            assert table.has_focus and table.cursor_agent_id == ids["agent5"]
            assert text_of(board, "#filter-count").strip() == "2 of 6"

            await desk4.set_available()  # agent4 leaves the filtered rows, live
            await until(pilot, lambda: table.row_count == 1, "agent4 to leave the filter", 2)
            assert table.cursor_agent_id == ids["agent5"]
            await desk4.set_idle(lunch)  # and comes back
            await until(pilot, lambda: table.row_count == 2, "agent4 to come back", 2)
            assert table.cursor_agent_id == ids["agent5"]
            assert ids["agent6"] not in table.shown

            await pilot.press("slash", "escape")  # clear the filter
            assert table.row_count == 6 and table.cursor_agent_id == ids["agent5"]


async def test_escape_clears_a_kept_filter_first_and_then_asks_before_signing_out(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        await pilot.press("slash", *"sales", "enter")  # a kept filter; the table has the focus
        await until(pilot, lambda: table.row_count == 3, "the Sales agents")
        assert table.has_focus
        await pilot.press("escape")
        await until(pilot, lambda: table.row_count == 6, "the filter cleared")
        assert app.screen is board and board.query_one("#filter-row").display is False
        await pilot.press("escape")
        dialog = await on_screen(pilot, ConfirmSignOut)
        assert dialog.query_one("#no", Button).has_focus  # Enter by habit stays
        assert "y sign out · n or Esc stay" in text_of(dialog, ".dialog-keys")
        await pilot.press("enter")
        await on_screen(pilot, BoardScreen)
        assert app.desk.session is not None
        await pilot.press("escape", "y")
        await on_screen(pilot, LoginScreen)
        assert app.desk.session is None


async def test_keys_typed_fast_after_slash_all_go_into_the_filter(sandbox: SandboxServer) -> None:
    """In a real terminal "/ann" can arrive in one read: no letter may act on the board."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        for key in ("slash", "a", "s", "j"):  # Available, Sort, Act as: none of them may run
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        search = board.query_one("#board-filter", Input)
        await until(pilot, lambda: search.value == "asj", "the filter to get every letter")
        assert board.query_one(AgentTable).order is SortOrder.NAME
        assert text_of(board, "#board-error").strip() == ""


@PLATFORMS
async def test_a_supervisor_goes_from_the_board_to_a_station_of_their_own_and_back(
    sandbox: SandboxServer, platform: Platform
) -> None:
    app = desktop(sandbox, user="super1", platform=platform)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(pilot)
        await pilot.press("m")
        session_screen = await on_screen(pilot, SessionScreen)
        acts = platform is Platform.CXONE  # only CXone lets a supervisor act as an agent
        assert session_screen.query_one("#agent-row").display is acts
        await pilot.press("enter")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the supervisor's session")
        assert status.acting is None and status.query_one("#acting-banner").display is False
        await pilot.press("b")
        board = await on_screen(pilot, BoardScreen)
        await until(pilot, lambda: board.looks > 0, "the board")
        await pilot.press("m")
        back = await on_screen(pilot, StatusScreen)
        assert back.snapshot.session_id == status.snapshot.session_id


async def test_on_webex_the_board_offers_no_act_as_and_its_help_says_why(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, user="super1")  # the sandbox's default protocol is Webex's
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        assert "Act as" not in text_of(board, "Footer")
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is board and app.desk.acting is None
        assert text_of(board, "#board-error").strip() == ""
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        said = " ".join(text_of(help_screen, "#help-parts").split())
        assert "Acting as an agent is a CXone feature" in said
        assert "board.act_as" not in text_of(help_screen, "#help-keys")
        await pilot.press("escape", "m")  # the station form: no Act as field on Webex
        station = await on_screen(pilot, SessionScreen)
        assert station.query_one("#agent-row").display is False


async def test_super1_acts_as_agent5_on_a_marked_status_screen_and_stops(
    sandbox: SandboxServer,
) -> None:
    agent5 = agent_id(sandbox, "agent5")
    app = desktop(sandbox, user="super1", platform=Platform.CXONE)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(sandbox.base_url, "agent5", Platform.CXONE) as desk5:
            await until(pilot, lambda: "Available" in row_text(board, agent5), "agent5", 2)
            await put_cursor_on(pilot, board, agent5)
            await pilot.press("j")
            acting = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: acting.snapshot.has_session, "agent5's session")
            banner = "Acting as Emery Garcia — impersonated by Morgan Lee"
            assert acting.acting is app.desk.acting is not None
            assert banner in text_of(acting, "#acting-banner")
            assert "Morgan Lee acting as Emery Garcia on CXone" in text_of(acting, "#title-where")
            assert acting.snapshot.session_id == desk5.snapshot.session_id
            assert acting.snapshot.agent_id == agent5

            await pilot.press("i", *"train", "enter")  # as agent5: agent5's desktop sees who
            await until(pilot, lambda: desk5.snapshot.availability is Availability.IDLE, "Idle")
            assert desk5.snapshot.changed_by_name == "Morgan Lee"
            await until(pilot, lambda: acting.snapshot.idle_code is not None, "the acting view")
            assert "Training" in text_of(acting, "#idle-code")

            await pilot.press("b")  # stop acting: back on the same board, agent5 carries on
            assert await on_screen(pilot, BoardScreen) is board
            await until(pilot, lambda: app.desk.acting is None, "the acting session to close")
            await until(pilot, lambda: "Training" in row_text(board, agent5), "the board", 2)
            assert board.query_one(AgentTable).cursor_agent_id == agent5
            assert desk5.snapshot.has_session


async def test_acting_ends_when_the_agent_logs_out_and_the_board_says_why(
    sandbox: SandboxServer,
) -> None:
    agent5 = agent_id(sandbox, "agent5")
    app = desktop(sandbox, user="super1", platform=Platform.CXONE)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        async with agent_at_desk(sandbox.base_url, "agent5", Platform.CXONE) as desk5:
            await until(pilot, lambda: "Available" in row_text(board, agent5), "agent5", 2)
            await put_cursor_on(pilot, board, agent5)
            await pilot.press("j")
            acting = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: acting.snapshot.has_session, "agent5's session")
            await desk5.log_out("end of shift")
            assert await on_screen(pilot, BoardScreen) is board
            assert "Emery Garcia's station session ended" in text_of(board, "#board-notice")
            assert app.desk.acting is None


def painted(table: AgentTable) -> list[str]:
    """The table's lines as the screen has them (its line cache repaints only what was marked
    for repainting, so a row left unmarked would read stale here too)."""
    strips = table.render_lines(Region(0, 0, table.outer_size.width, table.outer_size.height))
    return ["".join(segment.text for segment in strip) for strip in strips]


async def board_of_300(pilot: Pilot[Any]) -> tuple[BoardScreen, list[TeamAgent], AgentTable]:
    """The supervisor's board showing 300 available agents, its own looks stopped."""
    board = await open_board(pilot)
    board.workers.cancel_group(board, "board-look")  # the test makes the looks itself
    team = [
        TeamAgent(f"agent-{n:04d}", f"Agent{n:04d}", availability=Availability.AVAILABLE)
        for n in range(300)
    ]
    board.show_agents(team)
    await pilot.pause()
    return board, team, board.query_one(AgentTable)


async def test_a_change_repaints_its_row_and_one_out_of_view_shows_once_scrolled_to(
    sandbox: SandboxServer,
) -> None:
    """Changes repaint only their own rows in view; a row out of view still has its change
    when the supervisor scrolls to it."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board, team, table = await board_of_300(pilot)
        before = painted(table)
        assert any("Agent0002" in line and "Available" in line for line in before)
        idle = [
            replace(team[n], availability=Availability.IDLE, idle_code_name="Lunch")
            for n in (2, 250)
        ]
        board.update_agents(idle)
        await pilot.pause()
        after = painted(table)
        changed = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        assert len(changed) == 1 and "Agent0002" in after[changed[0]]
        assert "Idle" in after[changed[0]] and "Lunch" in after[changed[0]]
        assert not any("Agent0250" in line for line in after)  # out of view
        table.move_cursor(row=250, animate=False)  # scrolls it into view
        await pilot.pause()
        row = next(line for line in painted(table) if "Agent0250" in line)
        assert "Idle" in row and "Lunch" in row


async def test_a_change_renders_only_its_own_rows_and_their_changed_cells(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two changes far apart repaint every line between them (the screen repaints one band),
    but only the two rows are rendered again, and of them only the cells that changed; the
    second row's new cells look like the first's and are theirs, placed; the cursor's row
    still shows as the cursor's when it moves."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board, team, table = await board_of_300(pilot)
        before = painted(table)
        rows_rendered: list[int] = []
        cells_rendered: list[tuple[int, int]] = []
        render_line, render_cell = DataTable._render_line, DataTable._render_cell

        def count_line(self: DataTable[Any], y: int, *args: Any, **options: Any) -> Any:
            rows_rendered.append(y)
            return render_line(self, y, *args, **options)

        def count_cell(
            self: DataTable[Any], row: int, column: int, *args: Any, **options: Any
        ) -> Any:
            cells_rendered.append((row, column))
            return render_cell(self, row, column, *args, **options)

        monkeypatch.setattr(DataTable, "_render_line", count_line)
        monkeypatch.setattr(DataTable, "_render_cell", count_cell)
        idle = [replace(team[n], availability=Availability.IDLE) for n in (2, 30)]
        board.update_agents(idle)
        await pilot.pause()
        after = painted(table)
        changed = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        assert len(changed) == 2
        assert "Agent0002" in after[changed[0]] and "Agent0030" in after[changed[1]]
        assert all("Idle" in after[n] for n in changed)
        assert sorted(set(rows_rendered)) == [3, 31]  # the header is line 0
        state = [key for key, _ in table.column_layout].index("state")
        assert (2, state) in cells_rendered and (30, state) not in cells_rendered
        assert {row for row, _ in cells_rendered} <= {2, 30}
        assert len(cells_rendered) < len(table.columns)
        cursor = table.cursor_row
        assert cursor == 0
        table.move_cursor(row=cursor + 1)
        await pilot.pause()
        strips = table.render_lines(Region(0, 0, table.outer_size.width, table.outer_size.height))
        lines = {"".join(s.text for s in strip): list(strip) for strip in strips}
        backgrounds = [
            next(line[len(line) // 2].style.bgcolor for text, line in lines.items() if name in text)
            for name in ("Agent0000", "Agent0001", "Agent0002")
        ]
        assert backgrounds[cursor + 1] != backgrounds[cursor]  # the cursor moved down a row
        assert backgrounds[cursor] == backgrounds[cursor + 2]


def _drawn(table: AgentTable) -> list[list[tuple[str, Any, Any]]]:
    """Every line of the table as it draws it now, segment by segment (style and the cell's
    place for a mouse click included)."""
    table._clear_caches()
    strips = table.render_lines(Region(0, 0, table.outer_size.width, table.outer_size.height))
    return [[(s.text, s.style, s.control) for s in strip] for strip in strips]


async def test_cells_drawn_from_a_look_alike_are_exactly_what_datatable_draws(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new cell that looks like one drawn before in its column takes that one's segments,
    placed in its own row: every line is then what DataTable itself draws, to the style and
    the row and column a click reads."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board, team, table = await board_of_300(pilot)
        codes = ("Lunch", "Meeting", "Lunch")
        board.update_agents(
            [
                replace(team[n], availability=Availability.IDLE, idle_code_name=codes[n % 3])
                for n in range(1, 36, 2)
            ]
        )
        await pilot.pause()
        placed = 0
        render_cell = AgentTable._render_cell

        def counted(self: AgentTable, row: int, column: int, *args: Any, **options: Any) -> Any:
            nonlocal placed
            before = len(self._cell_render_cache)
            lines = render_cell(self, row, column, *args, **options)
            looks = [k for k in list(self._cell_render_cache.keys())[before:] if k[0] == "look"]
            placed += row >= 0 and not looks
            return lines

        monkeypatch.setattr(AgentTable, "_render_cell", counted)
        ours = _drawn(table)
        assert placed > 100  # most cells were placed copies
        monkeypatch.setattr(AgentTable, "_render_cell", DataTable._render_cell)
        assert _drawn(table) == ours
        assert any("Lunch" in "".join(text for text, _, _ in line) for line in ours)


async def test_times_in_state_move_on_in_the_rows_in_view(sandbox: SandboxServer) -> None:
    """The tick repaints a row whose time in state moved on (only those rows: see tick)."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        board.workers.cancel_group(board, "board-look")  # this test makes the looks itself
        since = board.desk.now_ms() - 65_000
        team = [
            TeamAgent(
                f"agent-{n:04d}",
                f"Agent{n:04d}",
                availability=Availability.AVAILABLE,
                state_changed_at=since,
            )
            for n in range(300)
        ]
        table = board.query_one(AgentTable)
        board.show_agents(team)
        await pilot.pause()

        def shown_time() -> str:
            line = next(line for line in painted(table) if "Agent0003" in line)
            return next(word for word in line.split() if word.startswith("01:"))

        first = shown_time()
        await until(pilot, lambda: shown_time() != first, "the time in state to move on", 3)
        assert shown_time() > first


async def test_a_big_team_is_filtered_once_typing_pauses_and_sorted_without_a_redraw(
    sandbox: SandboxServer,
) -> None:
    """With a thousand agents a rebuild is felt: typing redraws once, sorting not at all."""
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        board.workers.cancel_group(board, "board-look")  # this test makes the looks itself
        team = [
            TeamAgent(
                f"agent-{n:04d}",
                f"Agent {n:04d}",
                team_name="Sales" if n % 2 else "Support",
                availability=Availability.AVAILABLE if n % 3 else Availability.IDLE,
                idle_code_name="" if n % 3 else "Lunch",
            )
            for n in range(1000)
        ]
        table = board.query_one(AgentTable)
        board.show_agents(team)
        assert table.row_count == 1000
        rebuilds = 0
        show_all = table.show_all

        def counted(agents: Any) -> None:
            nonlocal rebuilds
            rebuilds += 1
            show_all(agents)

        table.show_all = counted  # type: ignore[method-assign]
        await pilot.press("slash", *"sales lunch")
        await until(pilot, lambda: table.search == "sales lunch", "the filter to apply")
        assert rebuilds == 1
        wanted = [a for a in team if a.team_name == "Sales" and a.idle_code_name]
        assert table.row_count == len(wanted)
        await pilot.press("enter", "down", "down")
        highlighted = table.cursor_agent_id
        await pilot.press("s", "s", "s")
        assert rebuilds == 1 and table.cursor_agent_id == highlighted


@PLATFORMS
async def test_every_board_action_is_in_the_palette_and_its_keys_can_be_remapped(
    sandbox: SandboxServer, platform: Platform
) -> None:
    app = desktop(
        sandbox, user="super1", platform=platform, keymap={"board.sort": "o", "board.filter": "f"}
    )
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        titles = {command.title for command in app.get_system_commands(board)}
        assert ("Act as Avery Chen" in titles) is (platform is Platform.CXONE)
        assert {
            "Make Avery Chen Available",
            "Make Avery Chen Idle…",
            "Make Avery Chen Idle: Lunch",
            "Filter the board",
            "Sort by time in state",
            "My station session",
            "Board help",
            "Sign out",
        } <= titles
        table = board.query_one(AgentTable)
        await pilot.press("s")
        assert table.order is SortOrder.NAME  # s no longer sorts
        await pilot.press("o")
        assert table.order is SortOrder.TEAM
        await pilot.press("f", *"sales")  # the remapped filter key, typed fast or slow
        await until(pilot, lambda: table.row_count == 3, "the Sales agents")


async def test_what_the_board_holds_is_left_out_of_collections_while_it_is_shown(
    sandbox: SandboxServer,
) -> None:
    gc.unfreeze()
    usual = gc.get_threshold()[0]
    app = desktop(sandbox, user="super1")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            board = await open_board(pilot)
            assert board.looks >= 1
            assert gc.get_freeze_count() > 0  # frozen after its first look
            assert gc.get_threshold()[0] == RARE_YOUNG_COLLECTIONS
            await pilot.press("escape", "y")  # sign out, confirmed: the board goes
            await until(pilot, lambda: not board.is_attached, "the board gone")
            assert gc.get_freeze_count() == 0  # handed back to the collector
            assert gc.get_threshold()[0] == usual
    finally:
        gc.unfreeze()
