"""A custom org file (`--org-file`): loaded and validated, and its rules are the engine's."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.conftest import WebexTestClient
from tui.sandbox import cli
from tui.sandbox.engine import org as org_module
from tui.sandbox.engine.org import DEMO_ORG_RESOURCE, load_org
from tui.sandbox.server import SandboxServer

Webex = Callable[..., Awaitable[WebexTestClient]]
DEMO = Path(org_module.__file__).with_name(DEMO_ORG_RESOURCE)


def test_the_demo_org_is_what_the_docs_promise() -> None:
    org = load_org()
    logins = {u.login for u in org.users}
    assert logins == {f"agent{n}" for n in range(1, 11)} | {"super1", "super2"}
    assert all(u.password == u.login for u in org.users)
    assert len(org.teams) >= 3 and {s.name for s in org.sites} == {"Austin", "London"}
    agent3 = org.user_by_login("agent3")
    assert agent3 is not None and agent3.defaultDialNumber == "14155550103"
    assert all(org.dial_number_valid(u.defaultDialNumber) for u in org.users)
    assert all(org.dial_number_valid(u.extension) for u in org.users)
    super1, super2 = org.user_by_login("super1"), org.user_by_login("super2")
    assert super1 is not None and super2 is not None
    assert len(super1.supervisedTeamIds) == 2 and super1.mayImpersonate
    assert len(super2.supervisedTeamIds) == 1 and not super2.mayImpersonate
    assert set(super1.supervisedTeamIds).isdisjoint(super2.supervisedTeamIds)
    assert {c.type: c.capacity for c in org.channels} == {
        "telephony": 1,
        "chat": 3,
        "email": 2,
        "social": 2,
    }


async def test_a_custom_org_file_changes_the_rules(
    webex: Webex, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    data = json.loads(DEMO.read_text())
    data["availableOnLogin"] = False
    custom = tmp_path / "org.json"
    custom.write_text(json.dumps(data))
    server = sandbox_factory(org_file=custom)
    agent = await webex("agent3", server=server)
    await agent.login()
    login = (await agent.next_frame("AgentStationLoginSuccess"))["data"]
    default_idle = next(c for c in server.org.auxiliaryCodes if c.defaultCode and c.is_idle_code)
    assert (login["subStatus"], login["auxCodeId"]) == ("Idle", default_idle.id)


def test_a_broken_org_file_is_refused_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(DEMO.read_text())
    data["users"][0]["teamIds"] = ["no-such-team"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    assert cli.main(["--org-file", str(broken), "--port", "0"]) == 2
    assert "needs one or more known teams" in capsys.readouterr().err
    assert cli.main(["--org-file", str(tmp_path / "missing.json"), "--port", "0"]) == 2
