"""Command line: `agent-desktop` runs the desktop; `agent-desktop sandbox` runs the sandbox."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-desktop",
        description="A terminal agent desktop for Webex Contact Center and NICE CXone.",
    )
    parser.add_argument("--version", action="version", version=f"agent-desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sandbox = commands.add_parser(
        "sandbox",
        help="run the built-in contact center alone, for several desktops to share",
        description="Run the built-in contact center (Webex and CXone agent APIs) on its own.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sandbox.add_argument("--port", type=int, default=8765, help="port to listen on (0: any)")
    sandbox.add_argument("--data-dir", default=None, help="folder for the SQLite database")
    sandbox.add_argument("--no-traffic", action="store_true", help="do not simulate contacts")
    sandbox.add_argument("--seed", type=int, default=None, help="seed for the traffic simulator")
    sandbox.add_argument("--org-file", default=None, help="a custom demo org (JSON) to load")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        from tui.sandbox.cli import run_sandbox

        return run_sandbox(args)
    print("The desktop screens are not built yet; run `agent-desktop sandbox`.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
