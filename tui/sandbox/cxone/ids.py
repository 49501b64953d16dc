"""CXone's integer ids for the engine's text ids: agents, teams, unavailable codes, the BU.

CXone numbers its agents, teams, unavailable codes (`outStateId`) and business unit (`BusNo`);
the engine (and the Webex side) keep the org file's UUIDs. The CXone edge maps between them
here. Each number is derived from the UUID it stands for (a hash into a fixed range, probing on
a collision in the org's order), so it is the same on every start with the same org file, and
survives a restart of the sandbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from tui.sandbox.engine.org import Org
from tui.sandbox.state import Sandbox

AGENT_RANGE = (1_000_000, 9_999_999)
TEAM_RANGE = (100_000, 999_999)
CODE_RANGE = (1_000, 99_999)
BUS_NO_RANGE = (4_000_000, 4_999_999)
MAX_ID_TEXT = 20


def _number(kind: str, key: str, bounds: tuple[int, int], taken: set[int]) -> int:
    low, high = bounds
    digest = hashlib.sha256(f"{kind}:{key}".encode()).digest()
    number = low + int.from_bytes(digest[:8], "big") % (high - low + 1)
    while number in taken:
        number = low if number >= high else number + 1
    taken.add(number)
    return number


def _numbered(kind: str, keys: Iterable[str], bounds: tuple[int, int]) -> dict[str, int]:
    taken: set[int] = set()
    return {key: _number(kind, key, bounds, taken) for key in keys}


def as_number(value: object) -> int | None:
    """An id as the platform sends it (a JSON integer or its text) as an int; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text and len(text) <= MAX_ID_TEXT and text.isascii() and text.isdigit():
            return int(text)
    return None


class CxoneIds:
    """Both ways between the engine's ids and CXone's integers, for one org."""

    def __init__(self, org: Org) -> None:
        self._agents = _numbered("agent", (u.id for u in org.users), AGENT_RANGE)
        self._teams = _numbered("team", (t.id for t in org.teams), TEAM_RANGE)
        self._codes = _numbered("code", (c.id for c in org.auxiliaryCodes), CODE_RANGE)
        self.bus_no = _numbered("bu", [org.orgId], BUS_NO_RANGE)[org.orgId]
        self._agent_of = {n: key for key, n in self._agents.items()}
        self._team_of = {n: key for key, n in self._teams.items()}
        self._code_of = {n: key for key, n in self._codes.items()}

    def agent(self, user_id: str) -> int:
        """The agent's number (0 for an id the org does not have)."""
        return self._agents.get(user_id, 0)

    def team(self, team_id: str) -> int:
        return self._teams.get(team_id, 0)

    def code(self, code_id: str) -> int:
        return self._codes.get(code_id, 0)

    def agent_of(self, value: object) -> str | None:
        """The engine's user id for an agent number (int or its text); None when unknown."""
        number = as_number(value)
        return self._agent_of.get(number) if number is not None else None

    def team_of(self, value: object) -> str | None:
        number = as_number(value)
        return self._team_of.get(number) if number is not None else None

    def code_of(self, value: object) -> str | None:
        number = as_number(value)
        return self._code_of.get(number) if number is not None else None


def ids_of(sandbox: Sandbox) -> CxoneIds:
    """The sandbox's CXone ids (made once, from its org)."""
    found = sandbox.routers.get("cxone.ids")
    if not isinstance(found, CxoneIds):
        found = sandbox.routers["cxone.ids"] = CxoneIds(sandbox.org)
    return found
