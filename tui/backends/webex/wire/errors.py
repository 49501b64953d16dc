"""The Webex error body of every non-2xx answer, and how the server builds one."""

from __future__ import annotations

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
    """The body of every non-2xx answer: ``{trackingId, error: {key, message: [...]}}``."""

    trackingId: str | None = None
    error: ApiErrorDetails

    @property
    def description(self) -> str:
        """All message descriptions joined into one sentence-ish line ('' when none)."""
        return " ".join(m.description for m in self.error.message if m.description)


def api_error(status: int, description: str, tracking_id: str) -> dict[str, Any]:
    """An ``ApiErrorResponse`` body, ready for a JSON response with HTTP ``status``."""
    return {
        "trackingId": tracking_id,
        "error": {"key": str(status), "message": [{"description": description}]},
    }
