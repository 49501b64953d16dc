"""Helpers for the reliability suite: the real desktop on a sandbox process, and server truth."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app.helpers import text_of, until
from tests.conftest import SandboxLike, WebexTestClient
from tui.app import DesktopApp
from tui.backends.session import DesktopSession
from tui.backends.webex.client import WebexSession
from tui.config import DesktopSettings, Platform
from tui.desk.local_sandbox import LocalSandbox
from tui.domain import IdleCode
from tui.screens.status import StatusScreen

FAST_STREAM = dict(keepalive=0.2, silence=1.0, backoff_base=0.05, backoff_cap=0.3)


def fast_factory(**knobs: Any) -> Callable[[Platform, str, Callable[[], int]], DesktopSession]:
    """The desktop's own session factory, with shorter keepalive, silence and backoff."""

    def make(platform: Platform, base_url: str, clock: Callable[[], int]) -> DesktopSession:
        return WebexSession(
            base_url, clock=clock, allow_multi_login=True, **{**FAST_STREAM, **knobs}
        )

    return make


def desktop_with(base_url: str, **knobs: Any) -> DesktopApp:
    """The real app on `base_url`, its sessions made with `fast_factory(**knobs)`."""
    return DesktopApp(
        DesktopSettings(theme="textual-dark"),
        session_factory=fast_factory(**knobs),
        local_sandbox=LocalSandbox.running_at(base_url),
        timezone=UTC,
        cursor_blink=False,
    )


def idle_code(status: StatusScreen, name: str) -> IdleCode:
    return next(code for code in status.profile.idle_codes if code.name == name)


async def go_idle(pilot: Pilot[Any], status: StatusScreen, name: str) -> None:
    """Idle with `name` through the status screen, waiting until the server confirmed it."""
    code = idle_code(status, name)
    status.change_state(code)
    await until(pilot, lambda: status.snapshot.idle_code == code, f"Idle ({name})")


def log_texts(status: StatusScreen, start: int = 0) -> list[str]:
    return [entry.text for entry in status.snapshot.log[start:]]


def seconds_shown(status: StatusScreen, selector: str) -> int:
    """The `MM:SS` (or `H:MM:SS`) a timer shows, in seconds."""
    shown = text_of(status, selector).split()[-1]
    seconds = 0
    for part in shown.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


async def server_truth(server: SandboxLike, login: str) -> dict[str, Any]:
    """The agent's session as the server knows it now (a reload by a separate probe client)."""
    probe = WebexTestClient(server, login)
    try:
        await probe.sign_in()
        await probe.connect(clientType="Probe", allowMultiLogin=True)
        await probe.accepted("POST", "/v1/agents/reload")
        frame = await probe.next_frame("AgentReloginSuccess", "AgentReloginFailed")
        return frame["data"]
    finally:
        await probe.aclose()


def event_log(database: Path) -> list[dict[str, Any]]:
    """The sandbox's committed event log, read-only, straight from its database."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT seq, kind, agent_id, correlation_id FROM events ORDER BY seq")
        return [
            {"seq": seq, "kind": kind, "agent_id": agent, "correlation_id": cid}
            for seq, kind, agent, cid in rows
        ]
