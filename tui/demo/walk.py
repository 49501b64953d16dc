"""`agent-desktop demo`: the desktop walks itself through a short script, for recorded demos.

Sign in, start the station session, take the first contact offered, end it, wrap it up and go
to lunch, one step every `pace` seconds, each step said in a notification first. The steps
are the desktop's own keys, pressed as a person would; any key the person presses stops the
walk and leaves them in control.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events

from tui.app import DesktopApp
from tui.config import DesktopSettings
from tui.domain import ContactState
from tui.screens.dialogs import Confirm

OFFER_WAIT_S = 120.0


class DemoApp(DesktopApp):
    """The desktop with its walk; `pace` is the pause before each step, in seconds."""

    def __init__(self, settings: DesktopSettings, *, pace: float = 2.5, **options: Any) -> None:
        super().__init__(settings, **options)
        self.pace = pace
        self.walking = False
        self._pressing = False
        self.walked: list[str] = []

    def on_mount(self) -> None:  # Textual calls DesktopApp's own on_mount as well
        self.walking = True
        self.run_worker(self._walk(), name="demo-walk", exclusive=True)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.walking and not self._pressing:
            self.walking = False
            self.notify("Demo stopped: the desktop is yours.")
        await super().on_event(event)

    async def _step(self, words: str, *keys: str) -> bool:
        if not self.walking:
            return False
        self.notify(words, timeout=max(2.0, self.pace))
        await asyncio.sleep(self.pace)
        if not self.walking:
            return False
        self._pressing = True
        try:
            await self._press_keys(keys)
        finally:
            self._pressing = False
        self.walked.append(words)
        return True

    async def _until(self, check: Any, timeout: float = OFFER_WAIT_S) -> bool:
        async with asyncio.timeout(timeout):
            while self.walking and not check():
                await asyncio.sleep(0.2)
        return self.walking

    def _contacts(self) -> tuple[Any, ...]:
        session = self.desk.session
        return tuple(session.snapshot.contacts) if session is not None else ()

    def _offered(self) -> bool:
        return any(c.state is ContactState.OFFERED for c in self._contacts())

    async def _walk(self) -> None:
        try:
            if not await self._step("Sign in as the demo user", "enter"):
                return
            await self._until(lambda: self.desk.session is not None, 30)
            if not await self._step("Start the station session: Available", "enter"):
                return
            if not await self._until(self._offered):
                return
            if not await self._step("A contact is offered: accept it", "enter"):
                return
            await self._step("End the contact", "e")
            await self._step("Wrap it up with a wrap-up code", "w")
            await self._step("Choose the first code", "enter")
            await self._step("Go to lunch", "i", *"lunch")
            await self._step("Lunch", "enter")
            await self._until(lambda: True, 1)
            if isinstance(self.screen, Confirm):  # contacts still open: lunch comes next
                await self._step("Lunch after the open contacts", "y")
            if self.walking:
                self.notify("Demo done: the desktop is yours.")
        except TimeoutError:
            self.notify("Demo stopped: nothing happened in time.", severity="warning")
        finally:
            self.walking = False
