"""The cell diff writes fewer bytes, and the terminal ends up showing every frame exactly.

A small terminal model in this file plays the bytes back (cursor moves, SGR codes, hyperlinks,
text, wide characters) and is compared, cell by cell, with the frames themselves.
"""

from __future__ import annotations

import itertools
import random
import re

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from tui.cell_diff import CellDiff

WIDTH, HEIGHT = 20, 6
TOKEN = re.compile(r"\x1b\[([0-9;]*)([Hm])|\x1b\]8;;([^\x1b]*)\x1b\\|([^\x1b])")
STYLES = [
    Style(color="red", bgcolor="black"),
    Style(color="yellow", bgcolor="black", underline=True),
    Style(color="green", bold=True),
    Style(color="#336699", bgcolor="#101010"),
    Style(link="https://example.com/a"),
    Style(),
]


class Terminal:
    """Cells of (text, SGR codes, link); enough of a terminal for what CellDiff writes."""

    def __init__(self) -> None:
        self.cells = [[(" ", "", "")] * WIDTH for _ in range(HEIGHT)]
        self.x = self.y = 0
        self.sgr = ""
        self.link = ""

    def play(self, data: str) -> None:
        for match in TOKEN.finditer(data):
            codes, final, link, char = match.groups()
            if final == "H":
                row, col = codes.split(";")
                self.y, self.x = int(row) - 1, int(col) - 1
            elif final == "m":
                self.sgr = "" if codes in ("", "0") else codes.removeprefix("0;")
            elif link is not None:
                self.link = link
            else:
                assert self.x < WIDTH, "wrote past the line's end"
                self.cells[self.y][self.x] = (char, self.sgr, self.link)
                if get_character_cell_size(char) == 2:
                    self.cells[self.y][self.x + 1] = ("", self.sgr, self.link)
                self.x += get_character_cell_size(char)


SHOWN_ON_A_SPACE = {"4", "7", "9", "21", "51", "52", "53"}  # underline, reverse, strike, ...


def seen(cell: tuple[str, str, str]) -> tuple[str, str, str]:
    """What shows of a cell: of a space, only its background, and the lines or reversal
    drawn through it (its colour and weight are not written when they do not show)."""
    text, codes, link = cell
    if text != " ":
        return cell
    kept, parts = [], codes.split(";") if codes else []
    while parts:
        part = parts.pop(0)
        if part in ("38", "48"):
            size = 4 if parts[0] == "2" else 2
            colour, parts = parts[:size], parts[size:]
            if part == "48":
                kept += [part, *colour]
        elif part in SHOWN_ON_A_SPACE or (part.startswith("4") and len(part) == 2):
            kept.append(part)  # a mode that shows, or a 16-colour background (40-47)
    return text, ";".join(kept), link


def shown(rows: list[list[tuple[str, str, str]]]) -> list[list[tuple[str, str, str]]]:
    return [[seen(cell) for cell in row] for row in rows]


def expected(lines: list[Strip]) -> list[list[tuple[str, str, str]]]:
    """The cells a frame of whole lines should leave on the terminal."""
    rows = []
    for strip in lines:
        row = []
        for text, style, _ in strip:
            codes = Strip.render_ansi(style, ColorSystem.TRUECOLOR) if style else ""
            link = (style.link or "") if style else ""
            for char in text:
                row.append((char, codes, link))
                if get_character_cell_size(char) == 2:
                    row.append(("", codes, link))
        rows.append(row)
    return rows


def random_line(rng: random.Random) -> Strip:
    segments = []
    used = 0
    while used < WIDTH:
        style = rng.choice(STYLES)
        if rng.random() < 0.1 and WIDTH - used >= 2:
            text = "漢"
        else:
            text = "".join(rng.choice("ab ─●") for _ in range(rng.randint(1, WIDTH - used)))
        segments.append(Segment(text, style))
        used += sum(get_character_cell_size(c) for c in text)
    return Strip(segments).crop(0, WIDTH)


def full(lines: list[Strip]) -> LayoutUpdate:
    return LayoutUpdate([[line] for line in lines], Region(0, 0, WIDTH, HEIGHT))


def partial(
    lines: list[Strip], changed: list[int], rng: random.Random | None = None
) -> ChopsUpdate:
    """A partial update of whole lines, each cut into chops (widgets side by side) when a
    `rng` says where."""
    chops: list[dict[int, Strip | None]] = []
    ends: list[list[int]] = []
    for line in lines:
        # Widgets side by side never split a wide character between them.
        whole = [x for x, cell in enumerate(expected([line])[0]) if x and cell[0]]
        cuts = sorted(rng.sample(whole, 2)) if rng else []
        edges = [0, *cuts, WIDTH]
        chops.append({a: line.crop(a, b) for a, b in itertools.pairwise(edges)})
        ends.append(edges[1:])
    return ChopsUpdate(chops, [(y, 0, WIDTH) for y in changed], ends)


def write(diff: CellDiff, update: LayoutUpdate | ChopsUpdate) -> str:
    return diff.frame(update, ColorSystem.TRUECOLOR, (WIDTH, HEIGHT), (0, 0))


def test_frames_played_back_show_exactly_what_was_composed() -> None:
    rng = random.Random(15)
    diff = CellDiff()
    terminal = Terminal()
    lines = [random_line(rng) for _ in range(HEIGHT)]
    terminal.play(write(diff, full(lines)))
    assert shown(terminal.cells) == shown(expected(lines))
    for _ in range(200):
        changed = sorted(rng.sample(range(HEIGHT), rng.randint(1, 3)))
        for y in changed:
            line = random_line(rng) if rng.random() < 0.5 else lines[y]
            if rng.random() < 0.7:  # a small change in place, as a ticking timer makes
                x = rng.randrange(WIDTH - 2)
                line = Strip.join(
                    [line.crop(0, x), Strip([Segment("9", rng.choice(STYLES))]), line.crop(x + 1)]
                )
            lines[y] = line
        update = full(lines) if rng.random() < 0.2 else partial(lines, changed, rng)
        terminal.play(write(diff, update))
        assert shown(terminal.cells) == shown(expected(lines))


def test_frames_after_forgetting_are_written_whole_then_diffed_again() -> None:
    """As around a dialog: the cells are forgotten, the next frame is written as it comes (its
    cells worked out only when a later frame paints those lines), and the terminal still shows
    exactly each frame."""
    rng = random.Random(16)
    diff = CellDiff()
    terminal = Terminal()
    lines = [random_line(rng) for _ in range(HEIGHT)]
    terminal.play(write(diff, full(lines)))
    for _ in range(200):
        if rng.random() < 0.15:
            diff.forget()
        changed = sorted(rng.sample(range(HEIGHT), rng.randint(1, 3)))
        for y in changed:
            lines[y] = random_line(rng)
        update = full(lines) if rng.random() < 0.3 else partial(lines, changed, rng)
        terminal.play(write(diff, update))
        assert shown(terminal.cells) == shown(expected(lines))


def test_a_whole_frame_written_unknown_is_known_for_the_next() -> None:
    diff = CellDiff()
    style = Style(color="#a0a0a0", bgcolor="#202020")
    before = [Strip([Segment("In state  00:08".ljust(WIDTH), style)])] * HEIGHT
    diff.forget(WIDTH, HEIGHT)
    whole = write(diff, full(before))
    assert whole == write(CellDiff(), full(before))  # the same bytes as a fresh terminal's
    after = list(before)
    after[4] = Strip([Segment("In state  00:09".ljust(WIDTH), style)])
    change = write(diff, full(after))
    assert "9" in change and "In state" not in change
    assert len(change) < 60, repr(change)


def test_an_unchanged_frame_writes_nothing_and_a_one_cell_change_a_few_bytes() -> None:
    diff = CellDiff()
    style = Style(color="#a0a0a0", bgcolor="#202020")
    before = [Strip([Segment("In state  00:08".ljust(WIDTH), style)])] * HEIGHT
    first = write(diff, full(before))
    assert len(first) > WIDTH * HEIGHT
    assert write(diff, full(before)) == ""
    after = list(before)
    after[2] = Strip([Segment("In state  00:09".ljust(WIDTH), style)])
    change = write(diff, partial(after, [2]))
    assert "9" in change and "In state" not in change
    assert len(change) < 60, repr(change)  # a move, the colours, one character, a reset
    textual_writes = partial(after, [2]).render_segments(Console(color_system="truecolor"))
    assert len(change) < len(textual_writes)


def test_forgetting_writes_the_whole_frame_again() -> None:
    rng = random.Random(3)
    diff = CellDiff()
    lines = [random_line(rng) for _ in range(HEIGHT)]
    write(diff, full(lines))
    diff.forget()
    terminal = Terminal()
    terminal.play(write(diff, full(lines)))
    assert shown(terminal.cells) == shown(expected(lines))


def test_a_new_size_is_a_terminal_whose_cells_are_unknown() -> None:
    rng = random.Random(4)
    diff = CellDiff()
    lines = [random_line(rng) for _ in range(HEIGHT)]
    diff.frame(full(lines), ColorSystem.TRUECOLOR, (WIDTH + 5, HEIGHT), (0, 0))
    terminal = Terminal()
    terminal.play(write(diff, full(lines)))  # back to WIDTH: written whole again
    assert shown(terminal.cells) == shown(expected(lines))


def test_blank_cells_whose_unseen_colour_changes_are_not_written_again() -> None:
    """Under a transparent dialog Textual gives the blank cells around it another colour,
    which does not show on a space: nothing is written for them."""
    diff = CellDiff()
    background = "#202020"
    before = [Strip([Segment(" " * WIDTH, Style(bgcolor=background))])] * HEIGHT
    write(diff, full(before))
    recoloured = Style(color="#e0e0e0", bold=True, bgcolor=background)
    after = [Strip([Segment(" " * WIDTH, recoloured)])] * HEIGHT
    assert write(diff, full(after)) == ""
    underlined = Style(color="#e0e0e0", bgcolor=background, underline=True)
    marked = [Strip([Segment(" " * WIDTH, underlined)])] * HEIGHT
    assert write(diff, full(marked)) != ""  # an underline shows on a space
