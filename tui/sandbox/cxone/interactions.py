"""CXone's interaction routes: an agent works one contact through their session.

`POST agent-sessions/{sessionId}/interactions/{contactId}/accept|reject|hold|resume|end|
disposition` under the API prefix. `contactId` is the contact's integer `ContactID`. Each
answers 202 with no body once the engine has committed the step; what happened reaches the
session's polls as the contact's event (`cxone.events`). Failures answer at once, in the CXone
error shape: another session's id 404 `InvalidAgentSession`; a contact that is not this
session's (another agent's, rung out, ended, or no number at all) 404 `InvalidContactId`; a
step its state does not allow 409 `InvalidContactState`; a disposition that is not one of its
skill's 400 `InvalidDisposition`; a bad body 400 `InvalidRequest`; an ended session 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from tui.backends.cxone import wire
from tui.sandbox.cxone import poll
from tui.sandbox.cxone.errors import failure, for_rejection
from tui.sandbox.cxone.input import read_params
from tui.sandbox.cxone.skills import code_of_disposition
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.model import Contact, Event, Refusal
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of

PREFIX = "/inContactAPI/services/v{version:int}.0"
INTERACTION = PREFIX + "/agent-sessions/{sessionId}/interactions/{contactId}"
MAX_CONTACT_ID = 20

router = APIRouter(tags=["cxone"])
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]
E = wire.ErrorName
A = wire.InteractionAction

NO_SUCH_CONTACT = "There is no such contact in this session: it ended, or went to another agent."

Step = Callable[..., Event]


def _steps(engine: Engine) -> dict[wire.InteractionAction, Step]:
    return {
        A.ACCEPT: engine.accept_contact,
        A.REJECT: engine.decline_contact,
        A.HOLD: engine.hold_contact,
        A.RESUME: engine.resume_contact,
        A.END: engine.end_by_agent,
    }


def _contact(engine: Engine, session_id: str, contact_id: str) -> Contact:
    """The session's contact numbered `contact_id`, or 404 InvalidContactId."""
    text = contact_id.strip()
    number = int(text) if len(text) <= MAX_CONTACT_ID and text.isascii() and text.isdigit() else 0
    contact = engine.contact_by_number(number) if number > 0 else None
    if contact is None or contact.session_id != session_id:
        raise failure(E.INVALID_CONTACT, NO_SUCH_CONTACT)
    return contact


def _refused(rejected: Rejected) -> Exception:
    match rejected.refusal:
        case Refusal.NO_SUCH_CONTACT:
            return failure(E.INVALID_CONTACT, NO_SUCH_CONTACT)
        case Refusal.CONTACT_WRONG_STATE:
            return failure(E.INVALID_CONTACT_STATE, rejected.message)
        case Refusal.UNKNOWN_WRAP_UP_CODE:
            return failure(E.INVALID_DISPOSITION, rejected.message)
        case Refusal.NOT_LOGGED_IN:
            return failure(E.SESSION_ENDED, poll.SESSION_ENDED)
    return for_rejection(rejected)


async def _act(
    action: wire.InteractionAction,
    sessionId: str,
    contactId: str,
    request: Request,
    user: CurrentUser,
    sandbox: Sandbox,
) -> Response:
    engine = sandbox.engine
    handle = poll.held_handle(engine, sessionId, user)
    session = poll.live_session(engine, handle)
    body = await read_params(request, wire.DispositionRequest) if action is A.DISPOSITION else None
    contact = _contact(engine, session.session_id, contactId)
    try:
        if body is not None:
            code = code_of_disposition(sandbox.org, body.primaryDispositionId)
            if code is None:
                raise failure(E.INVALID_DISPOSITION, "That is not a disposition of this skill.")
            engine.wrap_up_contact(user.id, contact.contact_id, code.id, agent_id=handle.agent_id)
        else:
            step = _steps(engine)[action]
            step(user.id, contact.contact_id, agent_id=handle.agent_id)
    except Rejected as rejected:
        raise _refused(rejected) from None
    return Response(status_code=202)


def _route(action: wire.InteractionAction) -> None:
    async def handler(
        sessionId: str, contactId: str, request: Request, user: CurrentUser, sandbox: SandboxDep
    ) -> Response:
        return await _act(action, sessionId, contactId, request, user, sandbox)

    handler.__name__ = f"interaction_{action.value}"
    handler.__doc__ = f"`{action.value}` one of the session's contacts (202; its event follows)."
    router.add_api_route(f"{INTERACTION}/{action.value}", handler, methods=["POST"])


for _action in wire.InteractionAction:
    _route(_action)
