"""The service catalog (U2C) through which the vendor's SDK finds the contact-center API.

The SDK never holds the agent API's address: it asks ``webex.request({service:
'wcc-api-gateway', resource})``, and webex-core resolves the service name from the U2C catalog
(``services._fetchNewServiceHostmap``: ``GET {u2c}/limited/catalog?orgId=...&format=hostmap``
before sign-in, ``GET {u2c}/catalog?format=hostmap`` with the token after). Pointing the SDK's
U2C discovery address at ``{sandbox}/u2c/api/v1`` is therefore all it takes to run it against
the sandbox. The answer is a hostmap (``serviceLinks`` name -> URL, ``hostCatalog`` host -> host
entries whose ``id`` is ``urn:TEAM:{cluster}:{service}``) listing the one service the sandbox
offers, at the address the caller reached it by.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from tui.sandbox.engine.auth import TOKEN_CLUSTER
from tui.sandbox.errors import ApiError
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter(prefix="/u2c/api/v1", tags=["catalog"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
Text = Annotated[str | None, Query(max_length=200)]

SERVICE = "wcc-api-gateway"
"""The contact-center API's name in the catalog (``WCC_API_GATEWAY`` in the SDK)."""


def hostmap(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    host = request.url.netloc
    # Keyed by host[:port] as in the service link; an entry names the host alone (webex-core
    # puts the link's port back when it builds the priority URL).
    entry = {
        "host": request.url.hostname,
        "ttl": -1,
        "priority": 5,
        "id": f"urn:TEAM:{TOKEN_CLUSTER}:{SERVICE}",
    }
    return {
        "serviceLinks": {SERVICE: base},
        "hostCatalog": {host: [entry]},
        "format": "hostmap",
        "timestamp": str(int(time.time())),
    }


def _check_format(format: str | None) -> None:
    if format not in (None, "hostmap"):
        raise ApiError(400, "Only format=hostmap is served.")


@router.get("/limited/catalog")
async def limited_catalog(
    request: Request,
    sandbox: SandboxDep,
    orgId: Text = None,
    email: Text = None,
    emailhash: Text = None,
    userId: Text = None,
    mode: Text = None,
    format: Text = None,
    timestamp: Text = None,
) -> dict[str, Any]:
    """The catalog before sign-in, selected by org (the SDK sends the org id of its token)."""
    _check_format(format)
    if orgId is not None and orgId != sandbox.org.orgId:
        raise ApiError(404, f"No organization has the id {orgId!r}.")
    return hostmap(request)


@router.get("/catalog")
async def catalog(
    request: Request,
    user: CurrentUser,
    format: Text = None,
    timestamp: Text = None,
) -> dict[str, Any]:
    """The signed-in user's catalog."""
    _check_format(format)
    return hostmap(request)
