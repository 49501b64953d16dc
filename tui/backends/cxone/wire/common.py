"""The CXone wire's shared ground: the route prefix, the two model bases (JSON bodies strict,
events tolerant) and how ids and numbers arrive (integers or their text)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
)

API_PREFIX = "/inContactAPI/services/v{version}.0"
CURRENT_VERSION = "23"


class _Request(BaseModel):
    """JSON bodies are strict (a number is not a string); query strings go through `from_query`."""

    model_config = ConfigDict(extra="ignore", strict=True)

    @classmethod
    def from_query(cls, params: dict[str, str]) -> _Request:
        """Validate query-string parameters, where every value arrives as text."""
        return cls.model_validate(params, strict=False)


class _Event(BaseModel):
    """An event: unknown fields kept. Optional fields named in ``_omit_when_none`` are left out
    of a dump while they are None, so what a server writes carries only what it set."""

    model_config = ConfigDict(extra="allow")
    _omit_when_none: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if self._omit_when_none and isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if value is not None or key not in self._omit_when_none
            }
        return data


def _id_text(value: Any) -> Any:
    """An id the platform may send as a JSON number or as its text; kept as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _blank_is_none(value: Any) -> Any:
    """The platform writes an absent number as an empty string."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


IdText = Annotated[
    str,
    BeforeValidator(_id_text),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 64}]}),
]
"""An agent, contact or skill id: a number on the platform (``ContactID``, ``AgentId``),
accepted as a JSON integer or integer text and kept as text inside the desktop."""

LooseInt = Annotated[int | None, BeforeValidator(_blank_is_none)]
"""A count or a number of seconds the platform may send as text, or blank for none."""
