"""`python -m tui.load`'s command line: the options, the run, its summary and exit status."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.tools.load.figures import P99_TARGET_MS, render
from tui.tools.load.org import MAX_AGENTS
from tui.tools.load.run import LoadOptions, LoadRun
from tui.tools.load.sandbox_process import SandboxFailed

MAX_DURATION_S = 3600.0
MAX_RATE = 2000.0
MAX_WORKERS = 16
DEFAULT_WORKERS = 2


def _positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_AGENTS:
        raise argparse.ArgumentTypeError(f"must be within 1..{MAX_AGENTS}")
    return value


def _workers(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be within 1..{MAX_WORKERS}")
    return value


def _bounded_float(limit: float) -> Any:
    def parse(text: str) -> float:
        value = float(text)
        if not 0 < value <= limit:
            raise argparse.ArgumentTypeError(f"must be > 0 and <= {limit:g}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.load",
        description=(
            "Hold N simulated agents (the real Webex client) on one sandbox started on "
            "127.0.0.1, change their states at a set rate, and report connected agents, errors, "
            "request-to-event latency and the sandbox's memory. Passes with zero errors and "
            "p99 under the target. Exit status: 0 pass, 1 fail, 2 could not run."
        ),
    )
    parser.add_argument(
        "--agents",
        type=_positive_int,
        default=500,
        metavar="N",
        help=f"simulated agents, 1..{MAX_AGENTS} (default 500)",
    )
    parser.add_argument(
        "--duration",
        type=_bounded_float(MAX_DURATION_S),
        default=60.0,
        metavar="SECONDS",
        help="seconds of state changes after all agents connected (default 60)",
    )
    parser.add_argument(
        "--rate",
        type=_bounded_float(MAX_RATE),
        default=50.0,
        metavar="PER_S",
        help="state changes per second over all agents (default 50)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="seed for the sandbox's traffic and for which agent changes to what (default 1)",
    )
    parser.add_argument(
        "--no-traffic", action="store_true", help="run the sandbox without simulated contacts"
    )
    parser.add_argument(
        "--ramp-concurrency",
        type=_positive_int,
        default=16,
        metavar="N",
        help="agents signing in at the same time during the ramp-up (default 16)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=(
            "load-generator processes the agents are split over, so that the generator's own "
            f"CPU is not what is measured, 1..{MAX_WORKERS} (default {DEFAULT_WORKERS})"
        ),
    )
    parser.add_argument(
        "--request-timeout",
        type=_bounded_float(120.0),
        default=10.0,
        metavar="SECONDS",
        help="seconds a request may wait for its confirming frame (default 10)",
    )
    parser.add_argument(
        "--p99-target-ms",
        type=_bounded_float(60_000.0),
        default=P99_TARGET_MS,
        metavar="MS",
        help=f"the p99 latency the run must stay under to pass (default {P99_TARGET_MS:g})",
    )
    parser.add_argument(
        "--json", metavar="PATH", default=None, help="also write the figures as JSON to PATH"
    )
    parser.add_argument(
        "--profile-sandbox",
        metavar="PATH",
        default=None,
        help="run the sandbox under cProfile and write its stats to PATH (slows it down)",
    )
    parser.add_argument(
        "--profile-load",
        metavar="PATH",
        default=None,
        help=(
            "profile the load generator with cProfile and write its stats to PATH "
            "(with several workers, PATH.1, PATH.2, ...: one file each)"
        ),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = LoadOptions(
        agents=args.agents,
        duration_s=args.duration,
        rate=args.rate,
        seed=args.seed,
        traffic=not args.no_traffic,
        ramp_concurrency=args.ramp_concurrency,
        workers=args.workers,
        request_timeout_s=args.request_timeout,
        p99_target_ms=args.p99_target_ms,
        json_path=Path(args.json) if args.json else None,
        profile_sandbox=Path(args.profile_sandbox).resolve() if args.profile_sandbox else None,
        profile_load=Path(args.profile_load).resolve() if args.profile_load else None,
    )
    try:
        figures = asyncio.run(LoadRun(options).run())
    except SandboxFailed as exc:
        print(f"The load run could not start: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("The load run was interrupted.", file=sys.stderr)
        return 2
    print(render(figures), flush=True)
    if options.json_path is not None:
        data = asdict(figures) | {"error_count": figures.error_count}
        options.json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if figures.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
