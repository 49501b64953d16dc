"""The sandbox's sign-in flows, each end to end over real HTTP: the authorization code with
PKCE (an HTTP client playing the browser, the loopback redirect read from the 303), the device
grant polled to success, CXone's access key, Webex's token path and refresh rotation."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tui.backends.webex.wire.ids import bare_id
from tui.sandbox.server import SandboxServer

REDIRECT = "http://127.0.0.1:8719/callback"
CLIENT = "desk-client"


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize_query(challenge: str, **overrides: str) -> dict[str, str]:
    query = {
        "client_id": CLIENT,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "openid",
        "state": "s-123",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return query | overrides


def _browser_signs_in(
    base: str, path: str, challenge: str, login: str, password: str | None = None
) -> httpx.Response:
    """What a person does in the browser: open the page, fill in the form, submit."""
    with httpx.Client(base_url=base, follow_redirects=False) as browser:
        page = browser.get(path, params=_authorize_query(challenge))
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
        assert hidden["code_challenge"] == challenge
        form = hidden | {"username": login, "password": password or login}
        return browser.post(path, data=form)


@pytest.mark.parametrize("path", ["/oauth/authorize", "/v1/authorize", "/auth/authorize"])
def test_authorization_code_with_pkce_end_to_end(sandbox: SandboxServer, path: str) -> None:
    verifier, challenge = _pkce()
    answer = _browser_signs_in(sandbox.base_url, path, challenge, "agent3")
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT
    query = parse_qs(target.query)
    assert query["state"] == ["s-123"]
    code = query["code"][0]
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": CLIENT,
        "code_verifier": verifier,
    }
    tokens = httpx.post(f"{sandbox.base_url}/v1/access_token", data=exchange)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    me = httpx.get(
        f"{sandbox.base_url}/v1/people/me",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert me.status_code == 200
    agent3 = sandbox.org.user_by_login("agent3")
    assert agent3 is not None and bare_id(me.json()["id"]) == agent3.id
    again = httpx.post(f"{sandbox.base_url}/oauth/token", data=exchange)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_a_wrong_verifier_or_redirect_gets_no_tokens(sandbox: SandboxServer) -> None:
    for change in ({"code_verifier": secrets.token_urlsafe(48)}, {"redirect_uri": REDIRECT + "x"}):
        verifier, challenge = _pkce()
        answer = _browser_signs_in(sandbox.base_url, "/oauth/authorize", challenge, "agent4")
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        exchange = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": CLIENT,
            "code_verifier": verifier,
        } | change
        refused = httpx.post(f"{sandbox.base_url}/oauth/token", data=exchange)
        assert refused.status_code == 400
        assert refused.json()["error"] == "invalid_grant"


def test_a_wrong_password_shows_the_page_again_and_gives_no_code(sandbox: SandboxServer) -> None:
    _, challenge = _pkce()
    answer = _browser_signs_in(sandbox.base_url, "/oauth/authorize", challenge, "agent3", "nope")
    assert answer.status_code == 401
    assert "location" not in answer.headers
    assert "wrong" in answer.text


@pytest.mark.parametrize(
    "change",
    [
        {"redirect_uri": "https://elsewhere.example/cb"},
        {"redirect_uri": "http://10.0.0.1/cb"},
        {"code_challenge_method": "plain"},
        {"code_challenge": "short"},
        {"response_type": "token"},
        {"client_id": ""},
    ],
)
def test_a_bad_authorization_request_is_refused_in_json(
    sandbox: SandboxServer, change: dict[str, str]
) -> None:
    _, challenge = _pkce()
    answer = httpx.get(
        f"{sandbox.base_url}/oauth/authorize", params=_authorize_query(challenge, **change)
    )
    assert answer.status_code == 400
    assert answer.json()["error"] in {"invalid_request", "unsupported_response_type"}


def test_device_grant_polled_to_success(sandbox_factory: Callable[..., SandboxServer]) -> None:
    sandbox = sandbox_factory(device_interval_s=0)
    started = httpx.post(
        f"{sandbox.base_url}/v1/device/authorize", data={"client_id": CLIENT, "scope": "spark:all"}
    )
    assert started.status_code == 200
    grant = started.json()
    assert re.fullmatch(r"[A-Z]{4}-[A-Z]{4}", grant["user_code"])
    poll = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": grant["device_code"],
        "client_id": CLIENT,
    }
    pending = httpx.post(f"{sandbox.base_url}/v1/device/token", data=poll)
    assert pending.status_code == 400 and pending.json()["error"] == "authorization_pending"
    with httpx.Client() as browser:  # the person, on another machine
        page = browser.get(grant["verification_uri_complete"])
        assert page.status_code == 200 and grant["user_code"] in page.text
        typed = grant["user_code"].lower().replace("-", "")
        form = {"user_code": typed, "username": "agent5", "password": "agent5"}
        done = browser.post(grant["verification_uri"], data=form)
        assert done.status_code == 200 and "signed in" in done.text
    tokens = httpx.post(f"{sandbox.base_url}/v1/device/token", data=poll)
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["refresh_token"]
    spent = httpx.post(f"{sandbox.base_url}/oauth/token", data=poll)
    assert spent.status_code == 400 and spent.json()["error"] == "invalid_grant"


def test_device_polled_too_often_is_told_to_slow_down(sandbox: SandboxServer) -> None:
    grant = httpx.post(f"{sandbox.base_url}/v1/device/authorize", data={"client_id": CLIENT})
    poll = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": grant.json()["device_code"],
        "client_id": CLIENT,
    }
    first = httpx.post(f"{sandbox.base_url}/oauth/token", data=poll)
    second = httpx.post(f"{sandbox.base_url}/oauth/token", data=poll)
    assert first.json()["error"] == "authorization_pending"
    assert second.json()["error"] == "slow_down"


def test_cxone_access_key_sign_in(sandbox: SandboxServer) -> None:
    url = f"{sandbox.base_url}/authentication/v1/token/access-key"
    good = httpx.post(url, json={"accessKeyId": "key-agent2", "accessKeySecret": "secret-agent2"})
    assert good.status_code == 200, good.text
    assert good.json()["agent_id"] and good.json()["refresh_token"]
    bad = httpx.post(url, json={"accessKeyId": "key-agent2", "accessKeySecret": "secret-agent3"})
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    for malformed in ({}, {"accessKeyId": 5, "accessKeySecret": "x"}):
        assert httpx.post(url, json=malformed).status_code == 400


def test_webex_refresh_rotates_and_a_reused_refresh_token_is_refused(
    sandbox: SandboxServer,
) -> None:
    url = f"{sandbox.base_url}/v1/access_token"
    first = httpx.post(
        url, data={"grant_type": "password", "username": "agent1", "password": "agent1"}
    )
    old = first.json()["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": old, "client_id": CLIENT}
    renewed = httpx.post(url, data=form)
    assert renewed.status_code == 200
    assert renewed.json()["refresh_token"] != old
    reused = httpx.post(url, data=form)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"


def test_token_lifetime_is_an_option_of_the_sandbox_command() -> None:
    from tui.cli import build_parser
    from tui.sandbox.options import auth_knobs

    args = build_parser().parse_args(["sandbox", "--token-lifetime", "5"])
    assert auth_knobs(args) == {"token_lifetime_s": 5.0}
