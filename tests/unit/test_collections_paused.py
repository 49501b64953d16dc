"""The garbage collector paused between a key and the frame that shows what it did."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from tui.screens.heap import CollectionsPaused


@pytest.fixture(autouse=True)
def collector_left_as_found() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


async def _until_enabled(timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not gc.isenabled():
            await asyncio.sleep(0.001)


async def test_paused_until_resumed() -> None:
    gc.enable()
    paused = CollectionsPaused(10.0)
    assert not gc.isenabled()
    paused.resume()
    assert gc.isenabled()
    paused.resume()  # again: nothing more
    assert gc.isenabled()


async def test_resumed_by_itself_after_its_limit() -> None:
    gc.enable()
    CollectionsPaused(0.01)
    assert not gc.isenabled()
    await _until_enabled(5.0)


async def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    paused = CollectionsPaused(10.0)
    paused.resume()
    assert not gc.isenabled()


async def test_resuming_one_of_two_keeps_the_first_pause_in_charge() -> None:
    gc.enable()
    first = CollectionsPaused(10.0)
    second = CollectionsPaused(10.0)  # found it off: not its to turn on
    second.resume()
    assert not gc.isenabled()
    first.resume()
    assert gc.isenabled()
