"""Webex frames -> desktop events and typed errors, and config DTOs -> the desktop profile."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.backends.session import Identity
from tui.backends.webex import wire
from tui.backends.webex.agent_profile import build_agent_profile
from tui.backends.webex.mapping import (
    Action,
    MappingContext,
    error_for,
    event_for,
    frame_ignored,
    session_synced,
)
from tui.backends.webex.profile import team_agent_of
from tui.backends.webex.wire.desktop_login import AgentRecord
from tui.backends.webex.wire.desktop_login import DesktopProfile as DesktopProfileDoc
from tui.domain import (
    AgentLoggedOut,
    AgentSnapshot,
    AgentStateChanged,
    Availability,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    ContactRestored,
    DesktopProfile,
    FrameIgnored,
    IdleCode,
    Interaction,
    LoginOption,
    MultiLoginClosed,
    SessionSynced,
    SyncReason,
    Team,
    apply,
)
from tui.domain import errors as e

ME = "agent-1"
BOSS = "super-1"
LUNCH = IdleCode("c-lunch", "Lunch")
RONA = IdleCode("c-rona", "RONA", is_system=True)
PROFILE = DesktopProfile(
    agent_id=ME,
    agent_name="Avery Chen",
    teams=(Team("t-sales", "Sales", "s-austin", "Austin"),),
    idle_codes=(LUNCH, RONA),
    channel_capacity={Channel.TELEPHONY: 1, Channel.CHAT: 3},
)
CTX = MappingContext(agent_id=ME, agent_name="Avery Chen", profile=PROFILE)


def session_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "AgentStationLoginSuccess",
        "agentId": ME,
        "agentSessionId": "s-1",
        "auxCodeId": "0",
        "channelsMap": {"telephony": ["call-1"], "chat": [], "fax": ["f-1"]},
        "dialNumber": "14155550101",
        "interactionIds": ["call-1"],
        "lastIdleCodeChangeTimestamp": 1_000,
        "lastStateChangeTimestamp": 1_000,
        "orgId": "org",
        "profileType": "BLENDED",
        "siteId": "s-austin",
        "status": "LoggedIn",
        "subStatus": "Available",
        "teamId": "t-sales",
        "trackingId": "tid",
    }
    data.update(changes)
    return data


def state_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "AgentStateChangeSuccess",
        "agentId": ME,
        "agentSessionId": "s-1",
        "auxCodeId": LUNCH.id,
        "changedBy": ME,
        "changedById": ME,
        "changedByName": "Avery Chen",
        "lastIdleCodeChangeTimestamp": 2_000,
        "lastStateChangeTimestamp": 2_000,
        "orgId": "org",
        "status": "LoggedIn",
        "subStatus": "Idle",
        "trackingId": "tid",
    }
    data.update(changes)
    return data


def msg(data: dict[str, Any]) -> wire.Msg:
    frame = wire.parse_frame(json.dumps({"type": "X", "orgId": "org", "data": data}))
    assert isinstance(frame, wire.Msg), frame
    return frame


def test_login_success_becomes_a_full_session() -> None:
    data = wire.StationLoginSuccess.model_validate(session_data())
    event = session_synced(data, SyncReason.STARTED, CTX, login_option=LoginOption.DIAL_NUMBER)
    assert event.session_id == "s-1"
    assert event.team_name == "Sales" and event.site_name == "Austin"
    assert event.availability is Availability.AVAILABLE and event.idle_code is None
    assert event.login_option is LoginOption.DIAL_NUMBER
    assert event.channels == {
        Channel.TELEPHONY: (event.channels[Channel.TELEPHONY][0],),
        Channel.CHAT: (),
    }
    assert event.channels[Channel.TELEPHONY][0].id == "call-1"
    assert event.capacity == PROFILE.channel_capacity


def test_relogin_idle_resolves_the_code_and_device() -> None:
    data = wire.AgentReloginSuccess.model_validate(
        session_data(
            type="AgentReloginSuccess",
            subStatus="Idle",
            auxCodeId=LUNCH.id,
            deviceType="EXTENSION",
            lastIdleCodeChangeTimestamp=5_000,
        )
    )
    event = session_synced(data, SyncReason.JOINED, CTX)
    assert event.availability is Availability.IDLE and event.idle_code == LUNCH
    assert event.login_option is LoginOption.EXTENSION
    assert (event.state_changed_at, event.idle_code_changed_at) == (1_000, 5_000)


def test_system_code_is_a_system_state() -> None:
    event = event_for(msg(state_data(auxCodeId=RONA.id, changedById=None)).data, CTX)
    assert isinstance(event, AgentStateChanged)
    assert event.availability is Availability.SYSTEM and event.idle_code == RONA


def test_unknown_idle_code_still_reads_plainly() -> None:
    event = event_for(msg(state_data(auxCodeId="c-new")).data, CTX)
    assert isinstance(event, AgentStateChanged)
    assert event.availability is Availability.IDLE
    assert event.idle_code is not None and event.idle_code.name == "Unknown idle code"


def test_changed_by_name_only_when_someone_else_changed_it() -> None:
    mine = event_for(msg(state_data()).data, CTX)
    theirs = event_for(
        msg(state_data(changedBy=BOSS, changedById=BOSS, changedByName="Morgan Lee")).data, CTX
    )
    assert isinstance(mine, AgentStateChanged) and mine.changed_by_name == ""
    assert isinstance(theirs, AgentStateChanged) and theirs.changed_by_name == "Morgan Lee"


def test_another_agents_frame_is_not_our_state() -> None:
    assert event_for(msg(state_data(agentId="agent-2")).data, CTX) is None


def test_contact_events() -> None:
    contact = {
        "agentId": ME,
        "interactionId": "chat-9",
        "mediaType": "chat",
        "interaction": {"from": "sam@example.com", "queue": "Chat Queue", "createdTimestamp": 7},
    }
    offered = event_for(msg({**contact, "type": "AgentOfferContact"}).data, CTX)
    assigned = event_for(msg({**contact, "type": "AgentContactAssigned"}).data, CTX)
    ended = event_for(msg({**contact, "type": "ContactEnded"}).data, CTX)
    assert isinstance(offered, ContactOffered)
    assert offered.interaction.customer == "sam@example.com"
    assert offered.interaction.channel is Channel.CHAT and offered.interaction.started_at == 7
    assert isinstance(assigned, ContactAssigned) and assigned.interaction.queue == "Chat Queue"
    assert ended == ContactEnded("chat-9", Channel.CHAT)


def agent_contact(**interaction: Any) -> dict[str, Any]:
    """An open contact re-sent whole after a relogin, in the platform's shape."""
    return {
        "type": "AgentContact",
        "agentId": ME,
        "interactionId": "call-1",
        "mediaResourceId": "call-1",
        "eventType": "RoutingMessage",
        "interaction": {
            "interactionId": "call-1",
            "mediaType": "telephony",
            "state": "connected",
            "callAssociatedDetails": {
                "ani": "+14155550177",
                "dn": "+18005550100",
                "virtualTeamName": "Voice Queue",
            },
            "participants": {"+14155550177": {"id": "+14155550177", "pType": "Customer"}},
            "createdTimestamp": 5_000,
            "queuedTimestamp": 5_100,
            **interaction,
        },
    }


def test_an_open_contact_re_sent_after_a_relogin_keeps_who_queue_and_start() -> None:
    event = event_for(msg(agent_contact()).data, CTX)
    assert event == ContactRestored(
        Interaction("call-1", Channel.TELEPHONY, 5_000, "+14155550177", "Voice Queue")
    )
    bare = event_for(
        msg(agent_contact(callAssociatedDetails=None, createdTimestamp=None)).data, CTX
    )
    assert isinstance(bare, ContactRestored)  # falls back on the customer participant, queued
    assert (bare.interaction.customer, bare.interaction.started_at) == ("+14155550177", 5_100)
    offered = event_for(msg(agent_contact(state="new")).data, CTX)
    assert isinstance(offered, ContactRestored) and offered.interaction.offered


def test_a_relogin_then_its_contacts_restore_what_a_fresh_desktop_never_saw() -> None:
    """`channelsMap` names the contacts; each `AgentContact` after it says who and since when."""
    relogin = session_synced(
        wire.AgentReloginSuccess.model_validate(session_data(type="AgentReloginSuccess")),
        SyncReason.JOINED,
        CTX,
    )
    snapshot = apply(AgentSnapshot(), relogin, 0)
    bare = snapshot.channel(Channel.TELEPHONY)
    assert bare is not None and bare.interactions[0].customer == ""
    event = event_for(msg(agent_contact()).data, CTX)
    assert event is not None
    snapshot = apply(snapshot, event, 0)
    load = snapshot.channel(Channel.TELEPHONY)
    assert load is not None and load.load == 1
    shown = load.interactions[0]
    assert (shown.customer, shown.queue, shown.started_at) == ("+14155550177", "Voice Queue", 5_000)
    assert (
        snapshot.log[-1].text == "Voice contact from +14155550177 still open (queue Voice Queue)."
    )
    assert apply(snapshot, event, 0).log == snapshot.log  # heard again: nothing new to say


def test_a_resync_never_makes_a_known_contact_unknown() -> None:
    """A reload's snapshot (ids only) replaces the session, not what the desktop knew."""
    known = Interaction("call-1", Channel.TELEPHONY, 5_000, "+14155550177", "Voice Queue")
    snapshot = apply(AgentSnapshot(), ContactAssigned(known), 0)
    resynced = session_synced(
        wire.AgentReloginSuccess.model_validate(session_data(type="AgentReloginSuccess")),
        SyncReason.RESYNCED,
        CTX,
    )
    after = apply(snapshot, resynced, 0).channel(Channel.TELEPHONY)
    assert after is not None and after.interactions == (known,)


def test_logout_and_multi_login() -> None:
    out = {
        "type": "AgentLogoutSuccess",
        "agentId": ME,
        "agentSessionId": "s-1",
        "logoutReason": "End of shift",
        "loggedOutBy": "Morgan Lee",
        "orgId": "org",
        "status": "LoggedOut",
        "trackingId": "t",
    }
    assert event_for(msg(out).data, CTX) == AgentLoggedOut("End of shift", "Morgan Lee")
    close = {"type": "AgentMultiLoginCloseSession", "agentId": ME}
    assert event_for(msg(close).data, CTX) == MultiLoginClosed()


def test_unknown_event_and_malformed_frame_are_ignored_in_plain_words() -> None:
    unknown = event_for(msg({"type": "AgentWrapup", "agentId": ME}).data, CTX)
    assert isinstance(unknown, FrameIgnored) and "AgentWrapup" in unknown.description
    bad = wire.parse_frame('{"type":"X","data":{"type":"AgentStateChangeSuccess"}}')
    assert isinstance(bad, wire.UnknownFrame)
    ignored = frame_ignored(bad)
    assert ignored.description.startswith("a malformed message")
    assert len(frame_ignored(wire.UnknownFrame("x" * 500, "not JSON")).description) < 140


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_frame_maps_without_raising(raw: str | bytes) -> None:
    frame = wire.parse_frame(raw)
    if isinstance(frame, wire.UnknownFrame):
        assert isinstance(frame_ignored(frame), FrameIgnored)
    elif isinstance(frame, wire.Msg):
        event_for(frame.data, CTX)


@pytest.mark.parametrize(
    ("reason", "action", "error"),
    [
        ("INVALID_DIAL_NUMBER", Action.LOGIN, e.InvalidDialNumber),
        ("DUPLICATE_LOCATION", Action.LOGIN, e.DialNumberInUse),
        ("AGENT_ALREADY_LOGGED_IN", Action.LOGIN, e.AlreadyLoggedIn),
        ("INVALID_TEAM", Action.LOGIN, e.InvalidTeam),
        ("INVALID_DEVICE_TYPE", Action.LOGIN, e.PlatformRefused),
        ("AGENT_NOT_LOGGED_IN", Action.STATE, e.NotLoggedIn),
        ("INVALID_IDLE_CODE", Action.STATE, e.InvalidIdleCode),
        ("NOT_PERMITTED", Action.AGENT_STATE, e.NotPermitted),
        ("AGENT_NOT_FOUND", Action.RELOAD, e.NoSuchSession),
        ("AGENT_NOT_FOUND", Action.AGENT_STATE, e.NoSuchAgent),
        ("SOMETHING_NEW", Action.STATE, e.PlatformRefused),
    ],
)
def test_failure_reasons_become_typed_errors(
    reason: str, action: Action, error: type[e.DesktopError]
) -> None:
    failure = wire.AgentStateChangeFailed(reason=reason, reasonCode=1234)
    mapped = error_for(failure, action)
    assert type(mapped) is error
    assert mapped.sentence.endswith(".")
    if reason == "SOMETHING_NEW":
        assert "something new" in mapped.sentence


def test_ten_thousand_frames_fold_in_order() -> None:
    """The mapping + reducer path alone; the real stream has its own flood test."""
    snapshot = AgentSnapshot()
    for i in range(10_000):
        data = msg(state_data(lastStateChangeTimestamp=i, lastIdleCodeChangeTimestamp=i)).data
        event = event_for(data, CTX)
        assert event is not None
        snapshot = apply(snapshot, event, 0)
    assert snapshot.events_applied == 10_000
    assert snapshot.state_changed_at == 9_999


def test_profile_from_the_sdks_documents() -> None:
    """Read as the SDK's parseAgentConfigs reads them: the user record and desktop profile
    (``SPECIFIC`` codes), the agent's teams (inactive ones left out, the record's order), the
    offered codes plus the system ones, and the dial plans the profile names."""
    identity = Identity(ME, "Avery Chen", "org", ())
    record = AgentRecord(
        id="db-1",
        ciUserId=ME,
        firstName="Avery",
        lastName="Chen",
        email="a@example.com",
        agentProfileId="p-1",
        teamIds=["t-sales", "t-support"],
        siteId="s-austin",
        deafultDialledNumber="14155550101",
    )
    desktop = DesktopProfileDoc(
        loginVoiceOptions=["AGENT_DN", "EXTENSION", "BROWSER"],
        accessIdleCode="SPECIFIC",
        idleCodes=["c-lunch"],
        accessWrapUpCode="ALL",
        dialPlanEnabled=True,
        dialPlans=["d-us", "d-ext"],
    )
    team = wire.Team(
        id="t-sales",
        name="Sales",
        teamType="AGENT",
        teamStatus="IN_SERVICE",
        active=True,
        siteId="s-austin",
        siteName="Austin",
    )
    support = team.model_copy(update={"id": "t-support", "name": "Support"})
    closed = team.model_copy(update={"id": "t-closed", "name": "Closed", "active": False})
    codes = [
        wire.AuxiliaryCode(
            id=code_id,
            name=name,
            defaultCode=False,
            active=active,
            isSystemCode=system,
            workTypeCode=kind,
        )
        for code_id, name, active, system, kind in [
            ("c-lunch", "Lunch", True, False, "IDLE_CODE"),
            ("c-break", "Break", True, False, "IDLE_CODE"),  # not in the SPECIFIC list
            ("c-old", "Old", False, False, "IDLE_CODE"),
            ("c-rona", "RONA", True, True, "IDLE_CODE"),
            ("c-sale", "Sale", True, False, "WRAP_UP_CODE"),
        ]
    ]
    plans = [
        wire.DialPlan(id="d-us", name="US", regularExpression=r"1\d{3}[2-9]\d{6}", active=True),
        wire.DialPlan(id="d-ext", name="Extension", regularExpression="[1-9][0-9]{3}", active=True),
        wire.DialPlan(id="d-any", name="Anything", regularExpression=".*", active=True),
    ]
    profile = build_agent_profile(
        identity,
        record,
        desktop,
        teams=[support, closed, team],
        codes=codes,
        plans=plans,
        capacity={Channel.CHAT: 3},
        roles=("agent",),
        extension="1001",
    )
    assert [t.name for t in profile.teams] == ["Sales", "Support"]
    assert profile.default_team_id == "t-sales" and profile.agent_id == ME
    assert profile.agent_name == "Avery Chen"
    assert [c.name for c in profile.idle_codes] == ["Lunch", "RONA"]
    assert [c.name for c in profile.selectable_idle_codes] == ["Lunch"]
    assert [c.name for c in profile.wrap_up_codes] == ["Sale"]
    assert profile.terminal_login_options == (LoginOption.DIAL_NUMBER, LoginOption.EXTENSION)
    assert profile.default_dial_number == "14155550101" and profile.default_extension == "1001"
    assert profile.dial_plan.problem_with("14155550101", LoginOption.DIAL_NUMBER) is None
    assert profile.dial_plan.problem_with("12345", LoginOption.DIAL_NUMBER)  # not d-any's
    assert profile.dial_plan.problem_with("1001", LoginOption.EXTENSION) is None
    assert profile.dial_plan.problem_with("14155550101", LoginOption.EXTENSION)
    assert profile.channel_capacity == {Channel.CHAT: 3} and not profile.can_impersonate


def test_buddy_row() -> None:
    buddy = wire.BuddyAgent(
        agentId="agent-2",
        agentName="Blake Diaz",
        state="Idle",
        teamId="t-sales",
        teamName="Sales",
        siteId="s",
        idleCodeId=RONA.id,
        lastStateChangeTimestamp=9,
        channels=[wire.BuddyChannel(channelType="chat", capacity=3, assigned=1)],
    )
    row = team_agent_of(buddy, PROFILE)
    assert row.availability is Availability.SYSTEM and row.idle_code_name == "RONA"
    assert row.channel_load == {Channel.CHAT: (1, 3)}


def test_session_synced_is_a_desktop_event() -> None:
    data = wire.StationLoginSuccess.model_validate(session_data())
    event = session_synced(data, SyncReason.STARTED, CTX)
    assert isinstance(event, SessionSynced)
    assert apply(AgentSnapshot(), event, 0).channel(Channel.CHAT) is not None
