"""The REST half of the Webex client: one reused httpx.AsyncClient, answers -> typed errors.

Sending, the password grant and the generic status mapping are shared with every backend
(`tui.backends.http`); what is Webex's own here is its error body and its paged lists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from tui.backends import http as shared
from tui.backends.webex import wire
from tui.backends.webex.mapping import Action
from tui.domain.errors import (
    DesktopError,
    NoSuchAgent,
    NoSuchContact,
    NotPermitted,
    PlatformRefused,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
PAGE_SIZE = 100
MAX_PAGES = 100


def error_for_status(status: int, body: bytes, action: Action = Action.OTHER) -> DesktopError:
    """The typed error for a non-2xx answer; the platform's own words only where ours are vague."""
    if status == 403 and action is Action.AGENT_STATE:
        return NotPermitted("You may change only agents of the teams you supervise.")
    if status == 404 and action is Action.AGENT_STATE:
        return NoSuchAgent()
    if status == 404 and action.is_contact:
        return NoSuchContact()
    return shared.common_error(status, _description(body))


def _description(body: bytes) -> str:
    try:
        return wire.ApiErrorResponse.model_validate_json(body).description
    except (ValidationError, ValueError):
        return ""


class WebexHttp(shared.PlatformHttp):
    """Every REST call of one Webex session: its paged lists, its 202s and its error body. A
    401 is sent again once with a renewed token when one can be had (`renew`); when none can,
    `on_signed_out` is told."""

    def __init__(self, base_url: str, *, timeout: float, token: str | None = None) -> None:
        super().__init__(base_url, timeout=timeout, token=token)
        self.renew: Callable[[str], Awaitable[str | None]] | None = None
        """Given the token a request was refused with, a token to try instead (or None)."""
        self.on_signed_out: Callable[[], None] | None = None

    @property
    def token(self) -> str:
        return self.client.headers.get("Authorization", "").removeprefix("Bearer ")

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        sent_with = self.token
        response = await shared.send(self.client, method, path, **kwargs)
        if response.status_code != 401:
            return response
        token = await self.renew(sent_with) if self.renew is not None else None
        if token:
            response = await shared.send(self.client, method, path, **kwargs)
        if response.status_code == 401 and self.on_signed_out is not None:
            self.on_signed_out()
        return response

    async def get_model(
        self, path: str, model: type[ModelT], params: dict[str, Any] | None = None
    ) -> ModelT:
        response = await self._send("GET", path, params=params)
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return shared.validated(model, response.content)

    async def found(
        self, path: str, model: type[ModelT], params: dict[str, Any] | None = None
    ) -> ModelT | None:
        """`get_model`, but None where the platform has no such route or record (404)."""
        response = await self._send("GET", path, params=params)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return shared.validated(model, response.content)

    async def get_list(
        self, path: str, model: type[ModelT], params: dict[str, Any] | None = None
    ) -> list[ModelT]:
        """A bare JSON array of `model` (the agent-scoped dial plan answers one)."""
        response = await self._send("GET", path, params=params)
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        try:
            return TypeAdapter(list[model]).validate_json(response.content)  # type: ignore[valid-type]
        except ValidationError as exc:
            raise PlatformRefused("The platform sent an answer the desktop cannot read.") from exc

    async def paged(
        self, path: str, model: type[ModelT], params: dict[str, Any] | None = None
    ) -> list[ModelT]:
        """Every item of a paged `{data, meta}` list, following pages until the last."""
        items: list[ModelT] = []
        for page in range(MAX_PAGES):
            query = {**(params or {}), "page": page, "pageSize": PAGE_SIZE}
            body = await self.get_model(path, wire.Page[model], query)  # type: ignore[valid-type]
            items.extend(body.data)
            total = body.meta.totalPages
            if not body.data or total is None or page + 1 >= total:
                break
        return items

    async def post_found(self, path: str, body: BaseModel, model: type[ModelT]) -> ModelT | None:
        """`post_model`, but None where the platform has no such route (404)."""
        response = await self._send("POST", path, json=body.model_dump(exclude_none=True))
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return shared.validated(model, response.content)

    async def post_model(self, path: str, body: BaseModel, model: type[ModelT]) -> ModelT:
        response = await self._send("POST", path, json=body.model_dump(exclude_none=True))
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return shared.validated(model, response.content)

    async def accepted(
        self, method: str, path: str, body: BaseModel | None, tracking_id: str, action: Action
    ) -> None:
        """Send an agent request that the platform answers with 202 and a frame later."""
        payload = body.model_dump(exclude_none=True) if body is not None else None
        response = await self._send(method, path, json=payload, headers={"TrackingID": tracking_id})
        if response.status_code not in (200, 202):
            raise error_for_status(response.status_code, response.content, action)
