"""Who is signed in and how: agent, team, site, roles, login option and dial number."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.domain import AgentSnapshot
from tui.widgets.text import show_text


class AgentCard(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.rows_shown = 5

    def show(self, snapshot: AgentSnapshot) -> None:
        device = snapshot.login_option.label if snapshot.login_option else "—"
        if snapshot.dial_number:
            device += f" {snapshot.dial_number}"
        rows = [
            ("Agent", snapshot.agent_name or snapshot.agent_id or "—"),
            ("Team", snapshot.team_name or snapshot.team_id or "—"),
            ("Site", snapshot.site_name or snapshot.site_id or "—"),
            ("Roles", ", ".join(snapshot.roles) or "—"),
            ("Device", device),
        ]
        if snapshot.impersonated_by:
            rows.append(("Acting", f"{snapshot.impersonated_by} is acting as this agent"))
        self.rows_shown = len(rows)
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, (label, value) in enumerate(rows):
            if number:
                text.append("\n")
            text.append(f"{label:<8}", style="dim")
            text.append(value)
        show_text(self, text)
