"""The REST half of the CXone client: one reused httpx.AsyncClient; answers -> models or typed
errors (`mapping.error_for`). The long poll has its own timeout: the server may hold it for
`timeout` seconds, so it is abandoned only `margin` seconds after that.

A 401 is retried once with a fresh token when the client can get one (`renew`: a refresh
token or a password sign-in can; a pasted bearer token cannot), so an expiring token never
shows; when none comes, or the fresh one is refused too, `on_signed_out` is told.

The poll is read by status code alone, as NICE's agent SDK reads it (its get-next-event
provider): 200 events (any answer below 400 with a body), 304 or an empty answer nothing
happened, 409 the session has ended (whatever the body says, or with none), 401 signed out; any
other answer is trouble worth retrying.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from tui.backends import http as shared
from tui.backends.cxone import wire
from tui.backends.cxone.mapping import Action, error_for
from tui.domain.errors import (
    NoSuchSession,
    NotLoggedIn,
    NotSignedIn,
    PlatformRefused,
    RequestTimedOut,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_SESSION_ID = 256


@dataclass(frozen=True, slots=True)
class PollAnswer:
    """What a 200 from get-next-event said: the next session id (None when it gave none) and
    the raw events; `problem` says in plain words what was wrong with an unreadable answer."""

    session_id: str | None
    events: list[Any]
    problem: str = ""


class CxoneHttp(shared.PlatformHttp):
    """Every request of one CXone session: under the API's versioned prefix, a 401 retried once
    with a renewed token."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        token: str | None = None,
        version: str = wire.CURRENT_VERSION,
    ) -> None:
        super().__init__(base_url, timeout=timeout, token=token)
        self.prefix = wire.API_PREFIX.format(version=version)
        self.renew: Callable[[str], Awaitable[str | None]] | None = None
        """Given the token a request was refused with, a token to try instead (or None)."""
        self.on_signed_out: Callable[[], None] | None = None

    @property
    def token(self) -> str:
        return self.client.headers.get("Authorization", "").removeprefix("Bearer ")

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        sent_with = self.token
        response = await shared.send(self.client, method, self._url(path), **kwargs)
        if response.status_code != 401:
            return response
        token = await self.renew(sent_with) if self.renew is not None else None
        if token:
            if token != self.token:
                self.set_token(token)
            response = await shared.send(self.client, method, self._url(path), **kwargs)
        if response.status_code == 401 and self.on_signed_out is not None:
            self.on_signed_out()
        return response

    async def get(self, path: str, model: type[ModelT], action: Action = Action.OTHER) -> ModelT:
        response = await self._send("GET", path)
        if response.status_code != 200:
            raise error_for(response.status_code, response.content, action)
        return shared.validated(model, response.content)

    async def get_if_changed(
        self, path: str, model: type[ModelT], action: Action, params: dict[str, str]
    ) -> ModelT | None:
        """A read that may answer 304 with no body (an `updatedSince` poll): None then."""
        response = await self._send("GET", path, params=params)
        if response.status_code == 304:
            return None
        if response.status_code != 200:
            raise error_for(response.status_code, response.content, action)
        return shared.validated(model, response.content)

    async def command(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        action: Action = Action.OTHER,
        *,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """A request the platform accepts with 202 (200 is taken as well)."""
        payload = body.model_dump(exclude_none=True) if body is not None else None
        response = await self._send(method, path, json=payload, params=params)
        if response.status_code not in (200, 202):
            raise error_for(response.status_code, response.content, action)
        return response

    async def session_id_of(self, path: str, body: BaseModel | None, action: Action) -> str:
        """Start or join: the session id of the 202."""
        response = await self.command("POST", path, body, action)
        return shared.validated(wire.SessionResponse, response.content).sessionId

    async def poll(self, session_id: str, timeout: int, margin: float) -> PollAnswer | None:
        """One get-next-event: the answer, or None for a 304. A poll still unanswered
        `margin` seconds past `timeout` is abandoned (RequestTimedOut)."""
        wait = timeout + margin
        path = f"{session_path(session_id)}/get-next-event"
        try:
            async with asyncio.timeout(wait):
                response = await self._send(
                    "GET", path, params={"timeout": timeout}, timeout=httpx.Timeout(wait + 1.0)
                )
        except TimeoutError:
            raise RequestTimedOut(
                f"The platform did not answer a poll within {wait:g} s."
            ) from None
        status = response.status_code
        if status == 304 or (status < 400 and not response.content.strip()):
            return None  # nothing happened (the SDK reads an empty answer as no events)
        if status < 400:
            return _poll_answer(response.content)
        if status == 409:
            raise NotLoggedIn("Your station session has ended.")
        if status == 401:
            raise NotSignedIn()
        if status == 404:
            raise NoSuchSession()
        raise PlatformRefused(f"The platform answered a poll with HTTP {status}.")

    def _url(self, path: str) -> str:
        return f"{self.prefix}/{path.lstrip('/')}"


def session_path(session_id: str) -> str:
    """`agent-sessions/{id}` with the id quoted, whatever characters a platform put in it."""
    return f"agent-sessions/{quote(session_id, safe='')}"


def _poll_answer(content: bytes) -> PollAnswer:
    """Read leniently: one odd event must not cost the others, nor the next session id."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return PollAnswer(None, [], "an answer that is not JSON")
    if not isinstance(data, dict):
        return PollAnswer(None, [], "an answer that is not a JSON object")
    session_id = data.get("sessionId")
    if not isinstance(session_id, str) or not session_id or len(session_id) > MAX_SESSION_ID:
        session_id = None
    events = data.get("events", [])
    if not isinstance(events, list):
        return PollAnswer(session_id, [], "an answer whose events are not a list")
    return PollAnswer(session_id, events, "" if session_id else "an answer without a session id")
