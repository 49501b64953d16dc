"""Webex ids on the general API (base64 ``ciscospark://`` ids) and which host answers what."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.backends.credentials import wall_clock_ms
from tui.backends.webex.client import WebexSession
from tui.backends.webex.hosts import WEBEX_API_URL, default_people_url, socket_url_problem
from tui.backends.webex.wire.ids import ORGANIZATION, PEOPLE, bare_id, hydra_id
from tui.config import ConfigProblem, DesktopSettings, Platform
from tui.desk.desk import Desk

UUID = "da3438c8-d29b-4f9c-9566-92dd320f7fb9"


def test_a_people_id_decodes_to_its_uuid_in_either_alphabet_with_or_without_padding() -> None:
    raw = f"ciscospark://us/PEOPLE/{UUID}".encode()
    standard = base64.b64encode(raw).decode()
    assert bare_id(standard) == UUID
    assert bare_id(standard.rstrip("=")) == UUID
    assert bare_id(base64.urlsafe_b64encode(raw).decode().rstrip("=")) == UUID
    assert bare_id(hydra_id(ORGANIZATION, UUID)) == UUID
    assert hydra_id(PEOPLE, UUID) == standard.rstrip("=")  # no +/ in this one either way


def test_a_bare_id_or_other_text_stays_as_it_is() -> None:
    assert bare_id(UUID) == UUID
    assert bare_id("agent1") == "agent1"
    assert (
        bare_id(base64.b64encode(b"https://example/x").decode())
        == base64.b64encode(b"https://example/x").decode()
    )


@given(st.text(max_size=80))
def test_bare_id_never_raises(text: str) -> None:
    assert isinstance(bare_id(text), str)


def test_the_people_api_host_for_a_tenant_and_for_a_local_sandbox() -> None:
    assert default_people_url("https://api.wxcc-us1.cisco.com") == WEBEX_API_URL
    assert default_people_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert default_people_url("http://localhost:9000") == "http://localhost:9000"


TENANT = "https://api.wxcc-us1.cisco.com"


def test_a_tenants_socket_must_be_wss_on_the_vendors_hosts() -> None:
    assert socket_url_problem("wss://notifs.wxcc-us1.cisco.com/v1/notification/x", TENANT) == ""
    assert socket_url_problem("wss://mercury.webex.com/socket", TENANT) == ""
    assert "unencrypted" in socket_url_problem("ws://notifs.wxcc-us1.cisco.com/x", TENANT)
    assert "not one of the platform's hosts" in socket_url_problem(
        "wss://evil.example/cisco.com", TENANT
    )
    assert "not one of" in socket_url_problem("wss://notcisco.com/x", TENANT)
    assert "not one of" in socket_url_problem("wss://127.0.0.1:8765/x", TENANT)
    assert socket_url_problem("not a url at all \x00", TENANT)


def test_a_local_sandboxs_socket_must_stay_on_this_machine() -> None:
    local = "http://127.0.0.1:8765"
    assert socket_url_problem("ws://127.0.0.1:8765/v1/notification/abc", local) == ""
    assert socket_url_problem("ws://localhost:8765/v1/notification/abc", local) == ""
    assert "this machine" in socket_url_problem("ws://10.0.0.5:8765/x", local)
    assert "this machine" in socket_url_problem("wss://x.cisco.com/x", local)


def test_a_sandbox_shared_elsewhere_serves_its_socket_from_its_own_host() -> None:
    lan = "http://sandbox.lan:8765"
    assert socket_url_problem("ws://sandbox.lan:8765/v1/notification/abc", lan) == ""
    assert "own host" in socket_url_problem("ws://other.lan:8765/x", lan)
    assert "unencrypted" in socket_url_problem("ws://sandbox.lan/x", "https://sandbox.lan")
    assert socket_url_problem("wss://sandbox.lan/x", "https://sandbox.lan") == ""
    assert "websocket" in socket_url_problem("https://sandbox.lan/x", lan)


async def test_the_desk_opens_webex_sessions_on_the_configured_webex_api_host() -> None:
    settings = DesktopSettings(platform=Platform.WEBEX, webex_api_url="https://people.example/")
    desk = Desk(settings)
    session = desk._factory(Platform.WEBEX, TENANT, wall_clock_ms)
    default = Desk(DesktopSettings(platform=Platform.WEBEX))._factory(
        Platform.WEBEX, TENANT, wall_clock_ms
    )
    try:
        assert isinstance(session, WebexSession) and isinstance(default, WebexSession)
        assert session.people_url == "https://people.example"
        assert default.people_url == WEBEX_API_URL
    finally:
        await session.close()
        await default.close()


def test_the_webex_api_url_setting_must_be_a_web_address() -> None:
    with pytest.raises(ConfigProblem):
        DesktopSettings(webex_api_url="webexapis.com")
