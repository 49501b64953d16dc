"""The sandbox's `/openapi.json`: what every route takes and every answer it can give.

The routers read their bodies themselves (`body.read_body`, `cxone.input.read_params`) so
that each fault has its own plain-words 4xx, and they answer errors through exception
handlers; FastAPI sees neither. Left alone it would publish routes without bodies, without
their errors, without the bearer token they need, and with a 422 no route ever sends. This
module completes the generated document from the wire models, so that it is a contract the
server can be held to (schemathesis does, in tests/reliability).

Every route is covered by a rule below or is listed in `UNDOCUMENTED_OK`; `undocumented()`
names any that is neither, and a test keeps that list empty.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from tui.backends.cxone import wire as cxone
from tui.backends.webex import wire as webex
from tui.backends.webex.wire import desktop_login as profile

CXONE = "/inContactAPI/services/v{version}.0"
WHOAMI = "/incontactauthorizationserver/token/whoami"
PUBLIC = frozenset(
    {
        ("POST", "/oauth/token"),
        ("POST", "/oauth/revoke"),
        ("GET", "/.well-known/openid-configuration"),
        ("GET", "/.well-known/cxone-configuration"),
        ("POST", WHOAMI),
        ("GET", "/u2c/api/v1/limited/catalog"),
    }
)
"""Routes that take no bearer token (they are how one is found, obtained or given up;
whoami takes the token in its body; the Webex catalog before sign-in says where the API is)."""
BEARER = "bearerAuth"


class TrackingIdAnswer(BaseModel):
    """The 202 of every Webex agent command; its result follows as a notification frame."""

    trackingId: str


class TokenAnswer(BaseModel):
    """`POST /oauth/token`: an OAuth2 bearer token and its refresh token, plus who it belongs
    to and where the CXone API is (as CXone's token answer says)."""

    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    scope: str
    resource_server_base_uri: str
    refresh_token_server_uri: str
    agent_id: int
    team_id: int
    bus_no: int
    tenantId: str


class WhoamiAnswer(BaseModel):
    """`POST .../token/whoami`: who an access token is for (what the auth SDK reads)."""

    agent_id: int
    team_id: int
    bus_no: int
    expires_in: int
    iss: str
    sub: str
    resource_server_base_uri: str
    refresh_token_server_uri: str


class WhoamiRequest(BaseModel):
    token: str = Field(max_length=512)


class OpenIdConfiguration(BaseModel):
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str
    grant_types_supported: list[str]


class CxoneConfiguration(BaseModel):
    """`GET /.well-known/cxone-configuration?tenantId=`: where a tenant's APIs are."""

    api_endpoint: str
    area: str
    cluster: str
    domain: str
    acdDomain: str
    uhDomain: str
    globaldomain_v1: str
    tenantId: str


class TenantQuery(BaseModel):
    tenantId: str = Field(min_length=1, max_length=64)


class AgentDetails(BaseModel):
    """One agent in `GET agents/{agentId}` (only the `fields` asked for, when given)."""

    agentId: int | None = None
    firstName: str | None = None
    lastName: str | None = None
    maxConcurrentChats: int | None = None
    useTeamMaxConcurrentChats: bool | None = None
    maxEmailAutoParkingLimit: int | None = None
    useTeamEmailAutoParkingLimit: bool | None = None
    phoneRefusalTimeout: int | None = None


class AgentDetailsAnswer(BaseModel):
    agents: list[AgentDetails]


class SkillAssignment(BaseModel):
    skillId: int
    skillName: str
    mediaTypeId: int
    isActive: bool
    isRestricted: bool


class AgentSkillsAnswer(BaseModel):
    agentSkillAssignments: list[SkillAssignment]


class AgentSettingsAnswer(BaseModel):
    webRTCType: str
    webRTCWSSUrls: list[str]
    EnableUIQueue: bool


class OAuthErrorBody(BaseModel):
    """An OAuth2 error (RFC 6749 section 5.2)."""

    error: str
    error_description: str


Body = tuple[type[BaseModel], bool]  # (model, required)

BODIES: dict[tuple[str, str], Body] = {
    ("POST", "/v1/notification/subscribe"): (webex.SubscribeRequest, False),
    ("POST", "/v1/agents/login"): (webex.LoginRequest, True),
    ("PUT", "/v1/agents/session/state"): (webex.StateRequest, True),
    ("PUT", "/v1/agents/logout"): (webex.LogoutRequest, True),
    ("POST", "/v1/agents/logout"): (webex.LogoutRequest, True),
    ("POST", "/v1/agents/buddyList"): (webex.BuddyListRequest, True),
    ("POST", webex.SEARCH_PATH): (webex.SearchRequest, True),
    **{
        (route.method, route.path): (route.body, route.body is not webex.EmptyTaskRequest)
        for route in webex.TASK_ROUTES.values()
    },
    # CXone parameters come as a JSON body or as a query string; the body is documented.
    ("POST", f"{CXONE}/agent-sessions"): (cxone.StartSessionRequest, True),
    ("POST", f"{CXONE}/agent-sessions/join"): (cxone.JoinSessionRequest, False),
    ("POST", f"{CXONE}/agent-sessions/{{sessionId}}/state"): (cxone.StateRequest, True),
    ("POST", f"{CXONE}/agents/{{agentId}}/state"): (cxone.StateRequest, True),
    ("POST", f"{CXONE}{cxone.INTERACTION_PATH}/disposition"): (cxone.DispositionRequest, True),
    ("POST", WHOAMI): (WhoamiRequest, True),
}

QUERIES: dict[tuple[str, str], type[BaseModel]] = {
    ("GET", f"{CXONE}/agent-sessions/{{sessionId}}/get-next-event"): cxone.NextEventRequest,
    ("DELETE", f"{CXONE}/agent-sessions/{{sessionId}}"): cxone.EndSessionRequest,
    ("GET", f"{CXONE}/agents/states"): cxone.AgentStatesRequest,
    ("GET", f"{CXONE}/skills/activity"): cxone.SkillActivityRequest,
    ("GET", f"{CXONE}/skills/{{skillId}}/activity"): cxone.SkillActivityRequest,
    ("GET", f"{CXONE}/agents/{{agentId}}"): cxone.AgentDetailsRequest,
    ("GET", f"{CXONE}/teams/{{teamId}}/unavailable-codes"): cxone.UnavailableCodesRequest,
    ("GET", "/.well-known/cxone-configuration"): TenantQuery,
}
"""CXone routes whose parameters are documented in the query string (a GET, a DELETE)."""

ORG_LISTS = {
    "auxiliary-code": webex.AuxiliaryCode,
    "team": webex.Team,
    "dial-plan": webex.DialPlan,
    "agent-profile": webex.AgentProfile,
    "user": webex.User,
}

Answer = dict[str, Any]


def _answer(description: str, model: type[BaseModel] | None = None) -> Answer:
    answer: Answer = {"description": description}
    if model is not None:
        answer["content"] = {"application/json": {"schema": inline_schema(model)}}
    return answer


def _successes() -> dict[tuple[str, str], dict[str, Answer]]:
    accepted = {"202": _answer("Accepted; the result arrives as a frame.", TrackingIdAnswer)}
    found: dict[tuple[str, str], dict[str, Answer]] = {
        ("POST", "/oauth/token"): {"200": _answer("A bearer token.", TokenAnswer)},
        ("POST", "/oauth/revoke"): {"200": _answer("The token no longer works (RFC 7009).")},
        ("GET", "/v1/people/me"): {"200": _answer("The caller.", webex.Person)},
        ("POST", "/v1/notification/subscribe"): {
            "200": _answer("Connect a websocket here.", webex.SubscribeResponse)
        },
        ("POST", "/v1/agents/reload"): accepted,
        ("POST", webex.SEARCH_PATH): {
            "200": _answer("The tasks the query asked for.", webex.SearchAnswer)
        },
    }
    for key in BODIES:
        if key[1].startswith(("/v1/agents/", webex.TASKS_PATH)):
            found[key] = accepted
    for name, model in ORG_LISTS.items():
        page = webex.Page[model]  # type: ignore[valid-type]
        found[("GET", f"/organization/{{orgId}}/v2/{name}")] = {"200": _answer("A page.", page)}
    org = "/organization/{orgId}"
    pages: dict[str, type[BaseModel]] = {
        "organization-setting": webex.Page[profile.OrgSettings],  # type: ignore[dict-item]
        "tenant-configuration": webex.Page[profile.TenantConfiguration],  # type: ignore[dict-item]
        "org-url-mapping": webex.Page[dict[str, Any]],  # type: ignore[dict-item]
        "ai-feature": webex.Page[dict[str, Any]],  # type: ignore[dict-item]
    }
    for name, page_model in pages.items():
        found[("GET", f"{org}/v2/{name}")] = {"200": _answer("A page.", page_model)}
    catalog = {"200": _answer("The service catalog.", profile.ServiceHostmap)}
    found |= {
        ("GET", f"{org}/desktop-login"): {
            "200": _answer("The org's desktop settings.", profile.OrgDesktopLogin)
        },
        ("GET", f"{org}/v2/user/by-ci-user-id/{{ciUserId}}/desktop-login"): {
            "200": _answer("The user and their desktop profile.", profile.UserDesktopLogin)
        },
        ("GET", f"{org}/user/by-ci-user-id/{{ciUserId}}"): {
            "200": _answer("The user.", profile.AgentRecord)
        },
        ("GET", f"{org}/agent-profile/{{profileId}}"): {
            "200": _answer("The desktop profile.", profile.DesktopProfile)
        },
        ("GET", org): {"200": _answer("The organization.", profile.OrgInfo)},
        ("GET", f"{org}/site/{{siteId}}"): {"200": _answer("The site.", profile.SiteInfo)},
        ("GET", f"{org}/multimedia-profile/{{profileId}}"): {
            "200": _answer("The channel capacities.", profile.MultimediaProfile)
        },
        ("GET", f"{org}/dial-plan"): {"200": _answer("Every dial plan.", profile.DialPlans)},
        ("GET", "/u2c/api/v1/limited/catalog"): catalog,
        ("GET", "/u2c/api/v1/catalog"): catalog,
    }
    session = {"202": _answer("Accepted.", cxone.SessionResponse)}
    done = {"202": _answer("Accepted.")}
    found |= {
        ("POST", f"{CXONE}/agent-sessions"): session,
        ("POST", f"{CXONE}/agent-sessions/join"): session,
        ("GET", f"{CXONE}/agent-sessions/{{sessionId}}/get-next-event"): {
            "200": _answer(
                "Events, and the session id to poll with next.", cxone.NextEventResponse
            ),
            "304": _answer("Nothing happened before the timeout."),
        },
        ("POST", f"{CXONE}/agent-sessions/{{sessionId}}/state"): done,
        ("DELETE", f"{CXONE}/agent-sessions/{{sessionId}}"): done,
        ("POST", f"{CXONE}/agents/{{agentId}}/state"): done,
        ("GET", f"{CXONE}/teams/{{teamId}}/unavailable-codes"): {
            "200": _answer("The team's unavailable codes.", cxone.UnavailableCodesResponse)
        },
        ("GET", f"{CXONE}/agents/me"): {"200": _answer("The caller.", cxone.AgentRecord)},
        ("GET", f"{CXONE}/server-time"): {
            "200": _answer("The server's clock.", cxone.ServerTimeResponse)
        },
        ("GET", f"{CXONE}/agents/states"): {
            "200": _answer("The supervised agents.", cxone.AgentStatesResponse),
            "304": _answer("No row was updated since `updatedSince` (no body)."),
        },
        ("GET", f"{CXONE}/skills/activity"): {
            "200": _answer("Every skill's activity now.", cxone.SkillActivityResponse)
        },
        ("GET", f"{CXONE}/skills/{{skillId}}/activity"): {
            "200": _answer("The skill's activity now.", cxone.SkillActivityResponse)
        },
        ("GET", f"{CXONE}{cxone.DISPOSITIONS_PATH}"): {
            "200": _answer("The skill's dispositions.", cxone.DispositionsResponse)
        },
        ("GET", f"{CXONE}/agents/{{agentId}}"): {"200": _answer("The agent.", AgentDetailsAnswer)},
        ("GET", f"{CXONE}/agents/{{agentId}}/skills"): {
            "200": _answer("The agent's skills.", AgentSkillsAnswer),
            "204": _answer("The agent has no skills."),
        },
        ("GET", f"{CXONE}/agents/{{agentId}}/agent-settings"): {
            "200": _answer("The agent's settings.", AgentSettingsAnswer)
        },
        ("GET", "/.well-known/openid-configuration"): {
            "200": _answer("The OpenID provider's configuration.", OpenIdConfiguration)
        },
        ("GET", "/.well-known/cxone-configuration"): {
            "200": _answer("Where the tenant's APIs are.", CxoneConfiguration)
        },
        ("POST", WHOAMI): {"200": _answer("Who the token is for.", WhoamiAnswer)},
    }
    for route in cxone.INTERACTION_ROUTES.values():
        found[(route.method, f"{CXONE}{route.path}")] = {
            "202": _answer("Accepted; the contact's event follows on get-next-event.")
        }
    return found


_WEBEX_ERRORS = {
    "400": "The request is not valid: malformed JSON, a missing or wrong field, a bad filter.",
    "401": "The bearer token is missing, unknown, revoked or expired.",
    "403": "The caller may not act for that agent or read that organization.",
    "404": "There is nothing at this address, or the contact is not one of the caller's.",
    "413": "The body is larger than 64 KiB.",
    "415": "The body is not application/json.",
}
_CXONE_ERRORS = {
    **{k: v for k, v in _WEBEX_ERRORS.items() if k != "415"},  # any content type is read as JSON
    "403": "The caller may not do this, or may not act as that agent.",
    "404": "No such session, agent, team, contact, skill or address.",
    "409": "The session already exists, has ended, or it (or the contact) is in the wrong "
    "state for this.",
}
_OAUTH_ERRORS = {
    "400": "The form is not valid, the user name and password do not match, or the refresh "
    "token is unknown, expired, revoked or already used.",
    "429": "Too many failed sign-ins for this user; wait for Retry-After seconds.",
}
_WHOAMI_ERRORS = {
    "400": "The body is not a JSON object with the token.",
    "401": "The token is unknown, revoked or expired.",
}
_DISCOVERY_ERRORS = {
    "400": "The tenantId is missing or given twice.",
    "404": "There is no such tenant.",
}


def _errors(path: str) -> dict[str, Answer]:
    if path.startswith("/oauth/"):
        return {k: _answer(v, OAuthErrorBody) for k, v in _OAUTH_ERRORS.items()}
    if path == WHOAMI:
        return {k: _answer(v, OAuthErrorBody) for k, v in _WHOAMI_ERRORS.items()}
    if path.startswith("/.well-known/"):
        found = {k: _answer(v, webex.ApiErrorResponse) for k, v in _DISCOVERY_ERRORS.items()}
        return found if path.endswith("cxone-configuration") else {}
    if path.startswith("/inContactAPI/"):
        return {k: _answer(v, cxone.ErrorBody) for k, v in _CXONE_ERRORS.items()}
    return {k: _answer(v, webex.ApiErrorResponse) for k, v in _WEBEX_ERRORS.items()}


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with every `#/$defs/...` reference replaced by its target, so
    that it can stand anywhere in the document."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                target = copy.deepcopy(definitions[ref.removeprefix("#/$defs/")])
                return resolve({**target, **{k: v for k, v in node.items() if k != "$ref"}})
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def _form_body() -> dict[str, Any]:
    text = {"type": "string", "maxLength": 256}
    grant = {
        "type": "string",
        "enum": [
            "password",
            "refresh_token",
            "authorization_code",
            "urn:ietf:params:oauth:grant-type:device_code",
        ],
    }
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "grant_type": grant,
            "username": text,
            "password": text,
            "refresh_token": text,
            "code": text,
            "code_verifier": text,
            "redirect_uri": text,
            "client_id": text,
            "device_code": text,
        },
        "required": ["grant_type"],
    }
    return {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": schema}},
    }


def _revoke_body() -> dict[str, Any]:
    schema = {
        "type": "object",
        "properties": {"token": {"type": "string", "maxLength": 256}},
        "required": ["token"],
    }
    return {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": schema}},
    }


def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = inline_schema(model)
    if model is cxone.StateRequest:  # a plain string on the wire; only these two are valid
        schema["properties"]["state"]["enum"] = sorted(cxone.STATES)
    return schema


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    properties = inline_schema(model).get("properties", {})
    return [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in properties.items()
    ]


def _declare_path_parameters(path: str, operation: dict[str, Any]) -> None:
    """Path parameters a handler does not take as arguments (CXone's `{version:int}`)."""
    declared = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"}
    for name in re.findall(r"{(\w+)}", path):
        if name not in declared:
            schema = {"type": "integer", "minimum": 1} if name == "version" else {"type": "string"}
            parameter = {"name": name, "in": "path", "required": True, "schema": schema}
            operation["parameters"] = [parameter, *operation.get("parameters", [])]


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """Complete a generated document in place (and return it): bodies, answers, errors, the
    bearer scheme; FastAPI's 422 (never sent: validation errors are 400) is dropped."""
    successes = _successes()
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})[BEARER] = {"type": "http", "scheme": "bearer"}
    for name in ("HTTPValidationError", "ValidationError"):
        components.get("schemas", {}).pop(name, None)
    if not components.get("schemas"):
        components.pop("schemas", None)
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            key = (method.upper(), path)
            responses: dict[str, Answer] = {}
            responses.update(successes.get(key, {}))
            responses.update(_errors(path))
            operation["responses"] = responses
            if key in BODIES:
                model, required = BODIES[key]
                content = {"application/json": {"schema": _body_schema(model)}}
                operation["requestBody"] = {"required": required, "content": content}
            elif key == ("POST", "/oauth/token"):
                operation["requestBody"] = _form_body()
            elif key == ("POST", "/oauth/revoke"):
                operation["requestBody"] = _revoke_body()
            _declare_path_parameters(path, operation)
            if key in QUERIES:
                operation["parameters"] = [
                    *operation.get("parameters", []),
                    *_query_parameters(QUERIES[key]),
                ]
            if key not in PUBLIC:
                operation["security"] = [{BEARER: []}]
    return document


def undocumented(app: FastAPI) -> list[str]:
    """Routes in the schema that no rule here describes (a new route must be added)."""
    successes = _successes()
    missing = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            for method in sorted(route.methods or ()):
                if (method, route.path_format) not in successes:
                    missing.append(f"{method} {route.path_format}")
    return missing


def install(app: FastAPI) -> None:
    """Serve the completed document at `/openapi.json`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = complete(document)
        return app.openapi_schema

    setattr(app, "openapi", openapi)  # noqa: B010 - FastAPI's documented override
