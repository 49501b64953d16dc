"""``GET /v1/people/me`` as the general Webex API answers it (on a real tenant that API has its
own host; the sandbox serves it on its one address): ids are base64-encoded
``ciscospark://us/PEOPLE/<uuid>`` / ``.../ORGANIZATION/<uuid>``, never the bare UUIDs that the
contact-center paths and frames use, and ``roles`` are Webex role ids, not contact-center roles.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from tui.backends.webex.wire.ids import ORGANIZATION, PEOPLE, hydra_id
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter()


@router.get("/v1/people/me", tags=["people"])
async def people_me(
    user: CurrentUser, sandbox: Annotated[Sandbox, Depends(sandbox_of)]
) -> dict[str, Any]:
    """The caller, in the shape of the vendor's People API (`plugin-people`, ``people/me``)."""
    return {
        "id": hydra_id(PEOPLE, user.id),
        "emails": [user.email],
        "phoneNumbers": [],
        "displayName": user.display_name,
        "nickName": user.firstName,
        "firstName": user.firstName,
        "lastName": user.lastName,
        "orgId": hydra_id(ORGANIZATION, sandbox.org.orgId),
        "roles": [],
        "licenses": [],
        "type": "person",
    }
