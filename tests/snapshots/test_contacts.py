"""Snapshots of the status screen with contacts: an offer ringing, a connected contact, one on
hold, the wrap-up-code picker, and RONA with its sentence.

The contacts are told to the desktop's session as the backend would tell them (its events),
on a real sandbox with no traffic and a frozen clock: each frame is the same every run, and
none of these needs the backends' contact operations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.helpers import desktop, frozen_clock, on_screen, start_station, until
from tui.domain import (
    AgentStateChanged,
    Availability,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactHeld,
    ContactNotAnswered,
    ContactOffered,
    ContactState,
    DesktopEvent,
    Interaction,
    LogEntry,
    WrapUpCode,
)
from tui.sandbox.server import SandboxServer
from tui.screens.status import StatusScreen
from tui.screens.wrap_up_picker import WrapUpCodePicker
from tui.widgets.event_log import EventLog

Compare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
THEMES = pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])


def voice(now: int, **changes: Any) -> Interaction:
    fields: dict[str, Any] = dict(
        id="snap-voice-1",
        channel=Channel.TELEPHONY,
        started_at=now,
        customer="+14155550123",
        queue="Sales Voice",
        state=ContactState.OFFERED,
        state_changed_at=now,
        rings_out_at=now + 15_000,
    )
    fields.update(changes)
    return Interaction(**fields)


def chat(now: int) -> Interaction:
    return Interaction(
        "snap-chat-1", Channel.CHAT, now, "visitor-7", "Web Chat", ContactState.CONNECTED, now
    )


async def told(pilot: Pilot[Any], *events: Callable[[int], DesktopEvent]) -> StatusScreen:
    """The status screen after the session was told `events` (each made from the server's
    now), as its backend would tell them."""
    status = await start_station(pilot)
    session = status.session
    assert session is not None
    now = session.server_now_ms()
    applied = session.snapshot.events_applied + len(events)
    for event in events:
        session.publish(event(now))
    await until(pilot, lambda: session.snapshot.events_applied >= applied, "the events")
    log = status.query_one(EventLog)
    await until(pilot, lambda: _newest_in_view(log, session.snapshot.log), "the newest event")
    await pilot.pause()
    return status


def _newest_in_view(log: EventLog, entries: tuple[LogEntry, ...]) -> bool:
    """The log shows its newest line at the bottom, as it scrolls itself (after a paint)."""
    if not entries or not log.lines:
        return False
    last_word = entries[-1].text.split()[-1]  # a long entry wraps: its end is on the last line
    return last_word in log.lines[-1].text and log.scroll_y >= log.max_scroll_y


def offered(now: int) -> DesktopEvent:
    return ContactOffered(voice(now))


def chat_assigned(now: int) -> DesktopEvent:
    return ContactAssigned(chat(now))


def voice_assigned(now: int) -> DesktopEvent:
    return ContactAssigned(voice(now, state=ContactState.CONNECTED, rings_out_at=0))


def voice_held(now: int) -> DesktopEvent:
    return ContactHeld("snap-voice-1", now)


def voice_ended(now: int) -> DesktopEvent:
    return ContactEnded("snap-voice-1", Channel.TELEPHONY, now, wrap_up=True)


def rang_out(now: int) -> DesktopEvent:
    return ContactNotAnswered("snap-voice-1", now, Channel.TELEPHONY, timeout_s=15)


Step = Callable[[Pilot[Any]], Awaitable[None]]


def steps(*events: Callable[[int], DesktopEvent]) -> Step:
    async def run(pilot: Pilot[Any]) -> None:
        await told(pilot, *events)

    return run


@SIZES
@THEMES
def test_an_offer_ringing(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int], theme: str
) -> None:
    app = desktop(sandbox, clock=frozen_clock, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=steps(chat_assigned, offered))


@SIZES
def test_a_connected_contact(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    app = desktop(sandbox, clock=frozen_clock)
    assert snap_compare(app, terminal_size=size, run_before=steps(voice_assigned))


def test_a_contact_on_hold(snap_compare: Compare, sandbox: SandboxServer) -> None:
    app = desktop(sandbox, clock=frozen_clock)
    run = steps(voice_assigned, chat_assigned, voice_held)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


@THEMES
def test_the_wrap_up_code_picker(snap_compare: Compare, sandbox: SandboxServer, theme: str) -> None:
    org_codes = tuple(
        WrapUpCode(c.id, c.name, is_default=c.defaultCode) for c in sandbox.org.wrap_up_codes()
    )

    async def picker(pilot: Pilot[Any]) -> None:
        status = await told(pilot, voice_assigned, voice_ended)
        assert status.contact is not None and status.contact.in_wrap_up
        session = status.session
        assert session is not None
        if not await session.wrap_up_codes("snap-voice-1"):
            # Until the backends load the platform's wrap-up codes: the sandbox's own list.
            async def codes(interaction_id: str) -> tuple[WrapUpCode, ...]:
                return org_codes

            session.wrap_up_codes = codes  # type: ignore[method-assign]
        await pilot.press("w")
        await on_screen(pilot, WrapUpCodePicker)

    app = desktop(sandbox, clock=frozen_clock, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=picker)


@SIZES
@THEMES
def test_rona_said_with_what_to_do(
    snap_compare: Compare, sandbox: SandboxServer, size: tuple[int, int], theme: str
) -> None:
    async def rona(pilot: Pilot[Any]) -> None:
        status = await told(pilot, offered)
        session = status.session
        assert session is not None
        code = next(c for c in status.profile.idle_codes if c.name == "RONA")
        now = session.server_now_ms()
        session.publish(rang_out(now))
        session.publish(AgentStateChanged(Availability.SYSTEM, code, now, now))
        await pilot.pause()
        await pilot.pause()
        assert status.snapshot.rona

    app = desktop(sandbox, clock=frozen_clock, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=rona)
