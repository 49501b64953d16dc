"""A small, strict reader of GraphQL query documents: enough of the language for the Search
API's `task` queries (one operation, fields with arguments, nested selections, literal and
variable values), and a plain sentence for everything else.

Not a GraphQL server: no fragments, directives, aliases or mutations. A document the sandbox
cannot read is refused with a 400, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_DOCUMENT_CHARS = 8_000
MAX_DEPTH = 12

_TOKEN = re.compile(
    r"""
    (?P<skip>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<punct>[{}()\[\]:!$=])
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<string>"(?:[^"\\\n\r]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*")
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    """,
    re.VERBOSE,
)


class QueryError(ValueError):
    """The document cannot be read or asks for something the sandbox does not serve."""


@dataclass(frozen=True)
class Variable:
    name: str


@dataclass(frozen=True)
class Enum:
    """A bare name used as a value (`telephony`, `count`)."""

    name: str


@dataclass
class Field:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    selections: list[Field] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise QueryError(f"The query cannot be read at character {at + 1}.")
        at = match.end()
        kind = match.lastgroup or ""
        if kind != "skip":
            out.append((kind, match.group()))
    return out


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self._tokens = tokens
        self._at = 0

    def peek(self) -> tuple[str, str]:
        return self._tokens[self._at] if self._at < len(self._tokens) else ("end", "")

    def take(self, value: str | None = None, kind: str | None = None) -> str:
        got_kind, got = self.peek()
        if (value is not None and got != value) or (kind is not None and got_kind != kind):
            wanted = value or kind or "more"
            seen = got or "the end of the query"
            raise QueryError(f"Expected {wanted!r} in the query, found {seen!r}.")
        self._at += 1
        return got

    def document(self) -> Field:
        kind, word = self.peek()
        if kind == "name":
            if word != "query":
                raise QueryError("Only a query is served here (no mutation or subscription).")
            self.take()
            if self.peek()[0] == "name":
                self.take()
            if self.peek()[1] == "(":
                self._skip_variable_definitions()
        root = Field("query", selections=self.selections(0))
        if self.peek()[0] != "end":
            raise QueryError("Send one operation per request.")
        return root

    def _skip_variable_definitions(self) -> None:
        """`($from: Long!, $to: Long!)`: the types are not checked, the values are."""
        self.take("(")
        while self.peek()[1] != ")":
            self.take("$")
            self.take(kind="name")
            self.take(":")
            depth = 0
            while True:
                kind, word = self.peek()
                if kind == "end":
                    raise QueryError("The variable definitions are not closed.")
                if word == "[":
                    depth += 1
                elif word == "]":
                    depth -= 1
                elif kind == "name" and depth == 0:
                    self.take()
                    if self.peek()[1] == "!":
                        self.take()
                    break
                self.take()
            if self.peek()[1] == "=":
                self.take()
                self.value(0)
        self.take(")")

    def selections(self, depth: int) -> list[Field]:
        if depth > MAX_DEPTH:
            raise QueryError("The query is nested too deeply.")
        self.take("{")
        fields = []
        while self.peek()[1] != "}":
            name = self.take(kind="name")
            arguments: dict[str, Any] = {}
            if self.peek()[1] == "(":
                self.take("(")
                while self.peek()[1] != ")":
                    key = self.take(kind="name")
                    self.take(":")
                    arguments[key] = self.value(depth + 1)
                self.take(")")
            subs = self.selections(depth + 1) if self.peek()[1] == "{" else []
            fields.append(Field(name, arguments, subs))
        self.take("}")
        if not fields:
            raise QueryError("A selection must name at least one field.")
        return fields

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise QueryError("The query is nested too deeply.")
        kind, word = self.peek()
        if word == "$":
            self.take()
            return Variable(self.take(kind="name"))
        if word == "[":
            self.take()
            items = []
            while self.peek()[1] != "]":
                items.append(self.value(depth + 1))
            self.take("]")
            return items
        if word == "{":
            self.take()
            obj: dict[str, Any] = {}
            while self.peek()[1] != "}":
                key = self.take(kind="name")
                self.take(":")
                obj[key] = self.value(depth + 1)
            self.take("}")
            return obj
        if kind == "number":
            self.take()
            number = float(word) if any(c in word for c in ".eE") else int(word)
            return number
        if kind == "string":
            self.take()
            return _unquote(word)
        if kind == "name":
            self.take()
            return {"true": True, "false": False, "null": None}.get(word, Enum(word))
        raise QueryError(f"Expected a value in the query, found {word or 'the end'!r}.")


def _unquote(token: str) -> str:
    import json

    return str(json.loads(token))


def parse(document: str) -> Field:
    """The query's root field (named "query") with its selections; QueryError otherwise."""
    if len(document) > MAX_DOCUMENT_CHARS:
        raise QueryError("The query is too long.")
    return _Reader(_tokens(document)).document()


def resolve(value: Any, variables: dict[str, Any]) -> Any:
    """`value` with its variables replaced by what `variables` gives; QueryError for a missing
    one. Bare names stay `Enum`s."""
    if isinstance(value, Variable):
        if value.name not in variables:
            raise QueryError(f"The variable ${value.name} has no value.")
        return variables[value.name]
    if isinstance(value, list):
        return [resolve(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, variables) for k, v in value.items()}
    return value
