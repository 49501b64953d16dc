"""The user record as the platform spells it (`deafultDialledNumber`, sic) and as older
sandboxes did; the desktop reads the platform's first (webex-js-sdk
`packages/@webex/contact-center/src/services/config/types.ts`)."""

from __future__ import annotations

from tui.backends.webex import wire

BASE = {
    "id": "u1",
    "firstName": "A",
    "lastName": "B",
    "email": "a@example.com",
    "agentProfileId": "p1",
    "siteId": "s1",
}


def test_the_vendors_spelling_is_read() -> None:
    user = wire.User.model_validate(BASE | {"deafultDialledNumber": "14155550103"})
    assert user.dialled_number == "14155550103"


def test_the_old_spelling_still_reads_and_the_vendors_wins() -> None:
    assert wire.User.model_validate(BASE | {"defaultDialledNumber": "1"}).dialled_number == "1"
    both = BASE | {"defaultDialledNumber": "1", "deafultDialledNumber": "2"}
    assert wire.User.model_validate(both).dialled_number == "2"
