"""The key bar at the bottom of every screen: Textual's Footer, rebuilt only when it changes,
showing as many keys as fit its width.

Keys that do not fit are left out whole, lowest first by their rank (`KeySpec.rank`: the way
out of the screen stays longest, then help and the palette, then the main actions): a label is
never cut, and the key that leaves the screen is there at any width. The keys shown keep the
order the screen lists them in; help and the palette list the ones left out.

Textual's Footer rebuilds its keys whenever the screen's bindings may have changed: a dialog
opens or closes, the focus moves, an action is enabled or disabled. Almost always the keys it
shows are the same as before, yet a rebuild mounts new key widgets and lays the whole screen
out again, some 10 ms at 120x40, in the very frame that shows the agent's new state. This
footer rebuilds only when what it shows would differ (also after a resize), and when the keys
it already built can show it (a contact's keys come and go with every offer), it hides and
shows those instead of building new ones.

Each key also watches the footer's `compact` reactive, and Textual drops such watchers only
when `compact` itself changes, which it never does here: every rebuild kept the old keys alive
for good (textual#6666), some 250 objects each. After a rebuild the footer forgets the
watchers of keys that are gone.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.keys import MAIN, RANKS

Shown = tuple[Binding, bool, str]  # a binding, whether it is enabled, its tooltip


class DesktopFooter(Footer):
    _shown: Hashable = None

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return  # as Widget.recompose: a footer on its way out has no screen to ask
        shown = self._keys_shown()
        if shown == self._shown and self.children:
            return  # the same keys, the same way: nothing to rebuild
        self._shown = shown
        if self._shown_in_place():
            return
        await super().recompose()
        forget_closed_watchers(self)

    def _shown_in_place(self) -> bool:
        """Show the fitting keys by hiding and showing the key widgets already built, when
        they are all among them in the same order (a contact's keys coming and going with
        each offer); False when a rebuild is needed. New key widgets paint from scratch,
        which was most of the paint that shows a new offer."""
        built = list(self.query_children(FooterKey).results(FooterKey))
        if not built or not self._bindings_ready:
            return False
        keys, palette = self._fitting()
        wanted = [(key, False) for key in keys] + ([(palette, True)] if palette else [])
        names = [_name(key) for key in built]
        chosen: dict[int, Shown] = {}
        at = 0
        for (binding, enabled, tooltip), is_palette in wanted:
            name = (
                binding.key,
                binding.action,
                binding.description,
                self.app.get_key_display(binding),
                is_palette,
            )
            try:
                at = names.index(name, at)
            except ValueError:
                return False
            tip = (binding.tooltip or binding.description) if is_palette else tooltip
            chosen[at] = (binding, enabled, tip)
            at += 1
        for n, key in enumerate(built):
            if n in chosen:
                _, enabled, tooltip = chosen[n]
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")
                key.tooltip = tooltip or None
            key.display = n in chosen
        return True

    def _on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready:  # another width may fit other keys
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._fitting()
        for binding, enabled, tooltip in keys:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _fitting(self) -> tuple[list[Shown], Shown | None]:
        """The keys that fit the width (in the screen's order), and the palette key if it fits.

        Keys are taken by rank until the next one does not fit, so a key is never shown while
        one that outranks it is left out.
        """
        keys, palette = self._candidates()
        everything: list[tuple[Shown, bool]] = [(key, False) for key in keys]
        if palette is not None:
            everything.append((palette, True))
        order = sorted(range(len(everything)), key=lambda n: (_rank(everything[n][0][0]), n))
        room = self.size.width or self.app.size.width
        taken: set[int] = set()
        for n in order:
            (binding, _, _), is_palette = everything[n]
            width = self._width_of(binding, palette=is_palette)
            if width > room:
                break
            room -= width
            taken.add(n)
        shown = [
            key for n, (key, is_palette) in enumerate(everything) if n in taken and not is_palette
        ]
        palette_shown = palette if palette is not None and len(everything) - 1 in taken else None
        return shown, palette_shown

    def _candidates(self) -> tuple[list[Shown], Shown | None]:
        """What Textual's Footer would show: one key per action, and the palette's key."""
        active = self.screen.active_bindings
        keys: dict[str, Shown] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                keys.setdefault(binding.action, (binding, enabled, tooltip))
        palette: Shown | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(self.app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                palette = (entry.binding, entry.enabled, entry.tooltip)
        return list(keys.values()), palette

    def _width_of(self, binding: Binding, *, palette: bool) -> int:
        """Columns the key takes, as FooterKey and Footer's styles lay it out."""
        key = cell_len(self.app.get_key_display(binding))
        words = cell_len(binding.description)
        if self.compact:  # "k words" and a margin to the right
            width = key + (1 + words if words else 0) + 1
            return width + 1 if palette else width  # the palette's border to its left
        width = key + 2 + words + 1 if words else key  # " k words ", or the bare key
        return width + 2 if palette else width  # the palette's border and padding

    def _keys_shown(self) -> Hashable:
        """Everything of the screen's bindings that the footer's keys are built from."""
        keys, palette = self._fitting() if self._bindings_ready else ([], None)
        shown = tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.tooltip,
                self.app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for binding, enabled, tooltip in (*keys, *([palette] if palette else []))
        )
        return (self.compact, self.show_command_palette, self._bindings_ready, shown)


def _name(key: FooterKey) -> tuple[str, str, str, str, bool]:
    """What a key widget shows, and whether it is the palette's."""
    palette = key.has_class("-command-palette")
    return key.key, key.action, key.description, key.key_display, palette


def _rank(binding: Binding) -> int:
    return RANKS.get(binding.id or "", MAIN + 1)


def forget_closed_watchers(node: Any) -> None:
    """Drop the watchers that closed nodes left on `node` (what Textual does on a change)."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(node, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [(owner, callback) for owner, callback in entries if not owner._closing]
