"""Readable in a light and a dark theme: the text that matters keeps its contrast."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from tests.app.helpers import desktop, error_at, on_screen, sign_in, start_station, until
from tests.contrast import WCAG_AA, ratio
from tui.domain import Availability
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.title_bar import ConnectionBadge

THEMES = pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])


def contrast(widget: Widget) -> float:
    """WCAG contrast of the widget's text on its own (composited) background."""
    _, _, background, color = widget.colors
    if widget.styles.auto_color:  # `colors` drops the alpha of "auto 60%"; put it back
        color = background.get_contrast_text(widget.styles.color.a)
    return ratio(background, background + color)  # a translucent text colour, blended


@THEMES
async def test_login_errors_and_hints_are_readable(sandbox: SandboxServer, theme: str) -> None:
    app = desktop(sandbox, theme=theme)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        await pilot.press("tab", *"oops", "enter")
        await until(pilot, lambda: error_at(login, "password"), "the password error")
        assert contrast(login.query_one("#password-error")) >= WCAG_AA
        assert contrast(login.query_one("#sandbox-status")) >= WCAG_AA
        assert contrast(login.query_one(".field-label")) >= WCAG_AA


@THEMES
async def test_status_is_readable(sandbox: SandboxServer, theme: str) -> None:
    app = desktop(sandbox, theme=theme)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        badge = status.query_one(AvailabilityBadge)
        assert contrast(badge) >= WCAG_AA, "Available"
        assert contrast(status.query_one(ConnectionBadge)) >= WCAG_AA
        assert contrast(status.query_one("#agent-card")) >= WCAG_AA
        assert contrast(status.query_one("#event-log")) >= WCAG_AA
        code = status.profile.selectable_idle_codes[0]
        status.change_state(code)
        await until(pilot, lambda: badge.availability is Availability.IDLE, "Idle")
        await pilot.pause()
        assert contrast(badge) >= WCAG_AA, "Idle"


@THEMES
async def test_session_notice_is_readable(sandbox: SandboxServer, theme: str) -> None:
    app = desktop(sandbox, theme=theme)
    async with app.run_test() as pilot:
        screen = await sign_in(pilot)
        screen.say("A notice")
        await pilot.pause()
        assert contrast(screen.query_one("#notice")) >= WCAG_AA
