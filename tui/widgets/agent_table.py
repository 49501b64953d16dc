"""The supervisor board's table: one row per agent, keyed by agent id.

A change touches only the cells that differ; rows are added, removed or re-sorted only when a
change calls for it, and the cursor stays on the agent it was on. Every cell is a `Text`, so a
name from the server is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, Self

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color, ColorParseError
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, Row, RowKey

from tui.backends.session import TeamAgent
from tui.desk.roster import (
    RosterChanges,
    SortOrder,
    contacts_words,
    has_state,
    load_cells,
    matches,
    sort_key,
)
from tui.domain import Availability, elapsed_seconds, format_duration
from tui.keys import BOARD_BOTTOM, BOARD_TOP
from tui.screens.bindings import binding

# (key, heading, width at 80 columns, width from WIDE_AT columns, rank: the highest is
# hidden first when the terminal is too narrow for every column)
COLUMNS = (
    ("name", "Agent", 14, 22, 0),
    ("team", "Team", 8, 12, 4),
    ("state", "State", 12, 16, 0),
    ("code", "Idle code", 9, 12, 2),
    ("time", "In state", 8, 9, 1),
    ("load", "Load", 11, 14, 3),
    ("contacts", "Contacts", 10, 16, 0),
)
SegmentLines = list[list[Segment]]  # a rendered cell, as DataTable keeps it
DRAWN_FROM: dict[str, Callable[[TeamAgent], object]] = {
    "name": attrgetter("name", "agent_id"),
    "team": attrgetter("team_name"),
    "state": attrgetter("availability"),
    "code": attrgetter("availability", "idle_code_name"),
    "time": attrgetter("availability", "state_changed_at"),
    "load": attrgetter("channel_load"),
    "contacts": attrgetter("open_contacts", "wrap_up_contacts", "rona"),
}
"""What each column's cell is drawn from: a change leaves the other cells of its row as they
are (a board redraws about a hundred rows a look)."""
WIDE_AT = 110
CELL_PADDING = 2  # a column's cell padding, one each side
FRAME = 4  # the table's border, and room for its scrollbar
SHOWS_CODE = (Availability.IDLE, Availability.SYSTEM)
STATE_COLOURS = {
    Availability.AVAILABLE: "text-success",
    Availability.IDLE: "text-warning",
    Availability.SYSTEM: "text-error",
}


class NameCell(Text):
    """The name cell also carries its agent's id, which the sort reads."""

    __slots__ = ("agent_id",)

    def __init__(self, name: str, agent_id: str) -> None:
        super().__init__(name, no_wrap=True, overflow="ellipsis")
        self.agent_id = agent_id


def _placed(lines: SegmentLines, row_index: int, column_index: int) -> SegmentLines:
    """A rendered cell moved to another place: its segments carry their cell's row and column
    (for a mouse click), and only those differ between two cells that look alike."""
    place = Style.from_meta({"row": row_index, "column": column_index})
    return [
        [
            Segment(text, style + place if style is not None else None, control)
            for text, style, control in line
        ]
        for line in lines
    ]


def _cell(words: str, style: str = "") -> Text:
    return Text(words, style=style, no_wrap=True, overflow="ellipsis")


class AgentTable(DataTable[Text]):
    BINDINGS = [binding(BOARD_TOP, show=False), binding(BOARD_BOTTOM, show=False)]
    _rows_alone = False  # while True, a cell's change repaints only its own row (`refresh`)
    # (Set here, not in __init__: DataTable's own __init__ already asks for its rows.)
    _shape = 0  # moves on whenever rows are added, removed or put in another order
    _rows_in_order: tuple[int, list[Row[Text]]] = (-1, [])
    _line_rows: tuple[int, list[tuple[RowKey, int]]] = (-1, [])

    def __init__(self, now_ms: Any, *, id: str | None = None) -> None:
        """`now_ms()` is the server's clock now, for the time-in-state column."""
        super().__init__(id=id, cursor_type="row", show_row_labels=False)
        self._now_ms = now_ms
        self.shown: dict[str, TeamAgent] = {}  # the agents on screen, as drawn
        self.search = ""
        self.order = SortOrder.NAME
        self.column_layout: tuple[tuple[str, int], ...] = ()  # the columns shown and their widths
        self._colours: dict[Availability, str] = {}
        self._muted = "dim"  # a colour once mounted: see `_resolve_colours`

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """As DataTable's, but while `_rows_alone` a whole-table repaint (what `update_cell`
        asks for) is left out: `apply` repaints only the changed rows in view. Repainting the
        whole table for every burst of changes drew every visible cell again (40 rows of 7
        cells) about five times a second on a busy board, a quarter of the desktop's time."""
        if self._rows_alone and not regions and not layout and not recompose:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    # DataTable works out its rows' order, and which row each line shows, again after every
    # update of any cell (its count of updates keys them); on a board of 2,000 agents that was
    # two walks over every row for each look and each frame. Cells never change a row's place
    # or height here, so these are kept until a row is added, removed or moved.

    @property
    def ordered_rows(self) -> list[Row[Text]]:
        shape, rows = self._rows_in_order
        if shape != self._shape:
            rows = DataTable.ordered_rows.fget(self)  # type: ignore[attr-defined]
            self._rows_in_order = (self._shape, rows)
        return rows

    @property
    def _y_offsets(self) -> list[tuple[RowKey, int]]:
        shape, lines = self._line_rows
        if shape != self._shape:
            lines = DataTable._y_offsets.fget(self)  # type: ignore[attr-defined]
            self._line_rows = (self._shape, lines)
        return lines

    def add_row(self, *cells: Text, **options: Any) -> RowKey:
        self._shape += 1
        return super().add_row(*cells, **options)

    def remove_row(self, row_key: RowKey | str) -> None:
        self._shape += 1
        super().remove_row(row_key)

    def sort(self, *columns: ColumnKey | str, **options: Any) -> Self:
        self._shape += 1
        return super().sort(*columns, **options)

    def clear(self, columns: bool = False) -> Self:
        self._shape += 1
        return super().clear(columns)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """As DataTable's, but a cell is kept for as long as it is the same cell: a row drawn
        again for a new state renders its two or three new cells, not all seven. (DataTable
        keys a kept cell on its count of all updates too.) And a new cell that looks exactly
        like one already drawn in its column takes that one's segments, placed in its own row
        (`_placed`): in a storm on a 2,000-agent board, 1,600 cells rendered in 11 s became 26,
        and a look's paint 9.5 -> 5.3 ms. Kept in DataTable's own cell cache, which is cleared
        whenever what a cell looks like may have changed."""
        if row_index < 0 or column_index < 0:  # the header: DataTable's own way
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell = self._data[row_key][column_key]
        key = (
            "cell",
            row_key,
            column_key,
            row_index,  # the cell's place is in its segments, for a mouse click
            column_index,
            base_style,
            width,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        kept: Any = self._cell_render_cache.get(key)  # type: ignore[arg-type]
        if kept is not None and kept[0] is cell:
            return kept[1]
        # Most new cells look exactly like one drawn before in their column (a state, an idle
        # code, a time just reset, a load): that one's segments serve, with this cell's place.
        look = (
            "look",
            column_index,
            cell.plain,
            tuple(cell.spans),
            cell.style,
            cell.justify,
            cell.overflow,
            cell.no_wrap,
            *key[5:],
        )
        alike: Any = self._cell_render_cache.get(look)  # type: ignore[arg-type]
        if alike is not None:
            lines = _placed(alike, row_index, column_index)
        else:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            self._cell_render_cache[look] = lines  # type: ignore[index]
        self._cell_render_cache[key] = (cell, lines)  # type: ignore[index]
        return lines

    def on_mount(self) -> None:
        self._resolve_colours()
        self.watch(self.app, "theme", self._theme_changed, init=False)

    # -- what the board asks for ----------------------------------------------------------

    @property
    def cursor_agent_id(self) -> str | None:
        """The agent under the cursor, if any row is shown."""
        if not self.row_count:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def show_all(self, agents: Iterable[TeamAgent]) -> None:
        """Draw every agent from scratch: on the first look, and when the filter, the sort or
        the width changes (never for a live update)."""
        keep = self.cursor_agent_id
        layout = columns_for(self.app.size.width)
        self.clear(columns=layout != self.column_layout)
        if not self.columns:
            self.column_layout = layout
            headings = {key: heading for key, heading, *_ in COLUMNS}
            for key, width in layout:
                self.add_column(Text(headings[key]), width=width, key=key)
            hidden = self.hidden
            self.border_subtitle = (
                f"{', '.join(hidden)} hidden: widen the terminal" if hidden else ""
            )
        self.shown = {}
        now = self._now_ms()
        for agent in agents:
            if matches(agent, self.search):
                self._add(agent, now)
        self._sort()
        self._put_cursor_on(keep, 0)

    @property
    def hidden(self) -> tuple[str, ...]:
        """The headings of the columns left out for want of width."""
        shown = {key for key, _ in self.column_layout}
        return tuple(heading for key, heading, *_ in COLUMNS if key not in shown)

    def sort_by(self, order: SortOrder) -> None:
        """Put the rows in another order (no redraw of any cell); the cursor keeps its agent."""
        keep = self.cursor_agent_id
        self.order = order
        self._sort()
        self._put_cursor_on(keep, 0)

    def apply(self, changes: RosterChanges) -> None:
        """Draw one burst of changes: O(changed rows), plus one sort when the order moved."""
        keep = self.cursor_agent_id
        index = self.cursor_row
        now = self._now_ms()
        resort = False
        redrawn: list[str] = []
        for agent_id in changes.removed:
            if agent_id in self.shown:
                self._remove(agent_id)
        for agent in changes.changed:
            before = self.shown.get(agent.agent_id)
            wanted = matches(agent, self.search)
            if before is None and wanted:
                self._add(agent, now)
                resort = True
            elif before is not None and not wanted:
                self._remove(agent.agent_id)
            elif before is not None:
                self._rows_alone = True
                try:
                    self._redraw(before, agent, now)
                finally:
                    self._rows_alone = False
                redrawn.append(agent.agent_id)
                resort = resort or sort_key(before, self.order) != sort_key(agent, self.order)
        if resort:
            self._sort()  # repaints the whole table
        else:
            self._repaint_rows_in_view(redrawn)
        self._put_cursor_on(keep, index)

    def _repaint_rows_in_view(self, agent_ids: list[str]) -> None:
        """Repaint these agents' rows where they are in view; the rest show when scrolled to
        (every cell was stored, and the table's render caches moved on with them)."""
        first = int(self.scroll_y)
        last = first + self.size.height
        for agent_id in agent_ids:
            row = self.get_row_index(agent_id)
            if first <= row <= last:
                self.refresh_row(row)

    def tick(self) -> None:
        """Move the time-in-state on for the rows in view (the others catch up when seen),
        repainting only the rows whose time changed.

        Called several times a second: each agent's time then moves on close to its own
        second rather than all at one instant, and each call repaints a few rows rather than
        every row in view at once (a whole repaint of a 2,000-agent board's rows in view took
        60-170 ms on a busy 2-core machine, the longest stall the board had)."""
        if not self.row_count or "time" not in dict(self.column_layout):
            return
        now = self._now_ms()
        first = max(int(self.scroll_y), 0)
        last = min(first + self.size.height, self.row_count)
        moved: list[str] = []
        self._rows_alone = True
        try:
            for row in range(first, last):
                agent_id = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
                agent = self.shown.get(agent_id or "")
                if agent is None or not has_state(agent):
                    continue
                if self._set(agent.agent_id, "time", self._time_cell(agent, now)):
                    moved.append(agent.agent_id)
        finally:
            self._rows_alone = False
        self._repaint_rows_in_view(moved)

    # -- rows --------------------------------------------------------------------------------

    def _add(self, agent: TeamAgent, now: int) -> None:
        self.shown[agent.agent_id] = agent
        cells = self._cells(agent, now)
        self.add_row(*(cells[key] for key, _ in self.column_layout), key=agent.agent_id)

    def _remove(self, agent_id: str) -> None:
        del self.shown[agent_id]
        self.remove_row(agent_id)

    def _redraw(self, before: TeamAgent, agent: TeamAgent, now: int) -> None:
        """Draw again only the cells whose inputs changed (a new state is two or three)."""
        self.shown[agent.agent_id] = agent
        for key, _ in self.column_layout:
            drawn_from = DRAWN_FROM[key]
            if drawn_from(before) != drawn_from(agent):
                self._set(agent.agent_id, key, self._cell(key, agent, now))

    def _set(self, agent_id: str, column: str, cell: Text) -> bool:
        """Put `cell` in place when it differs from the one there; True when it did."""
        try:
            if self.get_cell(agent_id, column) != cell:
                self.update_cell(agent_id, column, cell)
                return True
        except CellDoesNotExist:
            pass  # the row left between the look and the draw
        return False

    def _sort(self) -> None:
        order, shown = self.order, self.shown
        self.sort("name", key=lambda cell: sort_key(shown[cell.agent_id], order))

    def _put_cursor_on(self, agent_id: str | None, fallback: int) -> None:
        """Keep the cursor on the same agent; if they left the table, on the row where it was."""
        if not self.row_count:
            return
        if agent_id is not None and RowKey(agent_id) in self.rows:
            row = self.get_row_index(agent_id)
        else:
            row = min(max(fallback, 0), self.row_count - 1)
        if row != self.cursor_row:
            self.move_cursor(row=row)

    # -- cells --------------------------------------------------------------------------------

    def _cells(self, agent: TeamAgent, now: int) -> dict[str, Text]:
        return {key: self._cell(key, agent, now) for key, *_ in COLUMNS}

    def _cell(self, key: str, agent: TeamAgent, now: int) -> Text:
        """The cell of column `key` for `agent` (drawn from `DRAWN_FROM[key]` alone)."""
        availability = agent.availability
        if key == "name":
            return NameCell(agent.name or agent.agent_id, agent.agent_id)
        if key == "team":
            return _cell(agent.team_name or "—")
        if key == "state":
            return _cell(f"{availability.symbol} {availability.word}", self._colours[availability])
        if key == "code":
            code = agent.idle_code_name if availability in SHOWS_CODE else ""
            return _cell(code or "—", "" if code else self._muted)
        if key == "time":
            return self._time_cell(agent, now)
        if key == "load":
            return _cell(load_cells(agent) or "—")
        return self._contacts_cell(agent)

    def _contacts_cell(self, agent: TeamAgent) -> Text:
        words = contacts_words(agent)
        if agent.rona:
            return _cell(words, self._colours[Availability.SYSTEM])  # the agent must act
        return _cell(words or "—", "" if words else self._muted)

    def _time_cell(self, agent: TeamAgent, now: int) -> Text:
        if not has_state(agent):
            return _cell("—", self._muted)
        return _cell(format_duration(elapsed_seconds(agent.state_changed_at, now)))

    def _resolve_colours(self) -> None:
        # Muted is a colour, not "dim": the cursor's row takes the cursor's colour over a
        # cell's, but a dim cell stayed dim on it (2.5:1 on the blue).
        background = self.styles.background
        self._muted = (background + background.get_contrast_text(0.6)).hex
        variables = self.app.theme_variables
        colours: dict[Availability, str] = {}
        for availability in Availability:
            name = STATE_COLOURS.get(availability)
            colours[availability] = (
                self._muted if name is None else f"bold {_colour(variables, name)}"
            )
        self._colours = colours

    def _theme_changed(self) -> None:
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        self._resolve_colours()
        self.show_all(list(self.shown.values()))

    def on_resize(self, event: events.Resize) -> None:
        if self.column_layout and self.column_layout != columns_for(self.app.size.width):
            self.show_all(list(self.shown.values()))


def columns_for(width: int) -> tuple[tuple[str, int], ...]:
    """The columns a terminal `width` columns wide shows, with their widths: every column
    unless it is too narrow, then without the highest ranks, one at a time."""
    wide = width >= WIDE_AT
    columns = [
        (key, wide_width if wide else narrow, rank) for key, _, narrow, wide_width, rank in COLUMNS
    ]
    room = width - FRAME
    for rank in sorted({rank for *_, rank in columns}, reverse=True):
        if sum(size + CELL_PADDING for _, size, _ in columns) <= room or rank == 0:
            break
        columns = [column for column in columns if column[2] != rank]
    return tuple((key, size) for key, size, _ in columns)


def _colour(variables: dict[str, str], name: str) -> str:
    try:
        return Color.parse(variables[name]).hex
    except (KeyError, ColorParseError):  # a custom theme without the variable
        return ""
