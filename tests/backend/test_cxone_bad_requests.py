"""Hostile input on the CXone routes: always a 4xx with a `{error, message}` body, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.backend.cxone_http import api
from tui.sandbox.server import SandboxServer


@pytest.fixture(scope="module")
def client(module_sandbox: SandboxServer) -> Iterator[httpx.Client]:
    form = {"grant_type": "password", "username": "agent3", "password": "agent3"}
    token = httpx.post(f"{module_sandbox.base_url}/oauth/token", data=form).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=module_sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def ended_session(client: httpx.Client) -> str:
    """The id of a session of agent3's that has ended (its routes answer 409 at once)."""
    started = client.post(api("agent-sessions"), json={"stationPhoneNumber": "14155550103"})
    assert started.status_code == 202, started.text
    session_id = started.json()["sessionId"]
    assert client.delete(api(f"agent-sessions/{session_id}")).status_code == 202
    return session_id


def assert_cxone_error(response: httpx.Response, status: int | None = None) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] and body["message"], body
    return body


BAD_BODIES: list[tuple[str, str, Any, int]] = [
    ("POST", "agent-sessions", {"stationPhoneNumber": 14155550103}, 400),
    ("POST", "agent-sessions", {"stationId": "1" * 65}, 400),
    ("POST", "agent-sessions", {"stationPhoneNumber": "1" * 44}, 400),
    ("POST", "agent-sessions", {"stationId": "1003", "inactivityTimeout": "30"}, 400),
    ("POST", "agent-sessions", {"stationId": "1003", "inactivityTimeout": -1}, 400),
    ("POST", "agent-sessions", {"stationId": "1003", "inactivityForceLogout": "yes"}, 400),
    ("POST", "agent-sessions/join", {"asAgentId": 5.5}, 400),
    ("POST", "agent-sessions/join", {"asAgentId": [5]}, 400),
    ("POST", "agent-sessions/join", {"asAgentId": "a" * 65}, 400),
    ("POST", "agent-sessions/join", {"sessionId": ["x"]}, 400),
    ("POST", "agent-sessions/{ended}/state", {"state": 1}, 400),
    ("POST", "agent-sessions/{ended}/state", {"state": "Unavailable", "reason": []}, 400),
    ("POST", "agent-sessions/{ended}/state", {"state": "U" * 33}, 400),
    ("POST", "agent-sessions/{ended}/state", {"state": "Unavailable", "reason": "r" * 129}, 400),
    ("POST", "agent-sessions/{ended}/state", {}, 400),
    ("DELETE", "agent-sessions/{ended}", {"forceLogoff": "yes"}, 400),
    ("GET", "agent-sessions/{ended}/get-next-event", {"timeout": 1.5}, 400),
    ("GET", "agent-sessions/{ended}/get-next-event", {"timeout": True}, 400),
    ("GET", "agent-sessions/{ended}/get-next-event", {"timeout": "5"}, 400),
    ("GET", "agent-sessions/{ended}/get-next-event", {"timeout": 61}, 400),
    ("POST", "agents/{me}/state", {"state": None}, 400),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD_BODIES)
def test_wrong_types_and_over_long_strings(
    client: httpx.Client, ended_session: str, method: str, path: str, body: Any, status: int
) -> None:
    me = client.get(api("agents/me")).json()["agentId"]
    url = api(path.format(ended=ended_session, me=me))
    assert_cxone_error(client.request(method, url, json=body), status)


@pytest.mark.parametrize(
    "query",
    ["timeout=-1", "timeout=61", "timeout=abc", "timeout=1.5", "timeout=", "timeout=1&timeout=2"],
)
def test_bad_timeouts(client: httpx.Client, ended_session: str, query: str) -> None:
    url = api(f"agent-sessions/{ended_session}/get-next-event") + "?" + query
    words = assert_cxone_error(client.get(url), 400)["message"]
    assert "timeout" in words


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'"text"', "application/json", 400),
        (b"5", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"[" * 100_000, "application/json", 413),
        (b"state=Available", "text/plain", 400),
        (json.dumps({"pad": "x" * 70_000}).encode(), "application/json", 413),
    ],
)
def test_malformed_bodies(
    client: httpx.Client, ended_session: str, content: bytes, content_type: str, status: int
) -> None:
    for path in ("agent-sessions/join", f"agent-sessions/{ended_session}/state"):
        response = client.post(api(path), content=content, headers={"content-type": content_type})
        assert_cxone_error(response, status)


def test_odd_paths_and_queries(client: httpx.Client) -> None:
    long_id = "s" * 5000
    body = assert_cxone_error(client.get(api(f"agent-sessions/{long_id}/get-next-event")), 404)
    assert body["error"] == "InvalidAgentSession"
    assert_cxone_error(client.get(api(f"teams/{'t' * 5000}/unavailable-codes")), 404)
    assert_cxone_error(client.post(api(f"agents/{'a' * 5000}/state"), json={"state": "x"}), 403)
    many = "&".join(f"p{i}=1" for i in range(40))
    assert_cxone_error(client.post(api("agent-sessions/join") + "?" + many), 400)
    assert_cxone_error(client.post(api("agent-sessions") + "?stationId=%00%01"), 400)
    assert_cxone_error(client.get(api("agent-sessions//get-next-event")), 404)
    assert_cxone_error(client.patch(api("agents/states")), 405)


# -- fuzzing -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=80),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "stationId",
    "stationPhoneNumber",
    "inactivityTimeout",
    "inactivityForceLogout",
    "asAgentId",
    "sessionId",
    "state",
    "reason",
    "forceLogoff",
    "endContacts",
    "ignorePersonalQueue",
    "timeout",
]
ROUTES = [
    ("POST", "agent-sessions/join"),
    ("POST", "agent-sessions/{made_up}/state"),
    ("POST", "agent-sessions/{ended}/state"),
    ("DELETE", "agent-sessions/{ended}"),
    ("GET", "agent-sessions/{made_up}/get-next-event"),
    ("GET", "agent-sessions/{ended}/get-next-event"),
    ("POST", "agents/{me}/state"),
    ("GET", "teams/{made_up}/unavailable-codes"),
]
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _route(index: int, ended: str, me: str) -> tuple[str, str]:
    method, path = ROUTES[index % len(ROUTES)]
    return method, api(path.format(made_up="made-up", ended=ended, me=me))


def _answer_is_sound(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert_cxone_error(response)


@FUZZ
@given(
    st.integers(min_value=0, max_value=100),
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
)
def test_fuzzed_bodies_never_break_the_server(
    client: httpx.Client, ended_session: str, route: int, body: dict[str, Any]
) -> None:
    method, url = _route(route, ended_session, "nobody")
    _answer_is_sound(client.request(method, url, json=body))


@FUZZ
@given(
    st.integers(min_value=0, max_value=100),
    st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=80), max_size=4),
)
def test_fuzzed_query_strings_never_break_the_server(
    client: httpx.Client, ended_session: str, route: int, params: dict[str, str]
) -> None:
    method, url = _route(route, ended_session, "nobody")
    _answer_is_sound(client.request(method, url, params=params))
