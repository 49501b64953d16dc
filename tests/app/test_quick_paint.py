"""What keeps a state change quick to show, on a real sandbox: the footer is not rebuilt when
its keys stay the same (nor when a contact's keys come and go), the idle-code picker is kept
between uses, and a state change holds the repaint only until its answer (or a short limit)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

import httpx
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.app.helpers import bearer_token, desktop, on_screen, start_station, until
from tests.app.test_contacts import offer_one
from tui.domain import Availability
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.login import LoginScreen
from tui.screens.status import StatusScreen
from tui.widgets.footer import DesktopFooter
from tui.widgets.paint_hold import PaintHold


async def test_footer_keeps_its_keys_when_they_do_not_change(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        footer = status.query_one(DesktopFooter)
        before = list(footer.query(FooterKey))
        assert before, "the footer shows keys"
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press("escape")
        await on_screen(pilot, StatusScreen)
        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "Av")
        await pilot.pause()
        assert list(footer.query(FooterKey)) == before  # the very same key widgets


async def test_footer_is_rebuilt_when_its_keys_change(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        footer = status.query_one(DesktopFooter)
        before = list(footer.query(FooterKey))
        app.update_keymap({"desktop.idle": "f6"})  # the Idle key moves: the footer must say so
        await until(pilot, lambda: list(footer.query(FooterKey)) != before, "a new footer")
        assert "f6" in [key.key for key in footer.query(FooterKey)]


async def test_idle_code_picker_is_kept_and_opens_fresh(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("i")
        first = await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lun", "enter")
        await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")

        await pilot.press("i")
        again = await on_screen(pilot, IdleCodePicker)
        assert again is first
        assert again.query_one("#idle-search", Input).value == ""  # the old search is gone
        assert len(again.shown) == len(again.codes)
        assert again.current is not None and again.current.name == "Lunch"
        assert again.query_one("#idle-search", Input).has_focus


async def test_picker_goes_with_its_status_screen(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        await pilot.press("escape")
        await on_screen(pilot, StatusScreen)
        assert app.is_screen_installed(picker)
        await app.switch_screen(LoginScreen(app.desk))  # the status screen is done with
        await until(pilot, lambda: not status.is_attached, "the status screen gone")
        assert not app.is_screen_installed(picker)
        await until(pilot, lambda: not picker.is_attached, "the picker gone too")


async def test_paint_hold_ends_on_release_or_at_its_limit(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app._batch_count == 0
        hold = PaintHold(app, 60.0)
        assert app._batch_count == 1  # nothing paints meanwhile
        hold.release()
        hold.release()  # twice is harmless
        assert app._batch_count == 0

        limited = PaintHold(app, 0.01)
        assert app._batch_count == 1
        async with asyncio.timeout(5):
            while app._batch_count:  # nobody releases it: the limit does
                await asyncio.sleep(0.005)
        limited.release()
        assert app._batch_count == 0


async def test_what_the_status_screen_holds_is_left_out_of_collections(
    sandbox: SandboxServer,
) -> None:
    gc.unfreeze()
    app = desktop(sandbox)
    try:
        async with app.run_test() as pilot:
            status = await start_station(pilot)
            assert gc.get_freeze_count() > 0
            await app.switch_screen(LoginScreen(app.desk))
            await until(pilot, lambda: not status.is_attached, "the status screen gone")
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


async def test_a_frames_time_limit_runs_only_what_waited_for_that_frame(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        ran: list[str] = []
        status.after_next_frame(lambda: ran.append("first"))
        first = status._after_frame
        assert first is not None
        await until(pilot, lambda: ran == ["first"], "the first callback, after a frame")
        status.after_next_frame(lambda: ran.append("second"))
        assert status._after_frame is not first  # it waits for a frame of its own
        status._run_after_frame(first)  # the first frame's limit comes due now
        assert ran == ["first"]  # not the second's, and not the first's again
        await until(pilot, lambda: ran == ["first", "second"], "the second, at its own turn")


def test_the_screen_tick_a_paint_hold_calls_on_release_exists() -> None:
    """PaintHold paints at once through the screen's own tick handler; without it (another
    Textual release) the paint would fall back to the next tick, quietly slower."""
    assert callable(getattr(Screen, "_on_timer_update", None))


async def test_footer_hides_and_shows_the_contact_keys_it_built(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """A contact's keys come and go with every offer: the second offer shows the very key
    widget the first one built, hidden meanwhile, instead of building new ones."""
    server = sandbox_factory(ring_for_s=0.0, traffic=False, bench_routes=True)
    async with desktop(server).run_test() as pilot:
        status = await start_station(pilot)
        footer = status.query_one(DesktopFooter)

        def accept_key() -> FooterKey | None:
            keys = footer.query(FooterKey).results(FooterKey)
            return next((key for key in keys if key.description == "Accept"), None)

        await offer_one(server)
        await until(pilot, lambda: (key := accept_key()) is not None and key.display, "Accept")
        built = accept_key()
        token = await bearer_token(server, "agent1")
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            cleared = await http.post("/bench/clear", headers={"Authorization": f"Bearer {token}"})
        assert cleared.status_code == 200, cleared.text
        await until(pilot, lambda: not status.snapshot.contacts, "the desk cleared")
        await until(pilot, lambda: built is not None and not built.display, "Accept hidden")
        await offer_one(server)
        await until(pilot, lambda: built is not None and built.display, "Accept shown again")
        assert accept_key() is built
