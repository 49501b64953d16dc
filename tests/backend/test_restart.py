"""The sandbox as its own process: SIGKILL mid-session loses nothing; SIGTERM/SIGINT stop it."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import WebexTestClient
from tui.sandbox.engine.org import load_org

Webex = Callable[..., Awaitable[WebexTestClient]]
LISTENING = re.compile(r"^Sandbox listening on (http://127\.0\.0\.1:(\d+))$")

pytestmark = pytest.mark.slow


class SandboxProcess:
    """`python -m tui.sandbox` in a child process; `.base_url` once it said it listens."""

    def __init__(self, process: asyncio.subprocess.Process, base_url: str) -> None:
        self.process = process
        self.base_url = base_url
        self.org = load_org()  # what a WebexTestClient needs of a server

    @property
    def ws_base_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http")


@pytest.fixture
async def spawn(tmp_path: Path) -> AsyncIterator[Callable[[Path], Awaitable[SandboxProcess]]]:
    started: list[asyncio.subprocess.Process] = []

    async def run(data_dir: Path) -> SandboxProcess:
        log = (tmp_path / f"stderr-{len(started)}.log").open("w")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui.sandbox",
            "--port",
            "0",
            "--data-dir",
            str(data_dir),
            "--no-traffic",
            "--no-floor",
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
        started.append(process)
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode().strip()
        match = LISTENING.match(line)
        assert match, f"unexpected first line {line!r}"
        return SandboxProcess(process, match.group(1))

    yield run
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_killed_server_restarts_with_the_same_session(
    spawn: Callable[[Path], Awaitable[SandboxProcess]], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = await spawn(data_dir)
    agent = WebexTestClient(first, "agent3")
    try:
        await agent.sign_in()
        await agent.connect()
        await agent.login("14155550103")
        started = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
        lunch = next(c.id for c in first.org.auxiliaryCodes if c.name == "Lunch")
        await agent.set_state("Idle", lunch)
        idle = (await agent.next_frame("AgentStateChangeSuccess"))["data"]
    finally:
        await agent.aclose()

    first.process.send_signal(signal.SIGKILL)
    assert await asyncio.wait_for(first.process.wait(), 10) == -signal.SIGKILL

    second = await spawn(data_dir)
    again = WebexTestClient(second, "agent3")
    try:
        # The token survived the kill too: no new sign-in.
        again.token = agent.token
        again.http.headers["Authorization"] = f"Bearer {agent.token}"
        await again.connect()
        await again.accepted("POST", "/v1/agents/reload")
        data = (await again.next_frame("AgentReloginSuccess", "AgentReloginFailed"))["data"]
    finally:
        await again.aclose()
    assert data["type"] == "AgentReloginSuccess"
    assert data["agentSessionId"] == started["agentSessionId"]
    assert (data["subStatus"], data["auxCodeId"]) == ("Idle", lunch)
    assert data["lastStateChangeTimestamp"] == idle["lastStateChangeTimestamp"]
    assert data["lastIdleCodeChangeTimestamp"] == idle["lastIdleCodeChangeTimestamp"]
    assert data["dialNumber"] == "14155550103"
    assert data["teamId"] == started["teamId"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_signal_stops_the_server_cleanly(
    spawn: Callable[[Path], Awaitable[SandboxProcess]], tmp_path: Path, signum: int
) -> None:
    server = await spawn(tmp_path / "data")
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{server.base_url}/v1/people/me")).status_code == 401
    server.process.send_signal(signum)
    assert await asyncio.wait_for(server.process.wait(), 10) == 0
    assert "Traceback" not in (tmp_path / "stderr-0.log").read_text()
