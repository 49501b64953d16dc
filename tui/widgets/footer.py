"""The key bar at the bottom of every screen: Textual's Footer, rebuilt only when it changes.

Textual's Footer rebuilds its keys whenever the screen's bindings may have changed: a dialog
opens or closes, the focus moves, an action is enabled or disabled. Almost always the keys it
shows are the same as before, yet a rebuild mounts new key widgets and lays the whole screen
out again, some 10 ms at 120x40, in the very frame that shows the agent's new state. This
footer rebuilds only when what it shows would differ.

Each key also watches the footer's `compact` reactive, and Textual drops such watchers only
when `compact` itself changes, which it never does here: every rebuild kept the old keys alive
for good (textual#6666), some 250 objects each. After a rebuild the footer forgets the
watchers of keys that are gone.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.widgets import Footer


class DesktopFooter(Footer):
    _shown: Hashable = None

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return  # as Widget.recompose: a footer on its way out has no screen to ask
        shown = self._keys_shown()
        if shown == self._shown and self.children:
            return  # the same keys, the same way: nothing to rebuild
        self._shown = shown
        await super().recompose()
        forget_closed_watchers(self)

    def _keys_shown(self) -> Hashable:
        """Everything of the screen's bindings that the footer's keys are built from."""
        keys = tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.tooltip,
                binding.group,
                self.app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )
        return (self.compact, self.show_command_palette, self._bindings_ready, keys)


def forget_closed_watchers(node: Any) -> None:
    """Drop the watchers that closed nodes left on `node` (what Textual does on a change)."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(node, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [(owner, callback) for owner, callback in entries if not owner._closing]
