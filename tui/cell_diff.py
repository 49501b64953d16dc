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

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import compress, groupby, repeat
from operator import itemgetter, ne, or_

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.strip import Strip

Look = tuple[str, str]
"""How a terminal cell looks: its SGR codes (as after `ESC [ 0 ;`) and the hyperlink it belongs
to ("" for none)."""

PLAIN: Look = ("", "")

MERGE_GAP = 3
"""Unchanged cells between two changed runs on a line that are written again rather than
jumped over: a cursor move costs about as many bytes as three cells."""

SHOWN_ON_A_SPACE = ("underline", "underline2", "strike", "overline", "reverse", "frame", "encircle")
"""The attributes of a style that show on a blank cell, besides its background."""

KNOWN_LOOKS = 4096
"""Styles whose look is kept; a screen uses a few dozen, so this bound is only a backstop."""


class Unrenderable(Exception):
    """A frame holds something this writer does not model (control segments)."""


def cursor_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


class CellDiff:
    """The terminal's cells as last written, and the bytes that bring them to the next frame.

    A line is kept as two lists, the cells' texts ("" for the right half of a wide character,
    None where unknown) and their looks, one shared `Look` per style. Both are filled, sliced
    and compared by list operations that run in C: a frame is worked out without making an
    object per cell, which at 120x40 made a whole repaint cost more than composing it.
    """

    def __init__(self) -> None:
        self._width = 0
        self._height = 0
        self._texts: list[list[str | None]] = []
        self._looks: list[list[Look | None]] = []
        self._cursor: tuple[int, int] | None = None  # where the terminal's cursor is, if known
        self._known: dict[tuple[Style, ColorSystem | None, bool], Look] = {}
        self._blank: set[int] = set()  # lines none of whose cells are known
        self._unread: dict[int, list[_Piece]] = {}  # written whole, cells not worked out yet

    def forget(self, width: int | None = None, height: int | None = None) -> None:
        """Know nothing of the terminal's cells (after a resize, a resume, a foreign write)."""
        self._width = self._width if width is None else width
        self._height = self._height if height is None else height
        self._texts = [[None] * self._width for _ in range(self._height)]
        self._looks = [[None] * self._width for _ in range(self._height)]
        self._cursor = None
        self._blank = set(range(self._height))
        self._unread = {}

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
        blank = self._blank
        written: set[int] = set()
        for x, y, strips in _pieces(update):
            if not 0 <= y < height:
                continue
            if y in blank and x >= 0:
                strips = tuple(strips)
                end = x + sum(strip.cell_length for strip in strips)
                if end <= width:
                    sgr, link = self._write_unknown(out, x, end, y, strips, color_system, sgr, link)
                    written.add(y)
                    continue
            if y in self._unread:
                self._read(y)
            line = self._cells(strips, color_system)
            sgr, link = self._write_line(out, x, y, line, sgr, link)
            blank.discard(y)
        blank -= written
        if link:
            out.append("\x1b]8;;\x1b\\")
        if sgr:
            out.append("\x1b[0m")
        if (out or self._cursor != cursor) and 0 <= cursor[0] < width and 0 <= cursor[1] < height:
            out.append(cursor_to(*cursor))
            self._cursor = cursor
        return "".join(out)

    def _write_unknown(
        self,
        out: list[str],
        x: int,
        end: int,
        y: int,
        strips: tuple[Strip, ...],
        color_system: ColorSystem | None,
        sgr: str,
        link: str,
    ) -> tuple[str, str]:
        """Write a piece of a line none of whose cells were known: all of it, segment by
        segment, exactly as `_write_line` would. Its cells are worked out only when a later
        frame paints that line again (`_read`): a whole repaint (a dialog opening or closing
        dims or lights every cell) then costs what its bytes cost, not a step per cell."""
        if self._cursor != (x, y):
            out.append(cursor_to(x, y))
        for strip in strips:
            for text, style, control in strip:
                if control:
                    raise Unrenderable("a control segment")
                if not text:
                    continue
                look = self._look(style, color_system, not text.strip(" "))
                sgr, link = _put(out, look, text, sgr, link)
        self._cursor = (end, y) if end < self._width else None
        self._unread.setdefault(y, []).append((x, strips, color_system))
        return sgr, link

    def _read(self, y: int) -> None:
        """Work out the cells of what `_write_unknown` wrote on line `y`."""
        row_texts, row_looks = self._texts[y], self._looks[y]
        for x, strips, color_system in self._unread.pop(y):
            texts, looks, _ = self._cells(strips, color_system)
            row_texts[x : x + len(texts)] = texts
            row_looks[x : x + len(looks)] = looks

    def _write_line(
        self, out: list[str], x: int, y: int, line: _Line, sgr: str, link: str
    ) -> tuple[str, str]:
        texts, looks, starts = line
        if x < 0:  # off the left edge: the segments' bounds no longer hold
            texts, looks, starts, x = texts[-x:], looks[-x:], [], 0
        count = min(len(texts), max(0, self._width - x))
        if count < len(texts):
            texts, looks = texts[:count], looks[:count]
        row_texts, row_looks = self._texts[y], self._looks[y]
        old_texts, old_looks = row_texts[x : x + count], row_looks[x : x + count]
        if old_texts == texts and old_looks == looks:
            return sgr, link  # the usual case for most of a frame: compared in C, at once
        changed = list(
            compress(range(count), map(or_, map(ne, old_texts, texts), map(ne, old_looks, looks)))
        )
        for start, end in _runs(changed, texts):
            if self._cursor != (x + start, y):
                out.append(cursor_to(x + start, y))
            for look, text in _stretches(texts, looks, starts, start, end):
                sgr, link = _put(out, look, text, sgr, link)
            row_texts[x + start : x + end] = texts[start:end]
            row_looks[x + start : x + end] = looks[start:end]
            self._cursor = (x + end, y) if x + end < self._width else None
        return sgr, link

    def _cells(self, strips: Iterable[Strip], color_system: ColorSystem | None) -> _Line:
        """The texts and looks of the cells `strips` paint, left to right, and the index at
        which each segment's cells start."""
        texts: list[str] = []
        looks: list[Look] = []
        starts: list[int] = []
        for strip in strips:
            for text, style, control in strip:
                if control:
                    raise Unrenderable("a control segment")
                look = self._look(style, color_system, not text.strip(" "))
                starts.append(len(texts))
                if len(text) == cell_len(text):  # one cell per character, the usual case
                    texts.extend(text)
                    looks.extend(repeat(look, len(text)))
                    continue
                for char in text:
                    size = get_character_cell_size(char)
                    if size == 0:
                        if texts:
                            texts[-1] += char
                        continue
                    texts.append(char)
                    looks.append(look)
                    if size == 2:
                        texts.append("")
                        looks.append(look)
        return texts, looks, starts

    def _look(self, style: Style | None, color_system: ColorSystem | None, blank: bool) -> Look:
        """One shared `Look` per style: equal looks are then mostly the same object.

        For `blank` text (spaces) only what shows on a space counts: its background, and the
        lines and reversal drawn through it; not its colour or weight. Under a transparent
        dialog Textual gives the blank cells around it another (unseen) colour, which would
        otherwise rewrite most of the screen as the dialog opens."""
        if style is None:
            return PLAIN
        key = (style, color_system, blank)
        look = self._known.get(key)
        if look is None:
            if blank and not any(getattr(style, name) for name in SHOWN_ON_A_SPACE):
                style = Style(bgcolor=style.bgcolor, link=style.link)
                codes = Strip.render_ansi(style, color_system or ColorSystem.TRUECOLOR)
            else:
                codes = style._ansi  # Textual's own cache of a style's codes
                if codes is None:
                    codes = Strip.render_ansi(style, color_system or ColorSystem.TRUECOLOR)
            look = (codes, style.link or "")
            if len(self._known) >= KNOWN_LOOKS:
                self._known.clear()
            self._known[key] = look
        return look


def _put(out: list[str], look: Look, text: str, sgr: str, link: str) -> tuple[str, str]:
    """Write `text` as `look`, switching colours and link only where they change from the
    terminal's current `sgr` and `link`; the new current ones."""
    codes, href = look
    if href != link:
        out.append(f"\x1b]8;;{href}\x1b\\")
        link = href
    if codes != sgr:
        out.append(f"\x1b[0;{codes}m" if codes else "\x1b[0m")
        sgr = codes
    out.append(text)
    return sgr, link


_Piece = tuple[int, tuple[Strip, ...], ColorSystem | None]
"""A piece of a line written whole: where it starts, its strips, the colour system."""

_Line = tuple[list[str], list[Look], list[int]]
"""A stretch of a line: its cells' texts and looks, and where each segment's cells start."""

_look = itemgetter(1)
_text = itemgetter(0)


def _stretches(
    texts: list[str], looks: list[Look], starts: list[int], start: int, end: int
) -> Iterator[tuple[Look, str]]:
    """The cells [start, end) as (look, text) stretches: one per segment where the segments'
    starts are known (a whole repaint is then a join per segment, not a step per cell)."""
    if not starts:
        for look, same in groupby(zip(texts[start:end], looks[start:end], strict=True), _look):
            yield look, "".join(map(_text, same))
        return
    index = bisect_right(starts, start) - 1
    last = len(starts) - 1
    position = start
    while position < end:
        stop = min(starts[index + 1] if index < last else end, end)
        if stop > position:
            yield looks[position], "".join(texts[position:stop])
        position = stop
        index += 1


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


def _runs(changed: list[int], texts: list[str]) -> Iterator[tuple[int, int]]:
    """[start, end) runs over the `changed` indexes into `texts`, close runs merged and widened
    so that no run starts or ends inside a wide character."""
    if not changed:
        return
    if changed[-1] - changed[0] + 1 == len(changed):  # one run: the usual case, and a repaint's
        yield _whole(texts, changed[0], changed[-1] + 1)
        return
    run_start, run_end = changed[0], changed[0] + 1
    for index in changed[1:]:
        if index - run_end <= MERGE_GAP:
            run_end = index + 1
            continue
        yield _whole(texts, run_start, run_end)
        run_start, run_end = index, index + 1
    yield _whole(texts, run_start, run_end)


def _whole(texts: list[str], start: int, end: int) -> tuple[int, int]:
    while start > 0 and texts[start] == "":
        start -= 1
    while end < len(texts) and texts[end] == "":
        end += 1
    return start, end
