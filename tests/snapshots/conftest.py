"""App tests run the real desktop against a real sandbox; the environment must not leak in."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def no_desktop_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("AGENT_DESKTOP_"):
            monkeypatch.delenv(name)
