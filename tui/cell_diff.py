"""Write only the cells of a frame that differ from what the terminal already shows.

Textual repaints whole regions: a state timer that goes from 00:08 to 00:09 rewrites its whole
line, colour codes and padding included, every second. Over SSH on a slow link the bytes written
to the terminal are what an agent feels (issue 15, figure 7), so the app keeps here a copy of
the terminal's cells (text and SGR colour codes) and turns each frame Textual composes into
cursor moves and the runs of cells that changed, with a colour code only where the colour
changes. A frame that changes nothing writes nothing.

Only the bytes sent differ: what ends up on the terminal is the same frame, cell for cell.
Cells whose content is not known (at start, after a resize or a resume, after anything written
some other way) are never taken as unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.strip import Strip

Cell = tuple[str, str, str]
"""What a terminal cell shows: its text ("" for the right half of a wide character), its SGR
codes (as after `ESC [ 0 ;`), and the hyperlink it belongs to ("" for none)."""

MERGE_GAP = 3
"""Unchanged cells between two changed runs on a line that are written again rather than
jumped over: a cursor move costs about as many bytes as three cells."""


class Unrenderable(Exception):
    """A frame holds something this writer does not model (control segments)."""


def cursor_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


class CellDiff:
    """The terminal's cells as last written, and the bytes that bring them to the next frame."""

    def __init__(self) -> None:
        self._width = 0
        self._height = 0
        self._rows: list[list[Cell | None]] = []
        self._cursor: tuple[int, int] | None = None  # where the terminal's cursor is, if known

    def forget(self, width: int | None = None, height: int | None = None) -> None:
        """Know nothing of the terminal's cells (after a resize, a resume, a foreign write)."""
        self._width = self._width if width is None else width
        self._height = self._height if height is None else height
        self._rows = [[None] * self._width for _ in range(self._height)]
        self._cursor = None

    def frame(
        self,
        update: LayoutUpdate | ChopsUpdate,
        color_system: ColorSystem | None,
        size: tuple[int, int],
        cursor: tuple[int, int],
    ) -> str:
        """The bytes that make the terminal (of `size`) show `update`, then park the cursor."""
        width, height = size
        if (width, height) != (self._width, self._height):
            self.forget(width, height)
        out: list[str] = []
        sgr = ""
        link = ""
        for x, y, strips in _pieces(update):
            if 0 <= y < height:
                cells = self._cells(strips, color_system)
                sgr, link = self._write_line(out, x, y, cells, sgr, link)
        if link:
            out.append("\x1b]8;;\x1b\\")
        if sgr:
            out.append("\x1b[0m")
        if (out or self._cursor != cursor) and 0 <= cursor[0] < width and 0 <= cursor[1] < height:
            out.append(cursor_to(*cursor))
            self._cursor = cursor
        return "".join(out)

    def _write_line(
        self, out: list[str], x: int, y: int, cells: list[Cell], sgr: str, link: str
    ) -> tuple[str, str]:
        row = self._rows[y]
        if x < 0:
            cells, x = cells[-x:], 0
        cells = cells[: max(0, self._width - x)]
        if row[x : x + len(cells)] == cells:
            return sgr, link  # the usual case for most of a frame: compared in C, at once
        for start, end in _changed_runs(row, x, cells):
            if self._cursor != (x + start, y):
                out.append(cursor_to(x + start, y))
            for text, codes, href in cells[start:end]:
                if href != link:
                    out.append(f"\x1b]8;;{href}\x1b\\")
                    link = href
                if codes != sgr:
                    out.append(f"\x1b[0;{codes}m" if codes else "\x1b[0m")
                    sgr = codes
                out.append(text)
            row[x + start : x + end] = cells[start:end]
            self._cursor = (x + end, y) if x + end < self._width else None
        return sgr, link

    def _cells(self, strips: Iterable[Strip], color_system: ColorSystem | None) -> list[Cell]:
        cells: list[Cell] = []
        append = cells.append
        for strip in strips:
            for text, style, control in strip:
                if control:
                    raise Unrenderable("a control segment")
                codes, href = self._style(style, color_system)
                if len(text) == cell_len(text):  # one cell per character, the usual case
                    cells.extend((char, codes, href) for char in text)
                    continue
                for char in text:
                    size = get_character_cell_size(char)
                    if size == 0:
                        if cells:
                            last = cells[-1]
                            cells[-1] = (last[0] + char, last[1], last[2])
                        continue
                    append((char, codes, href))
                    if size == 2:
                        append(("", codes, href))
        return cells

    def _style(self, style: Style | None, color_system: ColorSystem | None) -> tuple[str, str]:
        if style is None:
            return "", ""
        codes = style._ansi  # Textual's own cache of a style's codes (Strip.render fills it too)
        if codes is None:
            codes = Strip.render_ansi(style, color_system or ColorSystem.TRUECOLOR)
        return codes, style.link or ""


def _pieces(update: LayoutUpdate | ChopsUpdate) -> Iterator[tuple[int, int, Iterable[Strip]]]:
    """(x, y, strips) for each stretch of a line the update paints, left to right."""
    if isinstance(update, LayoutUpdate):
        for y, line in enumerate(update.strips, update.region.y):
            yield update.region.x, y, line
        return
    for y, x1, x2 in update.spans:
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if x1 <= x < x2 and end <= x2:
                yield x, y, (strip,)
            else:  # as Textual does: a chop that runs past the span is cut at its end
                yield x, y, (strip.crop(0, min(end, x2) - x),)


def _changed_runs(row: list[Cell | None], x: int, cells: list[Cell]) -> Iterator[tuple[int, int]]:
    """[start, end) indexes into `cells` that differ from `row` at `x`, close runs merged and
    widened so that no run starts or ends inside a wide character."""
    run_start = -1
    run_end = -1
    count = len(cells)
    for index in range(count):
        if row[x + index] == cells[index]:
            continue
        if run_start >= 0 and index - run_end <= MERGE_GAP:
            run_end = index + 1
            continue
        if run_start >= 0:
            yield _whole(cells, run_start, run_end)
        run_start, run_end = index, index + 1
    if run_start >= 0:
        yield _whole(cells, run_start, run_end)


def _whole(cells: list[Cell], start: int, end: int) -> tuple[int, int]:
    while start > 0 and cells[start][0] == "":
        start -= 1
    while end < len(cells) and cells[end][0] == "":
        end += 1
    return start, end
