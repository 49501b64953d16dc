"""Contrast as a reader sees it: WCAG ratios of colours as the terminal shows them.

`ratio` is the WCAG 2 contrast ratio (1 to 21; AA asks 4.5 of text). `on_terminal` is a colour
as a terminal of the given colour system shows it: Rich matches a true colour to the nearest of
256 or of 16 (`TERM=linux`, `TERM=xterm`), whose values are the VGA palette the Linux console
uses. `drawn_text` reads back every run of text a running app has on screen, with the colours
it was drawn in after Textual's blending (translucent colours, `auto`, dim, tints, filters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich._palettes import EIGHT_BIT_PALETTE, STANDARD_PALETTE
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.errors import NoWidget
from textual.screen import ModalScreen
from textual.widget import Widget

WCAG_AA = 4.5
SYSTEMS = {"truecolor": None, "256": ColorSystem.EIGHT_BIT, "standard": ColorSystem.STANDARD}
# Lines and blocks that draw borders, scrollbars and the edges of inputs: not text.
DECORATION = frozenset("▏▕▐▌▁▂▃▄▅▆▇█▔") | frozenset(chr(code) for code in range(0x2500, 0x2580))


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def ratio(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def on_terminal(color: Color, system: str) -> Color:
    """`color` as a terminal of `system` ("truecolor", "256" or "standard") shows it."""
    downgrade_to = SYSTEMS[system]
    if downgrade_to is None:
        return color
    shown = RichColor.from_rgb(color.r, color.g, color.b).downgrade(downgrade_to)
    palette = STANDARD_PALETTE if downgrade_to is ColorSystem.STANDARD else EIGHT_BIT_PALETTE
    assert shown.number is not None
    return Color(*palette[shown.number])


@dataclass(frozen=True)
class Drawn:
    text: str
    widget: Widget | None
    foreground: Color
    background: Color
    style: str

    def ratio(self, system: str) -> float:
        return ratio(on_terminal(self.foreground, system), on_terminal(self.background, system))

    def __str__(self) -> str:
        where = type(self.widget).__name__ if self.widget else "?"
        if self.widget is not None and self.widget.id:
            where += f"#{self.widget.id}"
        return f"{self.text!r} in {where} ({self.style})"


def drawn_text(app: Any) -> list[Drawn]:
    """Each run of text on the app's screen; behind a dialog only the dialog's own, since the
    screen behind it is dimmed on purpose."""
    screen = app.screen
    modal = isinstance(screen, ModalScreen)
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found = []
    for y, chops in enumerate(update.strips):
        x = 0
        for strip in chops:
            for segment in strip:
                text, style = segment.text, segment.style
                start, x = x, x + cell_len(text)
                if style is None or not any(
                    not char.isspace() and char not in DECORATION for char in text
                ):
                    continue
                try:
                    widget, _ = screen.get_widget_at(start, y)
                except NoWidget:
                    widget = None
                if modal and (widget is None or widget is screen):
                    continue
                foreground = Color.from_rich_color(style.color)
                background = Color.from_rich_color(style.bgcolor)
                if style.reverse:
                    foreground, background = background, foreground
                found.append(Drawn(text.strip(), widget, foreground, background, str(style)))
    return found
