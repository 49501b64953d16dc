"""Refresh tokens at rest, against a real sandbox and keyring's own backend API: an in-memory
keyring (a `KeyringBackend` the test installs with `keyring.set_keyring`), and keyring's fail
backend for a machine with none. Also: no token or secret in the logs, the event log, the
data dir or anywhere under the test's own folder; the keyring holds the refresh token alone
(the desktop writes no config file: settings never hold a token)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring

from tui.auth import keeping
from tui.auth.tokens import OAuthClient
from tui.backends.session import StationLogin
from tui.cli import main
from tui.config import DesktopSettings, Platform
from tui.desk.desk import Desk
from tui.desk.methods import SignInMethod
from tui.desk.signing import Flow, account_of, kept_sign_in, obtain
from tui.domain import LoginOption
from tui.sandbox.server import SandboxServer

CLIENT = OAuthClient("desk-client", "desk-secret-value", "")


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError(username)
        del self.entries[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


def _settings(server: SandboxServer) -> DesktopSettings:
    return DesktopSettings(platform=Platform.CXONE, server_url=server.base_url)


async def _access_key_desk(server: SandboxServer) -> tuple[Desk, str]:
    desk = Desk(_settings(server))
    credentials = await obtain(
        SignInMethod.ACCESS_KEY,
        Platform.CXONE,
        server.base_url,
        Flow(CLIENT),
        key_id="key-agent3",
        key_secret="secret-agent3",
    )
    signed_in = await desk.sign_in(Platform.CXONE, server.base_url, credentials)
    return desk, signed_in.note


async def test_a_restart_signs_in_with_the_kept_refresh_token(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    desk, note = await _access_key_desk(sandbox)
    try:
        assert note == ""
        account = account_of(Platform.CXONE, sandbox.base_url)
        kept = keeping.load(account)
        assert kept and kept == desk.session.refresh_token  # type: ignore[union-attr]
    finally:
        await desk.sign_out()
    # The next start: no flow, no password; the kept token is traded (and rotates).
    credentials = await kept_sign_in(Platform.CXONE, sandbox.base_url, Flow(CLIENT))
    assert credentials is not None
    assert keeping.load(account) not in ("", kept)
    again = Desk(_settings(sandbox))
    try:
        signed_in = await again.sign_in(Platform.CXONE, sandbox.base_url, credentials)
        assert signed_in.profile.agent_name
    finally:
        await again.sign_out()
    # `agent-desktop logout --forget` removes it; the next start then has nothing to use.
    assert main(["logout", "--forget"]) == 0
    assert keeping.load(account) == ""
    assert [k for k in memory_keyring.entries if k[0] == keeping.SERVICE] == []
    assert await kept_sign_in(Platform.CXONE, sandbox.base_url, Flow(CLIENT)) is None


async def test_a_rotated_refresh_token_replaces_the_kept_one(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    desk, _ = await _access_key_desk(sandbox)
    try:
        session = desk.session
        assert session is not None
        account = account_of(Platform.CXONE, sandbox.base_url)
        first = keeping.load(account)
        httpx.post(f"{sandbox.base_url}/oauth/revoke", data={"token": session._http.token})  # type: ignore[attr-defined]
        await session.refresh_idle_codes()  # 401, renewed with the refresh token, sent again
        assert keeping.load(account) not in ("", first)
        assert keeping.load(account) == session.refresh_token  # type: ignore[attr-defined]
    finally:
        await desk.sign_out()


async def test_without_a_keyring_nothing_is_written_and_the_user_is_told(
    sandbox: SandboxServer, no_keyring: None, tmp_path: Path
) -> None:
    desk, note = await _access_key_desk(sandbox)
    try:
        assert "No OS keyring" in note
        assert not keeping.available()
    finally:
        await desk.sign_out()


async def test_no_token_or_secret_in_logs_event_log_config_or_data_dir(
    sandbox: SandboxServer,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    desk, _ = await _access_key_desk(sandbox)
    secrets_seen: set[str] = {"secret-agent3", CLIENT.client_secret}
    try:
        session = desk.session
        assert session is not None
        secrets_seen |= {session._http.token, session.refresh_token}  # type: ignore[attr-defined]
        profile = session.profile
        assert profile is not None
        await session.start_station_session(
            StationLogin(
                profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number
            )
        )
        httpx.post(f"{sandbox.base_url}/oauth/revoke", data={"token": session._http.token})  # type: ignore[attr-defined]
        await session.set_available()  # renewed after a 401
        secrets_seen |= {session._http.token, session.refresh_token}  # type: ignore[attr-defined]
        await asyncio.sleep(0)
        event_log = "\n".join(entry.text for entry in session.snapshot.log)
    finally:
        await desk.sign_out()
    sandbox.stop()  # flush the data dir
    secrets_seen.discard("")
    haystacks = {"logs": caplog.text, "event log": event_log}
    kept = {v for (service, _), v in memory_keyring.entries.items() if service == keeping.SERVICE}
    haystacks["the keyring beyond the refresh token"] = "\n".join(kept - {session.refresh_token})  # type: ignore[attr-defined]
    assert sandbox.config.data_dir is not None
    for path in [*sandbox.config.data_dir.rglob("*"), *tmp_path.rglob("*")]:
        if path.is_file():
            haystacks[str(path)] = path.read_bytes().decode("latin-1")
    for where, text in haystacks.items():
        for secret in secrets_seen:
            assert secret not in text, f"a token or secret is in {where}"
    assert any(re.search(r"\w", text) for text in haystacks.values())
