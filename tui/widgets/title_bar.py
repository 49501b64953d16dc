"""The top line: the desktop's name, who is signed in where, and the connection state."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui.domain import Connection, Link

LINK_SYMBOLS = {
    Link.CONNECTING: "◌",
    Link.ONLINE: "●",
    Link.RECONNECTING: "◌",
    Link.OFFLINE: "○",
}


class ConnectionBadge(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.connection: Connection | None = None

    def show(self, connection: Connection) -> None:
        if connection == self.connection:
            return
        self.connection = connection
        for link in Link:
            self.set_class(connection.link is link, f"-{link.value}")
        self.update(Text(f"{LINK_SYMBOLS[connection.link]} {connection.label}"))
        self.tooltip = connection.detail or None


class TitleBar(Horizontal):
    def __init__(self, where: str = "", *, show_connection: bool = True) -> None:
        super().__init__(id="title-bar")
        self._where = where
        self._show_connection = show_connection

    def compose(self) -> ComposeResult:
        yield Static("Agent Desktop", id="title-name", markup=False)
        yield Static(Text(f"· {self._where}" if self._where else ""), id="title-where")
        badge = ConnectionBadge(id="connection")
        badge.display = self._show_connection
        yield badge

    def show_connection(self, connection: Connection) -> None:
        badge = self.query_one(ConnectionBadge)
        badge.display = True
        badge.show(connection)
