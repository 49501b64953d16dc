"""The board's rules without a screen: what changed, what a filter keeps, the sort orders."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tui.backends.session import TeamAgent
from tui.desk.roster import Roster, SortOrder, load_cells, matches, sort_key
from tui.domain import Availability, Channel

ANN = TeamAgent(
    "a1",
    "Ann Smith",
    team_name="Sales",
    availability=Availability.AVAILABLE,
    state_changed_at=3_000,
    channel_load={Channel.TELEPHONY: (1, 1), Channel.CHAT: (1, 3)},
)
BO = TeamAgent(
    "b2",
    "Bo Young",
    team_name="Support",
    availability=Availability.IDLE,
    idle_code_name="Lunch",
    state_changed_at=1_000,
)
CY = TeamAgent("c3", "cy ames", team_name="Billing")  # logged out, lower-case name


def test_a_look_reports_only_new_and_different_agents_and_those_gone() -> None:
    roster = Roster()
    first = roster.replace([ANN, BO, CY])
    assert [a.agent_id for a in first.changed] == ["a1", "b2", "c3"] and first.removed == []
    assert not roster.replace([ANN, BO, CY])  # nothing changed: nothing to draw
    ann_idle = replace(ANN, availability=Availability.IDLE, idle_code_name="Break")
    later = roster.replace([ann_idle, BO])
    assert later.changed == [ann_idle]
    assert later.removed == ["c3"]
    assert set(roster.agents) == {"a1", "b2"}


def test_an_update_touches_only_the_agents_given() -> None:
    roster = Roster()
    roster.replace([ANN, BO])
    bo_back = replace(BO, availability=Availability.AVAILABLE, idle_code_name="")
    changes = roster.update([bo_back, ANN])
    assert changes.changed == [bo_back] and changes.removed == []
    assert roster.counts()[Availability.AVAILABLE] == 2


def test_a_filter_matches_every_word_of_name_team_state_and_code_in_any_case() -> None:
    assert matches(BO, "lunch")
    assert matches(BO, "IDLE support")
    assert matches(ANN, "ann available")
    assert not matches(ANN, "ann idle")
    assert matches(CY, "logged out")
    assert all(matches(a, "  ") for a in (ANN, BO, CY))


def test_the_sort_orders() -> None:
    agents = [ANN, BO, CY]

    def names(order: SortOrder) -> list[str]:
        return [a.name for a in sorted(agents, key=lambda a: sort_key(a, order))]

    assert names(SortOrder.NAME) == ["Ann Smith", "Bo Young", "cy ames"]
    assert names(SortOrder.TEAM) == ["cy ames", "Ann Smith", "Bo Young"]
    assert names(SortOrder.STATE) == ["Ann Smith", "Bo Young", "cy ames"]
    assert names(SortOrder.TIME) == ["Bo Young", "Ann Smith", "cy ames"]  # longest first
    assert names(SortOrder.LOAD) == ["Ann Smith", "Bo Young", "cy ames"]
    assert [SortOrder.NAME.next(), SortOrder.LOAD.next()] == [SortOrder.TEAM, SortOrder.NAME]


def test_load_shows_each_channel_as_boxes_or_a_count_when_large() -> None:
    assert load_cells(ANN) == "■ ■□□"
    big = replace(ANN, channel_load={Channel.EMAIL: (2, 9)})
    assert load_cells(big) == "2/9"
    assert load_cells(CY) == ""


agents = st.builds(
    TeamAgent,
    agent_id=st.sampled_from(["a", "b", "c", "d"]),
    name=st.text(max_size=5),
    availability=st.sampled_from(list(Availability)),
    state_changed_at=st.integers(0, 10),
)


@given(st.lists(st.lists(agents, max_size=6), max_size=6))
def test_replaying_the_changes_of_every_look_gives_the_latest_look(
    looks: list[list[TeamAgent]],
) -> None:
    roster, drawn = Roster(), {}
    for look in looks:
        changes = roster.replace(look)
        for agent_id in changes.removed:
            del drawn[agent_id]
        drawn.update({a.agent_id: a for a in changes.changed})
        assert drawn == {a.agent_id: a for a in look}
