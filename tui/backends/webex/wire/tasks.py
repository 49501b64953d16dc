"""The Webex task routes: what the ``@webex/contact-center`` SDK sends to work one contact.

Every route is ``POST /v1/tasks/{interactionId}/<action>`` with a JSON body (``{}`` when there
is nothing to say); the HTTP answer is 202 and the outcome arrives on the notification socket:
the ``success`` frame, or the ``failure`` frame with ``reason`` and ``reasonCode``. A body or
path the server cannot use is a 4xx with ``ApiErrorResponse``, as for the agent routes.

Declining is not a route: the SDK declines only a browser (WebRTC) call, on the call itself;
an offer on a dial number or a digital channel is left to ring out (``AgentOfferContactRona``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pydantic import Field

from tui.backends.webex.wire.common import RequestModel

TASKS_PATH = "/v1/tasks"
"""The prefix of every task route."""


class TaskAction(StrEnum):
    """The last path segment of a task route."""

    ACCEPT = "accept"
    HOLD = "hold"
    UNHOLD = "unhold"
    END = "end"
    WRAPUP = "wrapup"


class EmptyTaskRequest(RequestModel):
    """Accept and end send ``{}``."""


class HoldRequest(RequestModel):
    """Hold and unhold: the leg to hold or resume, ``mediaResourceId`` from the contact's frame
    (the SDK sends the main leg's)."""

    mediaResourceId: str = Field(min_length=1, max_length=64)


class WrapupRequest(RequestModel):
    """Wrap-up: the chosen wrap-up code, by name and by id. ``auxCodeId`` is the ``id`` of an
    auxiliary code whose ``workTypeCode`` is ``WRAP_UP_CODE``; ``wrapUpReason`` its ``name``."""

    wrapUpReason: str = Field(min_length=1, max_length=128)
    auxCodeId: str = Field(min_length=1, max_length=36)


@dataclass(frozen=True, slots=True)
class TaskRoute:
    """One task route: how to call it and which frame answers it."""

    action: TaskAction
    method: str
    path: str
    """Template with ``{interactionId}``."""
    body: type[RequestModel]
    success: str
    """``data.type`` of the frame that confirms it."""
    failure: str
    """``data.type`` of the frame that refuses it."""

    def path_for(self, interaction_id: str) -> str:
        return self.path.format(interactionId=interaction_id)


def _route(action: TaskAction, body: type[RequestModel], success: str, failure: str) -> TaskRoute:
    return TaskRoute(
        action, "POST", f"{TASKS_PATH}/{{interactionId}}/{action}", body, success, failure
    )


TASK_ROUTES: Mapping[TaskAction, TaskRoute] = MappingProxyType(
    {
        TaskAction.ACCEPT: _route(
            TaskAction.ACCEPT, EmptyTaskRequest, "AgentContactAssigned", "AgentContactAssignFailed"
        ),
        TaskAction.HOLD: _route(
            TaskAction.HOLD, HoldRequest, "AgentContactHeld", "AgentContactHoldFailed"
        ),
        TaskAction.UNHOLD: _route(
            TaskAction.UNHOLD, HoldRequest, "AgentContactUnheld", "AgentContactUnHoldFailed"
        ),
        TaskAction.END: _route(
            TaskAction.END, EmptyTaskRequest, "AgentWrapup", "AgentContactEndFailed"
        ),
        TaskAction.WRAPUP: _route(
            TaskAction.WRAPUP, WrapupRequest, "AgentWrappedUp", "AgentWrapupFailed"
        ),
    }
)
"""Every task route the desktop uses, by action."""

CANCEL_OFFER_SUCCESS = "ContactEnded"
"""``end`` on a contact still offered (the SDK's cancel) is answered by ``ContactEnded``."""


class TaskFailureReason(StrEnum):
    """The ``reason`` of a task failure frame as the sandbox sends it (the SDK names none; it
    passes ``reason`` and ``reasonCode`` on to the app). Codes are stable: append, never
    renumber."""

    INVALID_CONTACT_STATE = "INVALID_CONTACT_STATE"
    """The contact is the agent's but its state does not allow the action (resume a contact
    not on hold, end one already ended and in wrap-up, wrap up one still connected, ...)."""
    INVALID_WRAP_UP_CODE = "INVALID_WRAP_UP_CODE"
    """``auxCodeId`` is not an active wrap-up code of the organization."""
    CONTACT_NOT_FOUND = "CONTACT_NOT_FOUND"
    """The contact left the agent while the request was under way."""

    @property
    def code(self) -> int:
        return TASK_FAILURE_CODES[self]


TASK_FAILURE_CODES: Mapping[TaskFailureReason, int] = MappingProxyType(
    {
        TaskFailureReason.INVALID_CONTACT_STATE: 1101,
        TaskFailureReason.INVALID_WRAP_UP_CODE: 1102,
        TaskFailureReason.CONTACT_NOT_FOUND: 1103,
    }
)
"""``TaskFailureReason`` -> ``reasonCode``."""
