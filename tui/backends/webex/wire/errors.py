"""The Webex error body of every non-2xx answer, and how the server builds one."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import Field

from tui.backends.webex.wire.common import ServerModel


class OperationError(ServerModel):
    description: str


class ApiErrorDetails(ServerModel):
    key: str
    """The HTTP status as a string, e.g. ``"400"``."""
    message: list[OperationError] = Field(default_factory=list)


class ApiErrorResponse(ServerModel):
    """The body of every non-2xx answer: ``{trackingId, errorType, error: {key, message}}``.

    ``errorType`` is beyond the published schema; the vendor's SDK reads it from an error
    answer (webex-js-sdk contact-center ``services/agent/index.ts``, ``core/Utils.ts``).
    """

    trackingId: str | None = None
    errorType: str | None = None
    """The kind of error; the sandbox names the HTTP status (``Bad Request``)."""
    error: ApiErrorDetails

    @property
    def description(self) -> str:
        """All message descriptions joined into one sentence-ish line ('' when none)."""
        return " ".join(m.description for m in self.error.message if m.description)


def api_error(status: int, description: str, tracking_id: str) -> dict[str, Any]:
    """An ``ApiErrorResponse`` body, ready for a JSON response with HTTP ``status``."""
    try:
        error_type = HTTPStatus(status).phrase
    except ValueError:
        error_type = "Error"
    return {
        "trackingId": tracking_id,
        "errorType": error_type,
        "error": {"key": str(status), "message": [{"description": description}]},
    }
