"""Answer shapes of a real tenant that the sandbox is kinder about by default, each behind a
knob that is off by default, so that the desktop can be tested against them.

- ``echo_tracking_id=False`` (``--no-echo-tracking-id``): the agent and task routes ignore the
  caller's ``TrackingID`` header, so result frames carry the platform's own tracking id, not
  the request's; a client must match them by type and data, as the vendor's SDK does.
- ``agent_scoped_config=True`` (``--agent-scoped-config``): an agent's token may not list the
  org's configuration (users, desktop profiles, teams, codes, dial plans) except through the
  agent-scoped queries the SDK uses (``agentView=true``, ``desktopProfileFilter=true``) and
  the per-agent routes; a supervisor may still list.
- ``desktop_login_aggregates=False`` (``--no-desktop-login-aggregates``): the current SDK line's
  two ``desktop-login`` aggregates answer 404, as on a platform that serves only the published
  3.x line's separate profile routes.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from tui.backends.webex.wire import api_error
from tui.sandbox.engine.auth import NotAuthenticated
from tui.sandbox.oauth import bearer_token

AGENT_ROUTES = ("/v1/agents/", "/v1/tasks/")
ORG_LISTING = re.compile(
    r"^/organization/[^/]+/v2/(user|agent-profile|team|auxiliary-code|dial-plan)/?$"
)
AGENT_SCOPED = (("agentView", "true"), ("desktopProfileFilter", "true"))
SYSTEM_CODES = ("customFilter", "isSystemCode==true")
"""The SDK's query for the system idle codes (``endPointMap.systemIdleCodes``)."""
NOT_FOR_AGENTS = "An agent's token may read only the agent-scoped configuration."
AGGREGATE = re.compile(r"^/organization/[^/]+/(v2/user/by-ci-user-id/[^/]+/)?desktop-login/?$")


class VendorShapes:
    """ASGI middleware applying the knobs above (installed only when one is set)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        echo_tracking_id: bool = True,
        agent_scoped_config: bool = False,
        desktop_login_aggregates: bool = True,
    ) -> None:
        self.app = app
        self.echo_tracking_id = echo_tracking_id
        self.agent_scoped_config = agent_scoped_config
        self.desktop_login_aggregates = desktop_login_aggregates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if not self.echo_tracking_id and path.startswith(AGENT_ROUTES):
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"trackingid"]
        elif self.agent_scoped_config and self._refused(scope, path):
            await _error(403, NOT_FOR_AGENTS)(scope, receive, send)
            return
        elif not self.desktop_login_aggregates and AGGREGATE.match(path):
            await _error(404, "There is nothing at this address.")(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _refused(scope: Scope, path: str) -> bool:
        """An org-wide listing asked for with an agent's token."""
        if scope.get("method") != "GET" or not ORG_LISTING.match(path):
            return False
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        listing = path.rstrip("/").rsplit("/", 1)[-1]
        scoped = any(pair in query for pair in AGENT_SCOPED)
        if listing == "auxiliary-code":
            scoped = scoped or SYSTEM_CODES in query
        if scoped and listing not in ("user", "agent-profile"):
            return False
        request = Request(scope)
        sandbox = getattr(request.app.state, "sandbox", None)
        if sandbox is None:
            return False
        try:
            user = sandbox.engine.identify(bearer_token(request))
        except NotAuthenticated:
            return False  # the route answers 401 itself
        return not user.is_supervisor


def _error(status: int, description: str) -> JSONResponse:
    return JSONResponse(api_error(status, description, f"sandbox_{uuid.uuid4()}"), status)
