"""The idle-code picker: the idle codes an agent may choose (system codes are never offered)."""

from __future__ import annotations

from tui.domain import IdleCode
from tui.screens.code_picker import CodePicker, matching

__all__ = ["IdleCodePicker", "matching"]


class IdleCodePicker(CodePicker[IdleCode]):
    what = "idle code"

    def __init__(
        self,
        codes: tuple[IdleCode, ...],
        current: IdleCode | None = None,
        *,
        title: str = "Go Idle with",
    ) -> None:
        selectable = tuple(code for code in codes if code.selectable)
        super().__init__(selectable, current, title=title, id="idle-picker")
