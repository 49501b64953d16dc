"""Updating a Static's text without needless work.

`Static.update` repaints and, by default, lays the whole screen out again, which costs a full
repaint of every widget. Most updates here re-show what is already there (the same snapshot
after an unrelated event) or keep their size (a timer ticking), so neither is needed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static


def show_text(widget: Static, text: Text) -> bool:
    """Show `text` unless `widget` already shows it; lay out again only when the widget's size
    may change with it. Returns whether anything changed."""
    old = widget.content
    if isinstance(old, Text) and _same(old, text):
        return False
    widget.update(text, layout=not (isinstance(old, Text) and _keeps_size(widget, old, text)))
    return True


def _keeps_size(widget: Static, old: Text, new: Text) -> bool:
    """True when swapping `old` for `new` cannot change the widget's size: it does not wrap,
    its width is fixed or the texts are as wide, its height fixed or the line counts equal."""
    styles = widget.styles
    if not (new.no_wrap or styles.text_wrap == "nowrap"):
        return False  # wrapped height depends on where the words fall
    old_widths, new_widths = _line_widths(old), _line_widths(new)
    width, height = styles.width, styles.height
    fixed_width = width is not None and not (width.is_auto or width.is_fraction)
    fixed_height = height is not None and not (height.is_auto or height.is_fraction)
    if width is None:
        fixed_width = True  # a block widget takes its container's width, whatever it shows
    same_width = fixed_width or max(old_widths) == max(new_widths)
    same_height = fixed_height or len(old_widths) == len(new_widths)
    return same_width and same_height


def _same(a: Text, b: Text) -> bool:
    return (
        a.plain == b.plain
        and a.spans == b.spans
        and a.style == b.style
        and a.no_wrap == b.no_wrap
        and a.overflow == b.overflow
        and a.justify == b.justify
    )


def _line_widths(text: Text) -> list[int]:
    return [cell_len(line) for line in text.plain.split("\n")]
