"""CXone events, answers and records -> desktop events, errors and the profile. Pure."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.backends.cxone import wire
from tui.backends.cxone.mapping import Action, MappingContext, error_for, fold
from tui.backends.cxone.poll import PollTiming
from tui.backends.cxone.profile import build_profile, team_agent_of
from tui.domain import (
    AgentLoggedOut,
    AgentStateChanged,
    Availability,
    Channel,
    ContactAssigned,
    ContactEnded,
    ContactOffered,
    FrameIgnored,
    IdleCode,
    LoginOption,
    SessionSynced,
    SyncReason,
)
from tui.domain import errors as e

RECORD = wire.AgentRecord(
    agentId="a5",
    firstName="Emery",
    lastName="Garcia",
    teamId="t1",
    teamName="Support",
    teams=[wire.TeamRef(teamId="t1", teamName="Support", siteId="s1", siteName="Austin")],
    stationPhoneNumber="14155550105",
    stationId="1005",
    loginOptions=["PhoneNumber", "StationId", "Softphone"],
    channels=[wire.ChannelCapacity(mediaType="chat", capacity=3)],
    dialPlans=[
        wire.DialPattern(name="US", regularExpression="1[0-9]{10}"),
        wire.DialPattern(name="Ext", regularExpression="[1-9][0-9]{3}", forStationId=True),
    ],
)
CODES = [
    wire.UnavailableCode(outStateId="c1", outStateName="Lunch"),
    wire.UnavailableCode(outStateId="c2", outStateName="RONA", isSystem=True),
    wire.UnavailableCode(outStateId="c3", outStateName="Resolved", isAcw=True),
    wire.UnavailableCode(outStateId="c4", outStateName="Old", isActive=False),
]
PROFILE = build_profile(RECORD, CODES)
CTX = MappingContext(
    agent_id="a5",
    agent_name="Emery Garcia",
    profile=PROFILE,
    acw_codes={"Resolved": IdleCode("c3", "Resolved", is_system=True)},
)
T = "2026-11-22T03:04:05.678Z"
T_MS = 1795316645678


def state(current: str, reason: str = "", **extra: Any) -> dict[str, Any]:
    return {"Type": "AgentState", "CurrentState": current, "CurrentOutReason": reason,
            "StartTimeUTC": T, **extra}  # fmt: skip


START = {
    "Type": "AgentSessionStart",
    "SessionId": "stable",
    "AgentId": "a5",
    "TeamId": "t1",
    "StationPhoneNumber": "14155550105",
}


def test_the_profile_from_the_record_and_codes() -> None:
    assert PROFILE.agent_name == "Emery Garcia" and PROFILE.default_team_id == "t1"
    assert [c.name for c in PROFILE.idle_codes] == ["Lunch", "RONA"]  # no ACW, no inactive
    assert [c.name for c in PROFILE.selectable_idle_codes] == ["Lunch"]
    assert PROFILE.login_options == (
        LoginOption.DIAL_NUMBER,
        LoginOption.EXTENSION,
        LoginOption.BROWSER,
    )
    assert PROFILE.terminal_login_options == (LoginOption.DIAL_NUMBER, LoginOption.EXTENSION)
    assert PROFILE.dial_plan.problem_with("1005", LoginOption.EXTENSION) is None
    assert PROFILE.dial_plan.problem_with("12", LoginOption.DIAL_NUMBER)
    assert PROFILE.channel_capacity == {Channel.CHAT: 3}
    assert PROFILE.team("t1") is not None and PROFILE.team("t1").site_name == "Austin"  # type: ignore[union-attr]


def test_contact_details_are_read_from_the_platforms_own_fields() -> None:
    """Who from `ANI` (calls) or `FromAddress`, the queue from `SkillName`, else `Skill`; the
    start from `StartTimeUTC`, else `LastStateChangeTime`; work items are contacts too."""
    call = {"Type": "CallContactEvent", "ContactID": "c1", "Status": "Active",
            "StartTimeUTC": T, "LastStateChangeTime": "", "ANI": "+14155550123",
            "Skill": "4711", "SkillName": "Voice Queue"}  # fmt: skip
    email = {"Type": "EmailContactEvent", "ContactID": "e1", "Status": "Active",
             "LastStateChangeTime": T, "FromAddress": "sam@example.com",
             "Skill": "4712"}  # fmt: skip
    item = {"Type": "WorkItemContactEvent", "ContactID": "w1", "Status": "Incoming",
            "StartTimeUTC": T, "FromAddress": "case-9", "SkillName": "Cases"}  # fmt: skip
    folded = fold([START, state("Available"), call, email, item], SyncReason.RESYNCED, CTX)
    (synced,) = folded.events
    assert isinstance(synced, SessionSynced)
    by_id = {i.id: i for interactions in synced.channels.values() for i in interactions}
    assert (by_id["c1"].customer, by_id["c1"].queue) == ("+14155550123", "Voice Queue")
    assert by_id["c1"].channel is Channel.TELEPHONY and by_id["c1"].started_at == T_MS
    assert (by_id["e1"].customer, by_id["e1"].queue) == ("sam@example.com", "4712")
    assert by_id["e1"].channel is Channel.EMAIL and by_id["e1"].started_at == T_MS
    assert (by_id["w1"].customer, by_id["w1"].queue, by_id["w1"].offered) == (
        "case-9",
        "Cases",
        True,
    )


def test_a_whole_picture_becomes_one_session_synced() -> None:
    contact = {"Type": "ChatContactEvent", "ContactID": "k1", "Status": "Active",
               "MediaType": "chat", "StartTimeUTC": T, "From": "visitor-1"}  # fmt: skip
    folded = fold([START, state("Unavailable", "Lunch"), contact], SyncReason.JOINED, CTX)
    (synced,) = folded.events
    assert isinstance(synced, SessionSynced) and synced.reason is SyncReason.JOINED
    assert (synced.session_id, synced.team_name, synced.site_name) == (
        "stable",
        "Support",
        "Austin",
    )
    assert synced.login_option is LoginOption.DIAL_NUMBER
    assert synced.availability is Availability.IDLE and synced.idle_code == PROFILE.idle_codes[0]
    assert synced.state_changed_at == T_MS
    assert [i.customer for i in synced.channels[Channel.CHAT]] == ["visitor-1"]
    assert folded.fresh_states == []  # a picture is not a fresh change


def test_single_events_map_in_order() -> None:
    events: list[Any] = [
        state("Available"),
        state("Unavailable", "Lunch", ChangedBy="Morgan Lee", ChangedById="s1"),
        {"Type": "CallContactEvent", "ContactID": "k1", "Status": "Incoming"},
        {"Type": "CallContactEvent", "ContactID": "k1", "Status": "Active"},
        {"Type": "CallContactEvent", "ContactID": "k1", "Status": "Disconnected"},
        {"Type": "AgentSessionEnd", "Reason": "", "EndedBy": "Morgan Lee"},
    ]
    folded = fold(events, SyncReason.RESYNCED, CTX)
    kinds = [type(ev) for ev in folded.events]
    assert kinds == [
        AgentStateChanged,
        AgentStateChanged,
        ContactOffered,
        ContactAssigned,
        ContactEnded,
        AgentLoggedOut,
    ]
    first, second = folded.events[0], folded.events[1]
    assert isinstance(first, AgentStateChanged) and first.changed_by_name == ""
    assert isinstance(second, AgentStateChanged) and second.changed_by_name == "Morgan Lee"
    offered = folded.events[2]
    assert isinstance(offered, ContactOffered) and offered.interaction.channel is Channel.TELEPHONY
    assert folded.fresh_states == [T_MS, T_MS]
    out = folded.events[-1]
    assert isinstance(out, AgentLoggedOut) and out.by_name == "Morgan Lee"


def test_reasons_by_name_system_acw_and_unknown() -> None:
    def one(raw: dict[str, Any]) -> tuple[AgentStateChanged, bool]:
        folded = fold([raw], SyncReason.RESYNCED, CTX)
        event = folded.events[0]
        assert isinstance(event, AgentStateChanged)
        return event, folded.unknown_reason

    rona, unknown = one(state("Unavailable", "RONA"))
    assert rona.availability is Availability.SYSTEM and not unknown
    acw, unknown = one(state("Unavailable", "Resolved", IsAcw=True))
    assert acw.availability is Availability.SYSTEM and acw.idle_code is not None and not unknown
    new, unknown = one(state("Unavailable", "Brand New"))
    assert new.availability is Availability.IDLE and unknown
    assert new.idle_code == IdleCode("Brand New", "Brand New")
    odd, _ = one(state("Working"))
    assert odd.availability is Availability.UNKNOWN


def test_a_state_changed_by_the_agent_names_no_one() -> None:
    ctx = MappingContext(agent_id="a5", profile=PROFILE, impersonated_by="Morgan Lee")
    folded = fold([state("Available", ChangedBy="Emery", ChangedById="a5")], SyncReason.JOINED, ctx)
    event = folded.events[0]
    assert isinstance(event, AgentStateChanged) and event.changed_by_name == ""
    synced = fold([START, state("Available")], SyncReason.JOINED, ctx).events[0]
    assert isinstance(synced, SessionSynced) and synced.impersonated_by == "Morgan Lee"


@pytest.mark.parametrize(
    "raw",
    [
        None,
        5,
        "AgentState",
        [],
        {},
        {"Type": "Nope"},
        {"Type": "AgentState"},
        {"Type": "ChatContactEvent", "ContactID": "k", "Status": "Weird"},
        {"Type": "AgentState", "CurrentState": "Available", "StartTimeUTC": "yesterday"},
    ],
)
def test_malformed_or_unknown_events_are_ignored_not_fatal(raw: object) -> None:
    folded = fold([raw, state("Available")], SyncReason.RESYNCED, CTX)
    assert isinstance(folded.events[-1], AgentStateChanged)  # the next one still maps
    if isinstance(folded.events[0], AgentStateChanged):  # a readable event with a bad time
        assert folded.events[0].state_changed_at == 0
    else:
        assert isinstance(folded.events[0], FrameIgnored)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=10,
)
event_like = st.fixed_dictionaries(
    {"Type": st.sampled_from(["AgentSessionStart", "AgentState", "ChatContactEvent", "X"])},
    optional={
        "CurrentState": json_values,
        "StartTimeUTC": json_values,
        "ContactID": json_values,
        "Status": json_values,
        "SessionId": json_values,
    },
)


@given(st.lists(json_values | event_like, max_size=8))
def test_fold_never_raises(raw: list[object]) -> None:
    fold(raw, SyncReason.RESYNCED, CTX)


def _body(name: str) -> bytes:
    return json.dumps({"error": name, "message": "words"}).encode()


@pytest.mark.parametrize(
    ("status", "name", "action", "error"),
    [
        (401, "InvalidSecurityUser", Action.JOIN, e.NotSignedIn),
        (404, "InvalidAgentSession", Action.JOIN, e.NoSuchSession),
        (404, "InvalidAgentId", Action.JOIN, e.NoSuchAgent),
        (403, "ImpersonateNotEnabled", Action.JOIN, e.ImpersonationNotEnabled),
        (409, "AgentSessionExists", Action.LOGIN, e.AlreadyLoggedIn),
        (400, "InvalidStation", Action.LOGIN, e.InvalidDialNumber),
        (409, "StationInUse", Action.LOGIN, e.DialNumberInUse),
        (409, "AgentSessionEnded", Action.POLL, e.NotLoggedIn),
        (409, "NoActiveContact", Action.STATE, e.InvalidIdleCode),
        (400, "InvalidRequest", Action.STATE, e.InvalidIdleCode),
        (403, "NotPermitted", Action.AGENT_STATE, e.NotPermitted),
        (409, "AgentNotLoggedIn", Action.AGENT_STATE, e.NotLoggedIn),
        (404, "InvalidAgentId", Action.AGENT_STATE, e.NoSuchAgent),
        (403, "NotPermitted", Action.AGENT_STATES, e.NotPermitted),
        (502, "", Action.OTHER, e.PlatformRefused),
        (418, "Teapot", Action.OTHER, e.PlatformRefused),
    ],
)
def test_answers_become_typed_errors(
    status: int, name: str, action: Action, error: type[e.DesktopError]
) -> None:
    found = error_for(status, _body(name) if name else b"<html>", action)
    assert type(found) is error and found.sentence


def test_each_join_outcome_reads_as_its_own_sentence() -> None:
    outcomes = [o for o in wire.JoinOutcome if o is not wire.JoinOutcome.SUCCESS]
    sentences = {error_for(o.status, _body(o.value), Action.JOIN).sentence for o in outcomes}
    assert len(sentences) == len(outcomes)


def test_supervisor_board_rows() -> None:
    row = wire.AgentStateRow(
        agentId="a5",
        firstName="Emery",
        lastName="Garcia",
        teamName="Support",
        agentStateName="Unavailable",
        outStateDescription="RONA",
        startDate=T,
        contacts={"chat": 2, "fax": 1},
    )
    agent = team_agent_of(row, PROFILE)
    assert agent.availability is Availability.SYSTEM and agent.idle_code_name == "RONA"
    assert agent.state_changed_at == T_MS and agent.channel_load == {Channel.CHAT: (2, 3)}
    gone = team_agent_of(row.model_copy(update={"agentStateName": "LoggedOut"}), PROFILE)
    assert gone.availability is Availability.LOGGED_OUT and gone.idle_code_name == ""


def test_poll_timing_is_checked() -> None:
    for bad in (dict(timeout=0), dict(timeout=61), dict(margin=0.0), dict(backoff_cap=0.1)):
        with pytest.raises(ValueError):
            PollTiming(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "action", "error"),
    [
        (409, Action.POLL, e.NotLoggedIn),  # a tenant's 409 on get-next-event has no body
        (409, Action.LOGIN, e.AlreadyLoggedIn),
        (409, Action.STATE, e.InvalidIdleCode),
        (400, Action.STATE, e.InvalidIdleCode),
        (400, Action.LOGIN, e.InvalidDialNumber),
        (404, Action.JOIN, e.NoSuchSession),
        (403, Action.JOIN, e.ImpersonationNotEnabled),
        (401, Action.JOIN, e.NotSignedIn),
        (403, Action.AGENT_STATE, e.NotPermitted),
        (404, Action.AGENT_STATE, e.NotLoggedIn),
        (404, Action.CONTACT, e.NoSuchContact),
        (409, Action.CONTACT, e.ContactNotReady),
        (503, Action.POLL, e.PlatformRefused),
    ],
)
def test_a_bodiless_answer_is_read_by_its_status_and_what_was_being_done(
    status: int, action: Action, error: type[e.DesktopError]
) -> None:
    assert type(error_for(status, b"", action)) is error


def test_a_supervisors_change_names_the_agent_or_the_missing_session() -> None:
    no_agent = error_for(404, _body("InvalidAgentId"), Action.AGENT_STATE)
    no_session = error_for(404, _body("InvalidAgentSession"), Action.AGENT_STATE)
    refused = error_for(403, _body("ImpersonateNotEnabled"), Action.AGENT_STATE)
    assert type(no_agent) is e.NoSuchAgent and type(no_session) is e.NotLoggedIn
    assert type(refused) is e.NotPermitted and "act as other agents" in refused.sentence
