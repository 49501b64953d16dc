"""Bad requests get a 4xx with an ApiErrorResponse body, and nothing makes the server answer 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.backends.webex import wire
from tui.sandbox.server import SandboxServer

# Route -> a valid body, to be broken one way at a time.
BODY_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/agents/login"): {
        "dialNumber": "14155550103",
        "teamId": "7a341bad-b3ff-4283-91ca-afd981161f00",
        "isExtension": False,
        "roles": ["agent"],
        "deviceType": "AGENT_DN",
        "deviceId": "14155550103",
    },
    ("PUT", "/v1/agents/session/state"): {
        "state": "Idle",
        "auxCodeId": "x",
        "lastStateChangeReason": "because",
    },
    ("PUT", "/v1/agents/logout"): {"logoutReason": "bye"},
    ("POST", "/v1/agents/logout"): {"logoutReason": "bye"},
    ("POST", "/v1/agents/buddyList"): {"agentProfileId": "p", "mediaType": "chat"},
    ("POST", "/v1/notification/subscribe"): {"clientType": "AgentDesktop", "force": False},
}
REQUIRED = {
    "/v1/agents/login": ["dialNumber", "roles"],
    "/v1/agents/session/state": ["state", "auxCodeId"],
    "/v1/agents/logout": ["logoutReason"],
    "/v1/agents/buddyList": ["agentProfileId", "mediaType"],
    "/v1/notification/subscribe": [],
}
# The spec's maxLength for string fields.
MAX_LENGTH = {
    "/v1/agents/login": {"dialNumber": 43, "teamId": 36, "deviceId": 43},
    "/v1/agents/session/state": {"auxCodeId": 36, "lastStateChangeReason": 128},
    "/v1/agents/logout": {"logoutReason": 128},
    "/v1/agents/buddyList": {"agentProfileId": 36},
    "/v1/notification/subscribe": {"clientType": 20},
}
WRONG_TYPES = {
    "/v1/agents/login": {"dialNumber": 14155550103, "isExtension": "false", "roles": "agent"},
    "/v1/agents/session/state": {"state": 1, "auxCodeId": 0, "lastStateChangeReason": []},
    "/v1/agents/logout": {"logoutReason": {"why": "x"}},
    "/v1/agents/buddyList": {"agentProfileId": None, "mediaType": "fax"},
    "/v1/notification/subscribe": {"force": "yes", "clientType": 5},
}

ROUTE_IDS = [f"{m} {p}" for m, p in BODY_ROUTES]


@pytest.fixture
def client(module_sandbox: SandboxServer) -> Iterator[httpx.Client]:
    token = httpx.post(
        f"{module_sandbox.base_url}/oauth/token",
        data={"grant_type": "password", "username": "agent3", "password": "agent3"},
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=module_sandbox.base_url, headers=headers) as client:
        yield client


def assert_api_error(response: httpx.Response, status: int | None = None) -> str:
    """A 4xx (the given one, if any) with an ApiErrorResponse body; returns its description."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = wire.ApiErrorResponse.model_validate(response.json())
    assert error.error.key == str(response.status_code)
    assert error.trackingId
    assert error.description and "Traceback" not in error.description
    return error.description


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_malformed_json(client: httpx.Client, method: str, path: str) -> None:
    for raw in (b"{", b"{'single': 'quotes'}", b"\xff\xfe", b'{"a": 1,}', b"nul", b"\x0c", b" "):
        response = client.request(
            method, path, content=raw, headers={"Content-Type": "application/json"}
        )
        assert "JSON" in assert_api_error(response, 400)


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_json_that_is_not_an_object(client: httpx.Client, method: str, path: str) -> None:
    for raw in (b"[]", b'"text"', b"42", b"null", b'[{"logoutReason": "x"}]'):
        response = client.request(
            method, path, content=raw, headers={"Content-Type": "application/json"}
        )
        assert "object" in assert_api_error(response, 400)


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_missing_required_fields(client: httpx.Client, method: str, path: str) -> None:
    valid = BODY_ROUTES[(method, path)]
    for field in REQUIRED[path]:
        body = {k: v for k, v in valid.items() if k != field}
        assert field in assert_api_error(client.request(method, path, json=body), 400)
    if REQUIRED[path]:
        assert_api_error(client.request(method, path, json={}), 400)
        assert_api_error(client.request(method, path), 400)  # no body at all


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_over_long_strings(client: httpx.Client, method: str, path: str) -> None:
    valid = BODY_ROUTES[(method, path)]
    for field, limit in MAX_LENGTH[path].items():
        body = valid | {field: "1" * (limit + 1)}
        description = assert_api_error(client.request(method, path, json=body), 400)
        assert field in description and str(limit) in description


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_wrong_types(client: httpx.Client, method: str, path: str) -> None:
    valid = BODY_ROUTES[(method, path)]
    for field, value in WRONG_TYPES[path].items():
        body = valid | {field: value}
        assert field in assert_api_error(client.request(method, path, json=body), 400)


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=ROUTE_IDS)
def test_wrong_content_type(client: httpx.Client, method: str, path: str) -> None:
    raw = json.dumps(BODY_ROUTES[(method, path)])
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.request(method, path, content=raw, headers={"Content-Type": content_type})
        assert_api_error(response, 415)


def test_an_unknown_state_is_refused(client: httpx.Client) -> None:
    body = {"state": "Busy", "auxCodeId": "0"}
    assert "state" in assert_api_error(client.put("/v1/agents/session/state", json=body), 400)


def test_an_unknown_role_or_device_is_refused(client: httpx.Client) -> None:
    login = BODY_ROUTES[("POST", "/v1/agents/login")]
    assert_api_error(client.post("/v1/agents/login", json=login | {"roles": ["admin"]}), 400)
    assert_api_error(client.post("/v1/agents/login", json=login | {"roles": []}), 400)
    assert_api_error(client.post("/v1/agents/login", json=login | {"deviceType": "FAX"}), 400)


def test_unknown_routes_and_methods(client: httpx.Client) -> None:
    assert_api_error(client.get("/v1/no/such/route"), 404)
    assert_api_error(client.delete("/v1/agents/login"), 405)
    assert_api_error(client.get("/v1/agents/session/state"), 405)


def test_a_very_large_body_is_refused(client: httpx.Client) -> None:
    huge = {"logoutReason": "x", "padding": "y" * 200_000}
    assert_api_error(client.put("/v1/agents/logout", json=huge), 413)


def test_deeply_nested_json_is_a_4xx(client: httpx.Client) -> None:
    raw = "[" * 10_000 + "]" * 10_000
    response = client.put(
        "/v1/agents/logout", content=raw, headers={"Content-Type": "application/json"}
    )
    assert_api_error(response)


def test_bad_query_parameters(client: httpx.Client, module_sandbox: SandboxServer) -> None:
    path = f"/organization/{module_sandbox.org.orgId}/v2/team"
    for params in ({"page": "x"}, {"page": -1}, {"pageSize": 0}, {"filter": "name=~x"}):
        assert_api_error(client.get(path, params=params), 400)


# Fuzz: any JSON body, any query string: never a 5xx. ----------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "dialNumber",
        "teamId",
        "isExtension",
        "roles",
        "deviceType",
        "deviceId",
        "state",
        "auxCodeId",
        "agentId",
        "logoutReason",
        "agentProfileId",
        "mediaType",
        "clientType",
        "allowMultiLogin",
    ]
)
bodies = st.dictionaries(field_names, json_values, max_size=6) | json_values


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(sorted(BODY_ROUTES)), body=bodies)
def test_no_body_makes_the_server_answer_500(
    client: httpx.Client, route: tuple[str, str], body: Any
) -> None:
    method, path = route
    response = client.request(method, path, json=body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert_api_error(response)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    org=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and s not in (".", "..")),
    page=st.integers(-5, 10**7) | st.text(max_size=5),
    query=st.text(max_size=30),
)
def test_no_query_makes_the_server_answer_500(
    client: httpx.Client, org: str, page: Any, query: str
) -> None:
    response = client.get(
        f"/organization/{quote(org, safe='')}/v2/auxiliary-code",
        params={"page": page, "filter": query, "search": query},
    )
    assert response.status_code < 500, response.text


def test_the_wrong_org_is_forbidden(client: httpx.Client) -> None:
    for name in ("auxiliary-code", "team", "dial-plan", "agent-profile", "user"):
        path = f"/organization/00000000-0000-4000-8000-000000000000/v2/{name}"
        assert_api_error(client.get(path), 403)
