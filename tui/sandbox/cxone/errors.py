"""CXone error answers: `{"error": <name>, "message": <plain words>}` for every failure.

Every path under `/inContactAPI/` is answered in this shape, whoever raised the error (a CXone
route, the token check, body parsing, routing's 404 and 405, or the last-resort 500), so a
CXone client never meets the Webex error shape. Join outcomes keep their own names and statuses.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

from tui.backends.cxone.wire import ErrorBody, ErrorName, JoinOutcome
from tui.sandbox.engine.core import Rejected
from tui.sandbox.engine.model import Refusal
from tui.sandbox.errors import ApiError

CXONE_ROOT = "/inContactAPI/"

_NAME_FOR_STATUS: dict[int, str] = {
    400: ErrorName.INVALID_REQUEST,
    401: JoinOutcome.INVALID_SECURITY_USER,
    403: ErrorName.NOT_PERMITTED,
    404: ErrorName.NOT_FOUND,
    405: ErrorName.METHOD_NOT_ALLOWED,
    413: ErrorName.TOO_LARGE,
    415: ErrorName.UNSUPPORTED_MEDIA_TYPE,
    500: ErrorName.INTERNAL,
}

_STATUS_FOR_NAME: dict[str, int] = {
    ErrorName.SESSION_EXISTS: 409,
    ErrorName.SESSION_ENDED: 409,
    ErrorName.NO_ACTIVE_CONTACT: 409,
    ErrorName.ACTIVE_CONTACTS: 409,
    ErrorName.AGENT_NOT_LOGGED_IN: 409,
    ErrorName.STATION_IN_USE: 409,
    ErrorName.INVALID_CONTACT_STATE: 409,
    ErrorName.INVALID_CONTACT: 404,
    ErrorName.INVALID_DISPOSITION: 400,
    ErrorName.INVALID_REQUEST: 400,
    ErrorName.INVALID_STATION: 400,
    ErrorName.NOT_PERMITTED: 403,
    ErrorName.NOT_FOUND: 404,
}

_OUTCOME_FOR_REFUSAL = {
    Refusal.IMPERSONATION_NOT_ALLOWED: JoinOutcome.IMPERSONATE_NOT_ENABLED,
    Refusal.AGENT_NOT_FOUND: JoinOutcome.INVALID_AGENT_ID,
    Refusal.NO_SUCH_SESSION: JoinOutcome.INVALID_AGENT_SESSION,
}


def render(status: int, words: str, name: str | None, headers: dict[str, str]) -> JSONResponse:
    """The answer for any error on a CXone path."""
    error = name or _NAME_FOR_STATUS.get(status, ErrorName.INVALID_REQUEST)
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="sandbox"')
    body = ErrorBody(error=str(error), message=words)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def failure(name: ErrorName, message: str) -> ApiError:
    """An error by name, with the status that name always answers."""
    return ApiError(_STATUS_FOR_NAME[name], message, name=name.value)


def outcome(result: JoinOutcome, message: str) -> ApiError:
    """A failed join outcome, with its own status."""
    return ApiError(result.status, message, name=result.value)


def for_rejection(rejected: Rejected) -> ApiError:
    """The engine's synchronous refusals, as CXone names them."""
    found = _OUTCOME_FOR_REFUSAL.get(rejected.refusal)
    if found is not None:
        return outcome(found, rejected.message)
    if rejected.refusal is Refusal.INVALID_REQUEST:
        return failure(ErrorName.INVALID_REQUEST, rejected.message)
    return failure(ErrorName.NOT_PERMITTED, rejected.message)
