"""CXone skills and their dispositions, made from the org.

CXone routes a contact on a *skill* (an integer id) and keeps the dispositions an agent may
close it with per skill. The sandbox's org has channels and wrap-up codes but no skills, so
each channel is one skill here (ids counted from `FIRST_SKILL_ID` in the org's channel order),
named by the contact's queue, and every skill offers every active wrap-up code as a
disposition, with an integer id counted from `FIRST_DISPOSITION_ID` in the org's order of
wrap-up codes (inactive ones keep their number, so ids never shift).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from tui.backends.cxone import wire
from tui.sandbox.cxone.errors import failure
from tui.sandbox.engine.org import AuxCode, Org
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

FIRST_SKILL_ID = 4_100_001
FIRST_DISPOSITION_ID = 101
MAX_PATH_ID = 64

router = APIRouter(tags=["cxone"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
PREFIX = "/inContactAPI/services/v{version:int}.0"


def skill_id(org: Org, channel: str) -> int:
    """The skill a contact on `channel` is routed on (0 for a channel the org lacks)."""
    types = org.channel_types
    return FIRST_SKILL_ID + types.index(channel) if channel in types else 0


def channel_of_skill(org: Org, skill: int) -> str | None:
    index = skill - FIRST_SKILL_ID
    types = org.channel_types
    return types[index] if 0 <= index < len(types) else None


def _numbered(org: Org) -> list[tuple[int, AuxCode]]:
    codes = [c for c in org.auxiliaryCodes if not c.is_idle_code]
    return [(FIRST_DISPOSITION_ID + n, code) for n, code in enumerate(codes)]


def dispositions(org: Org) -> list[tuple[int, AuxCode]]:
    """Every disposition a skill offers: (integer id, the wrap-up code), active ones only."""
    return [(number, code) for number, code in _numbered(org) if code.active]


def code_of_disposition(org: Org, disposition_id: int) -> AuxCode | None:
    """The active wrap-up code behind a disposition id; None for an unknown or inactive one."""
    return next((code for number, code in dispositions(org) if number == disposition_id), None)


def disposition_id(org: Org, code_id: str) -> int | None:
    return next((number for number, code in _numbered(org) if code.id == code_id), None)


@router.get(PREFIX + "/skills/{skillId}/dispositions")
async def skill_dispositions(
    skillId: str, user: CurrentUser, sandbox: SandboxDep
) -> dict[str, Any]:
    """The dispositions of a skill; 404 NotFound for a skill that does not exist."""
    org = sandbox.org
    text = skillId.strip()
    number = int(text) if len(text) <= MAX_PATH_ID and text.isascii() and text.isdigit() else -1
    if channel_of_skill(org, number) is None:
        raise failure(wire.ErrorName.NOT_FOUND, "There is no such skill.")
    items = [
        wire.Disposition(
            dispositionId=number,
            dispositionName=code.name,
            displayOrder=order,
            classification=code.description or None,
            requireCommitmentAmount=False,
            requireRescheduleDate=False,
            agentSpecific=False,
            isPreviewDisposition=False,
            priority=1 if code.defaultCode else 2,
        )
        for order, (number, code) in enumerate(dispositions(org), start=1)
    ]
    return wire.DispositionsResponse(dispositions=items).model_dump(mode="json", exclude_none=True)
