"""The whole desktop against a sandbox answering as a real Webex tenant does (issue 16): base64
people ids, a profile an agent may read only through the agent-scoped routes, and result frames
that do not echo the request's tracking id. The agent signs in, starts a station session and
changes state from the keyboard, and nothing on screen waits for a time-out."""

from __future__ import annotations

from collections.abc import Callable

from tests.app.helpers import desktop, on_screen, start_station, text_of, until
from tui.domain import Availability
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen

QUICK_S = 4.0
"""Well under the desktop's 20 s request time-out: an unmatched answer would show."""


async def test_sign_in_log_in_and_change_state_on_real_tenant_answer_shapes(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(agent_scoped_config=True, echo_tracking_id=False)
    user = server.org.user_by_login("agent1")
    assert user is not None
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        assert status.snapshot.agent_id == user.id  # decoded from the base64 people id
        assert "Sales" in text_of(status, "#agent-card")
        await pilot.press("i")
        picker = await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lun")
        assert [code.name for code in picker.shown] == ["Lunch"]
        await pilot.press("enter")
        await on_screen(pilot, StatusScreen)
        idle = lambda: status.snapshot.availability is Availability.IDLE  # noqa: E731
        await until(pilot, idle, "Idle (Lunch)", timeout=QUICK_S)
        assert "Lunch" in text_of(status, "#idle-code")
        await pilot.press("a")
        available = lambda: status.snapshot.availability is Availability.AVAILABLE  # noqa: E731
        await until(pilot, available, "Available again", timeout=QUICK_S)
