"""What keeps the desktop lean over a long day: no key bar pile-up, a bounded event log."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from tests.app.helpers import desktop, on_screen, start_station
from tui.domain import LogEntry, LogKind
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
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
