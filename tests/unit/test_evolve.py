"""`evolve` is `dataclasses.replace`, faster for the snapshot: same results, same refusals."""

from __future__ import annotations

import dataclasses

import pytest

from tui.domain.availability import Availability
from tui.domain.channels import Channel, ChannelLoad
from tui.domain.evolve import evolve
from tui.domain.snapshot import AgentSnapshot, LogEntry, LogKind


def test_a_snapshot_copy_is_what_replace_makes_and_the_original_is_untouched() -> None:
    before = AgentSnapshot(agent_id="a1", availability=Availability.IDLE, events_applied=4)
    log = (LogEntry(1, LogKind.STATE, "Now Available."),)
    after = evolve(before, availability=Availability.AVAILABLE, log=log, events_applied=5)
    assert after == dataclasses.replace(
        before, availability=Availability.AVAILABLE, log=log, events_applied=5
    )
    assert type(after) is AgentSnapshot
    assert after.agent_id == "a1" and after.events_applied == 5
    assert before.availability is Availability.IDLE and before.events_applied == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        after.agent_id = "a2"  # type: ignore[misc]


def test_no_changes_is_an_equal_copy() -> None:
    before = AgentSnapshot(agent_id="a1", team_name="Sales")
    after = evolve(before)
    assert after == before and after is not before


def test_a_field_the_class_does_not_have_is_refused_as_replace_refuses_it() -> None:
    with pytest.raises(TypeError):
        dataclasses.replace(AgentSnapshot(), no_such_field=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="no_such_field"):
        evolve(AgentSnapshot(), no_such_field=1)


def test_other_records_copy_the_same_way() -> None:
    load = ChannelLoad(Channel.CHAT, 2, ())
    assert evolve(load, capacity=3) == dataclasses.replace(load, capacity=3)


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    name: str
    size: int = 0

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("size must not be negative")


def test_a_class_that_checks_what_it_is_given_still_checks_it() -> None:
    assert evolve(_Checked("a"), size=2) == _Checked("a", 2)
    with pytest.raises(ValueError):
        evolve(_Checked("a"), size=-1)
