"""What keeps the desktop lean over a long day: no key bar pile-up, a bounded event log."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from textual._compositor import ChopsUpdate
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.app.helpers import desktop, on_screen, start_station, text_of, until
from tests.app.test_contacts import RINGING, offer_one
from tui.backends.session import DesktopSession
from tui.domain import Availability, FrameIgnored, LogEntry, LogKind
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.channels import ChannelCard
from tui.widgets.event_log import LIVE_BURST, EventLog
from tui.widgets.footer import DesktopFooter
from tui.widgets.paint_hold import PaintHold, dims_below


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
        # Scrolled to the new end at once: the next frame shows it (RichLog's own scroll
        # waited for that frame, and a second whole repaint of the log showed the line).
        assert log.scroll_y == log.max_scroll_y
        await pilot.pause()
        assert log.vertical_scrollbar.window_virtual_size == len(log.lines)
        assert log.scroll_y == log.max_scroll_y  # still following the newest entry
        assert "the newest entry" in text_of(status, "#event-log")


async def test_what_waits_for_a_frame_waits_while_the_paint_is_held(
    sandbox: SandboxServer,
) -> None:
    """A frame composed while a request holds the paint goes nowhere: what waits for the
    next frame (the log's new line) must not run then, or it lands in the frame that shows
    the new state and slows it."""
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        ran: list[str] = []
        hold = PaintHold(app, 5.0)
        status.after_next_frame(lambda: ran.append("after"))
        status._compositor_refresh()  # as Textual's layout does under a batch
        await pilot.pause()
        assert ran == []
        hold.release()
        await until(pilot, lambda: ran == ["after"], "the callback after the real frame")


async def test_paint_at_once_hands_every_widgets_repaint_to_the_screen_now(
    sandbox: SandboxServer,
) -> None:
    """Each widget asks the screen to repaint it on its own next turn; a paint that comes
    first (the area of a closed picker) would show the screen without the new state. Opening
    the paint-at-once window has every changed widget ask at once."""
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        await pilot.pause()
        badge = status.query_one(AvailabilityBadge)
        badge.refresh()
        assert badge._repaint_required
        status.paint_at_once()
        assert not badge._repaint_required  # asked: the screen's Update is on its way
        await pilot.pause()


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


async def live_station(pilot: Pilot[Any]) -> tuple[StatusScreen, DesktopSession]:
    """The status screen of a station session just started, and the session under it."""
    status = await start_station(pilot)
    session = status.session
    assert session is not None
    return status, session


async def test_under_a_dialog_only_real_changes_repaint_and_the_rest_waits_for_its_close(
    sandbox: SandboxServer,
) -> None:
    """The status screen shows through a dialog's dimmed backdrop (the log-out question), so
    every change under it repaints the whole dialog: its timers and new log lines wait, a new
    state does not."""
    now = [int(time.time() * 1000)]
    app = desktop(sandbox, clock=lambda: now[0])
    async with app.run_test(size=(120, 40)) as pilot:
        status, session = await live_station(pilot)
        await pilot.press("l")
        dialog = await on_screen(pilot, ConfirmLogout)
        assert dims_below(dialog)
        await pilot.pause()

        # A state change made elsewhere is shown under the dialog at once.
        async with agent_at_desk(sandbox.base_url, "super1") as boss:
            lunch = next(c for c in status.profile.idle_codes if c.name == "Lunch")
            await boss.set_agent_state(status.snapshot.agent_id, Availability.IDLE, lunch)
            badge = status.query_one(AvailabilityBadge)
            await until(pilot, lambda: "Idle" in str(badge.render()), "the new state under it")
        await pilot.pause()

        # Then the once-a-second tick and a new log line repaint nothing.
        asked = _count_refreshes(dialog)
        timer_before = text_of(status, "#state-timer")
        session.publish(FrameIgnored("news from under the dialog"))
        await until(pilot, lambda: "news" in status.snapshot.log[-1].text, "the new entry")
        now[0] += 65_000
        status._tick()  # what the screen's once-a-second timer calls
        await pilot.pause()
        await pilot.pause()
        assert asked == []
        assert text_of(status, "#state-timer") == timer_before
        assert "news from under the dialog" not in text_of(status, "#event-log")

        # Closed (No), the screen catches up.
        await pilot.press("escape")
        await on_screen(pilot, StatusScreen)
        await until(
            pilot,
            lambda: "news from under the dialog" in text_of(status, "#event-log"),
            "the log's new line",
        )
        assert "01:0" in text_of(status, "#state-timer")  # 65 s and the test's own seconds


async def test_around_a_code_picker_the_screen_stays_live(sandbox: SandboxServer) -> None:
    """The idle-code picker is a pop-up (no dimmed backdrop): the clock and the log go on
    around it, and closing it repaints only what it covered, with the new state."""
    now = [int(time.time() * 1000)]
    app = desktop(sandbox, clock=lambda: now[0])
    async with app.run_test(size=(120, 40)) as pilot:
        status, session = await live_station(pilot)
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        assert not dims_below(picker)
        session.publish(FrameIgnored("news beside the picker"))
        await until(
            pilot,
            lambda: "news beside the picker" in text_of(status, "#event-log"),
            "the log's new line while the picker is open",
        )
        now[0] += 65_000
        status._tick()
        await pilot.pause()
        assert "01:0" in text_of(status, "#state-timer")

        box = picker.query_one("#picker-box").region
        painted: list[Any] = []
        original = status._compositor.render_update

        def render_update(*args: Any, **kwargs: Any) -> Any:
            update = original(*args, **kwargs)
            painted.append(update)
            return update

        status._compositor.render_update = render_update  # type: ignore[method-assign]
        await pilot.press("down", "enter")
        await on_screen(pilot, StatusScreen)
        badge = status.query_one(AvailabilityBadge)
        await until(pilot, lambda: "Idle" in str(badge.render()), "the state chosen")
        await until(pilot, lambda: painted, "a frame after the close")
        first = painted[0]
        assert isinstance(first, ChopsUpdate), "the whole screen was painted again"
        rows = {y for y, _, _ in first.spans}
        state = status.query_one("#state-box").region
        footer = picker.query_one(DesktopFooter).region
        allowed = {*range(box.y, box.bottom), *range(state.y, state.bottom), footer.y}
        assert rows <= allowed, sorted(rows - allowed)


async def test_under_a_dialog_a_ringing_offers_countdown_goes_on(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(**dict(RINGING, traffic=False), bench_routes=True)
    now = [int(time.time() * 1000)]
    app = desktop(server, clock=lambda: now[0])
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        await offer_one(server)

        def countdown() -> str:
            rows = [str(row.render()) for row in status.query(".contact-row")]
            return next((row for row in rows if "RONA in" in row), "")

        await until(pilot, countdown, "the offer's countdown")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        before = countdown()
        now[0] += 3_000
        status._tick()  # what the screen's once-a-second timer calls
        await pilot.pause()
        assert countdown() not in ("", before)
