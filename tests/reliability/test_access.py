"""Access: no route works without a good token, nobody reaches what is not theirs, tokens are
random, expire, can be revoked and are never written down, and passwords cannot be guessed fast.

The route tables are built from the app itself, so a route added later is in them at once.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from tests.reliability.desktops import server_truth
from tui.sandbox.app import create_app
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.engine.limits import SignInLimiter
from tui.sandbox.engine.org import Org, User
from tui.sandbox.server import SandboxServer

CXONE = "/inContactAPI/services/v23.0"
PUBLIC = {
    ("POST", "/oauth/token"),
    ("POST", "/oauth/revoke"),
    ("GET", "/u2c/api/v1/limited/catalog"),  # the catalog before sign-in, as U2C's
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),
    ("GET", "/.well-known/openid-configuration"),
    ("GET", "/.well-known/cxone-configuration"),
    ("POST", "/incontactauthorizationserver/token/whoami"),
    ("POST", "/v1/access_token"),  # Webex's token endpoint
    *(
        (method, path)
        for path in ("/oauth/authorize", "/v1/authorize", "/auth/authorize")
        for method in ("GET", "POST")
    ),  # the sign-in page of the authorization code flow
    ("POST", "/v1/device/authorize"),
    ("POST", "/v1/device/token"),
    ("GET", "/oauth/device"),
    ("POST", "/oauth/device"),  # the device grant's page for the person
    ("POST", "/authentication/v1/token/access-key"),  # CXone's access keys
}
"""The only HTTP routes that take no bearer token: how to find, get or give one up (whoami
takes the token in its body), and the docs."""
SOCKET = "/v1/notification/subscription/{subscription_id}"
"""The only websocket: its URL (a random subscription id) is the credential."""


def grant(server: SandboxServer, login: str, password: str | None = None) -> httpx.Response:
    form = {"grant_type": "password", "username": login, "password": password or login}
    return httpx.post(f"{server.base_url}/oauth/token", data=form)


def token_of(server: SandboxServer, login: str) -> str:
    answer = grant(server, login)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def http_routes() -> list[tuple[str, str]]:
    """(method, path template) of every HTTP route of the app, HEAD aside."""
    found = []
    for route in iter_route_contexts(create_app().routes):
        if isinstance(route.original_route, APIRoute | Route):
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    found.append((method, route.path_format))
    return sorted(set(found))


def protected_routes() -> list[tuple[str, str]]:
    return [route for route in http_routes() if route not in PUBLIC]


def concrete(path: str, org: Org) -> str:
    """A path template with its parameters filled by real ids, so only the token can fail."""
    agent = org.user_by_login("agent1")
    assert agent is not None
    ids = CxoneIds(org)
    cxone = path.startswith("/inContactAPI/")  # CXone names agents and teams by number
    values = {
        "orgId": org.orgId,
        "version": "23",
        "sessionId": secrets.token_hex(8),
        "agentId": str(ids.agent(agent.id)) if cxone else agent.id,
        "teamId": str(ids.team(agent.teamIds[0])) if cxone else agent.teamIds[0],
        "contactId": "700000001",  # CXone's ContactID: an integer
        "skillId": "4100001",  # a CXone skill (the sandbox's first channel)
        "interactionId": secrets.token_hex(16),  # a contact no one has: the task routes' 404
        "ciUserId": agent.id,
        "profileId": agent.profileId,
        "siteId": agent.siteId,
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"a new path parameter {{{name}}}: give it a value here"
        return values[name]

    return re.sub(r"{(\w+)(?::\w+)?}", fill, path)


def assert_401(response: httpx.Response, why: str) -> None:
    request = response.request
    where = f"{request.method} {request.url.path} ({why})"
    assert response.status_code == 401, f"{where}: {response.status_code} {response.text}"
    assert response.headers["www-authenticate"].lower().startswith("bearer"), where
    body = response.json()
    if request.url.path.startswith("/inContactAPI/"):
        assert body["error"] == "InvalidSecurityUser" and body["message"], where
    else:
        assert body["error"]["key"] == "401" and body["error"]["message"], where


def test_the_public_routes_are_exactly_these() -> None:
    routes = iter_route_contexts(create_app().routes)
    sockets = [r.path_format for r in routes if isinstance(r.original_route, APIWebSocketRoute)]
    assert sockets == [SOCKET]
    assert set(http_routes()) - set(protected_routes()) == PUBLIC
    assert len(protected_routes()) >= 20


MALFORMED: dict[str, str | bytes | None] = {
    "missing": None,
    "scheme only": "Bearer",
    "punctuation": 'Bearer "></\\;=',
    "basic": "Basic " + base64.b64encode(b"agent1:agent1").decode(),
    "another scheme": "Token abcdef",
    "two tokens": "Bearer abc def",
    "huge": "Bearer " + "x" * 6000,
    "latin-1": "Bearer caf\u00e9".encode("latin-1"),
}


@pytest.fixture(scope="module")
def access_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(data_dir=tmp_path_factory.mktemp("access"), traffic=False).start()
    yield server
    server.stop()


@pytest.mark.parametrize("route", protected_routes(), ids=" ".join)
def test_every_route_refuses_a_missing_malformed_unknown_or_revoked_token(
    access_sandbox: SandboxServer, route: tuple[str, str]
) -> None:
    method, template = route
    path = concrete(template, access_sandbox.org)
    revoked = token_of(access_sandbox, "super1")
    with httpx.Client(base_url=access_sandbox.base_url) as client:
        assert client.get("/v1/people/me", headers=bearer(revoked)).status_code == 200
        answer = client.post("/oauth/revoke", data={"token": revoked})
        assert answer.status_code == 200
        attempts = {
            **{why: {} if h is None else {"Authorization": h} for why, h in MALFORMED.items()},
            "unknown": bearer(secrets.token_urlsafe(32)),
            "unknown, in the platform's form": bearer(
                f"{secrets.token_hex(32)}_SBX1_{access_sandbox.org.orgId}"
            ),
            "revoked": bearer(revoked),
        }
        for why, headers in attempts.items():
            assert_401(client.request(method, path, headers=headers, json={}), why)


def test_every_route_refuses_an_expired_token(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """A token that worked stops working when it expires, on every route."""
    server = sandbox_factory(token_lifetime_s=0.5)
    token = token_of(server, "super1")
    with httpx.Client(base_url=server.base_url, headers=bearer(token)) as client:
        assert client.get("/v1/people/me").status_code == 200
        deadline = time.monotonic() + 5
        while client.get("/v1/people/me").status_code == 200:
            assert time.monotonic() < deadline, "the token did not expire"
            time.sleep(0.05)
        for method, template in protected_routes():
            response = client.request(method, concrete(template, server.org), json={})
            assert_401(response, "expired")
            assert "expired" in response.text


def test_revoking_is_quiet_and_final(access_sandbox: SandboxServer) -> None:
    """RFC 7009: 200 for a token that never was too; a revoked token stays dead."""
    base = access_sandbox.base_url
    assert httpx.post(f"{base}/oauth/revoke", data={"token": "never-issued"}).status_code == 200
    assert httpx.post(f"{base}/oauth/revoke", data={}).status_code == 400
    token = token_of(access_sandbox, "agent4")
    other = token_of(access_sandbox, "agent4")
    httpx.post(f"{base}/oauth/revoke", data={"token": token})
    httpx.post(f"{base}/oauth/revoke", data={"token": token})
    assert httpx.get(f"{base}/v1/people/me", headers=bearer(token)).status_code == 401
    assert httpx.get(f"{base}/v1/people/me", headers=bearer(other)).status_code == 200


# -- who may act for whom ------------------------------------------------------------------------


def may_act_for(actor: User, target: User) -> bool:
    """The design's rule, from the org data alone: oneself, or a supervisor for the agents of
    the teams they supervise."""
    if actor.id == target.id:
        return True
    return actor.role == "supervisor" and bool(set(target.teamIds) & set(actor.supervisedTeamIds))


def test_who_may_change_whom_over_every_pair_of_users(sandbox: SandboxServer) -> None:
    """Every user against every user: the Webex state change and logout with `agentId`, and
    CXone's supervisor state change. Allowed pairs get past the permission check; every other
    pair is a 403 and changes nothing."""
    org = sandbox.org
    ids = CxoneIds(org)
    users = list(org.users)
    tokens = {user.id: token_of(sandbox, user.login) for user in users}
    refused = 0
    with httpx.Client(base_url=sandbox.base_url) as client:
        for actor in users:
            headers = bearer(tokens[actor.id])
            for target in users:
                allowed = may_act_for(actor, target)
                attempts = [
                    ("PUT", "/v1/agents/session/state", {"state": "Available", "auxCodeId": "0"}),
                    ("PUT", "/v1/agents/logout", {"logoutReason": "test"}),
                    (
                        "POST",
                        f"{CXONE}/agents/{ids.agent(target.id)}/state",
                        {"state": "Available"},
                    ),
                ]
                for method, path, body in attempts:
                    if path.startswith("/v1/"):
                        body = {**body, "agentId": target.id}
                        expected_ok = allowed
                    else:  # CXone's route is for supervisors only, even about themselves
                        expected_ok = allowed and actor.role == "supervisor"
                    response = client.request(method, path, json=body, headers=headers)
                    pair = f"{actor.login} -> {target.login}: {method} {path}"
                    if expected_ok:
                        assert response.status_code in (202, 409), f"{pair} {response.text}"
                    else:
                        refused += 1
                        assert response.status_code == 403, f"{pair} {response.text}"
    assert refused > 200
    assert all(
        e["kind"] != "state_changed" for e in _events(sandbox)
    )  # nobody had a session: nothing changed for anyone


def test_impersonation_only_with_the_permission_and_only_for_ones_teams(
    sandbox: SandboxServer,
) -> None:
    """Every user tries to join every user's live session as them (CXone `asAgentId`)."""
    org = sandbox.org
    users = list(org.users)
    tokens = {user.id: token_of(sandbox, user.login) for user in users}
    with httpx.Client(base_url=sandbox.base_url) as client:
        for user in users:
            body = {"stationPhoneNumber": user.defaultDialNumber}
            started = client.post(
                f"{CXONE}/agent-sessions", json=body, headers=bearer(tokens[user.id])
            )
            assert started.status_code == 202, started.text
        for actor in users:
            for target in users:
                answer = client.post(
                    f"{CXONE}/agent-sessions/join",
                    json={"asAgentId": CxoneIds(org).agent(target.id)},
                    headers=bearer(tokens[actor.id]),
                )
                pair = f"{actor.login} as {target.login}"
                itself = actor.id == target.id
                if itself or (actor.mayImpersonate and may_act_for(actor, target)):
                    assert answer.status_code == 202, f"{pair}: {answer.text}"
                else:
                    assert answer.status_code == 403, f"{pair}: {answer.text}"
                    assert answer.json()["error"] == "ImpersonateNotEnabled", pair
    assert [u.login for u in users if u.mayImpersonate] == ["super1"]


async def test_another_agents_session_cannot_be_read_or_changed(sandbox: SandboxServer) -> None:
    """With agent1's session id in hand, agent2 can neither poll it, change its state nor end
    it. The answer is CXone's InvalidAgentSession (404): it does not even say the id exists."""
    one, two = token_of(sandbox, "agent1"), token_of(sandbox, "agent2")
    async with httpx.AsyncClient(base_url=sandbox.base_url) as client:
        started = await client.post(
            f"{CXONE}/agent-sessions",
            json={"stationPhoneNumber": "14155550101"},
            headers=bearer(one),
        )
        session_id = started.json()["sessionId"]
        attempts = [
            ("GET", f"{CXONE}/agent-sessions/{session_id}/get-next-event", None),
            ("POST", f"{CXONE}/agent-sessions/{session_id}/state", {"state": "Available"}),
            ("DELETE", f"{CXONE}/agent-sessions/{session_id}", {"forceLogoff": True}),
            ("POST", f"{CXONE}/agent-sessions/join", {"sessionId": session_id}),
        ]
        for method, path, body in attempts:
            answer = await client.request(method, path, json=body, headers=bearer(two))
            assert answer.status_code in (403, 404), (method, path, answer.text)
            assert answer.json()["error"] in ("InvalidAgentSession", "ImpersonateNotEnabled")
        own = await client.get(
            f"{CXONE}/agent-sessions/{session_id}/get-next-event",
            params={"timeout": 0},
            headers=bearer(one),
        )
        assert own.status_code == 200
    truth = await server_truth(sandbox, "agent1")
    assert truth["subStatus"] == "Idle"  # CXone sessions start Unavailable; still so


def _events(server: SandboxServer) -> list[dict[str, Any]]:
    from tests.reliability.desktops import event_log

    assert server.config.data_dir is not None
    return event_log(server.config.data_dir / "sandbox.sqlite3")


# -- tokens themselves ---------------------------------------------------------------------------


def test_tokens_are_random_and_say_nothing_about_their_user(access_sandbox: SandboxServer) -> None:
    user = access_sandbox.org.user_by_login("agent6")
    assert user is not None
    tokens = [token_of(access_sandbox, "agent6") for _ in range(40)]
    assert len(set(tokens)) == len(tokens)
    randoms = []
    for token in tokens:
        # The platform's form, <random>_<cluster>_<orgId>: the org is public, the user is not.
        random_part, cluster, org_id = token.split("_")
        assert org_id == access_sandbox.org.orgId and cluster
        assert len(bytes.fromhex(random_part)) >= 32  # 256 random bits
        assert user.id not in token and "agent6" not in token
        randoms.append(random_part)
    prefix = len(_common_prefix(randoms))
    assert prefix <= 2, "tokens share a prefix: they are not random"


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


# -- guessing passwords --------------------------------------------------------------------------


def test_the_sixth_failed_sign_in_in_a_minute_is_429(access_sandbox: SandboxServer) -> None:
    for attempt in range(5):
        failed = grant(access_sandbox, "agent8", f"guess-{attempt}")
        assert (failed.status_code, failed.json()["error"]) == (400, "invalid_grant")
    for password in ("guess-5", "agent8"):  # even the right password waits now
        limited = grant(access_sandbox, "agent8", password)
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/json"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        body = limited.json()
        assert body["error"] == "too_many_attempts"
        assert "try again in" in body["error_description"]
    assert grant(access_sandbox, "AGENT8 ", "agent8").status_code == 429  # same name, other case
    assert grant(access_sandbox, "agent7").status_code == 200  # other users are not held up


def test_a_success_forgets_the_failures(access_sandbox: SandboxServer) -> None:
    for _ in range(3):
        grant(access_sandbox, "agent9", "wrong")
    assert grant(access_sandbox, "agent9").status_code == 200
    for _ in range(4):
        assert grant(access_sandbox, "agent9", "wrong").status_code == 400
    assert grant(access_sandbox, "agent9").status_code == 200


def test_the_limit_lifts_when_the_window_passes() -> None:
    now = [1000.0]
    limiter = SignInLimiter(max_failures=5, window_s=60, clock=lambda: now[0])
    for step in range(5):
        now[0] += step
        limiter.failed("agent1")
    assert limiter.retry_after("agent1") == 60 - 10  # the first failure leaves at 1060
    now[0] = 1059.5
    assert limiter.retry_after("agent1") == 1
    now[0] = 1060.0
    assert limiter.retry_after("agent1") == 0


def test_names_sprayed_by_the_million_use_bounded_memory() -> None:
    limiter = SignInLimiter(max_names=100)
    for number in range(5000):
        limiter.failed(f"nobody-{number}")
    assert len(limiter) == 100
    assert limiter.retry_after("nobody-4999") == 0  # one failure each: nobody is held up


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(password=st.text(min_size=1, max_size=60))
def test_any_password_is_a_plain_refusal_never_a_500(
    access_sandbox: SandboxServer, password: str
) -> None:
    """Found by this test: `secrets.compare_digest` raised on non-ASCII text (a 500)."""
    if password == "super2":
        return
    answer = grant(access_sandbox, "super2", password)
    assert answer.status_code in (400, 429), answer.text
    if answer.status_code == 400:
        assert answer.json()["error"] in ("invalid_grant", "invalid_request")
