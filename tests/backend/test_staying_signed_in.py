"""The desktop's sign-in flows and staying signed in, against a real sandbox: the loopback
flow with an HTTP client playing the browser, the device grant polled to success, CXone's
access key, tokens renewed under a live session (before expiry and after a 401), and a revoked
refresh token ending in "signed out" and a new sign-in that carries the same session on."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tui.auth.endpoints import cxone_endpoints, webex_endpoints
from tui.auth.flows import DeviceCode, access_key_sign_in, device_sign_in, loopback_sign_in
from tui.auth.tokens import OAuthClient, TokenSet
from tui.backends.credentials import OAuthSignIn, PasswordSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession, StationLogin
from tui.backends.webex.client import WebexSession
from tui.domain import AgentSnapshot, Availability, Link, LoginOption
from tui.domain.snapshot import LogKind
from tui.sandbox.server import SandboxServer

CLIENT = OAuthClient("desk-client", "desk-secret", "spark:all")
WAIT_S = 10.0


async def _play_browser(url: str, login: str) -> None:
    """A person in a browser: the sign-in page, the form, then the redirect to the desktop."""
    async with httpx.AsyncClient(follow_redirects=False) as browser:
        page = await browser.get(url)
        assert page.status_code == 200
        form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        form |= {"username": login, "password": login}
        answer = await browser.post(str(page.url), data=form)
        assert answer.status_code == 303
        landed = await browser.get(answer.headers["location"])  # the desktop's listener
        assert landed.status_code == 200 and "Signed in" in landed.text


def oauth_sign_in(tokens: TokenSet, token_url: str) -> OAuthSignIn:
    return OAuthSignIn(
        tokens.access_token,
        tokens.refresh_token,
        tokens.expires_at_ms,
        token_url,
        CLIENT.client_id,
        CLIENT.client_secret,
        tokens.answer,
    )


async def test_webex_browser_sign_in_end_to_end(sandbox: SandboxServer) -> None:
    endpoints = webex_endpoints(sandbox.base_url)
    shown: list[str] = []
    browsing: list[asyncio.Task[None]] = []

    def show(url: str) -> None:
        shown.append(url)
        browsing.append(asyncio.create_task(_play_browser(url, "agent3")))

    async with httpx.AsyncClient() as client:
        tokens = await loopback_sign_in(client, endpoints, CLIENT, show, timeout_s=WAIT_S)
    await asyncio.gather(*browsing)
    assert shown[0].startswith(f"{sandbox.base_url}/v1/authorize?")
    assert "code_challenge_method=S256" in shown[0]
    assert tokens.refresh_token and tokens.expires_at_ms > 0
    session = WebexSession(sandbox.base_url, request_timeout=5.0)
    try:
        identity = await session.sign_in(oauth_sign_in(tokens, endpoints.token))
        agent3 = sandbox.org.user_by_login("agent3")
        assert agent3 is not None and identity.agent_id == agent3.id
    finally:
        await session.close()


async def test_webex_device_sign_in_polled_to_success(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    sandbox = sandbox_factory(device_interval_s=0)
    endpoints = webex_endpoints(sandbox.base_url)
    approving: list[asyncio.Task[None]] = []
    polls = 0

    async def approve(code: DeviceCode) -> None:
        async with httpx.AsyncClient() as phone:  # someone on another device
            form = {"user_code": code.user_code, "username": "agent5", "password": "agent5"}
            done = await phone.post(code.verification_uri, data=form)
            assert done.status_code == 200

    def show(code: DeviceCode) -> None:
        assert re.fullmatch(r"[A-Z]{4}-[A-Z]{4}", code.user_code)

    async def sleep(_: float) -> None:
        nonlocal polls
        polls += 1
        if polls == 3:  # two polls answered "pending" first
            approving.append(asyncio.create_task(approve(shown_code[0])))
            await approving[0]
        await asyncio.sleep(0)

    shown_code: list[DeviceCode] = []

    def remember(code: DeviceCode) -> None:
        show(code)
        shown_code.append(code)

    async with httpx.AsyncClient() as client:
        tokens = await device_sign_in(client, endpoints, CLIENT, remember, sleep=sleep)
    assert polls == 3 and tokens.refresh_token
    session = WebexSession(sandbox.base_url, request_timeout=5.0)
    try:
        identity = await session.sign_in(oauth_sign_in(tokens, endpoints.token))
        agent5 = sandbox.org.user_by_login("agent5")
        assert agent5 is not None and identity.agent_id == agent5.id
    finally:
        await session.close()


async def test_cxone_access_key_and_browser_sign_in(sandbox: SandboxServer) -> None:
    async with httpx.AsyncClient() as client:
        endpoints = await cxone_endpoints(client, sandbox.base_url)
        assert endpoints.authorize == f"{sandbox.base_url}/auth/authorize"
        by_key = await access_key_sign_in(client, endpoints, "key-agent2", "secret-agent2")
        browsing: list[asyncio.Task[None]] = []

        def show(url: str) -> None:
            browsing.append(asyncio.create_task(_play_browser(url, "agent4")))

        by_browser = await loopback_sign_in(client, endpoints, CLIENT, show, timeout_s=WAIT_S)
        await asyncio.gather(*browsing)
    for tokens, login in ((by_key, "agent2"), (by_browser, "agent4")):
        session = CxoneSession(sandbox.base_url, request_timeout=5.0)
        try:
            identity = await session.sign_in(oauth_sign_in(tokens, endpoints.token))
            profile = await session.load_profile()
            assert profile.agent_name and identity.display_name
            user = sandbox.org.user_by_login(login)
            assert user is not None and identity.display_name.startswith(user.firstName)
        finally:
            await session.close()


# -- staying signed in ------------------------------------------------------------------------


@pytest.fixture
async def sessions() -> AsyncIterator[list[DesktopSession]]:
    made: list[DesktopSession] = []
    yield made
    for session in made:
        await session.close()


async def until(
    session: DesktopSession, check: Callable[[AgentSnapshot], Any], timeout: float = WAIT_S
) -> AgentSnapshot:
    async with asyncio.timeout(timeout):
        while not check(session.snapshot):
            await session.next_batch()
    return session.snapshot


async def _webex_desk(
    server: SandboxServer, login: str, sessions: list[DesktopSession]
) -> WebexSession:
    session = WebexSession(server.base_url, request_timeout=5.0)
    sessions.append(session)
    await session.sign_in(PasswordSignIn(login, login))
    profile = await session.load_profile()
    await session.start_station_session(
        StationLogin(profile.default_team_id, LoginOption.DIAL_NUMBER, profile.default_dial_number)
    )
    return session


def _revoke(server: SandboxServer, token: str) -> None:
    answer = httpx.post(f"{server.base_url}/oauth/revoke", data={"token": token})
    assert answer.status_code == 200


async def test_a_401_renews_the_token_and_the_request_is_sent_again(
    sandbox: SandboxServer, sessions: list[DesktopSession]
) -> None:
    session = await _webex_desk(sandbox, "agent3", sessions)
    old = session._http.token
    _revoke(sandbox, old)  # the access token dies before its time: the next request gets 401
    lunch = next(c for c in session.profile.idle_codes if c.name == "Lunch")  # type: ignore[union-attr]
    await session.set_idle(lunch)  # refused with 401, renewed, sent again: no error
    assert session.snapshot.availability is Availability.IDLE
    assert session._http.token != old and session.refreshes == 1
    assert session.connection.link is Link.ONLINE


async def test_a_revoked_refresh_token_signs_out_and_a_new_sign_in_carries_on(
    sandbox: SandboxServer, sessions: list[DesktopSession]
) -> None:
    session = await _webex_desk(sandbox, "agent2", sessions)
    session_id = session.snapshot.session_id
    session._password = None  # as after a browser sign-in: only the refresh token renews
    _revoke(sandbox, session.refresh_token)
    _revoke(sandbox, session._http.token)
    lunch = next(c for c in session.profile.idle_codes if c.name == "Lunch")  # type: ignore[union-attr]
    with pytest.raises(Exception) as refused:
        await session.set_idle(lunch)
    assert type(refused.value).__name__ == "NotSignedIn"
    await until(session, lambda s: s.connection.link is Link.SIGNED_OUT)

    async with httpx.AsyncClient() as client:
        endpoints = webex_endpoints(sandbox.base_url)
        browsing: list[asyncio.Task[None]] = []

        def show(url: str) -> None:
            browsing.append(asyncio.create_task(_play_browser(url, "agent2")))

        tokens = await loopback_sign_in(client, endpoints, CLIENT, show, timeout_s=WAIT_S)
        await asyncio.gather(*browsing)
    await session.sign_in_again(oauth_sign_in(tokens, endpoints.token))
    assert session.connection.link is Link.ONLINE
    await session.set_idle(lunch)
    assert session.snapshot.session_id == session_id  # the same station session
    # ... and the same stream: a supervisor's change arrives on it.
    boss = WebexSession(sandbox.base_url, request_timeout=5.0)
    sessions.append(boss)
    await boss.sign_in(PasswordSignIn("super1", "super1"))
    await boss.load_profile()
    await boss.set_agent_state(session.snapshot.agent_id, Availability.AVAILABLE, None)
    changed = await until(session, lambda s: s.availability is Availability.AVAILABLE)
    assert changed.changed_by_name == "Morgan Lee"


async def test_signing_in_again_as_someone_else_is_refused(
    sandbox: SandboxServer, sessions: list[DesktopSession]
) -> None:
    session = await _webex_desk(sandbox, "agent6", sessions)
    with pytest.raises(Exception) as refused:
        await session.sign_in_again(PasswordSignIn("agent7", "agent7"))
    assert "same agent" in str(refused.value)
    assert session.identity is not None
    agent6 = sandbox.org.user_by_login("agent6")
    assert agent6 is not None and session.identity.agent_id == agent6.id


@pytest.mark.slow
async def test_a_minute_of_work_on_five_second_tokens_shows_no_error(
    sandbox_factory: Callable[..., SandboxServer], sessions: list[DesktopSession]
) -> None:
    server = sandbox_factory(
        token_lifetime_s=5,
        traffic=True,
        seed=7,
        offer_chance=0.5,
        traffic_tick_s=0.2,
        ring_for_s=0.0,
        phone_answers=False,
        handle_for_s=(1.0, 2.0),
    )
    session = await _webex_desk(server, "agent2", sessions)
    profile = session.profile
    assert profile is not None
    lunch = next(c for c in profile.idle_codes if c.name == "Lunch")
    wrap = next(c for c in profile.wrap_up_codes if c.is_default)
    links: list[Link] = []
    handled = 0
    loop = asyncio.get_running_loop()
    ends = loop.time() + 60
    while loop.time() < ends:
        snapshot = session.snapshot
        links.append(session.connection.link)
        for contact in snapshot.contacts:
            if contact.state.is_offer:
                await session.accept_contact(contact.id)
                handled += 1
            elif contact.state.name == "CONNECTED":
                await session.end_contact(contact.id)
            elif contact.state.name == "WRAP_UP":
                await session.wrap_up_contact(contact.id, wrap)
        if not session.snapshot.contacts:
            if session.snapshot.availability is Availability.AVAILABLE:
                await session.set_idle(lunch)
            else:
                await session.set_available()
        with pytest.raises(TimeoutError):  # let events arrive for a moment
            async with asyncio.timeout(0.3):
                await session.next_batch()
                await asyncio.Event().wait()
    problems = [entry.text for entry in session.snapshot.log if entry.kind is LogKind.PROBLEM]
    assert problems == []
    assert set(links) == {Link.ONLINE}
    assert session.refreshes >= 10  # a 5 s token renewed ahead of expiry, all minute long
    assert handled >= 5
