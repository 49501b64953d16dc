"""A contact row says what the platform did not send rather than a made-up `00:00 contact`."""

from __future__ import annotations

from tui.domain import Channel, Interaction
from tui.widgets.channels import NOT_SENT, _interaction_text

NOW = 1_800_000_000_000


def test_a_contact_known_only_by_its_id_says_its_details_were_not_sent() -> None:
    bare = Interaction("c-1", Channel.CHAT, 0)
    assert _interaction_text(bare, NOW).plain == f"--:-- {NOT_SENT}"


def test_a_contact_with_details_shows_its_age_and_customer() -> None:
    known = Interaction("c-1", Channel.CHAT, NOW - 125_000, "visitor-7", "Chat Queue")
    assert _interaction_text(known, NOW).plain == "02:05 visitor-7"
    queue_only = Interaction("c-2", Channel.EMAIL, NOW - 5_000, queue="Email Queue")
    assert _interaction_text(queue_only, NOW).plain == "00:05 Email Queue"
