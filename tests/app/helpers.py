"""Build the real desktop on a real sandbox, and wait on conditions instead of sleeping."""

from __future__ import annotations

from typing import Any

import httpx
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen

from tests.clocks import SandboxClock
from tui.app import DesktopApp
from tui.sandbox.server import SandboxServer
from tui.tools.walkthrough import desktop_on, frozen_clock, on_screen, sign_in, start_station, until
from tui.widgets.field_error import FieldError

__all__ = [
    "SandboxClock",
    "bearer_token",
    "desktop",
    "error_at",
    "frozen_clock",
    "on_screen",
    "sign_in",
    "start_station",
    "text_of",
    "until",
    "until_token_expired",
]


def desktop(server: SandboxServer | None, **options: Any) -> DesktopApp:
    """The real app, with `server` standing in as its built-in sandbox."""
    return desktop_on(server.base_url if server else None, **options)


def text_of(screen: Screen, selector: str) -> str:
    """The plain text a widget shows on screen, line by line (what the user reads)."""
    widget = screen.query_one(selector)
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text.rstrip() for line in lines)


def shown(screen: Screen, selector: str) -> bool:
    """Whether the widget is on the screen and shown (the login screen builds a group of
    fields only the first time it is shown)."""
    return any(widget.display for widget in screen.query(selector))


def error_at(screen: Screen, field: str) -> str:
    return screen.query_one(f"#{field}-error", FieldError).sentence


async def bearer_token(server: SandboxServer, user: str) -> str:
    """A token for `user` from the sandbox's password grant, as a platform admin would issue."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        form = {"grant_type": "password", "username": user, "password": user}
        answer = await http.post("/oauth/token", data=form)
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]


async def until_token_expired(pilot: Pilot[Any], server: SandboxServer, token: str) -> None:
    """Let the app run until the sandbox refuses `token` (about 5 s at most)."""
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for _ in range(100):
            answer = await http.get(
                "/inContactAPI/services/v23.0/agents/me",
                headers={"Authorization": f"Bearer {token}"},
            )
            if answer.status_code == 401:
                return
            await pilot.pause(0.05)
    raise AssertionError("the token did not expire")
