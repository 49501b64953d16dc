"""Build the real desktop on a real sandbox, and wait on conditions instead of sleeping."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.screen import Screen

from tui.app import DesktopApp
from tui.sandbox.server import SandboxServer
from tui.walkthrough import desktop_on, frozen_clock, on_screen, sign_in, start_station, until
from tui.widgets.field_error import FieldError

__all__ = [
    "desktop",
    "error_at",
    "frozen_clock",
    "on_screen",
    "sign_in",
    "start_station",
    "text_of",
    "until",
]


def desktop(server: SandboxServer | None, **options: Any) -> DesktopApp:
    """The real app, with `server` standing in as its built-in sandbox."""
    return desktop_on(server.base_url if server else None, **options)


def text_of(screen: Screen, selector: str) -> str:
    """The plain text a widget shows on screen, line by line (what the user reads)."""
    widget = screen.query_one(selector)
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text.rstrip() for line in lines)


def error_at(screen: Screen, field: str) -> str:
    return screen.query_one(f"#{field}-error", FieldError).sentence
