"""Hostile frames through the real websocket to the real Webex client: property-based.

The sandbox runs with its test hook (`test_hooks`), which sends any text to a user's
sockets; a live `WebexSession` with a station session reads them as a desktop would. Whatever
arrives, the session stays online and usable, and each frame it cannot use is one plain entry
in its event log. A frame ends each batch (a sentinel) so that the test waits on an event, not
on time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app.helpers import desktop, on_screen, start_station, text_of, until
from tests.reliability.desktops import log_texts
from tests.reliability.live_target import LiveTarget, LoopThread, live_target
from tests.reliability.test_hostile_text import assert_no_control_reaches_the_terminal
from tui.backends.webex import wire
from tui.backends.webex.client import WebexSession
from tui.domain import Availability, DesktopEvent, FrameIgnored, LogKind
from tui.sandbox.server import SandboxServer
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen

IGNORED = "Ignored a message from the platform: "


class Target(LiveTarget):
    """agent1's live desktop session, and a way to send it any frames."""

    def __init__(self, server: SandboxServer, loop: LoopThread) -> None:
        session = WebexSession(server.base_url, allow_multi_login=True, request_timeout=5.0)
        super().__init__(server, loop, session, "agent1", "14155550101")
        self.server = server

    def send(self, frames: list[str]) -> list[DesktopEvent]:
        """Send `frames` and a sentinel; the events they caused, the sentinel's last."""
        sentinel = f"sentinel-{uuid.uuid4().hex}"
        start = len(self.events)
        answer = self.http.post("/test-hooks/raw-frames", json={"frames": [*frames, sentinel]})
        assert answer.status_code == 200 and answer.json() == {"sockets": 1}, answer.text
        return self.events_until(start, sentinel)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    yield from live_target(tmp_path_factory.mktemp("hostile"), Target)


# -- frames the desktop cannot use, each of which it must log ------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _not_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


# Events whose arrival legitimately changes the session (a take-over, a logout) are left out:
# they are not hostile, and the desktop's answer to them is tested elsewhere.
KNOWN_MODELS: dict[str, type[Any]] = {
    "AgentStationLoginSuccess": wire.StationLoginSuccess,
    "AgentStationLoginFailed": wire.StationLoginFailed,
    "AgentStateChangeSuccess": wire.AgentStateChangeSuccess,
    "AgentStateChangeFailed": wire.AgentStateChangeFailed,
    "AgentReloginSuccess": wire.AgentReloginSuccess,
    "AgentOfferContact": wire.AgentOfferContact,
    "AgentContactAssigned": wire.AgentContactAssigned,
    "ContactEnded": wire.ContactEnded,
    "BuddyAgents": wire.BuddyAgents,
}
KNOWN_TYPES = sorted(KNOWN_MODELS)
KNOWN_KINDS = [str(k) for k in wire.MsgType if k is not wire.MsgType.AGENT_MULTI_LOGIN]

not_json = st.text(max_size=200).filter(_not_json)
not_an_object = st.one_of(json_scalars, st.lists(json_values, max_size=4)).map(json.dumps)
no_event_type = st.dictionaries(
    st.text(max_size=12).filter(lambda k: k not in ("keepalive", "type", "data")),
    json_values,
    max_size=5,
).map(json.dumps)
bad_keepalive = json_values.filter(lambda v: v != "true").map(
    lambda v: json.dumps({"keepalive": v})
)
extras = st.dictionaries(
    st.text(max_size=12).filter(lambda k: k not in ("type", "agentId")), json_values, max_size=4
)
unknown_event = st.builds(
    lambda kind, event, more: json.dumps({"type": kind, "data": {**more, "type": event}}),
    st.sampled_from(KNOWN_KINDS) | st.text(max_size=20).filter(lambda t: "MULTI" not in t),
    st.text(max_size=30).filter(lambda t: t not in wire.MSG_TYPE_FOR_EVENT),
    extras,
)
broken_known_event = st.builds(
    lambda kind, event, more: json.dumps({"type": kind, "data": {**more, "type": event}}),
    st.sampled_from(KNOWN_KINDS),
    st.sampled_from(KNOWN_TYPES),
    extras,
)
big_or_deep = st.sampled_from(
    [
        "[" * 20_000 + "]" * 20_000,
        json.dumps({"type": "x", "data": {"type": "y", "blob": "z" * 30_000}}),
        "\x00\x01\x1b[31m[bold]red[/bold]\u202e",
        '{"type": "AgentStateChange", "data": {"type": "AgentStateChangeSuccess"',
    ]
)
unusable = st.one_of(
    not_json,
    not_an_object,
    no_event_type,
    bad_keepalive,
    unknown_event,
    broken_known_event,
    big_or_deep,
)


def test_the_strategies_never_make_a_usable_frame() -> None:
    """The premise of the count below: every model of a sampled type has a required field
    the random extras cannot supply by accident, so these events are always broken."""
    for name in KNOWN_TYPES:
        model = KNOWN_MODELS[name]
        required = [f for f, info in model.model_fields.items() if info.is_required()]
        assert set(required) - {"type"}, name


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=st.lists(unusable, min_size=1, max_size=6))
def test_every_unusable_frame_is_logged_and_the_session_lives_on(
    target: Target, frames: list[str]
) -> None:
    before = target.session.snapshot
    events = target.send(frames)
    after = target.session.snapshot
    ignored = [e for e in events if isinstance(e, FrameIgnored)]
    assert len(ignored) == len(frames) + 1, [e.description for e in ignored]
    logged = after.log[-len(ignored) :]
    assert all(entry.kind is LogKind.PROBLEM for entry in logged)
    assert [entry.text for entry in logged] == [IGNORED + e.description for e in ignored]
    assert all(len(entry.text) < 400 for entry in logged)  # a line, not a 200 kB dump
    assert after.connection.is_online and not target.session.stream.task_done
    assert (after.session_id, after.availability) == (before.session_id, before.availability)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.lists(json_values, min_size=1, max_size=6))
def test_any_json_at_all_leaves_the_session_online(target: Target, values: list[Any]) -> None:
    target.send([json.dumps(value) for value in values])
    assert target.session.snapshot.connection.is_online
    assert not target.session.stream.task_done


def test_after_all_that_the_desktop_still_works(target: Target) -> None:
    """Runs last in this module: a real change still goes through and is shown."""
    target.send(["one more piece of junk"])
    profile = target.session.profile
    assert profile is not None
    lunch = next(code for code in profile.idle_codes if code.name == "Lunch")
    target.loop.run(target.session.set_idle(lunch))
    assert target.session.snapshot.availability is Availability.IDLE
    target.loop.run(target.session.set_available())
    assert target.session.snapshot.availability is Availability.AVAILABLE


def test_the_hook_does_not_exist_unless_asked_for(sandbox: SandboxServer) -> None:
    form = {"grant_type": "password", "username": "agent1", "password": "agent1"}
    token = httpx.post(f"{sandbox.base_url}/oauth/token", data=form).json()["access_token"]
    answer = httpx.post(
        f"{sandbox.base_url}/test-hooks/raw-frames",
        json={"frames": ["x"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 404
    assert "test-hooks" not in httpx.get(f"{sandbox.base_url}/openapi.json").text


# -- the same, on the real desktop ---------------------------------------------------------------


async def test_the_desktop_lives_through_hostile_frames_and_an_oversized_one(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """Through the real app: junk with markup and control characters is logged literally (and
    harmlessly); a frame over the client's 4 MiB limit drops the socket, and the desktop
    reconnects and re-syncs by itself."""
    server = sandbox_factory(test_hooks=True)
    form = {"grant_type": "password", "username": "agent1", "password": "agent1"}
    token = httpx.post(f"{server.base_url}/oauth/token", data=form).json()["access_token"]
    hook = httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"})
    junk = [
        "[bold]not json[/bold]",
        "\x1b]0;pwned\x07\x1b[2J",
        json.dumps({"type": "X", "data": {"type": "[link=https://evil.example]Y[/link]"}}),
        json.dumps({"keepalive": "[@click=app.quit]"}),
        "[" * 30_000,
    ]
    app = desktop(server)
    async with app.run_test(size=(120, 40)) as pilot:
        status = await start_station(pilot)
        session_id = status.snapshot.session_id
        since = len(status.snapshot.log)
        assert hook.post("/test-hooks/raw-frames", json={"frames": junk}).status_code == 200
        await until(
            pilot,
            lambda: len([t for t in log_texts(status, since) if t.startswith(IGNORED)]) == 5,
            "five log entries",
        )
        await pilot.pause()
        shown = text_of(status, "#event-log")
        assert "[bold]not json[/bold]" in shown and "␛]0;pwned␇␛[2J" in shown
        assert "[link=https://evil.example]Y[/link]" in shown
        assert_no_control_reaches_the_terminal(status)
        assert isinstance(app.screen, StatusScreen) and app.is_running

        since = len(status.snapshot.log)
        oversized = "x" * (4 * 2**20 + 1)
        assert hook.post("/test-hooks/raw-frames", json={"frames": [oversized]}).status_code == 200
        await until(
            pilot,
            lambda: (
                status.snapshot.connection.is_online
                and any(t.startswith("Re-synced with the server") for t in log_texts(status, since))
            ),
            "the reconnect and re-sync",
            timeout=15,
        )
        assert any(t.startswith("Connection lost") for t in log_texts(status, since))
        assert status.snapshot.session_id == session_id
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"break", "enter")
        await until(pilot, lambda: status.snapshot.availability is Availability.IDLE, "Idle")
    hook.close()
