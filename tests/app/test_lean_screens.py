"""What keeps the desktop lean over a long day: no key bar pile-up, a bounded event log."""

from __future__ import annotations

import gc
from typing import Any

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.app.helpers import desktop, on_screen, start_station, text_of
from tui.domain import LogEntry, LogKind
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.widgets.channels import ChannelCard
from tui.widgets.event_log import LIVE_BURST, EventLog


async def test_opening_and_closing_dialogs_leaves_no_old_footer_keys_behind(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_station(pilot)
        for _ in range(4):
            await pilot.press("i")
            await on_screen(pilot, IdleCodePicker)
            await pilot.press("escape")
            await on_screen(pilot, StatusScreen)
        await pilot.pause()
        gc.collect()
        gone = [key for key in gc.get_objects() if isinstance(key, FooterKey) and key._closing]
        assert gone == []


async def test_a_flood_of_log_entries_lists_the_newest_and_counts_the_rest(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        log = status.query_one(EventLog)
        before = status.snapshot.log
        flood = tuple(LogEntry(0, LogKind.STATE, f"entry {n}") for n in range(LIVE_BURST + 25))
        lines = len(log.lines)
        log.show((*before, *flood))
        await pilot.pause()
        written = [strip.text.strip() for strip in log.lines[lines:]]
        assert "25 more events came too fast to list" in written[0]
        assert written[1].endswith("entry 25") and written[-1].endswith(f"entry {LIVE_BURST + 24}")
        assert len(written) == LIVE_BURST + 1


def _count_refreshes(widget: Widget) -> list[bool]:
    """The `layout` flag of each repaint `widget` asks for from now on."""
    asked: list[bool] = []
    original = widget.refresh

    def refresh(*regions: Any, **options: Any) -> Widget:
        asked.append(bool(options.get("layout")))
        return original(*regions, **options)

    widget.refresh = refresh  # type: ignore[method-assign]
    return asked


async def test_a_new_log_line_scrolls_the_log_without_laying_out_the_screen(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        log = status.query_one(EventLog)
        entries = status.snapshot.log
        entries += tuple(LogEntry(0, LogKind.STATE, f"entry {n}") for n in range(60))
        log.show(entries)
        await pilot.pause()
        assert log.show_vertical_scrollbar

        asked = _count_refreshes(log)
        newest = LogEntry(0, LogKind.STATE, "the newest entry")
        log.show((*entries, newest))
        assert asked and not any(asked)  # repainted, and nothing asked the screen to lay out
        await pilot.pause()
        assert log.vertical_scrollbar.window_virtual_size == len(log.lines)
        assert log.scroll_y == log.max_scroll_y  # still following the newest entry
        assert "the newest entry" in text_of(status, "#event-log")


async def test_a_snapshot_repaints_only_the_channel_cards_that_changed(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        await pilot.pause()
        cards = list(status.query(ChannelCard))
        asked = [_count_refreshes(card) for card in cards]
        status.show_snapshot()  # the same channels as already shown (a state change's case)
        assert asked == [[] for _ in cards]
