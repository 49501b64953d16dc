"""`--time-scale`: the traffic and its platform timers run K times faster, on a real server."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import pytest

from tests.conftest import WebexTestClient
from tui.sandbox.config import SandboxConfig, time_compressed
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]
SCALE = 100.0
REAL = SandboxConfig()


def test_every_traffic_duration_is_divided_and_the_floor_sped_up() -> None:
    knobs = time_compressed({"ring_for_s": 15.0, "floor": 6}, SCALE)
    config = SandboxConfig(**knobs)
    assert config.ring_for_s == pytest.approx(0.15)
    assert config.traffic_tick_s == pytest.approx(REAL.traffic_tick_s / SCALE)
    assert config.handle_for_s == pytest.approx(tuple(s / SCALE for s in REAL.handle_for_s))
    assert config.answer_after_s == pytest.approx(tuple(s / SCALE for s in REAL.answer_after_s))
    assert config.queue_patience_s == pytest.approx(REAL.queue_patience_s / SCALE)
    assert config.floor_speed == pytest.approx(SCALE)
    assert config.floor == 6 and config.offer_chance == REAL.offer_chance  # per tick, as ever
    assert config.token_lifetime_s == REAL.token_lifetime_s  # the clock stays real
    assert time_compressed({"ring_for_s": 15.0}, 1.0) == {"ring_for_s": 15.0}
    with pytest.raises(ValueError):
        time_compressed({}, 0.0)


async def test_a_compressed_contact_is_handled_in_a_hundredth_of_the_time(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    knobs = {"seed": 3, "offer_chance": 1.0, "auto_answer": ("chat", "email", "social")}
    server = sandbox_factory(traffic=True, **time_compressed(knobs, SCALE))
    agent = await webex("agent3", server=server)
    await agent.login()
    await agent.next_frame("AgentStationLoginSuccess")
    offered = await agent.next_frame("AgentOfferContact")
    started = time.monotonic()
    contact = offered["data"]["interactionId"]
    while True:
        # Customers stay on for 20-60 s of simulated time: under a second here.
        ended = await agent.next_frame("ContactEnded", timeout=10.0)
        if ended["data"]["interactionId"] == contact:
            break
    assert time.monotonic() - started < 10.0


def test_the_command_line_refuses_a_scale_of_zero() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.sandbox", "--port", "0", "--time-scale", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--time-scale must be > 0" in done.stderr
