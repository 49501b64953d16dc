"""Child process for figures 3-6 and 10: the real desktop, headless, against a sandbox process.

`python -m tui.tools.bench.desktop_probe TASK --server URL --user agentN --out FILE [...]` signs in
and starts a station session through the real screens (Enter on the prefilled forms), runs
TASK, writes its figures to FILE as JSON and exits. TASK is one of:

- `latency`: toggles Available <-> Idle with real key presses; for each, the time from the key
  that sends the request to the first frame in which the availability badge shows the new state.
- `flood`: asks the server (`/bench/flood`) to push N state changes as fast as it can; the time
  until all are applied and a frame shows the result, and the longest event-loop stall meanwhile.
- `board`: signs in as the supervisor of a generated org, gives every agent a station session
  (`/bench/sessions`), then has the server change `--rate` agents a second for `--seconds`
  (`/bench/storm`); for each row the board redraws, the time from the change on the server
  (its own timestamp, same machine's clock) to the first frame sent out after the redraw, and
  the longest event-loop stall meanwhile.
- `offer`: asks the server (`/bench/offer`) for a fresh offer `--count` times; for each, the
  time from the offer on the server (its own timestamp, same machine's clock) to the first
  frame sent out once the status screen's contact rows hold it.
- `memory`: floods `--first` events, then more in floods of that size up to `--count` in all,
  and reads this process's RSS after the first flood and after the last.

Nothing here imports the sandbox: the process holds only what a desktop on a remote server does.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from textual import events
from textual.pilot import Pilot

from tui.app import DesktopApp
from tui.config import DesktopSettings, Platform
from tui.domain import Availability
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.session import SessionScreen
from tui.screens.status import StatusScreen
from tui.tools.bench.instruments import FrameWatch, StallTicker
from tui.widgets.availability import AvailabilityBadge
from tui.widgets.contacts import ContactRows

SIZE = (120, 40)
STEP_TIMEOUT_S = 20.0
CHARACTERS = {"enter": "\r", "escape": "\x1b"}


def rss_mib() -> float:
    """This process's resident set size (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def press(app: DesktopApp, key: str) -> None:
    """Deliver a key exactly as a terminal driver does (from its input side, into the loop)."""
    event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
    assert app._driver is not None
    app._driver.send_message(event)


async def until(
    condition: Callable[[], object], what: str, timeout: float = STEP_TIMEOUT_S
) -> None:
    """Sleep-poll (never forcing a refresh) until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.005)


async def start_station(app: DesktopApp) -> StatusScreen:
    """Enter on the prefilled login form, then on the prefilled session form."""
    await until(lambda: app.screen.query("#user"), "the login form")
    press(app, "enter")
    await until(lambda: isinstance(app.screen, SessionScreen), "the session screen")
    await asyncio.sleep(0.1)
    press(app, "enter")
    await until(lambda: isinstance(app.screen, StatusScreen), "the status screen")
    status = app.screen
    assert isinstance(status, StatusScreen)
    await until(lambda: status.snapshot.has_session, "the station session")
    await asyncio.sleep(0.3)  # let the start-up frames and log settle
    return status


def _signed_in_client(server: str, user: str) -> httpx.Client:
    client = httpx.Client(base_url=server, timeout=120.0)
    answer = client.post(
        "/oauth/token", data={"grant_type": "password", "username": user, "password": user}
    )
    answer.raise_for_status()
    client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
    return client


class Flooder:
    """Asks the server for floods with the agent's own token, from the app's own loop.

    Not from a thread: a thread of its own gets a malloc arena of its own, and the memory that
    arena holds showed up as the desktop's (figure 6) though no desktop code touched it.
    """

    def __init__(self, server: str, user: str) -> None:
        self._server = server
        self._user = user
        self.sent_at = 0.0

    async def flood(self, count: int) -> None:
        async with httpx.AsyncClient(base_url=self._server, timeout=120.0) as client:
            form = {"grant_type": "password", "username": self._user, "password": self._user}
            answer = await client.post("/oauth/token", data=form)
            answer.raise_for_status()
            client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
            self.sent_at = time.perf_counter()
            (await client.post("/bench/flood", params={"count": count})).raise_for_status()


class RequestCount:
    """Every request the desktop's session sends to the platform while counting: the real
    client's own event hook (httpx calls it as each request goes out), not a stand-in."""

    def __init__(self, app: DesktopApp) -> None:
        session = app.desk.session
        assert session is not None
        # The bench reaches into the session for its one AsyncClient (nothing else may).
        self._client: httpx.AsyncClient = session._http.client  # type: ignore[attr-defined]
        self.count = 0
        self._counting = False
        self._started = self._stopped = 0.0
        self._client.event_hooks["request"].append(self._sent)

    async def _sent(self, request: httpx.Request) -> None:
        if self._counting:
            self.count += 1

    @property
    def counting(self) -> bool:
        return self._counting

    def start(self) -> None:
        self._counting, self._started = True, time.monotonic()

    def stop(self) -> None:
        self._counting, self._stopped = False, time.monotonic()
        self._client.event_hooks["request"].remove(self._sent)

    @property
    def per_minute(self) -> float:
        return self.count * 60 / max(self._stopped - self._started, 1e-9)


class Probe:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.result: dict[str, Any] = {}
        settings = DesktopSettings(
            platform=Platform(options.platform), server_url=options.server, user=options.user
        )
        self.app = DesktopApp(settings)
        self.watch = FrameWatch(self.app)
        self._applied_by_ui = 0  # events handed to the screens (after the backend folded them)
        original = self.app.apply_events

        self._arrived_at = 0.0

        def counted(batch: list[Any]) -> None:
            self._arrived_at = time.time()
            original(batch)
            self._applied_by_ui += len(batch)

        self.app.apply_events = counted  # type: ignore[method-assign]

    async def drive(self, pilot: Pilot[None]) -> None:
        try:
            if self.options.task == "board":
                await self.board()
                return
            status = await start_station(self.app)
            self.watch.watch(status.query_one(AvailabilityBadge))
            task = self.options.task
            if task == "latency":
                await self.latency(status)
            elif task == "flood":
                for _ in range(self.options.repeat):
                    await self.flood_once(self.options.count)
                    await asyncio.sleep(0.3)
            elif task == "memory":
                await self.memory()
            elif task == "offer":
                await self.offers(status)
        except Exception as error:  # reported to the parent, which prints it
            self.result["error"] = f"{error.__class__.__name__}: {error}"
        finally:
            self.app.exit()

    # -- figure 3 ------------------------------------------------------------------------------

    async def latency(self, status: StatusScreen) -> None:
        rng = random.Random(self.options.seed)
        samples: list[float] = []
        for _ in range(self.options.count):
            going_idle = status.snapshot.availability is Availability.AVAILABLE
            if going_idle:
                press(self.app, "i")
                await until(lambda: isinstance(self.app.screen, IdleCodePicker), "the picker")
            # A person's key press has no relation to the 60 Hz frame grid: wait a random
            # think time so every phase of it is sampled.
            await asyncio.sleep(rng.uniform(0.03, 0.09))
            shown = self.watch.expect("Idle" if going_idle else "Available")
            started = time.perf_counter()
            press(self.app, "enter" if going_idle else "a")
            await asyncio.wait_for(shown.wait(), STEP_TIMEOUT_S)
            samples.append((self.watch.shown_at - started) * 1000)
            wanted = Availability.IDLE if going_idle else Availability.AVAILABLE
            await until(lambda w=wanted: status.snapshot.availability is w, "the snapshot")
        self.result["latency_ms"] = samples

    # -- figure 4 ------------------------------------------------------------------------------

    async def flood_once(self, count: int, *, stalls: bool = True) -> dict[str, float]:
        session = self.app.desk.session
        assert session is not None
        flooder = Flooder(self.options.server, self.options.user)
        ticker = StallTicker()
        base_backend = session.snapshot.events_applied
        base_ui = self._applied_by_ui
        target = base_backend + count
        cpu_before = time.process_time()
        try:
            if stalls:
                ticker.start()
            shown = self.watch.expect_frame_after(
                lambda: (
                    self._applied_by_ui - base_ui >= count
                    and session.snapshot.events_applied >= target
                )
            )
            flooding = asyncio.create_task(flooder.flood(count))
            await asyncio.wait_for(shown.wait(), max(STEP_TIMEOUT_S, count / 1000))
            done_at = self.watch.shown_at
            await asyncio.wait_for(flooding, 60)
        finally:
            await ticker.stop()
        figures = {
            "events": count,
            "applied_s": done_at - flooder.sent_at,
            "stall_max_ms": ticker.longest * 1000,
            "cpu_s": time.process_time() - cpu_before,
            "frames": self.watch.frames,
        }
        self.result.setdefault("floods", []).append(figures)
        return figures

    # -- figure 5 ------------------------------------------------------------------------------

    async def board(self) -> None:
        from tui.screens.board import BoardScreen
        from tui.widgets.agent_table import AgentTable

        app = self.app
        await until(lambda: app.screen.query("#user"), "the login form")
        press(app, "enter")
        await until(lambda: isinstance(app.screen, BoardScreen), "the supervisor board")
        board = app.screen
        assert isinstance(board, BoardScreen)
        await until(lambda: board.looks > 0, "the board's first look")
        client = _signed_in_client(self.options.server, self.options.user)
        try:
            started = await asyncio.to_thread(client.post, "/bench/sessions", timeout=300)
            started.raise_for_status()
            agents = len(board.roster.agents)
            await until(
                lambda: sum(1 for a in board.roster.agents.values() if a.session_id) >= agents,
                "every agent's session on the board",
                timeout=120,
            )
            await asyncio.sleep(2.0)  # let the board settle into its quiet rhythm
            sent = RequestCount(self.app)
            look_ms: list[float] = []  # request sent to the look's answer read, each look
            look_started_ms: list[float] = []  # when each look was asked for (epoch ms)
            session = app.desk.session
            assert session is not None
            team_changes = session.team_changes

            async def timed() -> Any:
                started = time.perf_counter()
                look_started_ms.append(time.time() * 1000)
                look = await team_changes()
                if sent.counting:
                    look_ms.append((time.perf_counter() - started) * 1000)
                return look

            session.team_changes = timed  # type: ignore[method-assign]
            table = board.query_one(AgentTable)
            shown: list[tuple[int, float]] = []  # (server stamp, change to frame in ms)
            drawn: list[int] = []  # server stamps (epoch ms) of rows redrawn since the last frame
            storm_started_ms = 0
            original = table.apply

            def apply(changes: Any) -> None:
                original(changes)
                drawn.extend(
                    a.state_changed_at
                    for a in changes.changed
                    if storm_started_ms and a.state_changed_at >= storm_started_ms
                )

            def frame(_: float) -> None:
                if drawn:
                    now_ms = time.time() * 1000
                    shown.extend((stamp, now_ms - stamp) for stamp in drawn)
                    drawn.clear()

            table.apply = apply  # type: ignore[method-assign]
            self.watch.on_frame.append(frame)
            ticker = StallTicker()
            ticker.start()
            storm = await asyncio.to_thread(
                client.post,
                "/bench/storm",
                params={"rate": self.options.rate, "seconds": self.options.seconds},
            )
            storm.raise_for_status()
            storm_started_ms = storm.json()["startedMs"]
            sent.start()
            looks_before = board.looks
            await asyncio.sleep(self.options.seconds + 1.5)  # the storm, and its last looks
            await ticker.stop()
            sent.stop()
            state = (await asyncio.to_thread(client.get, "/bench/storm")).json()
        finally:
            client.close()
        # While nothing changed the board looked once a second; the storm's first changes wait
        # for the next of those looks, up to a second by design, wherever the storm fell in
        # that rhythm. The storm's figure counts the changes made once the board was looking
        # at it (from its first look after the storm began); that first wait is told apart.
        seen_from = min((t for t in look_started_ms if t >= storm_started_ms), default=0.0)
        latencies = [late for stamp, late in shown if stamp >= seen_from]
        before = [late for stamp, late in shown if stamp < seen_from]
        self.result["board"] = {
            "agents": agents,
            "server_changes": state["changes"],
            "rows_drawn": len(shown),
            "first_look_after_ms": seen_from - storm_started_ms if seen_from else None,
            "shown_before_first_look": len(before),
            "latency_before_first_look_max_ms": max(before, default=0.0),
            "latency_ms": latencies,
            "stall_max_ms": ticker.longest * 1000,
            "looks": board.looks - looks_before,
            "requests": sent.count,
            "requests_per_min": sent.per_minute,
            "look_ms": look_ms,
        }

    # -- figure 6 ------------------------------------------------------------------------------

    # -- figure 10 -----------------------------------------------------------------------------

    async def offers(self, status: StatusScreen) -> None:
        rng = random.Random(self.options.seed)
        rows = status.query_one(ContactRows)
        samples: list[float] = []
        arrived: list[float] = []
        async with httpx.AsyncClient(base_url=self.options.server, timeout=30.0) as client:
            user = self.options.user
            form = {"grant_type": "password", "username": user, "password": user}
            answer = await client.post("/oauth/token", data=form)
            answer.raise_for_status()
            client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
            for _ in range(self.options.count):
                # The last offer goes first, and the screen settles, as between two real offers.
                (await client.post("/bench/clear")).raise_for_status()
                await until(lambda: not rows.contacts, "the desk cleared")
                await asyncio.sleep(0.1 + rng.uniform(0.0, 0.05))  # off the frame grid
                # The desk is clear and the sandbox makes no traffic: the first contact in the
                # rows is this offer, whether its event comes before the answer or after.
                shown = self.watch.expect_frame_after(lambda: bool(rows.contacts))
                epoch_minus_perf = time.time() - time.perf_counter()
                offered = await client.post(
                    "/bench/offer", params={"channel": "chat", "keep": True}
                )
                offered.raise_for_status()
                await asyncio.wait_for(shown.wait(), STEP_TIMEOUT_S)
                wanted = offered.json()["interactionId"]
                if not any(contact.id == wanted for contact in rows.contacts):
                    raise RuntimeError(f"another contact than the offer {wanted} was shown")
                shown_ms = (self.watch.shown_at + epoch_minus_perf) * 1000
                samples.append(shown_ms - offered.json()["offeredMs"])
                arrived.append(self._arrived_at * 1000 - offered.json()["offeredMs"])
        self.result["offer_ms"] = samples
        self.result["arrived_ms"] = arrived

    async def settled_rss(self) -> float:
        await asyncio.sleep(0.5)
        gc.collect()
        await asyncio.sleep(0.2)
        return rss_mib()

    async def memory(self) -> None:
        self.result["rss_start_mib"] = await self.settled_rss()
        first = self.options.first
        await self.flood_once(first, stalls=False)
        self.result["rss_first_mib"] = await self.settled_rss()
        rest = self.options.count - first
        while rest > 0:
            await self.flood_once(min(first, rest), stalls=False)
            rest -= first
        self.result["rss_total_mib"] = await self.settled_rss()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tui.tools.bench.desktop_probe")
    parser.add_argument("task", choices=["latency", "flood", "memory", "board", "offer"])
    parser.add_argument("--server", required=True, help="the sandbox's http address")
    parser.add_argument("--user", default="agent1")
    parser.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        default=Platform.SANDBOX.value,
        help="the protocol the desktop speaks to the sandbox (sandbox is Webex's)",
    )
    parser.add_argument("--count", type=int, default=200, help="toggles, offers, or events")
    parser.add_argument("--repeat", type=int, default=1, help="floods, one after the other")
    parser.add_argument("--first", type=int, default=10_000, help="memory: the first flood")
    parser.add_argument("--rate", type=float, default=500.0, help="board: changes a second")
    parser.add_argument("--seconds", type=float, default=10.0, help="board: storm length")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True, help="where to write the figures (JSON)")
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    probe = Probe(options)
    asyncio.run(probe.app.run_async(headless=True, size=SIZE, auto_pilot=probe.drive))
    probe.result["rss_exit_mib"] = rss_mib()
    Path(options.out).write_text(json.dumps(probe.result))
    return 0 if "error" not in probe.result else 1


if __name__ == "__main__":
    raise SystemExit(main())
