"""A board's looks at a big team: a ``BuddyAgents`` frame read one agent's entry at a time.

A supervisor's board asks for the whole team several times a second, and between two looks at
2,000 agents most entries are exactly as they were, down to their text: a server writes an
unchanged agent the same way each time. Parsing the whole 1.2 MB frame, then comparing every
entry with the last one, was most of what a look cost the desktop (about 27 ms). Here the
frame's agent list is cut at the boundaries between entries, and only an entry whose text was
not in the last frame is parsed; the others are the models made from that very text then.

The cut is checked, not trusted: every piece must be one whole JSON object, either a text
parsed before or one parsed now. A cut in the wrong place (inside a string, or inside an
entry's channels) leaves a piece with an unclosed string or bracket, which no JSON object's
text is, so such a frame is read whole as ever. So is anything else unusual: no agent list,
an empty one, bytes that are not UTF-8, a separator or key order that changes from entry to
entry.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import from_json

from tui.backends.webex.wire.events import BuddyAgent

_LIST_KEY = '"agentList":'
"""Only structural JSON can read so: inside a string, a quote is always escaped."""
_SPACE = " \t\r\n"
_SCANNER = json.JSONDecoder()
"""Finds where one JSON value ends (`raw_decode`); its values are never used."""


class BuddyMemo:
    """The entries of the last ``BuddyAgents`` frame: each one's text and the model made from it."""

    def __init__(self) -> None:
        self._models: dict[str, BuddyAgent] = {}

    def read(self, raw: str | bytes) -> tuple[dict[str, Any], list[str]] | None:
        """The frame as a JSON object whose ``data.agentList`` holds the known models for the
        entries seen last time and parsed objects for the rest, with every entry's text (for
        `remember`); None when the frame is not a buddy list that can be read this way (the
        caller then parses it whole)."""
        try:
            text = raw if isinstance(raw, str) else bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
        cut = _cut(text)
        if cut is None:
            return None
        opened, closed, pieces = cut
        known = self._models
        entries: list[Any] = []
        try:
            for piece in pieces:
                model = known.get(piece)
                if model is None:
                    entry = from_json(piece, cache_strings="keys")
                    if not isinstance(entry, dict):
                        return None
                    entries.append(entry)
                else:
                    entries.append(model)
            outer = from_json(text[:opened] + text[closed:], cache_strings="keys")
        except ValueError:
            return None
        data = outer.get("data") if isinstance(outer, dict) else None
        if not isinstance(data, dict) or data.get("type") != "BuddyAgents":
            return None
        if data.get("agentList") != []:  # the list cut out was not this one
            return None
        data["agentList"] = entries
        return outer, pieces

    def remember(self, pieces: list[str], models: list[BuddyAgent]) -> None:
        """After validation: these entries' texts made these models."""
        self._models = dict(zip(pieces, models, strict=True))


def _cut(text: str) -> tuple[int, int, list[str]] | None:
    """Where the agent list's entries begin and end, and each entry's text; None when the
    list cannot be cut at its entries' boundaries (see the module's docstring)."""
    start = text.find(_LIST_KEY)
    if start < 0:
        return None
    bracket = _skip_space(text, start + len(_LIST_KEY))
    if not text.startswith("[", bracket):
        return None
    opened = bracket + 1
    first = _skip_space(text, opened)
    if not text.startswith("{", first):
        return None  # empty, or not a list of objects
    colon = text.find(":", first)
    try:
        _, first_end = _SCANNER.raw_decode(text, first)
    except ValueError:
        return None
    if colon < 0 or colon > first_end:
        return None
    following = _skip_space(text, first_end)
    if text.startswith("]", following):
        return opened, following, [text[first:first_end]]
    if not text.startswith(",", following):
        return None
    second = _skip_space(text, following + 1)
    separator, opening = text[first_end:second], text[first : colon + 1]
    boundary = "}" + separator + opening  # how one entry ends and the next begins
    last = text.rfind(separator + opening, first_end)
    if last < 0:
        return None
    last += len(separator)  # where the last entry begins, if the cut is right
    try:
        _, end = _SCANNER.raw_decode(text, last)
    except ValueError:
        return None
    closed = _skip_space(text, end)
    if not text.startswith("]", closed):
        return None
    parts = text[first:end].split(boundary)
    pieces = [parts[0] + "}"]
    pieces.extend(opening + part + "}" for part in parts[1:-1])
    pieces.append(opening + parts[-1])
    return opened, closed, pieces


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at
