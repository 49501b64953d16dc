"""The status screen, live on a real sandbox: Idle with a code and back, contacts arriving on
their own, the other desktop's changes, logout with confirm, and the multi-login notice."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable

from textual.color import Color
from textual.widgets import Input, OptionList

from tests.app.helpers import desktop, on_screen, start_station, text_of, until
from tests.conftest import WebexTestClient
from tui.app import DesktopApp
from tui.domain import Availability, FrameIgnored, Link
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout, MultiLoginNotice
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.channels import ChannelCard
from tui.widgets.event_log import EventLog

Webex = Callable[..., Awaitable[WebexTestClient]]


async def test_station_login_shows_available_with_word_symbol_and_colour(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        badge = status.query_one(AvailabilityBadge)
        assert str(badge.render()).strip() == "● Available"
        assert badge.styles.background == Color.parse(app.theme_variables["success"])
        assert "Sales" in text_of(status, "#agent-card")
        assert "Dial Number 14155550101" in text_of(status, "#agent-card")
        assert status.snapshot.connection.link is Link.ONLINE


async def test_the_state_colour_follows_a_change_of_theme(sandbox: SandboxServer) -> None:
    app = desktop(sandbox, theme="textual-dark")
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        badge = status.query_one(AvailabilityBadge)
        dark = badge.styles.background
        app.theme = "nord"  # another green than textual's (which its light theme shares)
        await until(pilot, lambda: badge.styles.background != dark, "nord's green")
        assert badge.styles.background == Color.parse(app.theme_variables["success"])


async def test_idle_with_lunch_then_available_again(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        assert "RONA" not in [code.name for code in picker.codes]  # system codes not offered
        await pilot.press(*"lun")
        assert [code.name for code in picker.shown] == ["Lunch"]
        await pilot.press("enter")
        await on_screen(pilot, StatusScreen)
        snapshot = lambda: status.snapshot  # noqa: E731
        await until(pilot, lambda: snapshot().availability is Availability.IDLE, "Idle")
        await pilot.pause()
        assert str(status.query_one(AvailabilityBadge).render()).strip() == "◐ Idle"
        assert "Lunch" in text_of(status, "#idle-code")
        assert snapshot().log[-1].text == "Now Idle (Lunch)."
        idle_since = snapshot().state_changed_at

        await pilot.press("a")
        await until(pilot, lambda: snapshot().availability is Availability.AVAILABLE, "Available")
        await pilot.pause()
        assert str(status.query_one(AvailabilityBadge).render()).strip() == "● Available"
        assert snapshot().state_changed_at >= idle_since
        assert "—" in text_of(status, "#idle-code")
        # Collections wait for the frame that shows a new state, and no longer.
        await until(pilot, gc.isenabled, "the garbage collector on again")


async def test_idle_code_timer_shows_only_after_moving_between_codes(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        timer = status.query_one("#idle-code-timer")
        for name in ("Lunch", "Break"):
            code = next(c for c in status.profile.idle_codes if c.name == name)
            status.change_state(code)
            await until(
                pilot, lambda code=code: status.snapshot.idle_code == code, f"Idle ({name})"
            )
            await pilot.pause()
            assert timer.display is (name == "Break")
        assert status.snapshot.shows_idle_code_timer
        assert "On code" in str(timer.render())


async def test_a_contact_appears_on_a_channel_by_itself(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(
        traffic=True,
        seed=7,
        offer_chance=1.0,
        traffic_tick_s=0.05,
        answer_after_s=(0.05, 0.1),
        auto_answer=("chat", "email", "social"),
    )
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        cards = list(status.query(ChannelCard))
        await until(pilot, lambda: any(c.load.load for c in cards), "a contact to be assigned")
        await pilot.pause()
        busy = next(card for card in cards if card.load.load)
        interaction = next(i for i in busy.load.interactions if not i.offered)
        shown = str(busy.query_one(".channel-interactions").render())
        assert (interaction.customer or interaction.queue) in shown
        assert f"{busy.load.load}/{busy.load.capacity}" in str(
            busy.query_one(".channel-load").render()
        )
        assert any("assigned" in entry.text for entry in status.snapshot.log)


async def test_a_change_from_the_other_desktop_appears_within_a_second(
    sandbox: SandboxServer, webex: Webex
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        other = await webex("agent1", allowMultiLogin=True)
        meeting = next(c for c in status.profile.idle_codes if c.name == "Meeting")
        await other.set_state("Idle", meeting.id)
        await until(
            pilot, lambda: status.snapshot.idle_code == meeting, "the other desktop's change", 1.0
        )
        assert "Meeting" in text_of(status, "#idle-code")


async def test_logout_asks_first(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("l")
        await on_screen(pilot, ConfirmLogout)
        await pilot.press("n")
        await on_screen(pilot, StatusScreen)
        assert status.snapshot.has_session

        await pilot.press("l")
        await on_screen(pilot, ConfirmLogout)
        await pilot.press("y")
        session_screen = await on_screen(pilot, SessionScreen)
        assert "You logged out" in text_of(session_screen, "#notice")
        assert session_screen.existing is None
        assert app.desk.session is not None
        assert not app.desk.session.snapshot.has_session


async def test_help_lists_the_keys_with_their_ids(sandbox: SandboxServer) -> None:
    app = desktop(sandbox, keymap={"desktop.idle": "f6"})
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("f1")
        help_screen = await on_screen(pilot, HelpScreen)
        keys = text_of(help_screen, "#help-keys")
        assert "desktop.idle" in keys and "f6" in keys
        await pilot.press("escape")
        await on_screen(pilot, StatusScreen)
        await pilot.press("f6")  # the remapped key opens the picker
        await on_screen(pilot, IdleCodePicker)
        assert status.snapshot.has_session


async def test_command_palette_offers_idle_codes_by_name(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query(Input), "the command palette")
        await pilot.press(*"idle: coach")
        await until(pilot, lambda: _first_command(app) == "Idle: Coaching", "the Coaching command")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                status.snapshot.idle_code is not None
                and status.snapshot.idle_code.name == "Coaching"
            ),
            "Idle (Coaching)",
        )


def _first_command(app: DesktopApp) -> str:
    """The first match the command palette lists now ("" while it has none)."""
    options = app.screen.query(OptionList)
    if not options or not options.first().option_count:
        return ""
    return str(options.first().get_option_at_index(0).prompt).split("\n")[0]


async def test_signed_in_elsewhere_offers_continue_here(
    sandbox: SandboxServer, webex: Webex
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await webex("agent1", allowMultiLogin=False)  # takes over every earlier subscription
        notice = await on_screen(pilot, MultiLoginNotice)
        assert notice.query_one("#continue").has_focus
        await pilot.press("c")
        await on_screen(pilot, StatusScreen)
        await until(
            pilot,
            lambda: not status.snapshot.multi_login_closed and status.snapshot.connection.is_online,
            "the session back here",
        )
        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "live")


async def test_logged_out_elsewhere_returns_to_the_session_screen(
    sandbox: SandboxServer, webex: Webex
) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        await start_station(pilot)
        other = await webex("agent1", allowMultiLogin=True)
        await other.logout("end of shift")
        session_screen = await on_screen(pilot, SessionScreen)
        notice = text_of(session_screen, "#notice")
        assert "Your station session ended" in notice and "end of shift" in notice


async def test_a_lost_connection_says_reconnecting(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        sandbox.stop()
        await until(
            pilot,
            lambda: status.snapshot.connection.link in (Link.RECONNECTING, Link.OFFLINE),
            "the connection to be lost",
        )
        await pilot.pause()
        shown = text_of(status, "#connection")
        assert status.snapshot.connection.label in shown
        assert "online" not in shown


async def test_a_supervisors_change_is_said_beside_the_state_not_the_idle_code(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        async with agent_at_desk(sandbox.base_url, "super1") as boss:
            lunch = next(c for c in status.profile.idle_codes if c.name == "Lunch")
            await boss.set_agent_state(status.snapshot.agent_id, Availability.IDLE, lunch)
            await until(pilot, lambda: "Lunch" in text_of(status, "#idle-code"), "Idle on Lunch")
            await boss.set_agent_state(status.snapshot.agent_id, Availability.AVAILABLE)
            await until(
                pilot,
                lambda: status.snapshot.availability is Availability.AVAILABLE,
                "Available again",
            )
        await pilot.pause()
        assert text_of(status, "#idle-code").split() == ["Idle", "code", "—"]
        assert "set by Morgan Lee" in text_of(status, "#state-timer")


async def test_the_event_log_wraps_long_lines_and_keeps_the_newest_in_view_on_resize(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        status = await start_station(pilot)
        session = app.desk.session
        assert session is not None
        for n in range(12):
            session.publish(FrameIgnored(f"entry {n} " + "long words " * 12))
        log = status.query_one(EventLog)
        await until(pilot, lambda: "entry 11" in str(status.snapshot.log[-1].text), "the entries")
        await pilot.pause()
        assert log.virtual_size.width <= log.scrollable_content_region.width  # wrapped, not cut
        assert log.max_scroll_x == 0
        for size in ((60, 20), (120, 40), (70, 22)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert log.virtual_size.width <= log.scrollable_content_region.width, size
            assert log.scroll_y == log.max_scroll_y > 0, size  # the newest entry in view
