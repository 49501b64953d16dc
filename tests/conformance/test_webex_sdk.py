"""The published Webex Contact Center SDK, run under node against a real sandbox.

`conformance/webex/driver.js` points the SDK's service catalog at the sandbox and drives
register(), station login, going Idle, a reloaded page finding the session again (the SDK's
silent relogin), Available, the buddy list, a chat offered, accepted, ended and wrapped up, a
call answered on the agent's phone, held, resumed, ended and wrapped up, and logout, printing
one JSON line per step. This test installs the pinned SDK
when `node_modules` is missing or older than `package-lock.json` (`npm ci`), runs the driver
and asserts every step succeeded. It skips, saying why, without node 20+ and npm, or when npm
cannot reach its registry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tui.sandbox.server import SandboxServer

HERE = Path(__file__).resolve().parents[2] / "conformance" / "webex"
STAMP = HERE / "node_modules" / ".agent-desktop-lock.sha256"
STEPS = [
    "setup",
    "register",
    "stationLogin refused outside the dial plan",
    "stationLogin",
    "setAgentState Idle",
    "register again (silent relogin)",
    "setAgentState Available",
    "getBuddyAgents",
    "task offered",
    "task accepted",
    "task ended",
    "task wrapped up",
    "voice task offered",
    "voice task answered on the phone",
    "voice task held and resumed",
    "voice task ended and wrapped up",
    "stationLogout",
    "deregister",
]
NETWORK_TROUBLE = ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET", "network")


def _node_or_skip() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("the Webex SDK conformance run needs node and npm, and this machine lacks them")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    major = version.stdout.strip().lstrip("v").split(".")[0]
    if not major.isdigit() or int(major) < 20:
        pytest.skip(f"the Webex SDK needs node 20 or later; this machine has {version.stdout}")
    return node, npm


def _lock_digest() -> str:
    return hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()


def _install(npm: str) -> None:
    """`npm ci` unless node_modules was installed from this very package-lock.json."""
    if STAMP.exists() and STAMP.read_text().strip() == _lock_digest():
        return
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        if any(word in done.stderr for word in NETWORK_TROUBLE):
            pytest.skip(f"npm could not reach its registry: {done.stderr.strip()[-300:]}")
        pytest.fail(f"npm ci failed:\n{done.stderr[-2000:]}")
    STAMP.write_text(_lock_digest())


def _steps(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_the_vendors_sdk_works_against_the_sandbox(tmp_path: Path) -> None:
    node, npm = _node_or_skip()
    _install(npm)
    server = SandboxServer(data_dir=tmp_path / "sandbox", traffic=False, bench_routes=True)
    server.start()
    try:
        env = {**os.environ, "SANDBOX_URL": server.base_url, "AGENT": "agent1"}
        done = subprocess.run(
            [node, "driver.js"],
            cwd=HERE,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        server.stop()
    steps = _steps(done.stdout)
    failures = [s for s in steps if not s["ok"]]
    assert not failures, f"{failures}\n--- driver stderr ---\n{done.stderr[-3000:]}"
    assert [s["step"] for s in steps] == STEPS, done.stdout
    assert done.returncode == 0
    by_name = {s["step"]: s["detail"] for s in steps}
    refused = by_name["stationLogin refused outside the dial plan"]
    assert refused["dialPlans"] == ["US", "Extension"]  # from the sandbox's dial-plan route
    assert by_name["stationLogin"]["type"] == "AgentStationLoginSuccess"
    relogin = by_name["register again (silent relogin)"]
    assert relogin["isAgentLoggedIn"] is True and relogin["deviceType"] == "AGENT_DN"
    assert relogin["dn"] == by_name["register"]["defaultDn"]
    assert by_name["setAgentState Available"]["subStatus"] == "Available"
    assert by_name["getBuddyAgents"]["agents"] == ["Blake Diaz"]  # agent2, the team-mate
    assert by_name["task offered"]["mediaType"] == "chat"
    assert by_name["task accepted"]["state"] == "connected"
    assert by_name["voice task offered"]["mediaType"] == "telephony"
    assert by_name["voice task answered on the phone"]["state"] == "connected"
