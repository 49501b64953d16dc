"""The sandbox's routes in the order FastAPI tries them: each request still reaches the route
written for it, and the busiest come first (every route tried costs the request some 6 us)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.routing import APIWebSocketRoute
from starlette.routing import BaseRoute, Match

from tui.sandbox.app import create_app


def tried_in_order(routes: Iterable[Any]) -> Iterator[BaseRoute]:
    """Every route, depth first through included routers: the order a request tries them."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from tried_in_order(included.routes)
        else:
            yield route


ROUTES = [r for r in tried_in_order(create_app().router.routes) if getattr(r, "path", None)]


def example_path(template: str) -> str:
    """A path the template matches: `{version:int}` as 23, any other parameter as `x1`."""
    return re.sub(r"\{(\w+)(:int)?\}", lambda m: "23" if m.group(2) else "x1", template)


def scope_for(route: Any, method: str) -> dict[str, Any]:
    kind = "websocket" if isinstance(route, APIWebSocketRoute) else "http"
    return {
        "type": kind,
        "path": example_path(route.path),
        "method": method,
        "root_path": "",
        "headers": [],
    }


def first_full_match(scope: dict[str, Any]) -> Any:
    return next(r for r in ROUTES if r.matches(dict(scope))[0] == Match.FULL)


@pytest.mark.parametrize(
    ("route", "method"),
    [(r, m) for r in ROUTES for m in sorted(getattr(r, "methods", None) or {"GET"})],
    ids=lambda value: value if isinstance(value, str) else getattr(value, "path", "?"),
)
def test_each_route_is_the_first_to_match_its_own_requests(route: Any, method: str) -> None:
    assert first_full_match(scope_for(route, method)) is route


def position_of(method: str, path: str) -> int:
    return next(
        i
        for i, r in enumerate(ROUTES)
        if r.path == path and method in (getattr(r, "methods", None) or ())
    )


def test_an_agents_own_commands_are_among_the_first_routes_tried() -> None:
    assert position_of("PUT", "/v1/agents/session/state") < 12
    assert position_of("POST", "/v1/agents/buddyList") < 12
    assert position_of("POST", "/v1/tasks/{interactionId}/accept") < 16
    assert position_of("POST", "/oauth/token") > position_of("PUT", "/v1/agents/session/state")
