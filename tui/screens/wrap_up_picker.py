"""The wrap-up-code picker: the codes a contact may be wrapped up with (a disposition)."""

from __future__ import annotations

from tui.domain import WrapUpCode
from tui.screens.code_picker import CodePicker


class WrapUpCodePicker(CodePicker[WrapUpCode]):
    what = "wrap-up code"

    def __init__(self, codes: tuple[WrapUpCode, ...], *, contact_words: str = "") -> None:
        """`contact_words`: which contact, as the title says it (`Voice contact from ...`)."""
        title = f"Wrap up {contact_words}" if contact_words else "Wrap up with"
        # The default code first, so Enter takes it as on the platforms' own desktops.
        ordered = tuple(sorted(codes, key=lambda code: not code.is_default))
        super().__init__(ordered, title=title, id="wrap-up-picker")
