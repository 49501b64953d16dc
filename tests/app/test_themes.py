"""Readable in a light and a dark theme: the text that matters keeps its contrast."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widget import Widget

from tests.app.helpers import desktop, error_at, on_screen, sign_in, start_station, until
from tui.domain import Availability
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.title_bar import ConnectionBadge

THEMES = pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
WCAG_AA = 4.5  # normal text
MUTED = 3.0  # hints and labels, which repeat what a word already says


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(widget: Widget) -> float:
    """WCAG contrast of the widget's text on its own (composited) background."""
    _, _, background, color = widget.colors
    if widget.styles.auto_color:  # `colors` drops the alpha of "auto 60%"; put it back
        color = background.get_contrast_text(widget.styles.color.a)
    text = background + color  # blend a translucent text colour onto its background
    light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@THEMES
async def test_login_errors_and_hints_are_readable(sandbox: SandboxServer, theme: str) -> None:
    app = desktop(sandbox, theme=theme)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        await pilot.press("tab", *"oops", "enter")
        await until(pilot, lambda: error_at(login, "password"), "the password error")
        assert contrast(login.query_one("#password-error")) >= WCAG_AA
        assert contrast(login.query_one("#sandbox-status")) >= MUTED
        assert contrast(login.query_one(".field-label")) >= MUTED


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
