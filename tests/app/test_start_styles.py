"""Styling at start-up: a widget is styled when it is mounted, not also while it is being built."""

from __future__ import annotations

from typing import Any

from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.widgets import RadioSet, Static

from tests.app.helpers import desktop, on_screen, until
from tui.sandbox.server import SandboxServer
from tui.screens.login import LoginScreen

BLUE, RED = Color.parse("blue"), Color.parse("red")


class Marked(Static):
    """A widget whose colour says which of its classes the stylesheet last saw."""

    DEFAULT_CSS = "Marked { color: red; } Marked.-marked { color: blue; }"


async def test_nothing_is_styled_before_it_is_mounted(
    sandbox: SandboxServer, monkeypatch: Any
) -> None:
    """Textual restyles a widget on each class change, even while it is being built (a compact
    radio set, an input holding a value); those stylings were thrown away at mount."""
    early: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        app = nodes[0].app if nodes else None
        early.extend(type(n).__name__ for n in nodes if app and n not in app._registry)
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    app = desktop(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        login = await on_screen(pilot, LoginScreen)
        assert early == []
        platform = login.query_one("#platform", RadioSet)
        assert platform.has_class("-textual-compact")
        assert platform.styles.border_top[0] in ("", "none")  # its compact style, at mount


async def test_a_class_set_while_building_is_styled_at_mount_and_later_changes_restyle(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        login = await on_screen(pilot, LoginScreen)
        marked = Marked("marked")
        marked.add_class("-marked")
        await login.mount(marked)
        await until(pilot, lambda: marked.is_mounted, "the widget mounted")
        assert marked.styles.color == BLUE
        marked.remove_class("-marked")
        assert marked.styles.color == RED
