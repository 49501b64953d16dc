"""The pure domain: reducer, dial plan, timers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain import (
    AgentLoggedOut,
    AgentSnapshot,
    AgentStateChanged,
    Availability,
    Channel,
    ClockSkew,
    Connection,
    ConnectionChanged,
    ContactAssigned,
    ContactEnded,
    DialPlan,
    DialPlanEntry,
    FrameIgnored,
    IdleCode,
    Interaction,
    Link,
    LoginOption,
    SessionSynced,
    SyncReason,
    apply,
    apply_all,
    format_duration,
)
from tui.domain.profile import normalise_dial_number
from tui.domain.snapshot import LOG_LIMIT

LUNCH = IdleCode("c-lunch", "Lunch")
BREAK = IdleCode("c-break", "Break", is_default=True)
PLAN = DialPlan(
    (
        DialPlanEntry("US", r"1[0-9]{3}[2-9][0-9]{6}"),
        DialPlanEntry("Extensions", r"[1-9][0-9]{3}", for_extensions=True),
    )
)


def synced(**overrides: object) -> SessionSynced:
    fields: dict[str, object] = dict(
        reason=SyncReason.STARTED,
        agent_id="a3",
        session_id="s1",
        team_id="t1",
        team_name="Billing",
        site_id="site",
        site_name="Austin",
        roles=("agent",),
        login_option=LoginOption.DIAL_NUMBER,
        dial_number="14155550103",
        availability=Availability.AVAILABLE,
        idle_code=None,
        state_changed_at=1_000,
        idle_code_changed_at=1_000,
        capacity={Channel.TELEPHONY: 1, Channel.CHAT: 3},
    )
    fields.update(overrides)
    return SessionSynced(**fields)  # type: ignore[arg-type]


def test_session_synced_fills_the_snapshot_and_logs_it() -> None:
    snap = apply(AgentSnapshot(), synced(), now_ms=5)
    assert snap.session_id == "s1" and snap.team_name == "Billing"
    assert snap.availability is Availability.AVAILABLE
    assert [c.channel for c in snap.channels] == list(Channel)
    assert snap.channel(Channel.CHAT) is not None and snap.channel(Channel.CHAT).capacity == 3
    assert snap.log[-1].text.startswith("Station session started on team Billing")


def test_idle_code_timer_shown_only_when_it_differs() -> None:
    snap = apply(AgentSnapshot(), synced(), 0)
    idle = apply(snap, AgentStateChanged(Availability.IDLE, LUNCH, 2_000, 2_000), 0)
    assert idle.idle_code == LUNCH and not idle.shows_idle_code_timer
    other = apply(idle, AgentStateChanged(Availability.IDLE, BREAK, 2_000, 9_000), 0)
    assert other.shows_idle_code_timer and other.state_changed_at == 2_000
    back = apply(other, AgentStateChanged(Availability.AVAILABLE, None, 12_000, 12_000), 0)
    assert back.idle_code is None and back.availability is Availability.AVAILABLE


def test_change_by_a_supervisor_is_named_in_the_log() -> None:
    snap = apply(AgentSnapshot(), synced(), 0)
    snap = apply(snap, AgentStateChanged(Availability.IDLE, LUNCH, 1, 1, "Sam Super"), 0)
    assert snap.changed_by_name == "Sam Super"
    assert snap.log[-1].text == "Now Idle (Lunch), set by Sam Super."


def test_contacts_come_and_go_on_their_channel() -> None:
    snap = apply(AgentSnapshot(), synced(), 0)
    chat = Interaction("i1", Channel.CHAT, 10, customer="Ana")
    snap = apply(snap, ContactAssigned(chat), 0)
    assert snap.channel(Channel.CHAT).load == 1
    snap = apply(snap, ContactAssigned(chat), 0)  # a repeat does not double count
    assert snap.channel(Channel.CHAT).load == 1
    snap = apply(snap, ContactEnded("i1"), 0)
    assert snap.channel(Channel.CHAT).load == 0
    assert snap.log[-1].text == "Chat contact from Ana ended."
    unknown = apply(snap, ContactEnded("nope", Channel.EMAIL), 0)
    assert unknown.channels == snap.channels


def test_logout_clears_session_and_channels() -> None:
    snap = apply(AgentSnapshot(), synced(), 0)
    snap = apply(snap, ContactAssigned(Interaction("i1", Channel.TELEPHONY, 1)), 0)
    snap = apply(snap, AgentLoggedOut("end of shift"), 0)
    assert snap.availability is Availability.LOGGED_OUT and not snap.has_session
    assert all(c.load == 0 for c in snap.channels)


def test_connection_changes_are_logged_once() -> None:
    snap = AgentSnapshot()
    lost = ConnectionChanged(Connection(Link.RECONNECTING, 2, "server closed"))
    snap = apply(snap, lost, 0)
    again = apply(snap, lost, 0)
    assert snap.connection.label == "reconnecting 2"
    assert len(again.log) == len(snap.log) == 1


def test_flood_is_applied_in_order_and_the_log_stays_bounded() -> None:
    events = [FrameIgnored(f"frame {n}") for n in range(10_000)]
    snap = apply_all(AgentSnapshot(), events, 0)
    assert snap.events_applied == 10_000
    assert len(snap.log) == LOG_LIMIT
    assert snap.log[-1].text.endswith("frame 9999")
    assert snap.log[0].text.endswith(f"frame {10_000 - LOG_LIMIT}")


def test_dial_plan_sentences() -> None:
    assert PLAN.problem_with("14155550103", LoginOption.DIAL_NUMBER) is None
    assert PLAN.problem_with("12", LoginOption.DIAL_NUMBER) == (
        "12 is not a valid dial number (for example 14155550100)."
    )
    assert PLAN.problem_with("", LoginOption.DIAL_NUMBER) == "Enter a dial number."
    assert PLAN.problem_with("1a", LoginOption.EXTENSION) == (
        "Use digits; spaces, brackets, dots, dashes and a leading + are fine."
    )
    for written in ("+14155550103", "+1 (415) 555-0103", "1.415.555.0103", " 1-415-555-0103 "):
        assert PLAN.problem_with(written, LoginOption.DIAL_NUMBER) is None, written
        assert normalise_dial_number(written) == "14155550103"
    assert PLAN.problem_with("++14155550103", LoginOption.DIAL_NUMBER) is not None
    assert PLAN.problem_with("(", LoginOption.DIAL_NUMBER) == "Enter a dial number."
    assert PLAN.problem_with("1003", LoginOption.EXTENSION) is None
    assert PLAN.problem_with("14155550103", LoginOption.EXTENSION) is not None


@given(st.text(max_size=60))
def test_dial_plan_never_raises(number: str) -> None:
    for option in LoginOption:
        result = PLAN.problem_with(number, option)
        assert result is None or result.endswith(".")


def test_clock_skew_and_durations() -> None:
    skew = ClockSkew()
    assert skew.to_server(1_000) == 1_000
    for local in range(5):
        skew.observe(server_ms=10_000 + local, local_ms=7_000 + local)
    assert skew.offset_ms == 3_000 and skew.to_server(0) == 3_000
    assert format_duration(425) == "07:05" and format_duration(3_600 + 425) == "1:07:05"
    assert format_duration(-5) == "00:00"


def test_reconnect_attempts_log_a_line_only_when_the_reason_changes() -> None:
    """The title bar counts attempts; the log says why, once per reason, in one sentence."""
    lost = Connection(Link.RECONNECTING, attempt=1, detail="the platform closed the connection")
    snap = apply(AgentSnapshot(), ConnectionChanged(lost), 0)
    assert snap.log[-1].text == "Connection lost; reconnecting: the platform closed the connection."
    unreachable = "The server cannot be reached. Check your network."
    for attempt in (2, 3, 4):
        again = Connection(Link.RECONNECTING, attempt=attempt, detail=unreachable)
        snap = apply(snap, ConnectionChanged(again), 0)
    assert snap.connection.attempt == 4
    assert [e.text for e in snap.log] == [
        "Connection lost; reconnecting: the platform closed the connection.",
        "Still reconnecting (attempt 2): The server cannot be reached. Check your network.",
    ]  # one full stop, and no line for attempts 3 and 4
    snap = apply(snap, ConnectionChanged(Connection(Link.ONLINE)), 0)
    assert snap.log[-1].text == "Connected; live updates are on."
