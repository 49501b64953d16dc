"""The desktop session: the one object the screens talk to, whatever the platform.

A backend subclasses `DesktopSession` and implements the platform operations; the base class
owns the agent snapshot, folds every event into it with the pure reducer, and queues the event
for the desktop. Screens call the async operations and read `snapshot`; they never see HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from tui.backends.backoff import backoff_delay
from tui.backends.credentials import Credentials, wall_clock_ms
from tui.domain import (
    AgentSnapshot,
    Availability,
    Capabilities,
    Channel,
    ClockSkew,
    DesktopEvent,
    DesktopProfile,
    IdleCode,
    LoginOption,
    QueueFiguresChanged,
    QueueLoad,
    WrapUpCode,
    apply,
    queue_order,
)
from tui.domain.errors import DesktopError, NotPermitted
from tui.domain.text import clean_in_place, cleaned

QUEUE_POLL_S = 10.0
"""How often the queue figures are asked for (both platforms serve them on a poll)."""
QUEUE_BACKOFF_CAP_S = 60.0


@dataclass(frozen=True, slots=True)
class Identity:
    agent_id: str
    display_name: str
    org_id: str = ""
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StationLogin:
    """What the agent chose on the session screen."""

    team_id: str
    option: LoginOption
    dial_number: str


@dataclass(frozen=True, slots=True)
class ExistingSession:
    """A session the agent already has (another terminal, or a crash), offered for joining."""

    session_id: str
    team_name: str = ""
    login_option: LoginOption | None = None
    dial_number: str = ""
    started_at: int = 0  # server epoch ms
    availability: Availability = Availability.UNKNOWN

    def __post_init__(self) -> None:
        clean_in_place(self)


@dataclass(frozen=True, slots=True)
class TeamAgent:
    """One row of the supervisor board."""

    agent_id: str
    name: str
    team_id: str = ""
    team_name: str = ""
    session_id: str = ""
    availability: Availability = Availability.LOGGED_OUT
    idle_code_name: str = ""
    state_changed_at: int = 0
    channel_load: dict[Channel, tuple[int, int]] = field(default_factory=dict)  # (load, capacity)
    open_contacts: int = 0
    """Contacts offered to, connected to or held by the agent, wrap-up included."""
    wrap_up_contacts: int = 0
    """Of those, the ones in wrap-up (after-contact work)."""
    rona: bool = False
    """The agent is in the platform's RONA state: an offer rang out unanswered."""

    def __post_init__(self) -> None:
        clean_in_place(self)


@dataclass(frozen=True, slots=True)
class TeamLook:
    """One look at the supervisor's teams: every agent (`whole`), or only those changed since
    the look before (an agent not listed is as it was)."""

    agents: list[TeamAgent]
    whole: bool = True


class DesktopSession(ABC):
    """One agent's connection to one platform. Subclasses speak the wire protocol."""

    platform: str = ""
    capabilities: Capabilities = Capabilities("this platform")

    def __init__(self, *, clock: Callable[[], int] = wall_clock_ms) -> None:
        self.clock = clock
        self.skew = ClockSkew()
        self._profile: DesktopProfile | None = None
        self._identity: Identity | None = None
        self._snapshot = AgentSnapshot()
        self._events: asyncio.Queue[DesktopEvent] = asyncio.Queue()
        self.queue_poll_s = QUEUE_POLL_S
        self._queue_watch: asyncio.Task[None] | None = None

    # -- what the platform said, made displayable on the way in ---------------------------
    # Every string from the platform enters through these three doors (the profile, the
    # identity, the events), where control characters lose their power over the terminal.

    @property
    def profile(self) -> DesktopProfile | None:
        return self._profile

    @profile.setter
    def profile(self, profile: DesktopProfile | None) -> None:
        self._profile = cleaned(profile)

    @property
    def identity(self) -> Identity | None:
        return self._identity

    @identity.setter
    def identity(self, identity: Identity | None) -> None:
        self._identity = cleaned(identity)

    # -- the picture the screens render -------------------------------------------------

    @property
    def snapshot(self) -> AgentSnapshot:
        return self._snapshot

    def server_now_ms(self) -> int:
        """The server's clock now, as best we know it; timers count against this."""
        return self.skew.to_server(self.clock())

    def publish(self, event: DesktopEvent) -> None:
        """Fold an event into the snapshot and queue it for the desktop. Never raises."""
        event = cleaned(event)
        self._snapshot = apply(self._snapshot, event, self.clock())
        self._events.put_nowait(event)

    async def events(self) -> AsyncIterator[DesktopEvent]:
        """Every event, in order, as it is folded in."""
        while True:
            yield await self._events.get()

    async def next_batch(self, limit: int = 10_000) -> list[DesktopEvent]:
        """Wait for at least one event, then take all already queued (to render once per burst)."""
        batch = [await self._events.get()]
        while len(batch) < limit and not self._events.empty():
            batch.append(self._events.get_nowait())
        return batch

    # -- platform operations ---------------------------------------------------------------

    @abstractmethod
    async def sign_in(self, credentials: Credentials) -> Identity:
        """Authenticate; raises WrongPassword, ServerUnreachable or NotSignedIn."""

    @abstractmethod
    async def load_profile(self) -> DesktopProfile:
        """Teams, idle codes, login options and dial plan; also opens the live event stream."""

    @abstractmethod
    async def find_existing_session(self) -> ExistingSession | None:
        """The agent's current station session, if there is one."""

    @abstractmethod
    async def start_station_session(self, login: StationLogin) -> AgentSnapshot:
        """Start a new station session; raises InvalidDialNumber, DialNumberInUse, ..."""

    @abstractmethod
    async def join_session(
        self, session_id: str | None = None, as_agent_id: str | None = None
    ) -> AgentSnapshot:
        """Attach to an existing session: the agent's own, or (supervisors) another agent's."""

    @abstractmethod
    async def set_available(self) -> None:
        """Become Available; returns once the platform confirmed it."""

    @abstractmethod
    async def set_idle(self, code: IdleCode) -> None:
        """Become Idle with `code`; returns once the platform confirmed it."""

    @abstractmethod
    async def set_agent_state(
        self, agent_id: str, availability: Availability, code: IdleCode | None = None
    ) -> None:
        """A supervisor changes an agent of their teams."""

    @abstractmethod
    async def log_out(self, reason: str = "Logged out from the terminal desktop") -> None:
        """End the station session."""

    @abstractmethod
    async def team_agents(self) -> list[TeamAgent]:
        """The agents of the supervisor's teams with their state."""

    async def team_changes(self) -> TeamLook:
        """What the board's next look needs: the whole team where the platform can only list
        it (this default), only the agents changed since the last look where it can say."""
        return TeamLook(await self.team_agents())

    @abstractmethod
    async def continue_here(self) -> None:
        """After another desktop took over: take the session back to this terminal."""

    # -- contacts: each returns once the platform confirmed the step (its frame or event
    # arrived and was folded in), and raises NoSuchContact, ContactNotReady, InvalidWrapUpCode,
    # NotConnected or RequestTimedOut otherwise.

    @abstractmethod
    async def accept_contact(self, interaction_id: str) -> None:
        """Take an offered contact."""

    @abstractmethod
    async def decline_contact(self, interaction_id: str) -> None:
        """Give an offer back to the platform (only where `capabilities.decline_offer`)."""

    @abstractmethod
    async def hold_contact(self, interaction_id: str) -> None:
        """Put a connected contact on hold."""

    @abstractmethod
    async def resume_contact(self, interaction_id: str) -> None:
        """Take a held contact off hold."""

    @abstractmethod
    async def end_contact(self, interaction_id: str) -> None:
        """End a connected or held contact; wrap-up follows where the platform wants it."""

    @abstractmethod
    async def wrap_up_contact(self, interaction_id: str, code: WrapUpCode) -> None:
        """Finish the after-contact work of an ended contact with a wrap-up code."""

    async def wrap_up_codes(self, interaction_id: str) -> tuple[WrapUpCode, ...]:
        """The codes the agent may wrap this contact up with, for the picker.

        Webex has one list for the tenant (the profile's); CXone keeps dispositions per skill,
        so its session asks for the contact's skill's list and overrides this."""
        profile = self.profile
        return profile.wrap_up_codes if profile is not None else ()

    @abstractmethod
    async def close(self) -> None:
        """Stop the event stream and release connections; the session on the server stays."""

    # -- queue figures: polled, published as events like everything else -------------------

    async def queue_figures(self) -> tuple[QueueLoad, ...] | None:
        """The platform's queues now (contacts waiting, the oldest's arrival); None where the
        platform serves no queue figures. Raises a DesktopError when asking fails."""
        return None

    def watch_queues(self) -> None:
        """Poll the queue figures every `queue_poll_s` until `stop_watching_queues`, publishing
        `QueueFiguresChanged` when they change; a failed poll is tried again after the live
        stream's backoff. A platform that says no (403) is not asked again."""
        if self._queue_watch is None or self._queue_watch.done():
            self._queue_watch = asyncio.get_running_loop().create_task(
                self._watch_queues(), name="queue-figures"
            )

    async def stop_watching_queues(self) -> None:
        task, self._queue_watch = self._queue_watch, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _watch_queues(self) -> None:
        rng = random.Random()
        failures = 0
        while True:
            try:
                loads = await self.queue_figures()
            except NotPermitted:
                self.publish(QueueFiguresChanged((), available=False))
                return
            except DesktopError:
                failures += 1
                await asyncio.sleep(
                    backoff_delay(failures, self.queue_poll_s, QUEUE_BACKOFF_CAP_S, rng)
                )
                continue
            failures = 0
            if loads is None:
                self.publish(QueueFiguresChanged((), available=False))
                return
            ordered = queue_order(loads)
            if ordered != self._snapshot.queues or not self._snapshot.queues_shown:
                self.publish(QueueFiguresChanged(ordered))
            await asyncio.sleep(self.queue_poll_s)
