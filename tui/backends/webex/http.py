"""The REST half of the Webex client: one reused httpx.AsyncClient, answers -> typed errors."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from tui.backends.webex import wire
from tui.backends.webex.mapping import Action
from tui.domain.errors import (
    DesktopError,
    NoSuchAgent,
    NotPermitted,
    NotSignedIn,
    PlatformRefused,
    RequestTimedOut,
    ServerUnreachable,
    WrongPassword,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
PAGE_SIZE = 100
MAX_PAGES = 100


def error_for_status(status: int, body: bytes, action: Action = Action.OTHER) -> DesktopError:
    """The typed error for a non-2xx answer; the platform's own words only where ours are vague."""
    said = _description(body)
    if status == 401:
        return NotSignedIn()
    if status == 403:
        if action is Action.AGENT_STATE:
            return NotPermitted("You may change only agents of the teams you supervise.")
        return NotPermitted()
    if status == 404 and action is Action.AGENT_STATE:
        return NoSuchAgent()
    if status >= 500:
        return PlatformRefused(f"The platform had a problem (HTTP {status}). Try again.")
    return PlatformRefused(said or f"The platform did not accept the request (HTTP {status}).")


def _description(body: bytes) -> str:
    try:
        return wire.ApiErrorResponse.model_validate_json(body).description
    except (ValidationError, ValueError):
        return ""


class WebexHttp:
    """Every REST call of one session goes through the one AsyncClient held here."""

    def __init__(self, base_url: str, *, timeout: float, token: str | None = None) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)
        if token:
            self.set_token(token)

    @property
    def has_token(self) -> bool:
        return "Authorization" in self.client.headers

    def set_token(self, token: str) -> None:
        self.client.headers["Authorization"] = f"Bearer {token}"

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise ServerUnreachable() from exc
            raise RequestTimedOut() from exc
        except (httpx.TransportError, OSError) as exc:
            raise ServerUnreachable() from exc

    async def password_grant(self, user: str, password: str) -> str:
        """The sandbox's OAuth2 password grant -> a bearer token."""
        form = {"grant_type": "password", "username": user, "password": password}
        response = await self._send("POST", "/oauth/token", data=form)
        if response.status_code == 401 or _oauth_error(response) == "invalid_grant":
            raise WrongPassword()
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        token = response.json().get("access_token")
        if not isinstance(token, str) or not token:
            raise PlatformRefused("The sign-in answer carried no token.")
        return token

    async def get_model(
        self, path: str, model: type[ModelT], params: dict[str, Any] | None = None
    ) -> ModelT:
        response = await self._send("GET", path, params=params)
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return _validated(model, response.content)

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

    async def post_model(self, path: str, body: BaseModel, model: type[ModelT]) -> ModelT:
        response = await self._send("POST", path, json=body.model_dump(exclude_none=True))
        if response.status_code != 200:
            raise error_for_status(response.status_code, response.content)
        return _validated(model, response.content)

    async def accepted(
        self, method: str, path: str, body: BaseModel | None, tracking_id: str, action: Action
    ) -> None:
        """Send an agent request that the platform answers with 202 and a frame later."""
        payload = body.model_dump(exclude_none=True) if body is not None else None
        response = await self._send(method, path, json=payload, headers={"TrackingID": tracking_id})
        if response.status_code not in (200, 202):
            raise error_for_status(response.status_code, response.content, action)


def _oauth_error(response: httpx.Response) -> str:
    """The OAuth2 `error` code of a token-endpoint answer ('' when there is none)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else ""


def _validated(model: type[ModelT], content: bytes) -> ModelT:
    try:
        return model.model_validate_json(content)
    except ValidationError as exc:
        raise PlatformRefused("The platform sent an answer the desktop cannot read.") from exc
