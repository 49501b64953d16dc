"""Quit with contacts open, start the desktop again and join: each contact's row shows who it is
from and its age again, as before quitting — never `00:00 contact` (issue 20, item 1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.helpers import desktop, on_screen, sign_in, start_station, until
from tui.config import Platform
from tui.domain import Availability, elapsed_seconds
from tui.sandbox.server import SandboxServer
from tui.screens.status import StatusScreen
from tui.widgets.channels import NOT_SENT, ChannelCard

HOLDING: dict[str, Any] = dict(
    traffic=True,
    seed=3,
    offer_chance=1.0,
    traffic_tick_s=0.02,
    answer_after_s=(0.0, 0.0),
    auto_answer=("chat", "email", "social"),
    handle_for_s=(600.0, 600.0),
)
ROW = re.compile(r"^(\d\d:\d\d|--:--) (.+)$")


def shown_rows(status: StatusScreen) -> dict[str, list[tuple[str, str]]]:
    """Each channel's contact rows as the agent reads them: (age, who), oldest first."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for card in status.query(ChannelCard):
        text = str(card.query_one(".channel-interactions").render())
        found = [ROW.match(line) for line in text.splitlines()]
        rows[card.load.channel.value] = [(m.group(1), m.group(2)) for m in found if m]
    return rows


def full(status: StatusScreen) -> bool:
    channels = status.snapshot.channels
    return bool(channels) and all(load.is_full for load in channels)


def seconds(age: str) -> int:
    minutes, secs = age.split(":")
    return int(minutes) * 60 + int(secs)


async def joined_again(pilot: Pilot[Any]) -> StatusScreen:
    """Sign in; the session screen offers the session that exists, with Join focused: Enter."""
    screen = await sign_in(pilot)
    assert screen.existing is not None, "the session to join"
    await pilot.press("enter")
    status = await on_screen(pilot, StatusScreen)
    await until(pilot, lambda: status.snapshot.has_session, "the joined session")
    return status


@pytest.mark.parametrize("platform", [Platform.SANDBOX, Platform.CXONE])
async def test_quit_with_contacts_open_then_join_again_shows_who_and_how_long(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    server = sandbox_factory(**HOLDING)
    first = desktop(server, user="agent2", platform=platform)
    async with first.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        if status.snapshot.availability is not Availability.AVAILABLE:
            await pilot.press("a")
        await until(pilot, lambda: full(status), "every channel full")
        await pilot.pause()
        before = shown_rows(status)
        known = {
            i.id: i for load in status.snapshot.channels for i in load.interactions if not i.offered
        }
        await pilot.press("q")  # quit; the station session stays

    again = desktop(server, user="agent2", platform=platform)
    async with again.run_test(size=(120, 40)) as pilot:
        status = await joined_again(pilot)

        def restored() -> bool:
            shown = {i.id: i for load in status.snapshot.channels for i in load.interactions}
            return all(
                i.id in shown
                and (shown[i.id].customer, shown[i.id].started_at) == (i.customer, i.started_at)
                for i in known.values()
            )

        await until(pilot, restored, "each contact's details")
        await pilot.pause()
        after = shown_rows(status)

        assert {ch: [who for _, who in rows] for ch, rows in after.items()} == {
            ch: [who for _, who in rows] for ch, rows in before.items()
        }
        now = again.desk.now_ms()
        for rows in after.values():
            for age, who in rows:
                assert age != "--:--" and who != NOT_SENT and who != "contact"
        oldest = min(i.started_at for i in known.values())
        assert (
            seconds(max(age for rows in after.values() for age, _ in rows))
            >= elapsed_seconds(oldest, now) - 1
        )
        log = [entry.text for entry in status.snapshot.log]
        assert not any(text == "Chat contact ended." for text in log)
