"""The sandbox restarts under a desktop with contacts open (SIGKILL, then the same port and
data): once the desktop has re-synced by itself, every contact row reads as it did before —
the same customer on the same channel, its age counted on from the platform's own start — on
the Webex stream's reload and on the CXone poll's re-join (issue 20, item 1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.helpers import start_station, until
from tests.app.test_rejoin import full, seconds, shown_rows
from tests.reliability.conftest import Spawn
from tests.reliability.desktops import log_texts
from tests.reliability.test_cxone import cxone_desktop
from tui.app import DesktopApp
from tui.domain import AgentSnapshot, Availability, Channel, Link, elapsed_seconds
from tui.tools.walkthrough import desktop_on
from tui.widgets.channels import NOT_SENT

pytestmark = pytest.mark.slow

HOLDING: dict[str, Any] = dict(
    traffic=True,
    seed=9,
    offer_chance=1.0,
    traffic_tick_s=0.02,
    answer_after_s=(0.0, 0.0),
    auto_answer=("chat", "email", "social"),
    handle_for_s=(600.0, 600.0),
)
RESYNCED = "Re-synced with the server"

Row = tuple[str, Channel, str, str, int]


def rows(snapshot: AgentSnapshot) -> set[Row]:
    return {
        (i.id, i.channel, i.customer, i.queue, i.started_at)
        for load in snapshot.channels
        for i in load.interactions
        if not i.offered
    }


def desktop_for(platform: str, base_url: str) -> DesktopApp:
    if platform == "webex":
        return desktop_on(base_url)  # the real app with its default timings
    return cxone_desktop(
        base_url, poll_timeout=2, poll_margin=0.5, backoff_base=0.05, backoff_cap=0.3
    )


@pytest.mark.parametrize("platform", ["webex", "cxone"])
async def test_a_restarted_server_gives_every_open_contact_back_as_it_was(
    spawn: Spawn, platform: str
) -> None:
    server = await spawn(knobs=HOLDING)
    app = desktop_for(platform, server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        if status.snapshot.availability is not Availability.AVAILABLE:
            await pilot.press("a")
        await until(pilot, lambda: full(status), "every channel full")
        await pilot.pause()
        before, shown_before = rows(status.snapshot), shown_rows(status)
        assert all(customer and queue and started for _, _, customer, queue, started in before)

        await server.kill()
        await until(
            pilot, lambda: status.snapshot.connection.link is Link.RECONNECTING, "reconnecting"
        )
        since = len(status.snapshot.log)
        await server.start()  # same port, same data dir
        await until(
            pilot,
            lambda: (
                status.snapshot.connection.is_online
                and any(t.startswith(RESYNCED) for t in log_texts(status, since))
            ),
            "the re-sync",
            timeout=20,
        )
        await until(pilot, lambda: rows(status.snapshot) == before, "each contact as it was")
        await pilot.pause()

        shown_after = shown_rows(status)
        assert {ch: [who for _, who in r] for ch, r in shown_after.items()} == {
            ch: [who for _, who in r] for ch, r in shown_before.items()
        }
        oldest = min(started for *_, started in before)
        ages = [age for r in shown_after.values() for age, _ in r]
        assert "--:--" not in ages and NOT_SENT not in str(shown_after)
        assert seconds(max(ages)) >= elapsed_seconds(oldest, app.desk.now_ms()) - 1
