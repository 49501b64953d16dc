"""The floor as a user sees it: whom they may see, and their team-mates' states (rosters)."""

from __future__ import annotations

from tui.sandbox.engine.core import EngineCore
from tui.sandbox.engine.model import (
    AgentSession,
    Availability,
    ChannelLoad,
    Event,
    EventKind,
    RosterEntry,
)
from tui.sandbox.engine.org import User


class Floor(EngineCore):
    """Who is on the floor: the users someone may see and the live sessions of their teams."""

    def visible_users(self, user: User) -> list[User]:
        """The user, and for a supervisor every member of the teams they supervise."""
        seen = {user.id: user}
        for team_id in user.supervisedTeamIds:
            for member in self.org.members_of(team_id):
                seen.setdefault(member.id, member)
        return list(seen.values())

    def agents_changed_since(self, since_ms: int) -> set[str]:
        """The agents whose session or state changed at or after `since_ms` (sessions started
        or ended, states, contacts)."""
        kinds = tuple(k for k in EventKind if k is not EventKind.ROSTER)
        return self._store.changed_since(since_ms, kinds)

    def roster(
        self,
        user_id: str,
        *,
        availability: Availability | None = None,
        correlation_id: str = "",
    ) -> Event:
        """Publish the signed-in team-mates (and supervised agents) of a user, with their state."""
        user = self._user(user_id)
        teams = set(user.teamIds) | set(user.supervisedTeamIds)
        entries = []
        for session in self.sessions():
            if session.agent_id == user_id or session.team_id not in teams:
                continue
            if availability is not None and session.availability is not availability:
                continue
            entries.append(self._roster_entry(session))
        return self._publish(
            EventKind.ROSTER,
            user_id,
            (user_id,),
            correlation_id,
            actor_id=user_id,
            roster=tuple(entries),
        )

    def _roster_entry(self, session: AgentSession) -> RosterEntry:
        """The session as a roster shows it: the same entry while the session is the same.

        Sessions are replaced, never changed, so an entry made from this very session object is
        still right. A board looks at 2,000 agents several times a second and a few hundred
        change in between; the entry kept also lets the frames reuse what they made of it.
        """
        kept = self._roster_entries.get(session.agent_id)
        if kept is not None and kept[0] is session:
            return kept[1]
        mate = self.org.user(session.agent_id)
        channels = self.org.channels
        load = session.channel_load(self.org.channel_types)
        entry = RosterEntry(
            agent_id=session.agent_id,
            name=mate.display_name if mate else session.agent_id,
            team_id=session.team_id,
            site_id=session.site_id,
            dial_number=session.dial_number,
            availability=session.availability,
            idle_code_id=session.idle_code_id,
            state_changed_ms=session.state_changed_ms,
            session_id=session.session_id,
            channels=tuple(
                ChannelLoad(c.type, c.capacity, len(load.get(c.type, ()))) for c in channels
            ),
        )
        self._roster_entries[session.agent_id] = (session, entry)
        return entry
