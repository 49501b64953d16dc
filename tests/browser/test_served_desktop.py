"""`agent-desktop serve` in a real headless Chromium: the login screen, Enter, Enter and
"Available"; an agent tab and a supervisor tab on the one shared sandbox see each other.

Chromium is Debian's package; `make browser` installs it when it is missing (the test command
`make test` runs that first), and these tests skip, saying why, where it cannot be installed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.browser.cdp import Browser, Page, chromium_missing_reason

ROOT = Path(__file__).resolve().parents[2]
SERVE_START_S = 60.0

pytestmark = pytest.mark.skipif(
    chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The real command, `agent-desktop serve --port P --no-floor --no-traffic`, on loopback;
    its URL. No traffic: an offer reaching the agent mid-test would turn Idle into a question
    about the next state, and what the test checks would depend on when contacts arrive."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "serve",
            "--port",
            str(port),
            "--no-floor",
            "--no-traffic",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    ready = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Serving the agent desktop on"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(SERVE_START_S), "".join(lines)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    chrome = await Browser().start()
    yield chrome
    await chrome.close()


async def sign_in(page: Page, user: str | None = None) -> None:
    """The login screen, as served: sign in (as `user`, typed over agent1) with Enter."""
    await page.wait_for_text("Password")
    await page.focus_terminal()
    if user is not None:
        for _ in "agent1":
            await page.press("Backspace")
        await page.type(user)
        await page.press("Tab")
        for _ in "agent1":
            await page.press("Backspace")
        await page.type(user)
    await page.press("Enter")


async def test_a_served_tab_signs_in_with_enter_enter_and_shows_available(
    served: str, browser: Browser
) -> None:
    page = await browser.open(served)
    await sign_in(page)
    seen = await page.wait_for_text("Dial number")
    await page.press("Enter")
    await page.wait_for_text("Available", after=seen)
    await page.screenshot(ROOT / "screenshots" / "browser.png")
    assert (ROOT / "screenshots" / "browser.png").read_bytes().startswith(b"\x89PNG")


async def test_an_agent_tab_and_a_supervisor_tab_see_each_other(
    served: str, browser: Browser
) -> None:
    agent = await browser.open(served)
    await sign_in(agent, "agent2")
    seen = await agent.wait_for_text("Dial number")
    await agent.press("Enter")
    await agent.wait_for_text("Available", after=seen)

    boss = await browser.open(served)
    await sign_in(boss, "super1")
    # The board of the supervisor's tab shows the agent of the other tab, Available.
    await boss.wait_for_text("Blake Diaz")
    board = await boss.wait_for_text("Available")

    # The agent goes Idle (Lunch) in their tab; the supervisor's board shows it.
    mark = len(await agent.screen_text())
    await agent.press("i")
    await agent.wait_for_text("Lunch", after=mark)
    await agent.type("Lunch")
    await agent.press("Enter")
    await boss.wait_for_text("Lunch", after=board)
