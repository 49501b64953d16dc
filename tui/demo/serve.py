"""`agent-desktop serve`: the desktop in a browser, one desktop process per tab.

One sandbox runs in this process (with the live floor unless told otherwise) and every tab's
desktop, started by textual-serve, is pointed at it, so an agent in one tab and a supervisor
in another see each other. textual-serve has no sign-in of its own: whoever reaches the page
gets a desktop, so it listens on loopback unless `--public` says otherwise.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from tui.sandbox.options import ARRIVALS_HELP, arrivals_per_min

UNAUTHENTICATED = (
    "The served desktop has no sign-in of its own: anyone who can reach {where} gets a desktop "
    "on its sandbox."
)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow an address other than loopback (unauthenticated: anyone reaching it "
        "gets a desktop)",
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="no simulated colleagues on the sandbox"
    )
    parser.add_argument(
        "--no-traffic", action="store_true", help="the sandbox offers no contacts by itself"
    )
    parser.add_argument(
        "--arrivals", type=arrivals_per_min, default=0.0, metavar="PER_MINUTE", help=ARRIVALS_HELP
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tab_command(sandbox_url: str, args: argparse.Namespace) -> str:
    """The command each browser tab runs: this desktop, on the shared sandbox."""
    words = [sys.executable, "-m", "tui.cli", "--platform", "sandbox", "--server-url", sandbox_url]
    for flag in ("user", "theme"):
        value = getattr(args, flag, None)
        if value:
            words += [f"--{flag}", value]
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    host, port = args.host, args.port
    where = f"http://{host}:{port}"
    if not is_loopback(host):
        if not args.public:
            print(
                f"agent-desktop serve: {host} is not a loopback address. "
                + UNAUTHENTICATED.format(where=where)
                + " Add --public to serve it there anyway.",
                file=sys.stderr,
            )
            return 2
        print("Warning: " + UNAUTHENTICATED.format(where=where), file=sys.stderr, flush=True)
    if not 0 < port < 65536:
        print("agent-desktop serve: --port must be within 1..65535.", file=sys.stderr)
        return 2

    from textual_serve.server import Server

    from tui.sandbox.options import DEFAULT_FLOOR
    from tui.sandbox.server import SandboxServer

    sandbox = SandboxServer(
        host="127.0.0.1",
        port=0,
        traffic=not args.no_traffic,
        floor=0 if args.no_floor else DEFAULT_FLOOR,
        arrivals_per_min=args.arrivals,
    ).start()
    try:
        server = Server(tab_command(sandbox.base_url, args), host=host, port=port)
        server.title = "Agent Desktop"
        print(f"Serving the agent desktop on {where} (sandbox {sandbox.base_url})", flush=True)
        server.serve()
    except OSError as error:
        print(f"agent-desktop serve: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 2
    finally:
        sandbox.stop()
    return 0
