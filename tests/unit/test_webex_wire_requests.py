"""Webex wire models, the configuration side: request bodies (lengths, types, defaults), the
subscription answer, paged configuration lists, and the API error shape."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tests.unit.test_webex_wire import AGENT, LUNCH, ORG, SITE, TEAM
from tui.backends.webex import wire as w

# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------

VALID_REQUESTS: dict[type[BaseModel], dict[str, Any]] = {
    w.LoginRequest: {
        "dialNumber": "14085550123",
        "teamId": TEAM,
        "isExtension": False,
        "roles": ["agent"],
        "deviceType": "AGENT_DN",
        "deviceId": "14085550123",
    },
    w.StateRequest: {
        "state": "Idle",
        "auxCodeId": LUNCH,
        "lastStateChangeReason": "Lunch",
        "agentId": AGENT,
    },
    w.LogoutRequest: {"logoutReason": "Logout initiated by agent1", "agentId": AGENT},
    w.BuddyListRequest: {"agentProfileId": "p1", "mediaType": "telephony", "state": "Available"},
    w.SubscribeRequest: {
        "force": False,
        "isKeepAliveEnabled": True,
        "clientType": "AgentDesktop",
        "allowMultiLogin": False,
    },
}

MAX_LENGTHS = [
    (w.LoginRequest, "dialNumber", 43),
    (w.LoginRequest, "teamId", 36),
    (w.LoginRequest, "deviceId", 43),
    (w.StateRequest, "auxCodeId", 36),
    (w.StateRequest, "lastStateChangeReason", 128),
    (w.StateRequest, "agentId", 36),
    (w.LogoutRequest, "logoutReason", 128),
    (w.LogoutRequest, "agentId", 36),
    (w.BuddyListRequest, "agentProfileId", 36),
    (w.SubscribeRequest, "clientType", 20),
]


@pytest.mark.parametrize(("model", "body"), VALID_REQUESTS.items(), ids=lambda v: str(v)[:20])
def test_valid_requests_are_accepted_and_ignore_extras(
    model: type[BaseModel], body: dict[str, Any]
) -> None:
    parsed = model.model_validate({**body, "somethingElse": 1})
    assert parsed.model_dump() == body
    assert model.model_validate_json(json.dumps(body)).model_dump() == body


@pytest.mark.parametrize(("model", "field", "limit"), MAX_LENGTHS)
def test_requests_enforce_maximum_lengths(model: type[BaseModel], field: str, limit: int) -> None:
    body = copy.deepcopy(VALID_REQUESTS[model])
    model.model_validate({**body, field: "9" * limit})
    with pytest.raises(ValidationError) as err:
        model.model_validate({**body, field: "9" * (limit + 1)})
    assert err.value.errors()[0]["loc"] == (field,)
    assert err.value.errors()[0]["type"] == "string_too_long"


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (w.LoginRequest, "dialNumber", 14085550123),
        (w.LoginRequest, "teamId", 5),
        (w.LoginRequest, "isExtension", "false"),
        (w.LoginRequest, "isExtension", 0),
        (w.LoginRequest, "roles", "agent"),
        (w.LoginRequest, "roles", ["admin"]),
        (w.LoginRequest, "roles", []),
        (w.LoginRequest, "deviceType", "PHONE"),
        (w.StateRequest, "state", "Busy"),
        (w.StateRequest, "state", 1),
        (w.StateRequest, "auxCodeId", 0),
        (w.StateRequest, "auxCodeId", ""),
        (w.StateRequest, "auxCodeId", None),
        (w.LogoutRequest, "logoutReason", None),
        (w.LogoutRequest, "logoutReason", ["x"]),
        (w.BuddyListRequest, "mediaType", "fax"),
        (w.BuddyListRequest, "state", "Busy"),
        (w.SubscribeRequest, "force", "true"),
        (w.SubscribeRequest, "allowMultiLogin", 1),
        (w.SubscribeRequest, "clientType", 7),
    ],
)
def test_requests_reject_wrong_types(model: type[BaseModel], field: str, value: Any) -> None:
    body = {**VALID_REQUESTS[model], field: value}
    with pytest.raises(ValidationError):
        model.model_validate(body)
    with pytest.raises(ValidationError):
        model.model_validate_json(json.dumps(body))


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (w.LoginRequest, "dialNumber"),
        (w.LoginRequest, "roles"),
        (w.StateRequest, "state"),
        (w.StateRequest, "auxCodeId"),
        (w.LogoutRequest, "logoutReason"),
        (w.BuddyListRequest, "agentProfileId"),
        (w.BuddyListRequest, "mediaType"),
    ],
)
def test_requests_require_their_required_fields(model: type[BaseModel], field: str) -> None:
    body = dict(VALID_REQUESTS[model])
    del body[field]
    with pytest.raises(ValidationError):
        model.model_validate(body)


def test_request_defaults() -> None:
    assert w.SubscribeRequest().model_dump() == {
        "force": False,
        "isKeepAliveEnabled": False,
        "clientType": "DefaultClient",
        "allowMultiLogin": False,
    }
    login = w.LoginRequest(dialNumber="1001", roles=["supervisor"])
    assert login.isExtension is False and login.teamId is None and login.deviceType is None
    available = w.StateRequest(state="Available", auxCodeId=w.AVAILABLE_AUX_CODE_ID)
    assert available.auxCodeId == "0"
    assert w.BuddyListRequest(agentProfileId="p", mediaType="workItem").state is None


def test_subscribe_response() -> None:
    body = {
        "webSocketUrl": "ws://127.0.0.1:8000/v1/notification/subscription/AgentDesktop-1",
        "subscriptionId": "AgentDesktop-1",
        "extra": True,
    }
    parsed = w.SubscribeResponse.model_validate(body)
    assert parsed.subscriptionId == "AgentDesktop-1"
    assert parsed.model_dump() == body


# --------------------------------------------------------------------------------------------
# Configuration DTOs and errors
# --------------------------------------------------------------------------------------------

AUX_CODES = {
    "meta": {
        "orgid": ORG,
        "page": 0,
        "pageSize": 100,
        "totalPages": 1,
        "totalRecords": 2,
        "links": {"self": f"/organization/{ORG}/v2/auxiliary-code?page=0&pageSize=100"},
    },
    "data": [
        {
            "id": LUNCH,
            "name": "Lunch",
            "description": "Out for lunch",
            "defaultCode": False,
            "active": True,
            "isSystemCode": False,
            "workTypeId": "wt-idle",
            "workTypeCode": "IDLE_CODE",
            "burnoutInclusion": "INCLUDED",
            "organizationId": ORG,
            "version": 1,
            "createdTime": 1617536244000,
            "lastUpdatedTime": 1617536244000,
        },
        {
            "id": "rona",
            "name": "RONA",
            "defaultCode": False,
            "active": True,
            "isSystemCode": True,
            "workTypeId": "wt-idle",
            "workTypeCode": "IDLE_CODE",
        },
    ],
}


def test_paged_auxiliary_codes() -> None:
    page = w.Page[w.AuxiliaryCode].model_validate(AUX_CODES)
    assert [c.name for c in page.data] == ["Lunch", "RONA"]
    assert page.data[1].isSystemCode and page.data[1].description is None
    assert page.meta.orgid == ORG and page.meta.totalRecords == 2
    assert page.meta.links is not None and "self" in page.meta.links
    bad = copy.deepcopy(AUX_CODES)
    bad["data"][0]["workTypeCode"] = "SOMETHING"
    with pytest.raises(ValidationError):
        w.Page[w.AuxiliaryCode].model_validate(bad)


def test_page_round_trips_through_json() -> None:
    page = w.Page[w.AuxiliaryCode].model_validate(AUX_CODES)
    again = w.Page[w.AuxiliaryCode].model_validate_json(page.model_dump_json())
    assert again == page


def test_team_dial_plan_profile_user_person() -> None:
    team = w.Team.model_validate(
        {
            "id": TEAM,
            "name": "Sales",
            "teamType": "AGENT",
            "teamStatus": "IN_SERVICE",
            "active": True,
            "siteId": SITE,
            "siteName": "Austin",
            "userIds": [AGENT],
            "rankQueuesForTeam": False,
            "queueRankings": [],
        }
    )
    assert team.userIds == [AGENT] and team.model_extra == {"queueRankings": []}

    plan = w.DialPlan.model_validate(
        {
            "id": "dp-us",
            "name": "US",
            "regularExpression": "1[0-9]{3}[2-9][0-9]{6}",
            "prefix": "",
            "strippedChars": "()- ",
            "active": True,
        }
    )
    assert plan.regularExpression.startswith("1[0-9]")

    profile = w.AgentProfile.model_validate(
        {
            "id": "prof-1",
            "name": "Agent profile",
            "loginVoiceOptions": ["AGENT_DN", "EXTENSION", "BROWSER"],
            "agentDNValidation": "PROVISIONED_VALUE",
            "dialPlanEnabled": True,
            "dialPlans": ["dp-us"],
            "accessAllIdleCodes": False,
            "idleCodes": [LUNCH],
        }
    )
    assert profile.loginVoiceOptions == ["AGENT_DN", "EXTENSION", "BROWSER"]
    assert profile.idleCodes == [LUNCH] and not profile.accessAllIdleCodes
    with pytest.raises(ValidationError):
        w.AgentProfile.model_validate({"id": "p", "name": "p", "loginVoiceOptions": ["PIGEON"]})

    user = w.User.model_validate(
        {
            "id": AGENT,
            "firstName": "Agent",
            "lastName": "One",
            "email": "agent1@sandbox.example",
            "agentProfileId": "prof-1",
            "teamIds": [TEAM],
            "siteId": SITE,
            "defaultDialledNumber": "14085550123",
            "roles": ["agent"],
        }
    )
    assert user.extension is None and user.teamIds == [TEAM]

    person = w.Person.model_validate(
        {"id": AGENT, "orgId": ORG, "displayName": "Agent One", "emails": ["a@b.c"]}
    )
    assert person.userName is None and person.emails == ["a@b.c"]


def test_api_error_builder_matches_the_spec_shape() -> None:
    body = w.api_error(400, "dialNumber: String should have at most 43 characters", "trk-1")
    assert body == {
        "trackingId": "trk-1",
        "errorType": "Bad Request",  # beyond the spec: what the vendor's SDK reads
        "error": {
            "key": "400",
            "message": [{"description": "dialNumber: String should have at most 43 characters"}],
        },
    }
    parsed = w.ApiErrorResponse.model_validate(body)
    assert parsed.error.key == "400"
    assert parsed.description == "dialNumber: String should have at most 43 characters"
    vendor = {
        "trackingId": "ccconfig_1",
        "error": {
            "key": "404",
            "reason": "Test reason",
            "message": [{"description": "Test error", "code": "404", "references": []}],
        },
    }
    assert w.ApiErrorResponse.model_validate(vendor).description == "Test error"


def test_every_public_name_exists() -> None:
    for name in w.__all__:
        assert hasattr(w, name), name
