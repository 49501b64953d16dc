"""`agent-desktop demo`: the walk on a real sandbox, and a key that stops it."""

from __future__ import annotations

from collections.abc import Callable

from tui.config import DesktopSettings
from tui.demo.walk import DemoApp
from tui.desk.local_sandbox import LocalSandbox
from tui.domain import Availability
from tui.sandbox.server import SandboxServer

OFFERS = dict(traffic=True, traffic_tick_s=0.05, offer_chance=0.05, seed=5)


def demo(server: SandboxServer) -> DemoApp:
    return DemoApp(
        DesktopSettings(theme="textual-dark", floor=False),
        pace=0.05,
        local_sandbox=LocalSandbox.running_at(server.base_url),
        cursor_blink=False,
    )


async def test_the_walk_signs_in_takes_a_contact_wraps_up_and_goes_to_lunch(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(**OFFERS)
    app = demo(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.walked[:2] == [
            "Sign in as the demo user",
            "Start the station session: Available",
        ]
        assert "A contact is offered: accept it" in app.walked
        assert app.walked[-1].startswith("Lunch"), app.walked
        session = app.desk.session
        assert session is not None
        snapshot = session.snapshot
        assert snapshot.availability is Availability.IDLE or snapshot.next_state is not None


async def test_a_key_stops_the_walk(sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(traffic=False)
    app = DemoApp(
        DesktopSettings(theme="textual-dark", floor=False),
        pace=30.0,
        local_sandbox=LocalSandbox.running_at(server.base_url),
        cursor_blink=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.walking
        await pilot.press("x")
        assert not app.walking and app.walked == []
