"""The Webex task routes: `POST /v1/tasks/{interactionId}/<action>` (`wire.TASK_ROUTES`).

Each validates its body, runs one engine request about the caller's own contact and answers
202 `{trackingId}`; the outcome travels on the caller's notification sockets (the success frame,
or the action's failure frame with `interactionId`, `reason` and `reasonCode`). A contact that is
not the caller's (another agent's, wrapped up and gone, never there, or the caller has no
station session) is a 404 with the usual error body; a body that does not validate, a 400.

`end` on a contact still offered is the SDK's cancel: the offer goes back to its queue for
another agent and `ContactEnded` (no wrap-up owed) answers it. There is no decline route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from tui.backends.webex import wire
from tui.sandbox.body import read_body
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import ContactAction, Refusal
from tui.sandbox.engine.org import User
from tui.sandbox.errors import TRACKING_HEADER, ApiError, tracking_id
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

router = APIRouter(tags=["tasks"])

SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
InteractionId = Annotated[str, Path(min_length=1, max_length=64)]

NOT_YOURS = "That contact is not one of yours: it ended, or went to another agent."

_NOT_THERE = (Refusal.NO_SUCH_CONTACT, Refusal.NOT_LOGGED_IN)


def _accepted(tid: str) -> JSONResponse:
    return JSONResponse({"trackingId": tid}, status_code=202, headers={TRACKING_HEADER: tid})


def _path(action: wire.TaskAction) -> str:
    return wire.TASK_ROUTES[action].path


def _refused(
    sandbox: Sandbox,
    user: User,
    interaction_id: str,
    action: ContactAction,
    rejected: Rejected,
    tid: str,
) -> JSONResponse:
    """A refusal about the caller's own contact is a failure frame; anything else a 404."""
    if rejected.refusal in _NOT_THERE:
        raise ApiError(404, NOT_YOURS)
    if rejected.refusal is not Refusal.CONTACT_WRONG_STATE and (
        rejected.refusal is not Refusal.UNKNOWN_WRAP_UP_CODE
    ):
        raise rejected  # the shared handler answers it (403 for a caller who may not act)
    sandbox.engine.contact_action_refused(
        user.id, interaction_id, action, rejected, correlation_id=tid
    )
    return _accepted(tid)


@router.post(_path(wire.TaskAction.ACCEPT), status_code=202)
async def accept(
    interactionId: InteractionId, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse:
    await read_body(request, wire.EmptyTaskRequest, optional=True)
    tid = tracking_id(request)
    try:
        sandbox.engine.accept_contact(user.id, interactionId, correlation_id=tid)
    except Rejected as rejected:
        return _refused(sandbox, user, interactionId, ContactAction.ACCEPT, rejected, tid)
    return _accepted(tid)


@router.post(_path(wire.TaskAction.HOLD), status_code=202)
async def hold(
    interactionId: InteractionId, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse:
    await read_body(request, wire.HoldRequest)
    tid = tracking_id(request)
    try:
        sandbox.engine.hold_contact(user.id, interactionId, correlation_id=tid)
    except Rejected as rejected:
        return _refused(sandbox, user, interactionId, ContactAction.HOLD, rejected, tid)
    return _accepted(tid)


@router.post(_path(wire.TaskAction.UNHOLD), status_code=202)
async def unhold(
    interactionId: InteractionId, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse:
    await read_body(request, wire.HoldRequest)
    tid = tracking_id(request)
    try:
        sandbox.engine.resume_contact(user.id, interactionId, correlation_id=tid)
    except Rejected as rejected:
        return _refused(sandbox, user, interactionId, ContactAction.RESUME, rejected, tid)
    return _accepted(tid)


@router.post(_path(wire.TaskAction.END), status_code=202)
async def end(
    interactionId: InteractionId, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse:
    await read_body(request, wire.EmptyTaskRequest, optional=True)
    tid = tracking_id(request)
    engine = sandbox.engine
    contact = engine.contact(interactionId)
    try:
        if contact is not None and contact.agent_id == user.id and contact.status.is_offer:
            engine.decline_contact(user.id, interactionId, correlation_id=tid)  # the cancel
        else:
            engine.end_by_agent(user.id, interactionId, correlation_id=tid)
    except Rejected as rejected:
        return _refused(sandbox, user, interactionId, ContactAction.END, rejected, tid)
    return _accepted(tid)


@router.post(_path(wire.TaskAction.WRAPUP), status_code=202)
async def wrapup(
    interactionId: InteractionId, request: Request, user: CurrentUser, sandbox: SandboxDep
) -> JSONResponse:
    body = await read_body(request, wire.WrapupRequest)
    tid = tracking_id(request)
    try:
        sandbox.engine.wrap_up_contact(user.id, interactionId, body.auxCodeId, correlation_id=tid)
    except Rejected as rejected:
        return _refused(sandbox, user, interactionId, ContactAction.WRAP_UP, rejected, tid)
    return _accepted(tid)
