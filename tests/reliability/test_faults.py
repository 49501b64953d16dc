"""Faults, with the sandbox as its own process: SIGKILL and restart on the same port and data,
a server that goes silent without closing (SIGSTOP), and requests made while offline.

The desktop under test is the real app (Pilot) unless a test says otherwise; nothing is mocked,
and every wait is on a condition with a deadline.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import error_at, on_screen, start_station, text_of, until
from tests.conftest import WebexTestClient
from tests.reliability.conftest import Spawn
from tests.reliability.desktops import (
    desktop_with,
    event_log,
    go_idle,
    idle_code,
    log_texts,
    seconds_shown,
    server_truth,
)
from tui.domain import Availability, Link, elapsed_seconds
from tui.domain.errors import NotConnected
from tui.screens.board import NOT_CONNECTED
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.tools.walkthrough import agent_at_desk, desktop_on, open_board
from tui.widgets.agent_table import AgentTable

pytestmark = pytest.mark.slow

RESYNCED = "Re-synced with the server"


def resynced_since(status: StatusScreen, start: int) -> bool:
    snapshot = status.snapshot
    return snapshot.connection.is_online and any(
        text.startswith(RESYNCED) for text in log_texts(status, start)
    )


async def test_the_desktop_rides_out_a_killed_server(spawn: Spawn) -> None:
    """SIGKILL mid-session, restart on the same port and data: the desktop says reconnecting,
    then shows the same session, state and both timers again, with no key pressed."""
    server = await spawn()
    app = desktop_on(server.base_url)  # the real app with its default timings
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        await go_idle(pilot, status, "Lunch")
        await go_idle(pilot, status, "Break")  # both timers now run, from different moments
        before = status.snapshot
        assert before.shows_idle_code_timer

        await server.kill()
        await until(
            pilot, lambda: status.snapshot.connection.link is Link.RECONNECTING, "reconnecting"
        )
        await pilot.pause()
        assert "reconnecting" in text_of(status, "#connection")
        assert any(text.startswith("Connection lost; reconnecting") for text in log_texts(status))
        since = len(status.snapshot.log)

        await server.start()  # same port, same data dir
        await until(pilot, lambda: resynced_since(status, since), "the re-sync", timeout=20)
        await pilot.pause()
        after = status.snapshot
        assert after.session_id == before.session_id
        assert (after.availability, after.idle_code) == (Availability.IDLE, before.idle_code)
        assert after.state_changed_at == before.state_changed_at
        assert after.idle_code_changed_at == before.idle_code_changed_at
        assert "online" in text_of(status, "#connection")
        assert "Break" in text_of(status, "#idle-code")

        # The timers count on from the server's stamps; they did not start again at 00:00.
        now = app.desk.now_ms()
        for selector, stamp in (
            ("#state-timer", before.state_changed_at),
            ("#idle-code-timer", before.idle_code_changed_at),
        ):
            assert abs(seconds_shown(status, selector) - elapsed_seconds(stamp, now)) <= 1
        assert status.query_one("#idle-code-timer").display

        truth = await server_truth(server, "agent1")
        assert truth["agentSessionId"] == after.session_id
        assert (truth["subStatus"], truth["auxCodeId"]) == ("Idle", before.idle_code.id)
        assert truth["lastStateChangeTimestamp"] == after.state_changed_at
        assert truth["lastIdleCodeChangeTimestamp"] == after.idle_code_changed_at

        await pilot.press("a")  # and the desktop is live again
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "live")


async def test_a_change_asked_for_while_offline_is_refused_and_never_applied(
    spawn: Spawn,
) -> None:
    """While reconnecting, choosing an idle code says so in a sentence next to the state; the
    desktop does not show it, and it does not happen later behind the agent's back either."""
    server = await spawn()
    app = desktop_on(server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        assert status.snapshot.availability is Availability.AVAILABLE
        agent_id = status.snapshot.agent_id

        await server.kill()
        await until(
            pilot, lambda: status.snapshot.connection.link is Link.RECONNECTING, "reconnecting"
        )
        await until(pilot, lambda: "stale" in text_of(status, "#state-timer"), "stale")
        await pilot.press("i")  # refused up front: the picker does not even open
        await until(pilot, lambda: error_at(status, "state"), "the refusal")
        assert error_at(status, "state") == NotConnected.sentence
        assert app.screen is status
        state_box, agent_card = status.query_one("#state-box"), status.query_one("#agent-card")
        assert state_box.region.height == agent_card.region.height  # the two stay in line
        pending = status.query_one("#pending")
        assert not pending.display or not str(pending.render()).strip()  # nothing "asking"
        assert status.snapshot.availability is Availability.AVAILABLE
        assert "Available" in str(status.query_one("#availability").render())
        assert not any(text.startswith("Now Idle") for text in log_texts(status))

        since = len(status.snapshot.log)
        await server.start()
        await until(pilot, lambda: resynced_since(status, since), "the re-sync", timeout=20)
        assert status.snapshot.availability is Availability.AVAILABLE
        await until(pilot, lambda: error_at(status, "state") == "", "the refusal to clear itself")
        assert "stale" not in text_of(status, "#state-timer")
        truth = await server_truth(server, "agent1")
        assert truth["subStatus"] == "Available"
        changes = [e for e in event_log(server.database) if e["kind"] == "state_changed"]
        assert [e for e in changes if e["agent_id"] == agent_id] == []


async def test_a_socket_gone_silent_is_detected_by_the_desktop(spawn: Spawn) -> None:
    """SIGSTOP: the socket stays open but nothing arrives. After `silence` (1 s here, 8 s in
    production) the desktop says reconnecting; once the server runs again it re-syncs."""
    server = await spawn(knobs={"keepalive_interval_s": 0.2})
    app = desktop_with(server.base_url, request_timeout=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        session_id = status.snapshot.session_id
        await until(pilot, lambda: app.desk.session.stream.frames_received > 3, "keepalives")

        server.freeze()
        await until(
            pilot,
            lambda: status.snapshot.connection.link is Link.RECONNECTING,
            "the silence to be noticed",
            timeout=5,
        )
        assert "nothing heard from the platform for 1 s" in status.snapshot.connection.detail
        await pilot.pause()
        assert "reconnecting" in text_of(status, "#connection")
        assert any("reconnecting: nothing heard" in text for text in log_texts(status))
        status.change_state(idle_code(status, "Meeting"))
        await until(pilot, lambda: error_at(status, "state"), "the refusal")
        assert error_at(status, "state") == NotConnected.sentence

        since = len(status.snapshot.log)
        server.thaw()
        await until(pilot, lambda: resynced_since(status, since), "the re-sync", timeout=15)
        assert status.snapshot.session_id == session_id
        assert status.snapshot.availability is Availability.AVAILABLE
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"train", "enter")
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "live again")


async def test_no_acknowledged_state_change_is_lost_to_sigkill(spawn: Spawn) -> None:
    """Each round sends state changes, and SIGKILLs the server the moment the last 202 (or its
    frame) arrives; after the restart the server has every one of them, the last one current."""
    server = await spawn()
    org = server.org
    codes = {c.name: c.id for c in org.auxiliaryCodes}
    plan = [("Idle", codes["Lunch"]), ("Idle", codes["Break"]), ("Available", "0")] * 2
    token = ""
    acknowledged: list[str] = []
    for round_number in range(3):
        agent = WebexTestClient(server, "agent3")
        try:
            if token:  # tokens are persisted too: no new sign-in after a crash
                agent.token = token
                agent.http.headers["Authorization"] = f"Bearer {token}"
            else:
                token = await agent.sign_in()
            await agent.connect()
            if round_number == 0:
                await agent.login("14155550103")
                await agent.next_frame("AgentStationLoginSuccess")
            last = plan[round_number : round_number + 4]
            for state, code in last:
                acknowledged.append(await agent.set_state(state, code))
            if round_number != 1:  # round 1 does not even wait for the frame
                frame = await agent.next_raw(
                    lambda f: f.get("trackingId") == acknowledged[-1], timeout=5
                )
                assert frame["data"]["type"] == "AgentStateChangeSuccess"
            await server.kill()
        finally:
            await agent.aclose()
        await server.start()
        truth = await server_truth(server, "agent3")
        state, code = last[-1]
        assert (truth["subStatus"], truth["auxCodeId"]) == (state, code), round_number

    changes = [e for e in event_log(server.database) if e["kind"] == "state_changed"]
    assert [e["correlation_id"] for e in changes] == acknowledged


async def test_the_board_says_it_is_not_connected_refuses_and_catches_up(spawn: Spawn) -> None:
    """With the server gone the board says it shows what it last saw, refuses a change up
    front in a sentence, and once the server is back clears that and works again."""
    server = await spawn()
    async with agent_at_desk(server.base_url, "agent1"):  # Avery Chen: first row, Available
        pass
    app = desktop_on(server.base_url, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        await until(pilot, lambda: "Available" in text_of(board, "#agents"), "agent1 Available")
        await pilot.press("home")
        avery = table.cursor_agent_id
        assert avery is not None and board.roster.agents[avery].name == "Avery Chen"

        await server.kill()
        await until(pilot, lambda: error_at(board, "board") == NOT_CONNECTED, "the board to say so")
        assert "online" not in text_of(board, "#connection")
        await pilot.press("i")  # refused up front: no picker
        refusal = "Avery Chen was not changed: the desktop is not connected right now."
        await until(pilot, lambda: error_at(board, "board").startswith(refusal), "the refusal")
        assert app.screen is board

        await server.start()
        await until(pilot, lambda: error_at(board, "board") == "", "the refusal to clear", 20)
        assert "online" in text_of(board, "#connection")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lunch", "enter")
        await until(pilot, lambda: "Lunch" in text_of(board, "#agents"), "the change, live")
        assert error_at(board, "board") == ""
