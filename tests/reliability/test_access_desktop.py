"""Access, as the desktop and the server's log show it: a plain sentence when sign-ins are held
up, and no token in the server's log (everything it wrote at DEBUG) or the desktop's event log.
"""

from __future__ import annotations

import httpx
from textual.widgets import Input

from tests.app.helpers import desktop, error_at, on_screen, start_station, text_of, until
from tests.conftest import WebexTestClient
from tests.reliability.conftest import Spawn
from tests.reliability.desktops import go_idle
from tui.backends.credentials import PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.webex.client import WebexSession
from tui.domain.errors import TooManySignIns, WrongPassword
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen
from tui.tools.walkthrough import desktop_on
from tui.widgets.field_error import FieldError


async def test_held_up_sign_ins_are_said_in_a_plain_sentence(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test() as pilot:
        login = await on_screen(pilot, LoginScreen)
        password = login.query_one("#password", Input)
        for attempt in range(6):
            password.value = f"guess-{attempt}"
            password.focus()
            await pilot.press("enter")
            await until(pilot, lambda: error_at(login, "password"), "the sentence")
            said = error_at(login, "password")
            if attempt < 5:
                assert said == WrongPassword.sentence
                login.query_one("#password-error", FieldError).clear()  # wait for the next
        assert said.startswith("Too many failed sign-ins for this user. Wait ")
        assert said.endswith(" seconds, then try again.")
        assert "429" not in said and "{" not in said
        assert isinstance(app.screen, LoginScreen)
    assert TooManySignIns(1).sentence.endswith("Wait 1 second, then try again.")


async def test_no_token_reaches_the_servers_log_or_the_desktops_event_log(spawn: Spawn) -> None:
    """A whole working day in miniature against a sandbox process that logs everything at
    DEBUG: the desktop signs in, works and signs out; a CXone desktop does the same; tokens
    are used after they were revoked and with typos; then the log is searched."""
    server = await spawn()
    tokens: list[str] = []

    app = desktop_on(server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        session = app.desk.session
        assert isinstance(session, WebexSession)
        tokens.append(session._http.client.headers["authorization"].removeprefix("Bearer "))
        await go_idle(pilot, status, "Meeting")
        await pilot.press("a")
        await pilot.pause()
        shown = text_of(status, "#event-log")
        desktop_log = [entry.text for entry in status.snapshot.log]

    cxone = CxoneSession(server.base_url)
    try:
        await cxone.sign_in(PasswordSignIn("agent2", "agent2"))
        await cxone.load_profile()
        tokens.append(cxone._http.client.headers["authorization"].removeprefix("Bearer "))
    finally:
        await cxone.close()

    probe = WebexTestClient(server, "agent3")
    try:
        token = await probe.sign_in()
        tokens.append(token)
        await probe.connect()
        await probe.login("14155550103")
        await probe.next_frame("AgentStationLoginSuccess")
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            await client.post("/oauth/revoke", data={"token": token})
            for attempt in (token, token[:-1], token + "x"):
                headers = {"Authorization": f"Bearer {attempt}"}
                assert (await client.get("/v1/people/me", headers=headers)).status_code == 401
            form = {"grant_type": "password", "username": "agent3", "password": token}
            assert (await client.post("/oauth/token", data=form)).status_code == 400
    finally:
        await probe.aclose()

    log = server.log_text()
    assert (
        "uvicorn.access" in log and "DEBUG" in log
    )  # it logged every request: searching it means something
    assert len(tokens) == 3 and all(len(t) >= 40 for t in tokens)
    for token in tokens:
        # <random>_<cluster>_<orgId>: the org id is public (it is in every path), the rest secret.
        secret = token.split("_")[0]
        for part in (token, secret[:16], secret[-16:]):
            assert part not in log, "a token reached the server's log"
            assert part not in shown, "a token reached the desktop's event log"
            assert all(part not in text for text in desktop_log)
