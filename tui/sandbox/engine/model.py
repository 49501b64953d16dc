"""The engine's vocabulary, free of any platform's wire names.

Routers translate these into a platform's frames and events (Webex and CXone), so the words
here are the contact center's own: an agent session, availability, an idle code, a contact on a
channel, a client's handle on a session, and the facts (events) that happened to them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum


def now_ms() -> int:
    """Wall-clock time in epoch milliseconds (what every timestamp in the sandbox uses)."""
    return time.time_ns() // 1_000_000


class Availability(StrEnum):
    AVAILABLE = "available"
    IDLE = "idle"


class Device(StrEnum):
    """How the agent's voice leg reaches them."""

    DIAL_NUMBER = "dial_number"
    EXTENSION = "extension"
    BROWSER = "browser"


class ContactStatus(StrEnum):
    """Where a contact is. OFFERED waits for the agent to accept it on the desktop (or for the
    platform's auto-answer); RINGING is a voice offer ringing the agent's own phone (a dial
    number or extension), answered there. ASSIGNED is connected: the agent works it, and HELD
    is on hold. WRAP_UP has ended and owes after-contact work; ENDED is gone."""

    OFFERED = "offered"
    RINGING = "ringing"
    ASSIGNED = "assigned"
    HELD = "held"
    WRAP_UP = "wrap_up"
    ENDED = "ended"

    @property
    def is_offer(self) -> bool:
        return self in (ContactStatus.OFFERED, ContactStatus.RINGING)

    @property
    def is_live(self) -> bool:
        """Connected to the customer (on hold or not)."""
        return self in (ContactStatus.ASSIGNED, ContactStatus.HELD)


class ContactAction(StrEnum):
    """What an agent asks of one of their contacts."""

    ACCEPT = "accept"
    DECLINE = "decline"
    HOLD = "hold"
    RESUME = "resume"
    END = "end"
    WRAP_UP = "wrap_up"


class Refusal(StrEnum):
    """Why the engine said no. Routers map each to their platform's reason names and codes."""

    INVALID_DIAL_NUMBER = "invalid_dial_number"
    DUPLICATE_LOCATION = "duplicate_location"
    ALREADY_LOGGED_IN = "already_logged_in"
    NOT_LOGGED_IN = "not_logged_in"
    INVALID_TEAM = "invalid_team"
    DEVICE_NOT_ALLOWED = "device_not_allowed"
    UNKNOWN_IDLE_CODE = "unknown_idle_code"
    IDLE_CODE_NOT_SELECTABLE = "idle_code_not_selectable"
    NOT_PERMITTED = "not_permitted"
    AGENT_NOT_FOUND = "agent_not_found"
    INVALID_REQUEST = "invalid_request"
    NO_SUCH_SESSION = "no_such_session"
    IMPERSONATION_NOT_ALLOWED = "impersonation_not_allowed"
    NO_ACTIVE_CONTACT = "no_active_contact"
    NO_SUCH_CONTACT = "no_such_contact"
    """Not a contact of this agent's session (another agent's, rung out, or ended)."""
    CONTACT_WRONG_STATE = "contact_wrong_state"
    UNKNOWN_WRAP_UP_CODE = "unknown_wrap_up_code"


class EventKind(StrEnum):
    SESSION_STARTED = "session_started"
    SESSION_START_REFUSED = "session_start_refused"
    STATE_CHANGED = "state_changed"
    STATE_CHANGE_REFUSED = "state_change_refused"
    SESSION_ENDED = "session_ended"
    SESSION_END_REFUSED = "session_end_refused"
    SESSION_ATTACHED = "session_attached"
    SESSION_ATTACH_REFUSED = "session_attach_refused"
    SESSION_JOINED = "session_joined"
    ROSTER = "roster"
    CONTACT_OFFERED = "contact_offered"
    """Offered to the agent: `contact.status` OFFERED, or RINGING on their phone."""
    CONTACT_ASSIGNED = "contact_assigned"
    CONTACT_HELD = "contact_held"
    CONTACT_RESUMED = "contact_resumed"
    CONTACT_WRAP_UP = "contact_wrap_up"
    """The contact ended and after-contact work is owed; `contact.ended_by` says who ended it."""
    CONTACT_WRAPPED_UP = "contact_wrapped_up"
    CONTACT_DECLINED = "contact_declined"
    """The agent gave the offer back; it waits in its queue for another agent."""
    CONTACT_NOT_ANSWERED = "contact_not_answered"
    """RONA: the offer rang out and went back to its queue; a STATE_CHANGED into the RONA
    idle code follows when the agent was Available."""
    CONTACT_ENDED = "contact_ended"
    """Gone with no wrap-up: abandoned while offered, or ended by a logout."""
    CONTACT_ACTION_REFUSED = "contact_action_refused"
    """An agent's request about a contact was refused (`refusal`, `detail`; `action` names
    the request): platforms that answer such requests on the event stream send it there."""


@dataclass(frozen=True)
class Contact:
    contact_id: str
    agent_id: str
    session_id: str
    channel: str
    status: ContactStatus
    offered_ms: int
    assigned_ms: int | None = None
    origin: str = ""
    """Who the contact is from: a caller's number, a chat handle, an email address."""
    queue: str = ""
    number: int = 0
    """The contact's number, for platforms whose contact ids are integers (CXone's ContactID)."""
    state_changed_ms: int = 0
    rings_out_ms: int = 0
    """While an offer: when it rings out (RONA); 0 never."""
    wrap_up_by_ms: int = 0
    """While in wrap-up: when the platform wraps it up by itself; 0 never."""
    ended_by: str = ""
    """Who ended it: "agent" or "customer" (empty while it has not ended)."""
    wrap_up_code_id: str | None = None
    offered_to: tuple[str, ...] = ()
    """Agents it was offered to before and who let it go (declined, or rang out): a requeued
    contact is not offered to them again."""

    @property
    def since_ms(self) -> int:
        """When it entered its status."""
        return self.state_changed_ms or self.assigned_ms or self.offered_ms


@dataclass(frozen=True)
class ContactRules:
    """The platform's timing rules for contacts (the traffic simulator plays the customers)."""

    ring_for_s: float = 15.0
    """How long an offer rings before it goes RONA; 0 rings until answered."""
    wrap_up_for_s: float = 0.0
    """After-contact work the platform ends by itself after this long (with the default
    wrap-up code); 0 waits for the agent."""


@dataclass(frozen=True)
class AgentSession:
    """One agent's live station session, as persisted.

    `state_changed_ms` is when the availability last changed (or the session started);
    `idle_code_changed_ms` is when the idle code last changed. Moving between two idle codes
    changes only the second, so a desktop can show "Idle for 20 min, on Lunch for 5 min".
    """

    session_id: str
    agent_id: str
    team_id: str
    site_id: str
    dial_number: str
    device: Device
    device_id: str
    roles: tuple[str, ...]
    availability: Availability
    idle_code_id: str | None
    state_changed_ms: int
    idle_code_changed_ms: int
    login_ms: int
    state_reason: str = ""
    changed_by_id: str | None = None
    contacts: tuple[Contact, ...] = ()

    def channel_load(self, channels: tuple[str, ...]) -> dict[str, list[str]]:
        """Taken contact ids per channel (connected, held or in wrap-up; not offers); every
        channel is present, empty when idle."""
        load: dict[str, list[str]] = {channel: [] for channel in channels}
        for contact in self.contacts:
            if not contact.status.is_offer:
                load.setdefault(contact.channel, []).append(contact.contact_id)
        return load

    @property
    def interaction_ids(self) -> list[str]:
        """The contacts the agent has taken (connected, held or in wrap-up)."""
        return [c.contact_id for c in self.contacts if not c.status.is_offer]

    def held_on(self, channel: str) -> int:
        """Contacts on a channel that count against capacity (every open one, offers too)."""
        return sum(1 for c in self.contacts if c.channel == channel)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.contact_id == contact_id), None)

    @property
    def in_wrap_up(self) -> bool:
        return any(c.status is ContactStatus.WRAP_UP for c in self.contacts)


@dataclass(frozen=True)
class SessionHandle:
    """One client's hold on an agent session, and how far it has read the session's events.

    A client holds a handle from starting or joining a session and names it in each request.
    Handing events out replaces the handle with a new one whose cursor is past them (the id a
    client polls with rotates). A replaced handle still names its session: a client that lost
    an answer and asks again with it is given the whole session afresh instead of the events.

    `holder_id` is the signed-in user who holds it: the agent, or a supervisor acting as them.
    `after_seq` is None until the holder has been given the session once.
    """

    handle_id: str
    chain_id: str  # the first handle of this line of replacements
    agent_id: str
    session_id: str
    holder_id: str
    after_seq: int | None
    created_ms: int
    replaced: bool = False

    @property
    def impersonating(self) -> bool:
        return self.holder_id != self.agent_id


@dataclass(frozen=True)
class ChannelLoad:
    channel: str
    capacity: int
    assigned: int


@dataclass(frozen=True)
class RosterEntry:
    """One team-mate as a buddy list shows them."""

    agent_id: str
    name: str
    team_id: str
    site_id: str
    dial_number: str
    availability: Availability
    idle_code_id: str | None
    state_changed_ms: int
    session_id: str
    channels: tuple[ChannelLoad, ...] = ()


@dataclass(frozen=True)
class Event:
    """A fact the engine committed, in the order it committed them (`seq`).

    `agent_id` is whose session the fact is about; `audience` is every user who hears of it;
    `actor_id` who asked for it (None for the system, e.g. the traffic simulator);
    `correlation_id` ties it to the request that caused it.
    """

    seq: int
    kind: EventKind
    at_ms: int
    agent_id: str
    audience: tuple[str, ...]
    correlation_id: str
    actor_id: str | None = None
    session: AgentSession | None = None
    refusal: Refusal | None = None
    detail: str = ""
    contact: Contact | None = None
    roster: tuple[RosterEntry, ...] = field(default_factory=tuple)
    action: ContactAction | None = None
    """For CONTACT_ACTION_REFUSED: what was asked."""
