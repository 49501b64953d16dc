"""schemathesis against a live sandbox: its own `/openapi.json`, and the vendor's Webex files.

Own document: every operation, valid and invalid input, with the bearer token of a supervisor
(who reaches the most). Checks: no 5xx; every status, content type, header and body as
documented; invalid input refused; no route works without the token (`ignored_auth`); an
undeclared method is refused.

Vendor files (`../shared/specs/webex/*.yml`): only the operations the sandbox serves. Valid
input must get answers the vendor documents, in the vendor's shapes; any input (valid or not)
must not get a 5xx. The vendor files have two known gaps, closed here and only here
(`apply_errata`).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import websockets.sync.client
import yaml
from schemathesis import Config

from tui.sandbox import openapi
from tui.sandbox.app import create_app
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
SPECS = Path(os.environ.get("AGENT_DESKTOP_WEBEX_SPECS", ROOT.parent / "shared/specs/webex"))
EXAMPLES = 30
SEED = 20261122
"""A fixed seed: CI checks the same inputs every run; change it on purpose to explore more."""

SERVED = {
    ("POST", "/v1/notification/subscribe"),
    ("POST", "/v1/agents/login"),
    ("PUT", "/v1/agents/logout"),
    ("PUT", "/v1/agents/session/state"),
    ("POST", "/v1/agents/reload"),
    ("POST", "/v1/agents/buddyList"),
    ("GET", "/organization/{orgid}/v2/auxiliary-code"),
    ("GET", "/organization/{orgid}/v2/team"),
    ("GET", "/organization/{orgid}/v2/dial-plan"),
    ("GET", "/organization/{orgid}/dial-plan"),  # the SDK's bare-array form
}
"""The vendor operations the sandbox serves; the rest of the files (CRUD, statistics) it does
not, and they are not fuzzed."""

EVERY_CHECK = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "ignored_auth",
    "unsupported_method",
    "missing_required_header",
]


def checks(*enabled: str) -> dict[str, Any]:
    return {"enabled": False} | {name: {"enabled": True} for name in enabled}


@pytest.fixture(scope="module")
def fuzzed_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(data_dir=tmp_path_factory.mktemp("fuzzed"), traffic=False).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bearer(fuzzed_sandbox: SandboxServer) -> dict[str, str]:
    form = {"grant_type": "password", "username": "super1", "password": "super1"}
    token = httpx.post(f"{fuzzed_sandbox.base_url}/oauth/token", data=form).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


# -- the sandbox's own document ------------------------------------------------------------------


@pytest.fixture(scope="module")
def own_schema(fuzzed_sandbox: SandboxServer, bearer: dict[str, str]) -> Any:
    config = Config.from_dict(
        {
            "seed": SEED,
            "base-url": fuzzed_sandbox.base_url,
            "headers": bearer,
            # The sandbox's org (else nearly every list is a 403), CXone v23, and long polls
            # that answer at once rather than after up to 60 s.
            "parameters": {
                "orgId": fuzzed_sandbox.org.orgId,
                "tenantId": fuzzed_sandbox.org.orgId,
                "version": 23,
                "timeout": 0,
            },
            "generation": {"max-examples": EXAMPLES},
            "checks": checks(*EVERY_CHECK),
        }
    )
    return schemathesis.openapi.from_url(f"{fuzzed_sandbox.base_url}/openapi.json", config=config)


own = schemathesis.pytest.from_fixture("own_schema")


@own.parametrize()
def test_the_sandbox_keeps_its_own_openapi_contract(case: Any) -> None:
    case.call_and_validate()


def test_every_route_is_in_the_document_with_its_answers() -> None:
    """A new route cannot slip out of the document (and so out of the run above)."""
    app = create_app()
    assert openapi.undocumented(app) == []
    document = app.openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert statuses & {"200", "202"}, (method, path)
            assert "422" not in statuses, (method, path)
            public = (method.upper(), path) in openapi.PUBLIC
            assert ("security" not in operation) is public, (method, path)
    assert "HTTPValidationError" not in str(document)


@pytest.fixture(scope="module")
def cxone_schema(fuzzed_sandbox: SandboxServer) -> Any:
    """CXone's routes again, with ids that exist: super2's live session, an agent of their
    team, their team. (Random ids stop at 404; these reach the handlers' depths.)"""
    org = fuzzed_sandbox.org
    super2, agent7 = org.user_by_login("super2"), org.user_by_login("agent7")
    assert super2 is not None and agent7 is not None
    ids = CxoneIds(org)
    form = {"grant_type": "password", "username": "super2", "password": "super2"}
    token = httpx.post(f"{fuzzed_sandbox.base_url}/oauth/token", data=form).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    started = httpx.post(
        f"{fuzzed_sandbox.base_url}/inContactAPI/services/v23.0/agent-sessions",
        json={"stationPhoneNumber": super2.defaultDialNumber},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    config = Config.from_dict(
        {
            "seed": SEED,
            "base-url": fuzzed_sandbox.base_url,
            "headers": headers,
            "parameters": {
                "version": 23,
                "timeout": 0,
                "sessionId": started.json()["sessionId"],
                "agentId": str(ids.agent(agent7.id)),  # CXone's integers
                "teamId": str(ids.team(agent7.teamIds[0])),
                "contactId": "700000001",  # traffic is off: no such contact, a 404 after the body
                "skillId": "4100001",  # the first channel's skill
            },
            "generation": {"max-examples": EXAMPLES},
            "checks": checks(*EVERY_CHECK),
        }
    )
    return schemathesis.openapi.from_url(f"{fuzzed_sandbox.base_url}/openapi.json", config=config)


cxone = schemathesis.pytest.from_fixture("cxone_schema").include(path_regex="^/inContactAPI/")


@cxone.parametrize()
def test_the_cxone_routes_keep_the_contract_with_live_ids(case: Any) -> None:
    case.call_and_validate()


@pytest.fixture(scope="module")
def tasks_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The Webex task routes again, with a contact that exists: agent3's chat offer on a
    sandbox whose traffic offers every channel with room. (A random id stops at 404; this one
    reaches the engine, in whatever state the earlier cases left it.)"""
    server = SandboxServer(
        data_dir=tmp_path_factory.mktemp("tasks"),
        traffic=True,
        seed=SEED,
        offer_chance=1.0,
        traffic_tick_s=0.05,
        ring_for_s=0.0,
        phone_answers=False,
        handle_for_s=(600.0, 600.0),
    ).start()
    try:
        base = server.base_url
        form = {"grant_type": "password", "username": "agent3", "password": "agent3"}
        token = httpx.post(f"{base}/oauth/token", data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        url = httpx.post(f"{base}/v1/notification/subscribe", json={}, headers=headers).json()
        agent = server.org.user_by_login("agent3")
        assert agent is not None
        with websockets.sync.client.connect(url["webSocketUrl"]) as socket:
            login = {
                "dialNumber": agent.defaultDialNumber,
                "teamId": agent.teamIds[0],
                "deviceType": "AGENT_DN",
                "roles": ["agent"],
            }
            assert httpx.post(f"{base}/v1/agents/login", json=login, headers=headers).is_success
            state = {"state": "Available", "auxCodeId": "0"}
            httpx.put(f"{base}/v1/agents/session/state", json=state, headers=headers)
            contact = ""
            while not contact:
                data = json.loads(socket.recv(timeout=5.0)).get("data") or {}
                if data.get("type") == "AgentOfferContact" and data.get("mediaType") == "chat":
                    contact = data["interactionId"]
        config = Config.from_dict(
            {
                "seed": SEED,
                "base-url": base,
                "headers": headers,
                "parameters": {"interactionId": contact},
                "generation": {"max-examples": EXAMPLES},
                "checks": checks(*EVERY_CHECK),
            }
        )
        yield schemathesis.openapi.from_url(f"{base}/openapi.json", config=config)
    finally:
        server.stop()


tasks = schemathesis.pytest.from_fixture("tasks_schema").include(path_regex="^/v1/tasks/")


@tasks.parametrize()
def test_the_task_routes_keep_the_contract_with_a_live_contact(case: Any) -> None:
    case.call_and_validate()


# -- the vendor's documents ----------------------------------------------------------------------


def vendor_files() -> list[str]:
    return sorted(path.name for path in SPECS.glob("*.openapi.yml")) if SPECS.is_dir() else []


def apply_errata(document: dict[str, Any]) -> dict[str, Any]:
    """The two gaps of the published files, closed the way the sandbox (and the real service)
    behaves; everything else is checked exactly as published.

    1. `ResponseEnvelope*.meta` is declared as a map of objects, yet the same files define its
       real shape, `MetaDataReferencesPagingInfo` (`orgid` a string, `page` a number, ...).
    2. The v2 list routes document no 400, yet take a `filter` in RSQL; the sandbox refuses a
       filter it cannot read (400, `ApiErrorResponse`) rather than silently ignore it.
    """
    document = copy.deepcopy(document)
    schemas = document.get("components", {}).get("schemas", {})
    if "MetaDataReferencesPagingInfo" in schemas:
        for name, schema in schemas.items():
            if name.startswith("ResponseEnvelope") and "meta" in schema.get("properties", {}):
                meta = {"$ref": "#/components/schemas/MetaDataReferencesPagingInfo"}
                schema["properties"]["meta"] = meta
    for path, operations in document.get("paths", {}).items():
        listing = operations.get("get") if "/v2/" in path else None
        if listing is not None and "400" not in listing["responses"]:
            refused = {"$ref": "#/components/schemas/ApiErrorResponse"}
            listing["responses"]["400"] = {
                "description": "A filter the server cannot read.",
                "content": {"application/json": {"schema": refused}},
            }
    return document


@pytest.fixture(scope="module", params=["positive", "all"])
def vendor_mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module", params=vendor_files() or ["(missing)"])
def vendor_schema(
    request: pytest.FixtureRequest,
    fuzzed_sandbox: SandboxServer,
    bearer: dict[str, str],
    vendor_mode: str,
) -> Any:
    if request.param == "(missing)":
        pytest.skip(f"the vendor files are not at {SPECS} (set AGENT_DESKTOP_WEBEX_SPECS)")
    document = apply_errata(yaml.safe_load((SPECS / request.param).read_text()))
    enabled = EVERY_CHECK[:5] if vendor_mode == "positive" else ["not_a_server_error"]
    config = Config.from_dict(
        {
            "seed": SEED,
            "base-url": fuzzed_sandbox.base_url,
            "headers": bearer,
            "parameters": {"orgid": fuzzed_sandbox.org.orgId},
            "generation": {"max-examples": EXAMPLES, "mode": vendor_mode},
            "checks": checks(*enabled),
        }
    )
    return schemathesis.openapi.from_dict(document, config=config)


vendor = schemathesis.pytest.from_fixture("vendor_schema").include(
    lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in SERVED
)


@vendor.parametrize()
def test_the_sandbox_keeps_the_vendor_contract(case: Any) -> None:
    case.call_and_validate()


def test_the_errata_touch_only_what_they_say() -> None:
    if not vendor_files():
        pytest.skip(f"the vendor files are not at {SPECS}")
    for name in vendor_files():
        published = yaml.safe_load((SPECS / name).read_text())
        corrected = apply_errata(published)
        for path, operations in published["paths"].items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                added = set(corrected["paths"][path][method]["responses"]) - set(
                    operation["responses"]
                )
                assert added <= {"400"}, (name, method, path, added)
