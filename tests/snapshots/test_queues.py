"""Snapshots of the queue figures: the board's strip and the status screen's channel cards,
at 80x24 and 60x20 (the smallest supported), in both themes.

Deterministic by construction: the sandbox's clock is frozen with the desktop's, customers are
put in the queues by the sandbox's test hook with fixed waits (`walkthrough.QUEUED`), nobody
routes them away (the traffic never ticks), and the session id comes from a counter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.helpers import desktop, frozen_clock, start_station, until
from tui.sandbox.server import SandboxServer
from tui.tools.walkthrough import (
    QUEUE_SANDBOX,
    counted_ids,
    customers_waiting,
    open_board,
    team_at_work,
)
from tui.widgets.channels import ChannelCard
from tui.widgets.queues import QueueStrip

LOOKS = pytest.mark.parametrize(
    ("size", "theme"),
    [((80, 24), "textual-dark"), ((60, 20), "textual-dark"), ((80, 24), "textual-light")],
    ids=["80x24", "60x20", "80x24-light"],
)
Compare = Callable[..., bool]


@pytest.fixture
def queued(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(new_id=counted_ids(), **QUEUE_SANDBOX)


@LOOKS
def test_board_with_queues(
    snap_compare: Compare, queued: SandboxServer, size: tuple[int, int], theme: str
) -> None:
    async def board(pilot: Pilot[Any]) -> None:
        await team_at_work(queued.base_url, idle={"agent5": "Lunch"}, available=("agent4",))
        await customers_waiting(queued.base_url)
        screen = await open_board(pilot)
        await until(pilot, lambda: len(screen.roster.agents) == 6, "six agents")
        await until(pilot, lambda: screen.query_one(QueueStrip).display, "the queue strip")

    app = desktop(queued, user="super1", clock=frozen_clock, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=board)


@LOOKS
def test_status_with_queues(
    snap_compare: Compare, queued: SandboxServer, size: tuple[int, int], theme: str
) -> None:
    async def status(pilot: Pilot[Any]) -> None:
        await customers_waiting(queued.base_url)
        screen = await start_station(pilot)
        card = screen.query_one("#channel-social", ChannelCard)
        await until(pilot, lambda: card.border_subtitle, "the social queue on its card")

    app = desktop(queued, clock=frozen_clock, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=status)
