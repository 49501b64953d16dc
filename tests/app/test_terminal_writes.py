"""What the desktop writes to a terminal around a dialog: whole frames as they come, then only
the cells that change.

Headless, Textual writes nothing; each frame is handed here to the desktop's own writer
(`terminal_text`), as the benchmark does, so the bytes are those a real terminal would get.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.screen import Screen

from tests.app.helpers import desktop, on_screen, start_station, until
from tui.app import DesktopApp
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen

SIZE = (120, 40)


@dataclass
class Written:
    screen: Screen[Any]
    text: str
    unread_lines: int  # lines written whole whose cells the writer has not worked out yet


def record_writes(app: DesktopApp) -> list[Written]:
    written: list[Written] = []
    original = app._display

    def display(screen: Screen[Any], renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None or app._batch_count:
            return
        text = app.terminal_text(screen, renderable)
        assert text is not None, "a frame the desktop could not write itself"
        written.append(Written(screen, text, len(app._cells._unread)))

    app._display = display  # type: ignore[method-assign]
    return written


async def test_a_dimming_dialog_opening_and_closing_is_written_whole_then_only_changes(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await start_station(pilot)
        written = record_writes(app)
        await pilot.press("l")
        dialog = await on_screen(pilot, ConfirmLogout)
        await until(pilot, lambda: any(w.screen is dialog for w in written), "the dialog's frame")
        await pilot.press("escape")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: written[-1].screen is status, "the frame that closes it")
        opened = next(w for w in written if w.screen is dialog)
        closed = next(w for w in written if w.screen is status)
        width, height = SIZE
        for frame in (opened, closed):
            # Every cell dims or lights: written as it comes, its cells worked out later.
            assert len(frame.text) >= width * height
            assert frame.unread_lines == height
        count = len(written)
        await until(pilot, lambda: len(written) > count, "a frame after the close (a tick)")
        after = written[count]
        assert 0 < len(after.text) < 400, repr(after.text)  # the clock's cells, not a screenful
        assert after.unread_lines < height


async def test_the_idle_code_picker_writes_only_what_it_covers(sandbox: SandboxServer) -> None:
    """A pop-up with no dimmed backdrop: opening and closing it writes its own cells, a
    small part of the screen, and nothing is written whole."""
    app = desktop(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        status = await start_station(pilot)
        written = record_writes(app)
        status.refresh()  # a whole frame, as a terminal has had by now: every cell is known
        await until(pilot, lambda: written, "the whole frame")
        first = len(written)
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        await until(pilot, lambda: any(w.screen is picker for w in written), "the picker's frame")
        await pilot.press("escape")
        await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: written[-1].screen is status, "the frame that closes it")
        width, height = SIZE
        box = picker.query_one("#picker-box").region
        for frame in written[first:]:
            assert frame.unread_lines == 0  # every write was compared with what was there
            assert len(frame.text) < width * height // 2, "written whole"
        opened = sum(len(w.text) for w in written if w.screen is picker)
        assert opened >= box.width * box.height  # the picker's own cells were written
