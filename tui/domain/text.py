"""Text from a platform, made safe to put on a terminal screen.

Names, reasons and descriptions come from the server. Shown as they are, a control character
in one would reach the terminal itself: `ESC [ 2 J` clears it, `ESC ] 0 ;` retitles it, and a
bell rings. Bidirectional overrides would make text read differently from what it is. So every
such character becomes a visible stand-in (`ESC` is shown as `␛`, a bidi override as `�`)
before the text enters the desktop's model; everything else (any script, emoji, markup-like
`[bold]`) is kept exactly, and Textual is never asked to read it as markup.

`cleaned()` applies this to every string inside an event, a profile or an error, so one call
at each entrance covers every field, including those added later.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = [
    0x061C,  # Arabic letter mark
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    0x2028,  # line separator
    0x2029,  # paragraph separator
    *range(0x202A, 0x202F),  # embeddings and overrides
    *range(0x2066, 0x206A),  # isolates
]


def _stand_ins() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ .. ␟ (␛ for ESC)
    table[0x7F] = "\u2421"  # ␡
    table |= {code: REPLACEMENT for code in range(0x80, 0xA0)}  # C1, e.g. CSI (0x9b)
    table |= {code: REPLACEMENT for code in _BIDI_CONTROLS}
    return table


_TABLE = _stand_ins()


def displayable(text: str) -> str:
    """`text` with every terminal control and bidi control replaced by a visible stand-in."""
    if text.isprintable():  # the common case, and fast: nothing to replace
        return text
    return text.translate(_TABLE)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def cleaned(value: T) -> T:
    """`value` with `displayable` applied to every string in it (in dataclasses, tuples, lists
    and dicts, keys too). Returns the very same object when nothing needed replacing."""
    return _clean(value)  # type: ignore[no-any-return]


def clean_in_place(instance: object) -> None:
    """`cleaned` for a (frozen) dataclass being made, field by field, from its __post_init__."""
    for name in _field_names(type(instance)):
        value = getattr(instance, name)
        fixed = _clean(value)
        if fixed is not value:  # almost never: most text needs nothing
            object.__setattr__(instance, name, fixed)


_INERT = frozenset({int, float, bool, type(None)})


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:  # the commonest case first: a board of 2,000 rows is ~50,000 values
        return displayable(value)
    if kind in _INERT:
        return value
    if isinstance(value, str):
        if isinstance(value, Enum):
            return value  # enum members are the program's own text
        return displayable(value)
    if isinstance(value, tuple | list):
        if all(type(item) in _INERT for item in value):
            return value  # numbers only (a channel's load): nothing to look at one by one
        items = [_clean(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        if hasattr(value, "_fields"):  # a named tuple
            return type(value)(*items)
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(_clean(k), _clean(v)) for k, v in value.items()]
        if all(nk is k and nv is v for (nk, nv), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return type(value)(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = _clean(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
