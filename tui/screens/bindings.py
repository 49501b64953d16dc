"""Build Textual bindings from the key specs, so every binding carries its remappable id."""

from __future__ import annotations

from textual.binding import Binding

from tui.keys import KeySpec


def binding(spec: KeySpec, *, show: bool = True, priority: bool = False) -> Binding:
    return Binding(
        spec.keys,
        spec.action,
        spec.description,
        show=show,
        priority=priority,
        tooltip=spec.help,
        id=spec.id,
    )


def keys_text(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The keys a user presses for `spec` (after their keymap), as they would type them."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
    }
    keys = keymap.get(spec.id, spec.keys).split(",")
    return " or ".join(names.get(k.strip(), k.strip()) for k in keys if k.strip())
