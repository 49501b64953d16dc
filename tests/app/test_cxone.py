"""The same screens on CXone, end to end against the sandbox's CXone API: start a station,
go Idle and back, and join the session that turned up meanwhile."""

from __future__ import annotations

from tests.app.helpers import desktop, on_screen, sign_in, text_of, until
from tui.config import Platform
from tui.domain import Availability
from tui.domain.errors import AlreadyLoggedIn
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk
from tui.widgets.availability import AvailabilityBadge


async def test_an_agent_on_cxone_starts_a_station_goes_idle_and_back(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, platform=Platform.CXONE, user="agent3")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await sign_in(pilot)
        assert screen.where == "Casey Evans on CXone"
        await pilot.press("enter")
        status = await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.has_session, "the station session")
        assert "Dial Number 14155550103" in text_of(status, "#agent-card")

        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "on")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lunch", "enter")
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")
        await pilot.pause()
        assert str(status.query_one(AvailabilityBadge).render()).strip() == "◐ Idle"
        assert "Lunch" in text_of(status, "#idle-code")
        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "back")
        await pilot.pause()
        assert str(status.query_one(AvailabilityBadge).render()).strip() == "● Available"
        assert status.snapshot.log[-1].text.startswith("Now Available")


async def test_starting_when_a_session_turned_up_offers_joining_it(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, platform=Platform.CXONE, user="agent3")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await sign_in(pilot)
        assert screen.existing is None  # none yet: the start form
        async with agent_at_desk(sandbox.base_url, "agent3", Platform.CXONE) as elsewhere:
            await pilot.press("enter")  # the platform answers 409: one exists now
            await until(pilot, lambda: screen.existing is not None, "the join panel")
            assert screen.existing is not None
            assert screen.existing.session_id == elsewhere.snapshot.session_id
            assert screen.notice == AlreadyLoggedIn.sentence
            assert screen.query_one("#existing-box").display is True
            await pilot.press("j")
            status = await on_screen(pilot, StatusScreen)
            await until(pilot, lambda: status.snapshot.has_session, "the joined session")
            assert status.snapshot.session_id == elsewhere.snapshot.session_id
