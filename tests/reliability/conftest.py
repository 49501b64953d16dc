"""Fixtures of the reliability suite: sandboxes in child processes, and desktops on them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.sandbox_process import SandboxProcess

Spawn = Callable[..., Awaitable[SandboxProcess]]


@pytest.fixture(autouse=True)
def no_desktop_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Desktops built here take their settings from the test alone."""
    for name in list(os.environ):
        if name.startswith("AGENT_DESKTOP_"):
            monkeypatch.delenv(name)


@pytest.fixture
async def spawn(tmp_path: Path) -> AsyncIterator[Spawn]:
    """`await spawn(knobs={...}, org_file=None)` -> a started `SandboxProcess`; killed after."""
    made: list[SandboxProcess] = []

    async def run(*, knobs: dict[str, Any] | None = None, org_file: Path | None = None) -> Any:
        workdir = tmp_path / f"process-{len(made)}"
        workdir.mkdir()
        process = SandboxProcess(workdir, knobs=knobs, org_file=org_file)
        made.append(process)
        return await process.start()

    yield run
    for process in made:
        await process.close()
