"""Queue figures on screen, on a real sandbox with customers waiting (its test hook): the
board's strip on both platforms, the status screen's channel cards, and their short forms."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.app.helpers import desktop, frozen_clock, start_station, text_of, until
from tui.config import Platform
from tui.sandbox.server import SandboxServer
from tui.tools.walkthrough import QUEUE_SANDBOX, customers_waiting, open_board
from tui.widgets.channels import ChannelCard
from tui.widgets.queues import QueueStrip

PLATFORMS = pytest.mark.parametrize(
    "platform", [Platform.SANDBOX, Platform.CXONE], ids=["webex", "cxone"]
)


@pytest.fixture
def queued(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    """Customers wait by the sandbox's frozen clock, which the desktop's shares."""
    return sandbox_factory(**QUEUE_SANDBOX)


@PLATFORMS
async def test_the_board_shows_a_strip_of_queues_with_waiting_and_longest_wait(
    queued: SandboxServer, platform: Platform
) -> None:
    await customers_waiting(queued.base_url)
    app = desktop(queued, user="super1", platform=platform, clock=frozen_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        strip = board.query_one(QueueStrip)
        await until(pilot, lambda: strip.display, "the queue strip")
        line = text_of(board, "#queue-strip")
        assert "Waiting" in line
        assert "Voice Queue 3 (02:14)" in line
        assert "Chat Queue 1 (00:40)" in line
        assert "Social Queue 2 (01:15)" in line
        if platform is Platform.CXONE:  # CXone lists every skill; Webex only queues met
            assert "Email Queue 0" in line


async def test_the_board_strip_shortens_itself_to_fit_60_columns(queued: SandboxServer) -> None:
    await customers_waiting(queued.base_url)
    app = desktop(queued, user="super1", platform=Platform.CXONE, clock=frozen_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        board = await open_board(pilot)
        await until(pilot, lambda: board.query_one(QueueStrip).display, "the queue strip")
        line = text_of(board, "#queue-strip").strip()
        # short names, no brackets, and the empty Email queue left out: all of it fits
        assert line == "Waiting Voice 3 02:14 · Chat 1 00:40 · Social 2 01:15"


@pytest.mark.parametrize(("size", "voice"), [((80, 24), "queue 3 02:14"), ((60, 20), "q3 02:14")])
async def test_the_status_screen_shows_the_queue_on_its_channel_card(
    queued: SandboxServer, size: tuple[int, int], voice: str
) -> None:
    await customers_waiting(queued.base_url)
    app = desktop(queued, clock=frozen_clock)
    async with app.run_test(size=size) as pilot:
        status = await start_station(pilot)
        card = status.query_one("#channel-telephony", ChannelCard)
        await until(pilot, lambda: card.border_subtitle, "the voice queue on its card")
        assert card.border_subtitle == voice
        email = status.query_one("#channel-email", ChannelCard)
        assert email.border_subtitle == ""  # nothing waited there: no line at all
        chat = status.query_one("#channel-chat", ChannelCard).border_subtitle
        assert re.fullmatch(r"(queue 1|q1) 00:40", chat)


async def test_without_anyone_waiting_nothing_is_added_to_the_screens(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        session = app.desk.session
        assert session is not None
        await until(pilot, lambda: session.snapshot.queues_shown, "the first queue figures")
        assert not board.query_one(QueueStrip).display
