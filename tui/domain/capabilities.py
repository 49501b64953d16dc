"""What a platform lets the desktop do, so that screens offer only what will work."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Capabilities:
    """The platform's abilities, not the user's permissions: a platform that can act as an
    agent may still refuse a supervisor who lacks the permission, and says so itself."""

    platform_name: str
    act_as_agent: bool = False  # join another agent's session and work as them
    change_agent_state: bool = True  # a supervisor sets an agent of their teams Available/Idle
    decline_offer: bool = False
    """The platform takes a declined offer back (CXone's reject); elsewhere an offer the agent
    does not want rings out (RONA)."""

    @property
    def decline_missing(self) -> str:
        """Why there is no decline key on this platform."""
        return (
            f"{self.platform_name} has no decline for an offer: leave it and it goes back to "
            "its queue when it rings out."
        )

    @property
    def act_as_missing(self) -> str:
        """Where a user might look for acting as an agent: why it is not there."""
        return (
            f"Acting as an agent is a CXone feature; on {self.platform_name} a supervisor "
            "changes an agent's state from the board (a, i)."
        )
