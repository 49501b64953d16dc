"""`agent-desktop sandbox ...` and `python -m tui.sandbox ...`: run the sandbox in the foreground.

Prints `Sandbox listening on http://HOST:PORT` (flushed) once connections are accepted, so a
script or test can learn the port, then serves until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from tui.sandbox.config import time_compressed
from tui.sandbox.options import add_sandbox_options, auth_knobs, contact_knobs, vendor_shape_knobs
from tui.sandbox.server import SandboxServer

GC_YOUNG_THRESHOLD = 20_000
"""Allocations between young collections once the sandbox is up (Python's default: 700)."""


def build_parser() -> argparse.ArgumentParser:
    """The same options as `agent-desktop sandbox` (kept here so the sandbox stands alone)."""
    parser = argparse.ArgumentParser(
        prog="python -m tui.sandbox",
        description="Run the built-in contact center (Webex agent API) on its own.",
    )
    add_sandbox_options(parser)
    parser.add_argument(
        "--bench", action="store_true", help="serve the /bench routes of python -m tui.bench"
    )
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    try:
        knobs = time_compressed(
            {**contact_knobs(args), **auth_knobs(args), **vendor_shape_knobs(args)},
            getattr(args, "time_scale", 1.0),
        )
        server = SandboxServer(
            data_dir=args.data_dir,
            host=args.host,
            port=args.port,
            traffic=not args.no_traffic,
            seed=args.seed,
            org_file=args.org_file,
            bench_routes=getattr(args, "bench", False),
            **knobs,
        )
    except (OSError, ValueError) as exc:
        print(f"The sandbox cannot start: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def stop(signum: int, frame: FrameType | None) -> None:
        server.request_stop()

    # uvicorn takes these over while serving and hands them back afterwards; ours make
    # a signal during start-up (or the one uvicorn re-raises at the end) a clean stop.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def ready(url: str) -> None:
        # What the sandbox holds once it has started (the org, every session, the app and
        # its routes) it holds for good: frozen, the collector no longer walks it on each full
        # collection, which took 50-150 ms with a big org under load.
        gc.collect()
        gc.freeze()
        # And collect less often: a request makes hundreds of short-lived objects, and with
        # a young collection every 700 allocations those of requests still in flight are
        # promoted, to be found by older collections that walk every session and socket
        # made since start-up (thousands under load).
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        print(f"Sandbox listening on {url}", flush=True)

    try:
        asyncio.run(server.serve(on_ready=ready))
    except OSError as exc:
        print(f"The sandbox cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # uvicorn exits this way when start-up fails
        return int(exc.code or 1)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_sandbox(build_parser().parse_args(argv))
