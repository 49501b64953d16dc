"""NICE's published CXone agent SDK, driven against a real sandbox (issue 18).

`conformance/cxone/` pins the published `@nice-devone` packages (package-lock.json); this test
installs them with `npm ci` when `node_modules` is missing, bundles the driver for node with
esbuild, starts a sandbox on an ephemeral port, and runs the driver: it signs in, starts (or
joins) a session with ACDSessionManager, polls events, lists unavailable codes and changes
state with AgentStateService, has a call offered, accepts and ends it (ContactService),
dispositions it (DispositionService), and ends the session.
Every step must succeed. Skipped, saying why, where node or npm is missing or the package
registry cannot be reached.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tui.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2] / "conformance" / "cxone"
DRIVER = ROOT / "build" / "driver.cjs"
SOURCES = ("driver.mjs", "shims.mjs", "package-lock.json")
INSTALL_TIMEOUT_S = 600
RUN_TIMEOUT_S = 180
STEPS = (
    "sign-in",
    "leader",
    "start-or-join",
    "events-polled",
    "unavailable-codes",
    "available",
    "unavailable-with-code",
    "contact-offered",
    "contact-accepted",
    "contact-ended",
    "contact-dispositioned",
    "session-ended",
)
OFFLINE = ("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENETUNREACH")

pytestmark = pytest.mark.slow


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def _driver() -> Path:
    """The bundled driver, installing and building first where needed (or skip, saying why)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run NICE's SDK; this machine has not got them")
    if not (ROOT / "node_modules").is_dir():
        installed = _run([npm, "ci", "--no-audit", "--no-fund"], INSTALL_TIMEOUT_S)
        if installed.returncode != 0:
            said = installed.stdout + installed.stderr
            if any(code in said for code in OFFLINE):
                pytest.skip("the npm registry cannot be reached, so NICE's SDK cannot be installed")
            pytest.fail(f"npm ci failed:\n{said[-2000:]}")
    newest = max((ROOT / name).stat().st_mtime for name in SOURCES)
    if not DRIVER.exists() or DRIVER.stat().st_mtime < newest:
        built = _run([npm, "run", "build"], INSTALL_TIMEOUT_S)
        assert built.returncode == 0, built.stdout + built.stderr
    return DRIVER


def _steps(
    server: SandboxServer, login: str, *more: str, steps: tuple[str, ...] = STEPS
) -> dict[str, str]:
    """Run the driver as `login`; every step must pass. Its details, by step."""
    driver = _driver()
    node = shutil.which("node")
    assert node is not None
    command = [node, str(driver), "--base", server.base_url, "--user", login, *more]
    ran = _run(command, RUN_TIMEOUT_S)
    lines = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    said = "\n".join(json.dumps(line) for line in lines) + ran.stderr[-2000:]
    failed = [line for line in lines if not line["ok"]]
    assert not failed, said
    assert [line["name"] for line in lines] == list(steps), said
    assert ran.returncode == 0, said
    return {line["name"]: line["detail"] for line in lines}


def test_nice_sdk_runs_a_session_against_the_sandbox(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    details = _steps(sandbox_factory(bench_routes=True), "agent5")
    assert details["start-or-join"].startswith("started")
    assert "Lunch" in details["unavailable-codes"]
    assert details["events-polled"].endswith('AgentState Unavailable ""')
    assert "Disconnected" in details["contact-ended"]


def test_nice_sdk_joins_the_session_the_agent_already_has(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """The start is refused (409) and the SDK joins instead, with `asAgentId: ''`."""
    _driver()  # skips before anything starts where the SDK cannot run
    server = sandbox_factory(bench_routes=True)
    form = {"grant_type": "password", "username": "agent6", "password": "agent6"}
    token = httpx.post(f"{server.base_url}/oauth/token", data=form).json()["access_token"]
    started = httpx.post(
        f"{server.base_url}/inContactAPI/services/v23.0/agent-sessions",
        json={"stationPhoneNumber": "WebRTC"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert started.status_code == 202, started.text
    details = _steps(server, "agent6")
    assert details["start-or-join"].startswith("joined")


def test_nice_sdk_lets_a_supervisor_act_as_an_agent(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """super1 joins agent5's session with the agent's integer id and sets them Unavailable."""
    _driver()
    server = sandbox_factory(bench_routes=True)
    form = {"grant_type": "password", "username": "agent5", "password": "agent5"}
    grant = httpx.post(f"{server.base_url}/oauth/token", data=form).json()
    started = httpx.post(
        f"{server.base_url}/inContactAPI/services/v23.0/agent-sessions",
        json={"stationPhoneNumber": "WebRTC"},
        headers={"Authorization": f"Bearer {grant['access_token']}"},
    )
    assert started.status_code == 202, started.text
    acting = ("sign-in", "leader", "join-as-agent", "events-polled", "unavailable-with-code")
    details = _steps(server, "super1", "--act-as", str(grant["agent_id"]), steps=acting)
    assert details["events-polled"].startswith(f"AgentSessionStart for {grant['agent_id']}")
    assert details["unavailable-with-code"] == 'the agent is Unavailable "Meeting"'
