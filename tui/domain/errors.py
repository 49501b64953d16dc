"""Typed desktop errors. Each carries one plain sentence the desktop shows next to its cause."""

from __future__ import annotations

from tui.domain.text import displayable


class DesktopError(Exception):
    """Base of every error the desktop shows to the user."""

    sentence = "Something went wrong."
    field: str | None = None  # which input the sentence belongs next to, when there is one

    def __init__(self, sentence: str | None = None, *, field: str | None = None) -> None:
        if sentence:
            self.sentence = displayable(sentence)  # it may quote the platform's own words
        if field:
            self.field = field
        super().__init__(self.sentence)


class WrongPassword(DesktopError):
    sentence = "That user name and password do not match."
    field = "password"


class TooManySignIns(DesktopError):
    """The platform stopped taking sign-ins for this user for a while (HTTP 429)."""

    sentence = "Too many failed sign-ins for this user. Wait a minute, then try again."
    field = "password"

    def __init__(self, retry_after_s: int | None = None) -> None:
        sentence = None
        if retry_after_s:
            unit = "second" if retry_after_s == 1 else "seconds"
            sentence = (
                f"Too many failed sign-ins for this user. "
                f"Wait {retry_after_s} {unit}, then try again."
            )
        super().__init__(sentence)
        self.retry_after_s = retry_after_s


class ServerUnreachable(DesktopError):
    sentence = "The server cannot be reached. Check the address and your network."
    field = "server"


class NotSignedIn(DesktopError):
    sentence = "You are not signed in, or your sign-in has expired. Sign in again."


class NotPermitted(DesktopError):
    sentence = "You are not permitted to do that."


class InvalidDialNumber(DesktopError):
    sentence = "The platform does not accept that dial number."
    field = "dial_number"


class DialNumberInUse(DesktopError):
    sentence = "Another agent is signed in with that dial number."
    field = "dial_number"


class InvalidTeam(DesktopError):
    sentence = "That team is not one of yours."
    field = "team"


class AlreadyLoggedIn(DesktopError):
    sentence = "You already have a station session. Join it instead."


class NotLoggedIn(DesktopError):
    sentence = "You have no station session. Start one first."


class InvalidIdleCode(DesktopError):
    sentence = "That idle code cannot be chosen."
    field = "idle_code"


class NoSuchSession(DesktopError):
    sentence = "That session does not exist or has ended."
    field = "session_id"


class NoSuchAgent(DesktopError):
    sentence = "There is no such agent."
    field = "agent"


class ImpersonationNotEnabled(DesktopError):
    sentence = "You are not allowed to act as another agent."
    field = "agent"


class NotConnected(DesktopError):
    sentence = (
        "The desktop is not connected right now, so nothing was changed. "
        "Try again once it is back online."
    )


class RequestTimedOut(DesktopError):
    sentence = "The platform did not confirm the request in time; nothing is shown as done."


class NoSuchContact(DesktopError):
    """The contact is not the agent's (any more): it ended, rang out or went to someone else."""

    sentence = "That contact is no longer yours: it ended or went to another agent."
    field = "contact"


class ContactNotReady(DesktopError):
    """The contact is the agent's, but not in a state that allows the action (e.g. resuming a
    contact that is not on hold, or wrapping up one that is still connected)."""

    sentence = "That contact cannot do that in the state it is in now."
    field = "contact"


class InvalidWrapUpCode(DesktopError):
    sentence = "That wrap-up code cannot be chosen for this contact."
    field = "wrap_up_code"


class PlatformRefused(DesktopError):
    """The platform said no for a reason the desktop has no sentence of its own for."""
