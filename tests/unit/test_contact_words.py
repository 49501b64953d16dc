"""How contacts read on the status screen and the board: plain functions, no screen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.backends.session import TeamAgent
from tui.config import OfferAlert
from tui.desk.roster import contacts_words, matches
from tui.domain import (
    AgentSnapshot,
    Availability,
    Capabilities,
    Channel,
    ChannelLoad,
    ContactState,
    IdleCode,
    Interaction,
    NextState,
)
from tui.domain.errors import NoSuchContact
from tui.screens.contact_steps import failure_sentence, ring_for_offer, step_allowed
from tui.widgets.agent_table import columns_for
from tui.widgets.contacts import (
    contact_cells,
    contact_row,
    next_state_sentence,
    ring_seconds,
    rings_out_words,
    rona_sentence,
    window,
)

NOW = 1_800_000_000_000
OFFER = Interaction(
    "c-1",
    Channel.TELEPHONY,
    NOW - 3_000,
    "+14155550123",
    "Sales",
    state=ContactState.OFFERED,
    state_changed_at=NOW - 3_000,
    rings_out_at=NOW + 11_200,
)
WEBEX = Capabilities("Webex")
CXONE = Capabilities("CXone", decline_offer=True)


def snapshot_with(*contacts: Interaction, **changes: object) -> AgentSnapshot:
    loads = tuple(
        ChannelLoad(ch, 2, tuple(i for i in contacts if i.channel is ch)) for ch in Channel
    )
    return replace(AgentSnapshot(), channels=loads, **changes)  # type: ignore[arg-type]


def test_an_offer_row_says_who_where_and_when_it_rings_out() -> None:
    assert contact_cells(OFFER, NOW) == ("Voice", "+14155550123", "Sales", "OFFERED", "00:03")
    assert rings_out_words(OFFER, NOW) == "RONA in 12 s"  # rounded up: never "0 s" too early
    row = contact_row(OFFER, NOW, highlighted=True).plain
    assert row.startswith("▶ Voice  +14155550123")
    assert row.endswith("OFFERED    00:03  RONA in 12 s")


def test_an_offer_past_its_ring_time_is_ringing_out_and_one_without_a_time_says_nothing() -> None:
    assert rings_out_words(OFFER, NOW + 20_000) == "ringing out"
    assert rings_out_words(replace(OFFER, rings_out_at=0), NOW) == ""
    connected = replace(OFFER, state=ContactState.CONNECTED)
    assert rings_out_words(connected, NOW) == ""


def test_a_contact_the_platform_said_little_about_is_not_made_up() -> None:
    bare = Interaction("c-2", Channel.CHAT, 0)
    assert contact_cells(bare, NOW) == ("Chat", "unknown caller", "—", "Connected", "--:--")


def test_wrap_up_shows_its_own_timer() -> None:
    wrapping = replace(OFFER, state=ContactState.WRAP_UP, state_changed_at=NOW - 42_000)
    assert contact_cells(wrapping, NOW)[3:] == ("Wrap-up", "00:42")


def test_a_long_name_is_cut_with_an_ellipsis_and_the_row_keeps_its_columns() -> None:
    long = replace(OFFER, customer="a-very-long-customer-handle@example.com")
    assert "a-very-long-custo… Sales" in contact_row(long, NOW).plain


def test_ring_seconds_come_from_the_offer_and_its_ring_out_time() -> None:
    assert ring_seconds(replace(OFFER, rings_out_at=OFFER.started_at + 15_000)) == 15
    assert ring_seconds(replace(OFFER, rings_out_at=0)) == 0


def test_rona_and_next_state_are_plain_sentences_with_the_real_keys() -> None:
    assert rona_sentence(15, "a") == (
        "Not answered in 15 s: you are in RONA. Press a to become available."
    )
    assert rona_sentence(0, "f5") == "Not answered: you are in RONA. Press f5 to become available."
    lunch = NextState(Availability.IDLE, IdleCode("l", "Lunch"))
    assert next_state_sentence(lunch, "n") == (
        "Next: Idle (Lunch), once your contacts are wrapped up. Press n to cancel it."
    )


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (ContactState.OFFERED, {"accept_contact"}),
        (ContactState.RINGING, set()),
        (ContactState.CONNECTED, {"hold_contact", "end_contact"}),
        (ContactState.HELD, {"hold_contact", "end_contact"}),
        (ContactState.WRAP_UP, {"wrap_up_contact"}),
    ],
)
def test_only_the_keys_that_apply_to_the_highlighted_contact_are_live(
    state: ContactState, allowed: set[str]
) -> None:
    contact = replace(OFFER, state=state)
    actions = {"accept_contact", "decline_contact", "hold_contact", "end_contact"}
    actions |= {"wrap_up_contact"}
    live = {a for a in actions if step_allowed(a, contact, snapshot_with(contact), WEBEX)}
    assert live == allowed


def test_decline_only_where_the_platform_has_it_and_nothing_without_a_contact() -> None:
    assert step_allowed("decline_contact", OFFER, snapshot_with(OFFER), CXONE) is True
    assert step_allowed("decline_contact", OFFER, snapshot_with(OFFER), WEBEX) is False
    assert step_allowed("accept_contact", None, snapshot_with(), WEBEX) is False
    assert step_allowed("available", OFFER, snapshot_with(OFFER), WEBEX) is None  # not ours


def test_cancel_next_is_live_only_while_a_next_state_waits() -> None:
    assert step_allowed("cancel_next_state", None, snapshot_with(), WEBEX) is False
    pending = snapshot_with(next_state=NextState(Availability.AVAILABLE))
    assert step_allowed("cancel_next_state", None, pending, WEBEX) is True


def test_an_actions_failure_is_one_plain_sentence() -> None:
    assert failure_sentence("accept", NoSuchContact(), "Webex") == NoSuchContact.sentence
    assert failure_sentence("hold", NotImplementedError(), "CXone") == (
        "This desktop cannot hold contacts on CXone yet."
    )
    assert failure_sentence("wrap up", RuntimeError("boom\x1b[2J"), "Webex") == (
        "The contact could not be wrapped up: boom␛[2J."
    )


def test_the_boards_contacts_cell_says_open_wrap_up_and_rona_plainly() -> None:
    agent = TeamAgent("a1", "Avery")
    assert contacts_words(agent) == ""
    assert contacts_words(replace(agent, open_contacts=2)) == "2"
    assert contacts_words(replace(agent, open_contacts=2, wrap_up_contacts=1)) == ("2 (1 wrap-up)")
    assert contacts_words(replace(agent, rona=True)) == "RONA"
    assert contacts_words(replace(agent, rona=True, open_contacts=1)) == "RONA, 1"
    assert matches(replace(agent, rona=True), "rona")  # the filter finds them


def test_the_contacts_column_stays_at_every_width_and_team_gives_way_at_80() -> None:
    for width in (60, 80, 120, 200):
        assert "contacts" in dict(columns_for(width))
    assert "team" not in dict(columns_for(80))
    assert "team" in dict(columns_for(120))


def test_the_rows_listed_follow_the_highlight() -> None:
    assert window(2, 1, 3) == range(2)
    assert window(8, 0, 3) == range(0, 3)
    assert window(8, 4, 3) == range(2, 5)
    assert window(8, 7, 3) == range(5, 8)


class _Driver:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)

    def flush(self) -> None:
        pass


class _App:
    def __init__(self) -> None:
        self._driver = _Driver()
        self.bells = 0

    def bell(self) -> None:
        self.bells += 1


def test_an_offer_rings_the_bell_or_sends_a_desktop_notification_or_nothing() -> None:
    app = _App()
    ring_for_offer(app, OfferAlert.BELL, OFFER)  # type: ignore[arg-type]
    assert app.bells == 1 and not app._driver.written
    ring_for_offer(app, OfferAlert.OFF, OFFER)  # type: ignore[arg-type]
    assert app.bells == 1 and not app._driver.written
    ring_for_offer(app, OfferAlert.OSC9, OFFER)  # type: ignore[arg-type]
    assert app._driver.written == ["\x1b]9;Voice contact from +14155550123 offered\x07"]


def test_a_notification_cannot_be_ended_early_by_what_the_platform_sent() -> None:
    app = _App()
    hostile = replace(OFFER, customer="x\x07\x1b]0;pwned;y")
    ring_for_offer(app, OfferAlert.OSC9, hostile)  # type: ignore[arg-type]
    (sent,) = app._driver.written
    body = sent.removeprefix("\x1b]9;").removesuffix("\x07")
    assert "\x07" not in body and "\x1b" not in body and ";" not in body
