"""`POST /oauth/token`, `GET /v1/people/me`, and 401 for missing, bad or expired tokens."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tui.backends.webex import wire
from tui.backends.webex.wire.ids import bare_id
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer

ORG_LISTS = ("auxiliary-code", "team", "dial-plan", "agent-profile", "user")


def protected_routes(org_id: str) -> list[tuple[str, str, Any]]:
    """Every route but the token route, each with a valid body so only the token can fail."""
    state = {"state": "Available", "auxCodeId": "0"}
    login = {"dialNumber": "14155550103", "roles": ["agent"], "teamId": "x"}
    buddies = {"agentProfileId": "x", "mediaType": "telephony"}
    routes: list[tuple[str, str, Any]] = [
        ("GET", "/v1/people/me", None),
        ("POST", "/v1/notification/subscribe", {}),
        ("POST", "/v1/agents/login", login),
        ("PUT", "/v1/agents/session/state", state),
        ("PUT", "/v1/agents/logout", {"logoutReason": "x"}),
        ("POST", "/v1/agents/logout", {"logoutReason": "x"}),
        ("POST", "/v1/agents/reload", None),
        ("POST", "/v1/agents/buddyList", buddies),
    ]
    routes += [("GET", f"/organization/{org_id}/v2/{name}", None) for name in ORG_LISTS]
    return routes


def token_for(server: SandboxServer, login: str, password: str | None = None) -> httpx.Response:
    form = {"grant_type": "password", "username": login, "password": password or login}
    return httpx.post(f"{server.base_url}/oauth/token", data=form)


def test_password_grant_answers_a_bearer_token_with_agent_and_team(sandbox: SandboxServer) -> None:
    response = token_for(sandbox, "agent3")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    agent3 = sandbox.org.user_by_login("agent3")
    assert agent3 is not None
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 12 * 3600
    ids = CxoneIds(sandbox.org)  # CXone's legacy token names the agent and team by number
    assert body["agent_id"] == ids.agent(agent3.id)
    assert body["team_id"] == ids.team(agent3.teamIds[0])
    assert isinstance(body["access_token"], str) and len(body["access_token"]) >= 32
    assert token_for(sandbox, "agent3").json()["access_token"] != body["access_token"]


PASSWORD = {"grant_type": "password"}


@pytest.mark.parametrize(
    ("form", "error"),
    [
        (PASSWORD | {"username": "agent3", "password": "wrong"}, "invalid_grant"),
        (PASSWORD | {"username": "nobody", "password": "nobody"}, "invalid_grant"),
        (PASSWORD | {"username": "agent3"}, "invalid_request"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"username": "agent3", "password": "agent3"}, "invalid_request"),
        (PASSWORD | {"username": "a" * 1000, "password": "x"}, "invalid_request"),
    ],
    ids=["wrong-password", "unknown-user", "no-password", "grant", "no-grant", "long"],
)
def test_bad_token_requests_get_an_oauth_error(
    module_sandbox: SandboxServer, form: dict[str, str], error: str
) -> None:
    response = httpx.post(f"{module_sandbox.base_url}/oauth/token", data=form)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == error
    assert isinstance(body["error_description"], str) and body["error_description"]


def test_the_token_route_wants_a_form(sandbox: SandboxServer) -> None:
    as_json = {"grant_type": "password", "username": "agent3", "password": "agent3"}
    response = httpx.post(f"{sandbox.base_url}/oauth/token", json=as_json)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_people_me(sandbox: SandboxServer) -> None:
    """The general Webex API's shape: base64 ``ciscospark://us/PEOPLE/<uuid>`` ids, which
    decode to the contact-center UUIDs; roles are Webex role ids, not ``agent``/``supervisor``."""
    token = token_for(sandbox, "super1").json()["access_token"]
    response = httpx.get(
        f"{sandbox.base_url}/v1/people/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    person = wire.Person.model_validate(response.json())
    super1 = sandbox.org.user_by_login("super1")
    assert super1 is not None
    assert person.id != super1.id and person.orgId != sandbox.org.orgId
    assert base64.b64decode(person.id + "==").decode() == f"ciscospark://us/PEOPLE/{super1.id}"
    assert (bare_id(person.id), bare_id(person.orgId)) == (super1.id, sandbox.org.orgId)
    assert person.displayName == super1.display_name
    assert person.emails == [super1.email] and person.roles == []


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic YWdlbnQzOmFnZW50Mw==", "bearer x"],
    ids=["missing", "empty", "unknown", "basic", "lowercase"],
)
def test_every_route_answers_401_without_a_good_token(
    module_sandbox: SandboxServer, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    with httpx.Client(base_url=module_sandbox.base_url, headers=headers) as client:
        for method, path, body in protected_routes(module_sandbox.org.orgId):
            response = client.request(method, path, json=body)
            assert response.status_code == 401, (method, path, response.text)
            assert response.headers["www-authenticate"].startswith("Bearer")
            error = wire.ApiErrorResponse.model_validate(response.json())
            assert error.error.key == "401" and error.description


def test_every_route_answers_401_for_an_expired_token(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(token_lifetime_s=0)  # every token is born expired
    grant = token_for(server, "agent3")
    assert grant.status_code == 200 and grant.json()["expires_in"] == 0
    headers = {"Authorization": f"Bearer {grant.json()['access_token']}"}
    with httpx.Client(base_url=server.base_url, headers=headers) as client:
        for method, path, body in protected_routes(server.org.orgId):
            response = client.request(method, path, json=body)
            assert response.status_code == 401, (method, path)
            assert "expired" in response.json()["error"]["message"][0]["description"]


def test_a_token_from_another_server_is_unknown(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    one, two = sandbox_factory(), sandbox_factory()
    token = token_for(one, "agent3").json()["access_token"]
    response = httpx.get(
        f"{two.base_url}/v1/people/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_tokens_never_reach_the_log(
    sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = token_for(sandbox, "agent3").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    httpx.get(f"{sandbox.base_url}/v1/people/me", headers=headers)
    httpx.post(f"{sandbox.base_url}/v1/agents/login", headers=headers, content=b"{")
    assert token not in caplog.text
    assert "agent3" not in [r.getMessage() for r in caplog.records if "password" in r.getMessage()]
