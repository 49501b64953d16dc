"""The desktop's tracking ids have the vendor's ``X_Y`` form (webex-core builds
``webex-js-sdk_<uuid>_<n>``, interceptors/webex-tracking-id.js; the contact-center SDK reads the
part after the first ``_``, services/agent/index.ts)."""

from __future__ import annotations

from tui.backends.webex.client import new_tracking_id


def test_the_desktop_sends_tracking_ids_in_the_vendors_form() -> None:
    prefix, _, rest = new_tracking_id().partition("_")
    assert prefix == "agent-desktop" and len(rest) == 36
