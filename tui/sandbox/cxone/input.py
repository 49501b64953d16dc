"""CXone request parameters, from the query string, the JSON body, or both.

Every CXone route takes its parameters either way. Query values are text and are read as the
field's type (`timeout=5`, `forceLogoff=true`); body values must already have the right JSON
type. When both carry a field, the body wins. A body is read as JSON whatever its content
type says, as CXone does (NICE's SDK sends `text/plain;charset=UTF-8`). Any fault is a 400
that names the field.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, TypeAdapter, ValidationError

from tui.backends.cxone.wire import ErrorName
from tui.sandbox.body import read_json_object
from tui.sandbox.cxone.errors import failure
from tui.sandbox.errors import describe_validation

ModelT = TypeVar("ModelT", bound=BaseModel)

MAX_QUERY_PARAMS = 20


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field])


def _query(request: Request, model: type[BaseModel]) -> dict[str, Any]:
    """The model's fields found in the query string, each read from text on its own."""
    params = request.query_params
    if len(params) > MAX_QUERY_PARAMS:
        raise failure(ErrorName.INVALID_REQUEST, "The query string has too many parameters.")
    values: dict[str, Any] = {}
    for name in dict.fromkeys(params.keys()):
        if name not in model.model_fields:
            continue  # unknown parameters are ignored, as unknown body fields are
        given = params.getlist(name)
        if len(given) != 1:
            raise failure(ErrorName.INVALID_REQUEST, f"Send {name} once.")
        try:
            values[name] = _field_adapter(model, name).validate_python(given[0], strict=False)
        except ValidationError as exc:
            errors = [error | {"loc": (name, *error.get("loc", ()))} for error in exc.errors()]
            raise failure(ErrorName.INVALID_REQUEST, describe_validation(errors)) from exc
    return values


async def read_params(request: Request, model: type[ModelT]) -> ModelT:
    """The request's parameters as `model`: the query string's, then the body's on top."""
    from_query = _query(request, model)
    body = await read_json_object(request, any_content_type=True) or {}
    try:
        return model.model_validate({**from_query, **body})
    except ValidationError as exc:
        raise failure(ErrorName.INVALID_REQUEST, describe_validation(list(exc.errors()))) from exc
