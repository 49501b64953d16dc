"""The Webex session's contact operations: the task routes (``wire.TASK_ROUTES``) and the
frames that answer them.

Each operation registers what it waits for (the route's success frames and its failure frame,
for that ``interactionId``) before it posts, so a frame that comes before the HTTP answer is not
missed; the stream's reader publishes the frame's events first and only then settles the wait,
so the snapshot already shows the step when the caller's ``await`` returns. A 404 is
``NoSuchContact``; a failure frame ``ContactNotReady`` (or ``InvalidWrapUpCode``, or
``NoSuchContact`` when the contact left meanwhile); no frame in time ``RequestTimedOut``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from tui.backends.webex import wire
from tui.backends.webex.contacts import (
    ContactContext,
    contact_events,
    contact_type,
    failure_sentence,
    task_view,
)
from tui.backends.webex.mapping import Action
from tui.domain import FrameIgnored, LoginOption, RequestRefused, WrapUpCode
from tui.domain.errors import (
    ContactNotReady,
    DesktopError,
    InvalidWrapUpCode,
    NoSuchContact,
    NotConnected,
    PlatformRefused,
    RequestTimedOut,
)

if TYPE_CHECKING:
    from tui.backends.webex.client import WebexSession

GONE = frozenset({"AgentOfferContactRona", "AgentWrappedUp", "AgentContactUnassigned"})
"""Frames that say the contact left the agent: a step still waiting for it cannot happen."""

LOST = (
    "The connection dropped before the platform confirmed this; the desktop will show the "
    "contact as the platform has it once it reconnects."
)

_ACTION = {
    wire.TaskAction.ACCEPT: Action.ACCEPT_CONTACT,
    wire.TaskAction.HOLD: Action.HOLD_CONTACT,
    wire.TaskAction.UNHOLD: Action.RESUME_CONTACT,
    wire.TaskAction.END: Action.END_CONTACT,
    wire.TaskAction.WRAPUP: Action.WRAP_UP_CONTACT,
}
_ON_PHONE = (LoginOption.DIAL_NUMBER, LoginOption.EXTENSION)


@dataclass(slots=True)
class _TaskWait:
    """One contact operation waiting for the frame that answers it."""

    route: wire.TaskRoute
    success: frozenset[str]
    future: asyncio.Future[None]


class WebexContacts:
    """Mixed into `WebexSession`: accept, hold, resume, end and wrap up a contact."""

    _task_waits: dict[str, list[_TaskWait]]
    _media_resources: dict[str, str]

    def _init_contacts(self) -> None:
        self._task_waits = {}
        self._media_resources = {}

    # -- the operations --------------------------------------------------------------------------

    async def accept_contact(self: WebexSession, interaction_id: str) -> None:
        await self._task(wire.TaskAction.ACCEPT, interaction_id, wire.EmptyTaskRequest())

    async def decline_contact(self: WebexSession, interaction_id: str) -> None:
        """Webex has no decline for an offer (the SDK's decline is a browser call's); an offer
        left alone rings out to RONA and goes back to its queue."""
        raise PlatformRefused(self.capabilities.decline_missing)

    async def hold_contact(self: WebexSession, interaction_id: str) -> None:
        body = wire.HoldRequest(mediaResourceId=self._media_resource(interaction_id))
        await self._task(wire.TaskAction.HOLD, interaction_id, body)

    async def resume_contact(self: WebexSession, interaction_id: str) -> None:
        body = wire.HoldRequest(mediaResourceId=self._media_resource(interaction_id))
        await self._task(wire.TaskAction.UNHOLD, interaction_id, body)

    async def end_contact(self: WebexSession, interaction_id: str) -> None:
        """End a contact; on one still offered this is the SDK's cancel (``ContactEnded``)."""
        await self._task(
            wire.TaskAction.END,
            interaction_id,
            wire.EmptyTaskRequest(),
            also=(wire.CANCEL_OFFER_SUCCESS, "AgentContactUnassigned"),
        )

    async def wrap_up_contact(self: WebexSession, interaction_id: str, code: WrapUpCode) -> None:
        if not code.id or not code.name:
            raise InvalidWrapUpCode()
        body = wire.WrapupRequest(wrapUpReason=code.name[:128], auxCodeId=code.id[:36])
        await self._task(wire.TaskAction.WRAPUP, interaction_id, body)

    # -- sending and waiting ---------------------------------------------------------------------

    def _media_resource(self, interaction_id: str) -> str:
        """The main leg to hold or resume: the one the contact's frames named (its id if none
        did)."""
        return self._media_resources.get(interaction_id) or interaction_id

    async def _task(
        self: WebexSession,
        action: wire.TaskAction,
        interaction_id: str,
        body: BaseModel,
        also: tuple[str, ...] = (),
    ) -> None:
        self._require_profile()
        if not self._stream.is_online:
            raise NotConnected()
        route = wire.TASK_ROUTES[action]
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        wait = _TaskWait(route, frozenset((route.success, *also)), future)
        self._task_waits.setdefault(interaction_id, []).append(wait)
        tracking_id = _tracking_id()

        async def sent() -> None:
            await self._http.accepted(
                route.method, route.path_for(interaction_id), body, tracking_id, _ACTION[action]
            )
            await future

        try:
            await self._confirmed(sent())
        finally:
            waits = self._task_waits.get(interaction_id, [])
            if wait in waits:
                waits.remove(wait)
            if not waits:
                self._task_waits.pop(interaction_id, None)

    # -- frames ----------------------------------------------------------------------------------

    def _contact_context(self: WebexSession) -> ContactContext:
        identity = self.identity
        return ContactContext(
            agent_id=identity.agent_id if identity else "",
            profile=self.profile,
            rings_on_phone=self.snapshot.login_option in _ON_PHONE,
        )

    def _on_contact_frame(self: WebexSession, data: Any) -> bool:
        """Publish a contact frame's events and settle what waits for it; False when the frame
        is not a contact frame. A malformed one is reported, never raised."""
        kind = contact_type(data)
        if kind is None:
            return False
        frame = task_view(data)
        if frame is None:
            self.publish(FrameIgnored(f"a {kind} frame the desktop could not read"))
            return True
        ctx = self._contact_context()
        if frame.agentId and frame.agentId != ctx.agent_id:
            return True  # another agent's contact
        if frame.mediaResourceId:
            self._media_resources[frame.interactionId] = frame.mediaResourceId
        for event in contact_events(data, ctx):
            self.publish(event)
        if kind in wire.TASK_FAILURE_TYPES:
            if not self._settle_task(frame, _failure_error(frame)):
                sentence = failure_sentence(frame)
                self.publish(RequestRefused("The platform refused a contact request", sentence))
            return True
        self._settle_task(frame, None)
        if kind in GONE:
            self._media_resources.pop(frame.interactionId, None)
        return True

    def _settle_task(self, frame: wire.TaskFrame, error: DesktopError | None) -> bool:
        """Settle the waits this frame answers; whether any did."""
        settled = False
        for wait in list(self._task_waits.get(frame.interactionId, ())):
            if wait.future.done():
                continue
            if error is not None:
                if frame.type != wait.route.failure:
                    continue
                wait.future.set_exception(error)
            elif frame.type in wait.success:
                wait.future.set_result(None)
            elif frame.type in GONE or frame.type == "ContactEnded":
                wait.future.set_exception(NoSuchContact())
            else:
                continue
            settled = True
        return settled

    def _fail_task_waits(self) -> None:
        """The socket is gone: no frame will come for what is in flight."""
        for waits in self._task_waits.values():
            for wait in waits:
                if not wait.future.done():
                    wait.future.set_exception(RequestTimedOut(LOST))


def _failure_error(frame: wire.TaskFrame) -> DesktopError:
    reason = frame.reason or ""
    if reason == wire.TaskFailureReason.INVALID_WRAP_UP_CODE:
        return InvalidWrapUpCode()
    if reason == wire.TaskFailureReason.CONTACT_NOT_FOUND:
        return NoSuchContact()
    return ContactNotReady()


def _tracking_id() -> str:
    from tui.backends.webex.client import new_tracking_id

    return new_tracking_id()
