"""Write an SVG of every screen to screenshots/ (`make screenshots`, which runs
`python -m tui.tools.screenshots`).

Each shot runs the real desktop headless against its own fresh sandbox, walks there with the
keyboard, and saves what an 80x24 terminal would show. The desktop's clock is frozen and the
sandbox quiet, so shots only change when the screens do; the one with live contacts uses the
sandbox's seeded traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import constants
from textual.pilot import Pilot

from tui.domain import Availability, ContactState, Interaction
from tui.sandbox.server import SandboxServer
from tui.screens.dialogs import ConfirmLogout, MultiLoginNotice
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.screens.wrap_up_picker import WrapUpCodePicker
from tui.tools.walkthrough import (
    QUEUE_SANDBOX,
    agent_elsewhere,
    counted_ids,
    customers_waiting,
    desktop_on,
    frozen_clock,
    join_by_id,
    on_screen,
    open_board,
    sign_in,
    signed_out,
    start_station,
    team_at_work,
    until,
)
from tui.widgets.agent_table import AgentTable
from tui.widgets.channels import ChannelCard
from tui.widgets.contacts import ContactRows
from tui.widgets.field_error import FieldError
from tui.widgets.queues import QueueStrip

SIZE = (80, 24)
Walk = Callable[[Pilot[Any], str], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    name: str
    what: str
    walk: Walk
    settings: dict[str, Any] = field(default_factory=dict)
    sandbox: dict[str, Any] = field(default_factory=dict)


async def _login(pilot: Pilot[Any], url: str) -> None:
    await on_screen(pilot, LoginScreen)


async def _wrong_password(pilot: Pilot[Any], url: str) -> None:
    login = await on_screen(pilot, LoginScreen)
    await pilot.press("tab", *"oops", "enter")
    error = login.query_one("#password-error", FieldError)
    await until(pilot, lambda: error.sentence, "the password error")


async def _session(pilot: Pilot[Any], url: str) -> None:
    await sign_in(pilot)


async def _join(pilot: Pilot[Any], url: str) -> None:
    await agent_elsewhere(url, start=True, allow_multi_login=True)
    await sign_in(pilot)


async def _live(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await until(
        pilot,
        lambda: sum(1 for c in status.snapshot.channels if c.load) >= 2,
        "contacts on two channels",
        timeout=30,
    )


def _first(status: StatusScreen, state: ContactState) -> Interaction | None:
    return next((i for i in status.snapshot.contacts if i.state is state), None)


async def _contact_in(pilot: Pilot[Any], status: StatusScreen, state: ContactState) -> Interaction:
    """Wait for a contact in `state`, then highlight it (the arrows, as the agent would)."""
    await until(pilot, lambda: _first(status, state) is not None, f"a contact {state.value}")
    contact = _first(status, state)
    assert contact is not None
    rows = status.query_one(ContactRows)
    for _ in range(len(rows.contacts)):
        if rows.highlighted_id == contact.id:
            break
        rows.action_move_contact(1)
    await pilot.pause()
    return contact


async def _offer(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await _contact_in(pilot, status, ContactState.OFFERED)


async def _connected(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await _contact_in(pilot, status, ContactState.CONNECTED)


async def _held(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    contact = await _contact_in(pilot, status, ContactState.CONNECTED)
    await pilot.press("h")
    await until(pilot, lambda: _first(status, ContactState.HELD) is not None, "on hold")
    await _contact_in(pilot, status, ContactState.HELD)
    assert status.snapshot.contact(contact.id) is not None


async def _wrap_up_picker(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await _contact_in(pilot, status, ContactState.CONNECTED)
    await pilot.press("e")
    await _contact_in(pilot, status, ContactState.WRAP_UP)
    await pilot.press("w")
    await on_screen(pilot, WrapUpCodePicker)


async def _rona(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await until(pilot, lambda: status.snapshot.rona, "RONA", timeout=30)


async def _idle(pilot: Pilot[Any], url: str) -> None:
    status = await start_station(pilot)
    await pilot.press("i", *"lunch", "enter")
    await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")
    await pilot.press("i", *"break", "enter")
    await until(pilot, lambda: status.snapshot.shows_idle_code_timer, "the idle-code timer")


async def _picker(pilot: Pilot[Any], url: str) -> None:
    await start_station(pilot)
    await pilot.press("i")
    await on_screen(pilot, IdleCodePicker)


async def _confirm(pilot: Pilot[Any], url: str) -> None:
    await start_station(pilot)
    await pilot.press("l")
    await on_screen(pilot, ConfirmLogout)


async def _help(pilot: Pilot[Any], url: str) -> None:
    await start_station(pilot)
    await pilot.press("f1")
    await on_screen(pilot, HelpScreen)


async def _elsewhere(pilot: Pilot[Any], url: str) -> None:
    await start_station(pilot)
    await agent_elsewhere(url, start=False, allow_multi_login=False)
    await on_screen(pilot, MultiLoginNotice)


async def _signed_out(pilot: Pilot[Any], url: str) -> None:
    await signed_out(pilot, url)


async def _board(pilot: Pilot[Any], url: str) -> None:
    await team_at_work(
        url,
        idle={"agent2": "Lunch", "agent5": "Meeting", "agent6": "Training"},
        available=("agent1", "agent4"),
    )
    board = await open_board(pilot)
    await until(pilot, lambda: board.roster.counts()[Availability.IDLE] == 3, "the team")


async def _board_queues(pilot: Pilot[Any], url: str) -> None:
    await customers_waiting(url)
    await _board(pilot, url)
    strip = pilot.app.screen.query_one(QueueStrip)
    await until(pilot, lambda: strip.display, "the queue strip")


async def _status_queues(pilot: Pilot[Any], url: str) -> None:
    await customers_waiting(url)
    status = await start_station(pilot)
    card = status.query_one("#channel-telephony", ChannelCard)
    await until(pilot, lambda: card.border_subtitle, "the voice queue on its card")


async def _board_filtered(pilot: Pilot[Any], url: str) -> None:
    await _board(pilot, url)
    await pilot.press("s", "s", "slash", *"idle")
    table = pilot.app.screen.query_one(AgentTable)
    await until(pilot, lambda: table.row_count == 3, "the three Idle agents")
    await pilot.press("enter")


async def _acting(pilot: Pilot[Any], url: str) -> None:
    await team_at_work(url, idle={}, available=("agent5",))
    board = await open_board(pilot)
    await until(pilot, lambda: board.roster.counts()[Availability.AVAILABLE], "agent5")
    await pilot.press("s", "s", "home", "j")  # by state: agent5 first
    status = await on_screen(pilot, StatusScreen)
    await until(pilot, lambda: status.snapshot.has_session, "agent5's session")


async def _join_refused(pilot: Pilot[Any], url: str) -> None:
    await open_board(pilot)
    await pilot.press("m")
    screen = await on_screen(pilot, SessionScreen)
    await join_by_id(pilot, screen, "", agent="agent-42")
    error = screen.query_one("#agent-error", FieldError)
    await until(pilot, lambda: error.sentence, "the sentence")


SUPERVISOR_ON_CXONE = {"platform": "cxone", "user": "super1"}
RINGING = {
    "traffic": True,
    "seed": 5,
    "offer_chance": 1.0,
    "traffic_tick_s": 0.05,
    "ring_for_s": 600.0,
    "phone_answers": False,
    "handle_for_s": (600.0, 600.0),
}
"""Offers that ring until the agent acts, and contacts that last."""
ANSWERED = {**RINGING, "answer_after_s": (0.0, 0.0), "auto_answer": ("telephony", "chat")}
"""Contacts the platform answers for the agent (auto-answer)."""

SHOTS = (
    Shot("login", "Login: the built-in sandbox, prefilled with a demo agent", _login),
    Shot("login-wrong-password", "Login: a wrong password, said next to it", _wrong_password),
    Shot(
        "login-webex",
        "Login on Webex: server address and bearer token",
        _login,
        settings={"platform": "webex", "server_url": "https://api.wxcc-us1.cisco.com"},
    ),
    Shot(
        "login-browser",
        "Login on Webex: sign in with a browser (or a device code, or a pasted token)",
        _login,
        settings={
            "platform": "webex",
            "server_url": "https://api.wxcc-us1.cisco.com",
            "sign_in": "browser",
        },
    ),
    Shot(
        "login-access-key",
        "Login on CXone with an access key",
        _login,
        settings={"platform": "cxone", "sign_in": "access-key"},
    ),
    Shot("sign-in-dialog", "Signed out mid-shift: sign in again over the status", _signed_out),
    Shot("session-start", "Session: team, voice option and dial number", _session),
    Shot("session-join", "Session: join the station session you already have", _join),
    Shot(
        "status-live",
        "Status: Available with contacts arriving on their own",
        _live,
        sandbox={
            "traffic": True,
            "seed": 3,
            "offer_chance": 0.5,
            "traffic_tick_s": 0.1,
            # Offers now wait for the agent: the platform answers these channels for them.
            "auto_answer": ("chat", "email", "social"),
            "answer_after_s": (0.05, 0.1),
        },
    ),
    Shot("status-idle", "Status: Idle, moved from Lunch to Break (both timers)", _idle),
    Shot(
        "contact-offer",
        "An offer ringing: it stands out, with its countdown",
        _offer,
        sandbox=RINGING,
    ),
    Shot("contact-connected", "A connected contact, with its keys", _connected, sandbox=ANSWERED),
    Shot("contact-held", "A contact on hold", _held, sandbox=ANSWERED),
    Shot(
        "wrap-up-picker",
        "Wrap up: the searchable wrap-up-code picker",
        _wrap_up_picker,
        sandbox=ANSWERED,
    ),
    Shot(
        "contact-rona",
        "RONA: an offer rang out, said with what to do",
        _rona,
        sandbox={**RINGING, "ring_for_s": 2.0},
    ),
    Shot("idle-code-picker", "The searchable idle-code picker", _picker),
    Shot("confirm-logout", "Log out asks first", _confirm),
    Shot("help", "Help: keys (with their remappable ids) and what each part shows", _help),
    Shot(
        "signed-in-elsewhere", "Signed in from another desktop: continue here or quit", _elsewhere
    ),
    Shot(
        "status-light",
        "Status in the light theme",
        _idle,
        settings={"theme": "textual-light"},
    ),
    Shot(
        "login-cxone",
        "Login on CXone: the built-in sandbox speaks the CXone agent API too",
        _login,
        settings={"platform": "cxone"},
    ),
    Shot(
        "board",
        "The supervisor board: the agents of your teams, live",
        _board,
        settings=SUPERVISOR_ON_CXONE,
    ),
    Shot(
        "board-filtered",
        "The board sorted by state and filtered to Idle agents",
        _board_filtered,
        settings=SUPERVISOR_ON_CXONE,
    ),
    Shot(
        "board-queues",
        "The board's queue strip: contacts waiting and the longest wait, per queue",
        _board_queues,
        settings=SUPERVISOR_ON_CXONE,
        sandbox=QUEUE_SANDBOX,
    ),
    Shot(
        "status-queues",
        "The status screen: each channel's queue on its card (waiting, longest wait)",
        _status_queues,
        sandbox=QUEUE_SANDBOX,
    ),
    Shot(
        "acting-as-agent",
        "A supervisor acting as an agent: the agent's status, marked as impersonated",
        _acting,
        settings=SUPERVISOR_ON_CXONE,
    ),
    Shot(
        "join-by-id",
        "Join a session by its id: each outcome in a sentence next to its field",
        _join_refused,
        settings=SUPERVISOR_ON_CXONE,
    ),
)


async def _take(shot: Shot, folder: Path, work_dir: Path) -> Path:
    options = {"traffic": False, **shot.sandbox}
    server = SandboxServer(data_dir=work_dir / shot.name, new_id=counted_ids(), **options).start()
    try:
        app = desktop_on(server.base_url, clock=frozen_clock, **shot.settings)
        async with app.run_test(size=SIZE) as pilot:
            await shot.walk(pilot, server.base_url)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            svg = app.export_screenshot(title=f"Agent Desktop — {shot.what}")
    finally:
        server.stop()
    path = folder / f"{shot.name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


async def take_all(folder: Path, only: set[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="agent-desktop-shots-") as work_dir:
        for shot in SHOTS:
            if only and shot.name not in only:
                continue
            written.append(await _take(shot, folder, Path(work_dir)))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.tools.screenshots", description=__doc__)
    parser.add_argument("--out", default="screenshots", help="folder to write the SVGs to")
    parser.add_argument("names", nargs="*", help="only these shots (default: all)")
    args = parser.parse_args(argv)
    # An SVG shows true colour: the desktop's colours for 16 (TERM=xterm, say) are not its look.
    constants.COLOR_SYSTEM = "truecolor"
    for path in asyncio.run(take_all(Path(args.out), set(args.names) or None)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
