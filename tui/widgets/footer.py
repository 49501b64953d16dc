"""The key bar at the bottom of every screen: Textual's Footer, without its leak.

Textual's Footer rebuilds its keys whenever the screen's bindings change (a dialog opens or
closes, the focus moves). Each key watches the footer's `compact` reactive, and Textual drops
such watchers only when `compact` itself changes, which it never does here: every rebuild
kept the old keys alive for good (textual#6666), some 250 objects each, five or more keys per
rebuild. After a rebuild the footer forgets the watchers of keys that are gone.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class DesktopFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        forget_closed_watchers(self)


def forget_closed_watchers(node: Any) -> None:
    """Drop the watchers that closed nodes left on `node` (what Textual does on a change)."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(node, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [(owner, callback) for owner, callback in entries if not owner._closing]
