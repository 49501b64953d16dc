"""What the screens tell the app, so the app alone decides which screen comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.backends.session import ExistingSession
    from tui.desk.desk import SignedIn


class SignedInto(Message):
    """The agent signed in; the session screen comes next."""

    def __init__(self, signed_in: SignedIn, where: str) -> None:
        super().__init__()
        self.signed_in = signed_in
        self.where = where


class StationReady(Message):
    """A station session was started or joined; the status screen comes next."""


class StationEnded(Message):
    """The station session ended (logged out here or elsewhere); back to the session screen."""

    def __init__(self, sentence: str = "") -> None:
        super().__init__()
        self.sentence = sentence


class SignOutRequested(Message):
    """Back to the login screen; the connection is closed, the station session left alone."""


class BoardWanted(Message):
    """A supervisor goes (back) to the board."""


class StationWanted(Message):
    """A supervisor goes from the board to their own station session."""

    def __init__(self, existing: ExistingSession | None) -> None:
        super().__init__()
        self.existing = existing


class ActingStarted(Message):
    """The supervisor joined an agent's session as them (`desk.acting`); show it."""


class ActingEnded(Message):
    """Stop acting as the agent: close that connection and go back (their session stays)."""

    def __init__(self, sentence: str = "") -> None:
        super().__init__()
        self.sentence = sentence
