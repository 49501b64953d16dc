"""The top line: the desktop's name, who is signed in where, and the connection state."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color, ColorParseError
from textual.containers import Horizontal
from textual.widgets import Static

from tui.domain.connection import Connection, Link

LINK_SYMBOLS = {
    Link.CONNECTING: "◌",
    Link.ONLINE: "●",
    Link.RECONNECTING: "◌",
    Link.OFFLINE: "○",
    Link.SIGNED_OUT: "○",
}
# The symbol takes the theme's colour for the state; the word stays in the plain text colour,
# which every theme keeps readable on the title bar.
LINK_COLOURS = {
    Link.CONNECTING: "foreground",
    Link.ONLINE: "text-success",
    Link.RECONNECTING: "text-warning",
    Link.OFFLINE: "text-error",
    Link.SIGNED_OUT: "text-error",
}


class ConnectionBadge(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.connection: Connection | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _theme: self._render_connection(), init=False)

    def show(self, connection: Connection) -> None:
        if connection == self.connection:
            return
        self.connection = connection
        for link in Link:
            self.set_class(connection.link is link, f"-{link.value}")
        self.tooltip = connection.detail or None
        self._render_connection()

    def _render_connection(self) -> None:
        connection = self.connection
        if connection is None:
            return
        text = Text(LINK_SYMBOLS[connection.link], style=self._theme_colour(connection.link))
        text.append(f" {connection.label}")
        self.update(text)

    def _theme_colour(self, link: Link) -> str:
        try:
            return Color.parse(self.app.theme_variables[LINK_COLOURS[link]]).rich_color.name
        except (KeyError, ColorParseError):  # a custom theme without the variable
            return ""


class TitleBar(Horizontal):
    def __init__(self, where: str = "", *, show_connection: bool = True) -> None:
        super().__init__(id="title-bar")
        self._where = where
        self._show_connection = show_connection

    def compose(self) -> ComposeResult:
        yield Static("Agent Desktop", id="title-name", markup=False)
        where = Text(f"· {self._where}" if self._where else "")
        yield Static(where, id="title-where", markup=False)
        badge = ConnectionBadge(id="connection")
        badge.display = self._show_connection
        yield badge

    def show_connection(self, connection: Connection) -> None:
        badge = self.query_one(ConnectionBadge)
        badge.display = True
        badge.show(connection)
