"""The login screen's sign-in methods and the sign-in dialog, in the real app on a real
sandbox: a browser sign-in (an HTTP client playing the browser), an access key on CXone, and a
revoked refresh token opening the dialog over the status screen, after which the same station
session and stream carry on."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from textual.widgets import Button, Input, RadioButton, Static

from tests.app.helpers import desktop, on_screen, shown, start_station, until
from tui.domain import Availability, Link
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.screens.session import SessionScreen
from tui.screens.sign_in_dialog import SignInDialog
from tui.screens.status import StatusScreen


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """Nothing kept from another test or this machine: each sign-in runs its flow."""
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


def _note_url(screen: LoginScreen) -> str:
    text = str(screen.query_one("#flow-note", Static).render())
    found = re.search(r"http://\S+", text)
    return found.group(0) if found else ""


async def _browser_signs_in(url: str, login: str) -> None:
    async with httpx.AsyncClient() as browser:
        page = await browser.get(url)
        form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        answer = await browser.post(
            str(page.url), data=form | {"username": login, "password": login}
        )
        assert answer.status_code == 303
        landed = await browser.get(answer.headers["location"])
        assert landed.status_code == 200


async def test_browser_sign_in_from_the_login_screen(sandbox: SandboxServer) -> None:
    app = desktop(sandbox, sign_in="browser", client_id="desk-client")
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert login.query_one("#method-browser", RadioButton).value
        assert shown(login, "#password-fields") is False
        await until(pilot, lambda: sandbox.base_url, "the sandbox")
        login.query_one("#sign-in", Button).press()
        await until(pilot, lambda: _note_url(login), "the address to open")
        url = _note_url(login)
        assert url.startswith(f"{sandbox.base_url}/v1/authorize?")
        await _browser_signs_in(url, "agent3")
        screen = await on_screen(pilot, SessionScreen)
        assert screen.profile.agent_id == sandbox.org.user_by_login("agent3").id  # type: ignore[union-attr]


async def test_access_key_sign_in_on_cxone(sandbox: SandboxServer) -> None:
    app = desktop(sandbox, platform="cxone")
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert login.query_one("#method-device", RadioButton).display is False  # not CXone's
        login.query_one("#method-access-key", RadioButton).value = True
        await until(pilot, lambda: shown(login, "#key-fields"), "the key fields")
        login.query_one("#key-id", Input).value = "key-agent5"
        login.query_one("#key-secret", Input).value = "secret-agent5"
        login.query_one("#sign-in", Button).press()
        screen = await on_screen(pilot, SessionScreen)
        assert screen.profile.agent_name


async def test_a_missing_client_id_is_said_before_any_browser_opens(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, sign_in="device")
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        login.query_one("#sign-in", Button).press()
        await until(pilot, lambda: login.query_one("#form-error").render(), "the error")
        assert "client id" in str(login.query_one("#form-error").render())


async def test_signed_out_opens_the_dialog_and_signing_in_carries_the_session_on(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        session = app.desk.session
        assert session is not None
        session_id = status.snapshot.session_id
        session._password = None  # type: ignore[attr-defined]  # only the refresh token renews
        for token in (session.refresh_token, session._http.token):  # type: ignore[attr-defined]
            httpx.post(f"{sandbox.base_url}/oauth/revoke", data={"token": token})
        await pilot.press("i")  # idle, with the picker's first code: refused, not renewable
        await until(pilot, lambda: not isinstance(app.screen, StatusScreen), "the picker")
        await pilot.press("enter")
        dialog = await on_screen(pilot, SignInDialog)
        assert status.snapshot.connection.link is Link.SIGNED_OUT
        assert dialog.query_one("#dialog-user", Input).value == "agent1"
        dialog.query_one("#dialog-pass", Input).value = "agent1"
        dialog.query_one("#dialog-sign-in", Button).press()
        await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.connection.link is Link.ONLINE, "online")
        assert app.desk.session is session  # the same session object and stream
        await pilot.press("a")
        await until(
            pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "available"
        )
        assert status.snapshot.session_id == session_id
