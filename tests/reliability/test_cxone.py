"""CXone under faults and hostile input: a long poll that hangs is abandoned and retried (the
real app, a frozen sandbox process), and any long-poll body (property-based, through the real
HTTP poll of a real `CxoneSession`) leaves the session online with each unusable part logged.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app.helpers import error_at, on_screen, start_station, text_of, until
from tests.reliability.conftest import Spawn
from tests.reliability.desktops import log_texts
from tests.reliability.live_target import LiveTarget, LoopThread, live_target
from tests.reliability.test_hostile_frames import json_values
from tui.app import DesktopApp
from tui.backends.cxone.client import CxoneSession
from tui.backends.session import DesktopSession
from tui.config import DesktopSettings, Platform
from tui.desk.local_sandbox import LocalSandbox
from tui.domain import Availability, DesktopEvent, FrameIgnored, Link, LogKind
from tui.domain.errors import NotConnected
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen

IGNORED = "Ignored a message from the platform: "


def cxone_desktop(base_url: str, **knobs: Any) -> DesktopApp:
    """The real app on CXone, its sessions with short polls and quick retries."""

    def make(platform: Platform, url: str, clock: Callable[[], int]) -> DesktopSession:
        return CxoneSession(url, clock=clock, **knobs)

    return DesktopApp(
        DesktopSettings(theme="textual-dark", platform=Platform.CXONE, user="agent5"),
        session_factory=make,
        local_sandbox=LocalSandbox.running_at(base_url),
        timezone=UTC,
        cursor_blink=False,
    )


@pytest.mark.slow
async def test_a_long_poll_that_hangs_is_abandoned_and_retried(spawn: Spawn) -> None:
    """SIGSTOP while a poll is held open: 1 s of poll timeout and 0.5 s of margin later the
    desktop gives the poll up and says reconnecting; a change asked for meanwhile is refused;
    once the server runs again, the desktop joins the same session again, by itself."""
    server = await spawn()
    app = cxone_desktop(
        server.base_url,
        poll_timeout=1,
        poll_margin=0.5,
        backoff_base=0.05,
        backoff_cap=0.3,
        request_timeout=2.0,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        session = app.desk.session
        assert isinstance(session, CxoneSession)
        session_id = status.snapshot.session_id
        polls = session.poll_loop.polls
        await until(pilot, lambda: session.poll_loop.polls > polls + 1, "a few polls")

        server.freeze()
        await until(
            pilot,
            lambda: status.snapshot.connection.link is Link.RECONNECTING,
            "the hung poll to be given up",
            timeout=6,
        )
        assert "did not answer a poll within 1.5 s" in status.snapshot.connection.detail
        await pilot.pause()
        assert "reconnecting" in text_of(status, "#connection")
        await pilot.press("a")
        await until(pilot, lambda: error_at(status, "state"), "the refusal")
        assert error_at(status, "state") == NotConnected.sentence

        since = len(status.snapshot.log)
        server.thaw()
        await until(
            pilot,
            lambda: (
                status.snapshot.connection.is_online
                and any(t.startswith("Re-synced with the server") for t in log_texts(status, since))
            ),
            "the poll to be retried and the session re-synced",
            timeout=15,
        )
        assert status.snapshot.session_id == session_id
        assert status.snapshot.availability is not Availability.AVAILABLE  # never applied
        await until(pilot, lambda: error_at(status, "state") == "", "the refusal to clear itself")
        polls = session.poll_loop.polls
        await until(pilot, lambda: session.poll_loop.polls > polls, "polling again")
        await pilot.press("a")
        await until(pilot, lambda: status.snapshot.availability is Availability.AVAILABLE, "live")
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lunch", "enter")
        await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")


# -- hostile long-poll bodies --------------------------------------------------------------------


class PollTarget(LiveTarget):
    """agent5's live CXone session; `send` makes its next polls answer any bodies."""

    def __init__(self, server: SandboxServer, loop: LoopThread) -> None:
        session = CxoneSession(server.base_url, request_timeout=5.0, poll_timeout=30)
        super().__init__(server, loop, session, "agent5", "14155550105")

    def send(self, bodies: list[str]) -> list[DesktopEvent]:
        """Queue `bodies` and a sentinel answer; the events they caused, the sentinel's last."""
        mark = f"Sentinel-{uuid.uuid4().hex[:12]}"
        sentinel = json.dumps({"sessionId": "{sessionId}", "events": [{"Type": mark}]})
        start = len(self.events)
        answer = self.http.post("/test-hooks/poll-answers", json={"bodies": [*bodies, sentinel]})
        assert answer.status_code == 200, answer.text
        return self.events_until(start, mark)


@pytest.fixture(scope="module")
def poll_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PollTarget]:
    yield from live_target(tmp_path_factory.mktemp("hostile-polls"), PollTarget)


def _not_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


# Each strategy yields (body, how many log entries it must make). Event types whose arrival
# legitimately changes the session (its end, a valid state) are never made valid here.
unusable_event = st.one_of(
    json_values.filter(lambda v: not isinstance(v, dict)),
    st.dictionaries(st.text(max_size=8).filter(lambda k: k != "Type"), json_values, max_size=3),
    st.builds(
        lambda kind, more: {**more, "Type": kind},
        st.text(max_size=30).filter(
            lambda t: (
                t
                not in {
                    "AgentSessionStart",
                    "AgentSessionEnd",
                    "AgentState",
                    "CallContactEvent",
                    "ChatContactEvent",
                    "EmailContactEvent",
                    "DigitalContactEvent",
                }
            )
        ),
        st.dictionaries(st.text(max_size=8), json_values, max_size=3),
    ),
    st.builds(lambda more: {**more, "Type": "AgentState", "CurrentState": [1]}, st.just({})),
    st.builds(lambda: {"Type": "CallContactEvent", "Status": "Active"}),  # no ContactID
)
with_events = st.builds(
    lambda events: (json.dumps({"sessionId": "{sessionId}", "events": events}), len(events)),
    st.lists(unusable_event, max_size=4),
)
without_id = st.builds(
    lambda events: (json.dumps({"events": events}), 1 + len(events)),
    st.lists(unusable_event, max_size=3),
)
broken_bodies = st.one_of(
    # (a blank body is no events, as NICE's SDK reads it: quiet, not a problem)
    st.text(max_size=100).filter(lambda t: _not_json(t) and bool(t.strip())).map(lambda t: (t, 1)),
    st.one_of(json_values.filter(lambda v: not isinstance(v, dict))).map(
        lambda v: (json.dumps(v), 1)
    ),
    st.builds(
        lambda events: (json.dumps({"sessionId": "{sessionId}", "events": events}), 1),
        json_values.filter(lambda v: not isinstance(v, list)),
    ),
    st.just(("[" * 10_000 + "]" * 10_000, 1)),
)
bodies = st.lists(st.one_of(with_events, without_id, broken_bodies), min_size=1, max_size=4)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=bodies)
def test_every_unusable_part_of_a_poll_answer_is_logged_and_polling_goes_on(
    poll_target: PollTarget, answers: list[tuple[str, int]]
) -> None:
    before = poll_target.session.snapshot
    events = poll_target.send([body for body, _ in answers])
    ignored = [e for e in events if isinstance(e, FrameIgnored)]
    assert len(ignored) == sum(count for _, count in answers) + 1, [e.description for e in ignored]
    after = poll_target.session.snapshot
    logged = after.log[-len(ignored) :]
    assert all(entry.kind is LogKind.PROBLEM for entry in logged)
    assert [entry.text for entry in logged] == [IGNORED + e.description for e in ignored]
    assert after.connection.is_online and poll_target.session.poll_loop.running
    assert (after.session_id, after.availability) == (before.session_id, before.availability)


CONTACT_TYPES = [
    "CallContactEvent",
    "ChatContactEvent",
    "EmailContactEvent",
    "DigitalContactEvent",
    "WorkItemContactEvent",
]
hostile_contact = st.builds(
    lambda kind, more: {**more, "Type": kind},
    st.sampled_from(CONTACT_TYPES),
    st.fixed_dictionaries(
        {},
        optional={
            "ContactID": st.sampled_from([700000001, "700000001", "", -1]) | json_values,
            "Status": st.sampled_from(["Incoming", "Active", "Holding", "Disconnected", "Odd"])
            | json_values,
            "FinalState": st.sampled_from([True, False, "True", "False", ""]) | json_values,
            "DisconnectCode": st.sampled_from(["Refused", "Rejected"]) | json_values,
            "IsRequireManualAccept": json_values,
            "Timeout": json_values,
            "Skill": json_values,
            "MediaType": json_values,
            "LastStateChangeTime": json_values,
        },
    ),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=st.lists(st.lists(hostile_contact, max_size=5), min_size=1, max_size=3))
def test_hostile_contact_events_never_stop_the_session(
    poll_target: PollTarget, answers: list[list[dict[str, object]]]
) -> None:
    """Contact events of every known type with any fields, in any order: each becomes a
    contact step or a logged problem, and the session polls on, unchanged otherwise."""
    before = poll_target.session.snapshot
    poll_target.send([json.dumps({"sessionId": "{sessionId}", "events": e}) for e in answers])
    after = poll_target.session.snapshot
    assert after.connection.is_online and poll_target.session.poll_loop.running
    assert (after.session_id, after.availability) == (before.session_id, before.availability)


def test_a_blank_answer_is_nothing_happened_and_polling_goes_on(poll_target: PollTarget) -> None:
    polls = poll_target.session.poll_loop.polls
    events = poll_target.send(["", "  \n"])  # then the sentinel
    assert len(events) == 1 and isinstance(events[0], FrameIgnored)  # the sentinel only
    assert poll_target.session.poll_loop.polls >= polls + 3
    after = poll_target.session.snapshot
    assert after.connection.is_online and poll_target.session.poll_loop.running


def test_after_all_that_the_cxone_desktop_still_works(poll_target: PollTarget) -> None:
    poll_target.send(['{"sessionId": "{sessionId}", "events": "no"}'])
    session = poll_target.session
    assert session.profile is not None
    meeting = next(code for code in session.profile.idle_codes if code.name == "Meeting")
    poll_target.loop.run(session.set_available())
    assert session.snapshot.availability is Availability.AVAILABLE
    poll_target.loop.run(session.set_idle(meeting))
    assert session.snapshot.idle_code == meeting
