"""The supervisor board's rows, headless: what changed since the last look, which agents a
filter keeps, and in which order they stand.

Plain Python (no Textual), so the board's rules are tested without a screen and the table
widget only renders what this module decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from tui.backends.session import TeamAgent
from tui.domain import CHANNEL_ORDER, Availability

# The order of the State column when sorting by state: who can take contacts first.
STATE_RANK = {
    Availability.AVAILABLE: 0,
    Availability.IDLE: 1,
    Availability.SYSTEM: 2,
    Availability.UNKNOWN: 3,
    Availability.LOGGED_OUT: 4,
}


class SortOrder(StrEnum):
    NAME = "name"
    TEAM = "team"
    STATE = "state"
    TIME = "time"
    LOAD = "load"

    @property
    def label(self) -> str:
        return {
            "name": "name",
            "team": "team",
            "state": "state",
            "time": "time in state",
            "load": "channel load",
        }[self]

    def next(self) -> SortOrder:
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


def sort_key(agent: TeamAgent, order: SortOrder) -> tuple[object, ...]:
    """Ascending key; ties fall back to the name, then the id, so the order never flickers."""
    name = (agent.name.casefold(), agent.agent_id)
    if order is SortOrder.TEAM:
        return (agent.team_name.casefold(), *name)
    if order is SortOrder.STATE:
        return (STATE_RANK[agent.availability], agent.idle_code_name.casefold(), *name)
    if order is SortOrder.TIME:
        # Longest in their state first; agents without a session last.
        since = agent.state_changed_at if has_state(agent) else 2**63
        return (since, *name)
    if order is SortOrder.LOAD:
        return (-total_load(agent)[0], *name)
    return name


def has_state(agent: TeamAgent) -> bool:
    return agent.availability is not Availability.LOGGED_OUT and bool(agent.state_changed_at)


def total_load(agent: TeamAgent) -> tuple[int, int]:
    """Contacts held across every channel, and the room there is in all."""
    load = sum(held for held, _ in agent.channel_load.values())
    room = sum(capacity for _, capacity in agent.channel_load.values())
    return load, room


def words_of(agent: TeamAgent) -> str:
    """What a filter matches against: the row as the supervisor reads it."""
    parts = [agent.name, agent.team_name, agent.availability.word]
    if agent.availability is not Availability.AVAILABLE:
        parts.append(agent.idle_code_name)
    parts.append(contacts_words(agent))
    return " ".join(parts).casefold()


def contacts_words(agent: TeamAgent) -> str:
    """The board's Contacts cell: how many are open, how many of them in wrap-up, and RONA
    said plainly (`2 (1 wrap-up)`, `RONA`, `RONA, 1`); empty when there is nothing to say."""
    count = str(agent.open_contacts) if agent.open_contacts else ""
    if agent.wrap_up_contacts:
        count = f"{count} ({agent.wrap_up_contacts} wrap-up)"
    if agent.rona:
        return f"RONA, {count}" if count else "RONA"
    return count


def matches(agent: TeamAgent, search: str) -> bool:
    """True when every word of `search` is in the row (any case); an empty search keeps all."""
    words = search.casefold().split()
    if not words:
        return True  # the board's usual case, for every changed row of every look
    row = words_of(agent)
    return all(word in row for word in words)


def load_cells(agent: TeamAgent) -> str:
    """Per channel in the usual order: ■ for each contact held, □ for each free place."""
    groups = []
    for channel in CHANNEL_ORDER:
        held, capacity = agent.channel_load.get(channel, (0, 0))
        if capacity > 5:
            groups.append(f"{held}/{capacity}")
        elif capacity > 0:
            groups.append("■" * min(held, capacity) + "□" * max(capacity - held, 0))
    return " ".join(groups)


@dataclass(slots=True)
class RosterChanges:
    """One look at the team compared with the one before: only these rows need drawing."""

    changed: list[TeamAgent] = field(default_factory=list)  # new, or different in any column
    removed: list[str] = field(default_factory=list)  # agent ids no longer on the teams

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


class Roster:
    """The latest known state of every agent on the supervisor's teams, by agent id."""

    def __init__(self) -> None:
        self.agents: dict[str, TeamAgent] = {}

    def replace(self, agents: Iterable[TeamAgent]) -> RosterChanges:
        """A whole new list (one poll): the agents that differ, and those no longer listed."""
        latest = {agent.agent_id: agent for agent in agents}
        changes = self.update(latest.values())
        changes.removed = [agent_id for agent_id in self.agents if agent_id not in latest]
        for agent_id in changes.removed:
            del self.agents[agent_id]
        return changes

    def update(self, agents: Iterable[TeamAgent]) -> RosterChanges:
        """Some agents' latest state (events): the ones that differ from what was known."""
        changes = RosterChanges()
        for agent in agents:
            known = self.agents.get(agent.agent_id)
            if known is not agent and known != agent:  # the same row again is common
                self.agents[agent.agent_id] = agent
                changes.changed.append(agent)
        return changes

    def counts(self) -> dict[Availability, int]:
        counted = dict.fromkeys(Availability, 0)
        for agent in self.agents.values():
            counted[agent.availability] += 1
        return counted
