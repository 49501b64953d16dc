"""A small Chrome DevTools Protocol client: headless Chromium, pages, keys, page text.

The terminal in a textual-serve page is drawn on a canvas, so its words are not in the DOM.
Each page records what its websockets receive (a script installed before the page's own) and
`screen_text()` reads that back with the escape sequences taken out: the words the terminal
was asked to draw.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,800",
)
_RECORD = """
(() => {
  window.__screen = [];
  window.__wake = () => {};
  const Original = window.WebSocket;
  const decoder = new TextDecoder();
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", (event) => {
      const text = typeof event.data === "string" ? event.data : decoder.decode(event.data);
      window.__screen.push(text);
      window.__wake();
    });
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""
_NEXT_MESSAGE = "new Promise(r => { window.__wake = r; setTimeout(r, 1000); })"
"""Resolves when the page's websocket brings something, or after a second at most."""
_ARM = "window.__armed = new Promise(r => { window.__wake = r; }); 1"
_ARMED = "Promise.race([window.__armed, new Promise(r => setTimeout(r, 1000))])"
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


class Browser:
    """Headless Chromium with a fresh profile, spoken to over its DevTools websocket."""

    def __init__(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-", ignore_cleanup_errors=True)
        self._process: subprocess.Popen[str] | None = None
        self._socket: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None

    async def start(self, timeout: float = 30.0) -> Browser:
        self._process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its helpers (renderer, GPU, zygote) in one group to end
        )
        url = await asyncio.wait_for(asyncio.to_thread(self._devtools_url), timeout)
        self._socket = await connect(url, max_size=None)
        self._reader = asyncio.create_task(self._read())
        return self

    def _devtools_url(self) -> str:
        assert self._process is not None and self._process.stderr is not None
        for line in self._process.stderr:
            if line.startswith("DevTools listening on "):
                return line.split(" on ", 1)[1].strip()
        raise RuntimeError("chromium exited before it listened for DevTools")

    async def _read(self) -> None:
        assert self._socket is not None
        async for raw in self._socket:
            message = json.loads(raw)
            future = self._waiting.pop(message.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(message)

    async def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        assert self._socket is not None
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        await self._socket.send(json.dumps(message))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def open(self, url: str) -> Page:
        target = await self.send("Target.createTarget", url="about:blank")
        attached = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"])
        await page.send("Page.enable")
        await page.send("Page.addScriptToEvaluateOnNewDocument", source=_RECORD)
        await page.send("Page.navigate", url=url)
        return page

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
        if self._process is not None:
            self._end_group(signal.SIGTERM)
            try:
                await asyncio.to_thread(self._process.wait, 10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._end_group(signal.SIGKILL)  # a helper still writing to the profile
        for _ in range(20):  # a helper's last write may land just after it was told to end
            try:
                shutil.rmtree(self._profile.name)
                break
            except FileNotFoundError:
                break
            except OSError:
                await asyncio.sleep(0.1)
        self._profile.cleanup()

    def _end_group(self, sig: signal.Signals) -> None:
        assert self._process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, sig)


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self._browser = browser
        self._session = session

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self._browser.send(method, self._session, **params)

    async def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        result = await self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=await_promise,
        )
        return result.get("result", {}).get("value")

    async def screen_text(self) -> str:
        raw = await self.evaluate("(window.__screen || []).join('')") or ""
        return _ESCAPES.sub("", raw)

    async def wait_for_text(self, words: str, timeout: float = 30.0, *, after: int = 0) -> int:
        """Wait until the terminal was asked to draw `words` (after the first `after`
        characters of its text); the length of the text when it was."""
        async with asyncio.timeout(timeout):
            while True:
                text = await self.screen_text()
                # Spaces the terminal already shows may be skipped by a redraw: leave them out.
                if words.replace(" ", "") in text[after:].replace(" ", ""):
                    return len(text)
                # Wait for what the terminal is sent next (a hidden tab draws no frames).
                await self.evaluate(_NEXT_MESSAGE, await_promise=True)

    async def focus_terminal(self) -> None:
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def press(self, key: str) -> None:
        """One key: a name such as Enter, Tab or Escape, or a printable character; returns once
        the app has drawn something after it (or a second has passed), so keys never race."""
        await self.evaluate(_ARM)
        codes = {"Enter": 13, "Tab": 9, "Escape": 27, "Backspace": 8}
        text = {"Enter": "\r", "Tab": "\t", "Escape": "", "Backspace": ""}.get(key, key)
        code = codes.get(key, ord(key.upper()) if len(key) == 1 else 0)
        common = {"key": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)
        await self.evaluate(_ARMED, await_promise=True)

    async def type(self, text: str) -> None:
        for character in text:
            await self.press(character)

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


def chromium_missing_reason() -> str | None:
    """Why there is no Chromium to test with, or None when there is one."""
    if Path(CHROMIUM).exists():
        return None
    if shutil.which("apt-get") is None:
        return f"{CHROMIUM} is missing and apt-get is not here to install it"
    return f"{CHROMIUM} is missing: run `make browser` (apt-get install -y chromium) as root"
