"""Our CXone client's sign-in against a real sandbox (`tui.backends.cxone.signin`): the token
endpoint found by discovery, the API base and the ids from the token answer or whoami, the
tenant's CXone configuration, and renewals that spend a rotating refresh token once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.backend.cxone_http import agent_number
from tui.backends.credentials import PasswordSignIn, TokenSignIn
from tui.backends.cxone.client import CxoneSession
from tui.backends.cxone.signin import CxoneSignIn, CxoneTokens, TokenKeeper
from tui.domain import errors as e
from tui.sandbox.server import SandboxServer


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


async def test_the_token_endpoint_is_discovered_and_the_answer_read(
    module_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    signin = CxoneSignIn(http, module_sandbox.base_url)
    document = (
        await http.get(f"{module_sandbox.base_url}/.well-known/openid-configuration")
    ).json()
    assert await signin.token_endpoint() == document["token_endpoint"]
    tokens = await signin.password("agent3", "agent3")
    assert tokens.agent_id == agent_number(module_sandbox, "agent3")
    assert tokens.team_id.isdigit() and tokens.bus_no.isdigit() and tokens.refresh_token
    assert tokens.api_base == module_sandbox.base_url
    with pytest.raises(e.WrongPassword):
        await signin.password("agent3", "wrong")


async def test_whoami_and_the_tenants_configuration_fill_in_a_pasted_token(
    module_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    signin = CxoneSignIn(http, module_sandbox.base_url)
    granted = await signin.password("agent5", "agent5")
    who = await signin.whoami(granted.access_token)
    assert (who.agent_id, who.team_id, who.api_base) == (
        granted.agent_id,
        granted.team_id,
        granted.api_base,
    )
    assert who.refresh_token == ""  # whoami hands out no tokens
    assert await signin.api_endpoint(module_sandbox.org.orgId) == module_sandbox.base_url
    assert await signin.api_endpoint("no-such-tenant") == ""
    with pytest.raises(e.NotSignedIn):
        await signin.whoami("not-a-token")


async def test_concurrent_renewals_spend_the_refresh_token_once(
    module_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    keeper = TokenKeeper(CxoneSignIn(http, module_sandbox.base_url))
    first = await keeper.sign_in(PasswordSignIn("agent6", "agent6"))
    renewed = await asyncio.gather(*(keeper.renew(first.access_token) for _ in range(3)))
    assert len(set(renewed)) == 1 and renewed[0] != first.access_token
    assert keeper.refreshes == keeper.renewals == 1
    assert keeper.tokens is not None and keeper.tokens.refresh_token != first.refresh_token
    assert keeper.tokens.agent_id == first.agent_id  # what the refresh answer did not repeat


async def test_a_spent_refresh_token_falls_back_to_the_password_and_a_pasted_token_to_none(
    module_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    signin = CxoneSignIn(http, module_sandbox.base_url)
    keeper = TokenKeeper(signin)
    first = await keeper.sign_in(PasswordSignIn("agent7", "agent7"))
    await signin.refresh(first.refresh_token)  # spent elsewhere: the keeper's copy is stale
    renewed = await keeper.renew(first.access_token)
    assert renewed and keeper.refreshes == 0 and keeper.renewals == 1

    pasted = TokenKeeper(signin)
    await pasted.sign_in(None, first.access_token)
    assert pasted.tokens == CxoneTokens(
        first.access_token,
        agent_id=first.agent_id,
        team_id=first.team_id,
        bus_no=first.bus_no,
        tenant_id=first.tenant_id,
        api_base=first.api_base,
    )
    assert await pasted.renew(first.access_token) is None


async def test_a_session_signs_in_with_a_pasted_token_through_whoami(
    module_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    granted = await CxoneSignIn(http, module_sandbox.base_url).password("agent8", "agent8")
    session = CxoneSession(module_sandbox.base_url, request_timeout=5.0)
    try:
        identity = await session.sign_in(TokenSignIn(granted.access_token))
        assert identity.agent_id == agent_number(module_sandbox, "agent8")
        assert identity.org_id == granted.bus_no
        profile = await session.load_profile()
        assert profile.default_team_id == granted.team_id and profile.idle_codes
    finally:
        await session.close()
