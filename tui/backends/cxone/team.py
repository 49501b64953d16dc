"""The supervisor board's looks on CXone: `GET agents/states` whole once, then only what changed.

The platform's answer carries `lastPollTime` ("pass it as `updatedSince` on the next call", NICE's
agent SDK, `AgentStateResponse.lastPollTime`); with it the platform lists only the agents updated
since, and answers 304 with no body when none was (the SDK's poll worker takes a body only from a
200 and keeps its stored list otherwise). On a busy floor of 2,000 agents a look then carries the
hundred that changed rather than all 2,000, for the platform to build, the wire to carry and the
desktop to read.

A changed look cannot say that an agent left the supervisor's teams, so every `WHOLE_EVERY_S` the
look is whole again; so it is after a failed look, and when there is no `lastPollTime` to send.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tui.backends.cxone import wire
from tui.backends.cxone.http import CxoneHttp
from tui.backends.cxone.mapping import Action
from tui.backends.cxone.profile import team_agent_of
from tui.backends.session import TeamAgent, TeamLook
from tui.domain import DesktopProfile

WHOLE_EVERY_S = 300.0
PATH = "agents/states"


class AgentStates:
    """The `updatedSince` of the next look, and when the last whole one was."""

    def __init__(self, http: CxoneHttp, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._http = http
        self._monotonic = monotonic
        self._since = ""  # the last answer's lastPollTime: '' asks for the whole team
        self._whole_at = 0.0
        self._profile: DesktopProfile | None = None

    async def whole(self, profile: DesktopProfile) -> list[TeamAgent]:
        """Every agent of the supervisor's teams, by team and name."""
        answer = await self._http.get(PATH, wire.AgentStatesResponse, Action.AGENT_STATES)
        rows = [team_agent_of(row, profile) for row in answer.agentStates]
        return sorted(rows, key=lambda row: (row.team_name, row.name))

    async def look(self, profile: DesktopProfile) -> TeamLook:
        """The team since the last look: whole when it has to be, else only the changed."""
        since = self._since
        if profile is not self._profile or self._monotonic() - self._whole_at >= WHOLE_EVERY_S:
            since = ""
        self._since = ""  # until this look has answered: a failed one is followed by a whole one
        params = {"updatedSince": since} if since else {}
        answer = await self._http.get_if_changed(
            PATH, wire.AgentStatesResponse, Action.AGENT_STATES, params
        )
        if answer is None:  # 304: nobody changed; the same `updatedSince` still holds
            self._since = since
            return TeamLook([], whole=False)
        if not since:
            self._profile, self._whole_at = profile, self._monotonic()
        self._since = answer.lastPollTime
        rows = [team_agent_of(row, profile) for row in answer.agentStates]
        return TeamLook(rows, whole=not since)
