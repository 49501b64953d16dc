"""The two shipped themes, made readable: their colours adjusted where text fell short.

Every text the desktop draws is at least 4.5:1 against what it is drawn on (the WCAG AA
contrast ratio), in `textual-dark` and `textual-light` as Textual ships them and on a terminal
of 16 colours (`TERM=linux`), where Rich matches each colour to the nearest of the 16 and the
theme's blues, oranges and greys land on pairs such as bright red on bright black.

Only the shipped themes change, by name: a theme of the user's own is drawn as its author
made it. The colours keep their hue; they are darker (light theme) or picked from the 16.
"""

from __future__ import annotations

READABLE: dict[str, dict[str, str]] = {
    "textual-dark": {
        # White text on the blue of buttons and cursors was 3.8:1; on the red of a
        # "Log out" button 4.5:1, less once focused, and 3.5:1 in 256 colours.
        "primary": "#0062BA",
        "block-cursor-background": "#0062BA",
        "error": "#A82040",
    },
    "textual-light": {
        # Dim text (labels, log times) is the foreground blended a third of the way into
        # the background: 4.4:1 from #1F1F1F, 5.1:1 from this.
        "foreground": "#101010",
        # Green, orange and blue text on the grey bars was 2.8 to 3.2:1. Each is also dark
        # enough where 256 colours round it to the nearest of theirs (most often lighter).
        "text-success": "#075D2C",
        "text-warning": "#702E00",
        "text-accent": "#702E00",
        "footer-key-foreground": "#002D9E",
        "error": "#A82040",
    },
}
"""Theme variables replaced in true colour and in 256 colours."""

SIXTEEN: dict[str, dict[str, str]] = {
    "textual-dark": {
        # Each of these lands on one of the 16 as named; the bars are black, not bright
        # black, for no red or grey on bright black reads.
        "panel": "#000000",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF55",
        "text-success": "#55FF55",  # else grey: the nearest of the 16 to the theme's green
        "text-warning": "#FFFF55",
        "text-error": "#FF5555",
        "primary": "#0000AA",
        "block-cursor-background": "#0000AA",
        "error": "#AA0000",
    },
    "textual-light": {
        "surface": "#FFFFFF",  # tinted where focused, it stays white, not light grey
        "panel": "#FFFFFF",
        "footer-background": "#FFFFFF",
        "footer-key-foreground": "#0000AA",
        "text-success": "#000000",  # no green of the 16 is dark enough on white: the word says it
        "text-warning": "#AA5500",
        "text-accent": "#0000AA",
        "error": "#AA0000",
    },
}
"""Theme variables replaced on a terminal of 16 colours (Rich's "standard" colour system)."""


def readable(theme: str, variables: dict[str, str], color_system: str | None) -> dict[str, str]:
    """`variables` of `theme` with the adjustments above for the terminal's colour system."""
    adjusted = {**variables, **READABLE.get(theme, {})}
    if color_system == "standard":
        adjusted.update(SIXTEEN.get(theme, {}))
    return adjusted
