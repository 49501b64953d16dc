"""Reading a JSON request body into a wire request model, with a plain-words 4xx on any fault.

Bodies are parsed here rather than by FastAPI so that every fault has its own answer: a wrong
content type (415, unless the protocol reads any body as JSON, as CXone does), an empty or
oversized body, malformed JSON, a non-object, and each field error (missing, wrong type, over
the spec's maxLength) are all 400s that say what is wrong.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from tui.sandbox.errors import ApiError, describe_validation

MAX_BODY_BYTES = 64 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)


def _is_json(content_type: str) -> bool:
    mime = content_type.split(";")[0].strip().lower()
    if mime == "application/json":
        return True
    return mime.startswith("application/") and mime.endswith("+json")


async def read_json_object(
    request: Request, *, any_content_type: bool = False
) -> dict[str, Any] | None:
    """The body as a JSON object; None when there is no body (4xx on any other fault).

    With `any_content_type` the body is read as JSON whatever its content type says (NICE's
    SDK sends JSON as `text/plain;charset=UTF-8`); a body that is not JSON is then a 400."""
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "The request body is too large.")
    if not raw:  # only a truly empty body is "no body"; white space alone is not JSON
        return None
    content_type = request.headers.get("content-type")
    if content_type is not None and not any_content_type and not _is_json(content_type):
        raise ApiError(415, "Send the body as application/json.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return data


async def read_body(request: Request, model: type[ModelT], *, optional: bool = False) -> ModelT:
    """The body as `model`; with `optional`, a missing body means all defaults."""
    data = await read_json_object(request)
    if data is None:
        if optional:
            return model()
        raise ApiError(400, "The request needs a JSON body.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, describe_validation(list(exc.errors()))) from exc
