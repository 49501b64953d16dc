"""Text for the few places where Textual reads a plain string as markup.

The command palette renders every command's title and help with `Content.from_markup`, so a
name from the platform such as `[link=https://x]Training[/link]` would be styled, or (being
malformed markup) crash the desktop when the palette opens. `literal()` makes such a string
read as exactly itself. (`textual.markup.escape` misses brackets it does not take for tags.)
"""

from __future__ import annotations


def literal(text: str) -> str:
    """`text` as markup that renders as exactly `text`: one backslash before every `[`.

    In Textual markup a backslash before `[` makes the bracket literal and is itself dropped,
    whatever precedes it; backslashes anywhere else are already literal.
    """
    return text.replace("[", "\\[")
