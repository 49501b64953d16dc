"""Reading CXone's token and whoami answers (`tui.backends.cxone.signin`), as NICE's auth SDK
reads them: ids as integers or text, the API base from `resource_server_base_uri`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.backends.cxone.signin import CxoneTokens, api_base_of, tokens_of


def test_the_api_base_drops_the_incontactapi_part_in_any_casing() -> None:
    assert api_base_of("https://api-c32.incontact.com/inContactAPI/") == (
        "https://api-c32.incontact.com"
    )
    assert api_base_of("http://127.0.0.1:8765/incontactapi") == "http://127.0.0.1:8765"
    assert api_base_of("https://api.example.com/") == "https://api.example.com"


def test_a_token_answer_is_read_with_integer_ids_kept_as_text() -> None:
    tokens = tokens_of(
        {
            "access_token": "a",
            "refresh_token": "r",
            "agent_id": 1234,
            "team_id": "77",
            "bus_no": 4600001,
            "resource_server_base_uri": "https://api-c1.example.com/inContactAPI/",
            "unknown": {"kept": "out"},
        }
    )
    assert tokens == CxoneTokens(
        access_token="a",
        refresh_token="r",
        agent_id="1234",
        team_id="77",
        bus_no="4600001",
        api_base="https://api-c1.example.com",
    )


def test_missing_or_odd_fields_give_blanks_and_whoami_fills_them_in() -> None:
    pasted = tokens_of({"agent_id": True, "resource_server_base_uri": "ftp://x"}, "tok")
    assert pasted == CxoneTokens("tok")
    who = tokens_of({"agent_id": "12", "team_id": 3, "tenantId": "t-1"}, "tok")
    assert pasted.knowing(who) == CxoneTokens("tok", agent_id="12", team_id="3", tenant_id="t-1")


@given(st.dictionaries(st.text(max_size=30), st.none() | st.integers() | st.text() | st.booleans()))
def test_reading_an_answer_never_raises(body: dict[str, object]) -> None:
    tokens = tokens_of(body)
    assert isinstance(tokens.agent_id, str) and isinstance(tokens.api_base, str)
