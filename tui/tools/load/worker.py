"""One load-generator process: a fleet of agents, driven by the run over stdin and stdout.

`python -m tui.tools.load.worker [--profile PATH]` reads JSON lines on stdin and writes JSON
lines on stdout, each an object with one key:

    in  {"spec": {...FleetSpec...}}              out {"ready": {"connected": N}}
    in  {"go": {"at": EPOCH_S, "planned": N}}   out {"progress": {...}} every 10 s, then
                                                     {"changed": {}}
    in  {"stop": true}                           out {"report": {...FleetReport...}}

`at` is the wall-clock time (time.time()) the common schedule starts at, so that every worker
keeps the same schedule, and `planned` the changes of all workers together. End of input
ends the worker at any step.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from tui.tools.load.figures import percentile
from tui.tools.load.fleet import Fleet, FleetSpec

PROGRESS_EVERY_S = 10.0
GC_THRESHOLD = 50_000
"""Generation-0 collections every 50,000 allocations instead of 700: the fleet's objects live
for the whole run (frozen after the ramp), and frequent young collections were loop stalls."""


class InputEnded(Exception):
    """The run closed our stdin: it is gone or gave up on us."""


def _emit(key: str, value: Any) -> None:
    sys.stdout.write(json.dumps({key: value}, separators=(",", ":")) + "\n")
    sys.stdout.flush()


async def _read(key: str) -> Any:
    """The next input line's value for `key` (a line in a thread: stdin may be a pipe)."""
    line = await asyncio.to_thread(sys.stdin.readline)
    if not line:
        raise InputEnded
    message = json.loads(line)
    if not isinstance(message, dict) or key not in message:
        raise ValueError(f"expected {key!r}, got {line[:80]!r}")
    return message[key]


async def _progress(fleet: Fleet) -> None:
    while True:
        await asyncio.sleep(PROGRESS_EVERY_S)
        latencies = fleet.report.latencies
        _emit(
            "progress",
            {
                "changes": len(latencies),
                "p99_ms": percentile(latencies, 99),
                "errors": sum(fleet.errors.values()),
            },
        )


async def serve() -> None:
    spec = FleetSpec(**await _read("spec"))
    fleet = Fleet(spec)
    await fleet.ramp()
    gc.collect()
    gc.freeze()  # the sessions live for the whole run: keep them out of GC scans
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    _emit("ready", {"connected": fleet.report.connected})
    try:
        go = await _read("go")
        loop = asyncio.get_running_loop()
        start = loop.time() + (float(go["at"]) - time.time())
        progress = asyncio.create_task(_progress(fleet))
        try:
            await fleet.change_states(start, int(go["planned"]))
        finally:
            progress.cancel()
        _emit("changed", {})
        await _read("stop")
    finally:
        await fleet.log_out()
    _emit("report", asdict(fleet.finish()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.tools.load.worker")
    parser.add_argument("--profile", metavar="PATH", help="write cProfile stats to PATH")
    args = parser.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    try:
        asyncio.run(serve())
    except InputEnded:
        return 1
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
