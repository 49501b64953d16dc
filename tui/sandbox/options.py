"""The sandbox's command-line options, shared by `agent-desktop sandbox` and
`python -m tui.sandbox`; light (argparse only), so the desktop's own start-up stays quick."""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_FLOOR = 6
"""Simulated colleagues on a sandbox's floor unless told otherwise (the demo's live board)."""
MAX_ARRIVALS = 6000.0
ARRIVALS_HELP = (
    "customers arriving per minute (all queues together) who wait in their queue until an "
    "Available agent has room, so the queue figures fill (default 0: offers only; try 60)"
)


def arrivals_per_min(text: str) -> float:
    """`--arrivals`: a number of customers per minute, 0..6000."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= MAX_ARRIVALS:
        raise argparse.ArgumentTypeError(f"must be within 0..{MAX_ARRIVALS:g}")
    return value


def add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    """The options of `agent-desktop sandbox` and `python -m tui.sandbox` alike."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (0: any)")
    parser.add_argument("--data-dir", default=None, help="folder for the SQLite database")
    parser.add_argument("--no-traffic", action="store_true", help="do not simulate contacts")
    parser.add_argument(
        "--floor",
        type=int,
        default=DEFAULT_FLOOR,
        metavar="N",
        help=f"simulated colleagues who sign in and work contacts (default {DEFAULT_FLOOR})",
    )
    parser.add_argument(
        "--no-floor", dest="floor", action="store_const", const=0, help="no simulated colleagues"
    )
    parser.add_argument(
        "--arrivals", type=arrivals_per_min, default=0.0, metavar="PER_MINUTE", help=ARRIVALS_HELP
    )
    parser.add_argument("--seed", type=int, default=None, help="seed for the traffic simulator")
    parser.add_argument("--org-file", default=None, help="a custom demo org (JSON) to load")
    parser.add_argument(
        "--ring-for",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="how long an offer rings before it goes RONA (default 15; 0: until answered)",
    )
    parser.add_argument(
        "--no-answer",
        action="store_true",
        help="calls ringing on an agent's own phone are never picked up there (they ring out)",
    )
    parser.add_argument(
        "--auto-answer",
        default="",
        metavar="CHANNELS",
        help="channels connected without the agent's accept, e.g. chat,email (default none)",
    )
    parser.add_argument(
        "--wrap-up-for",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="the platform ends wrap-up by itself after this long (default 0: the agent does)",
    )

    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        metavar="K",
        help=(
            "run the traffic, its platform timers (ring, answer, handle, wrap-up, queue) and the"
            " floor K times faster than real time, e.g. 240: a simulated hour in 15 s (default 1)"
        ),
    )
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long an access token lives (default 43200); refresh tokens rotate on each use",
    )
    parser.add_argument(
        "--no-echo-tracking-id",
        action="store_true",
        help="result frames carry the platform's own tracking id, not the request's",
    )
    parser.add_argument(
        "--agent-scoped-config",
        action="store_true",
        help="an agent's token may read only the agent-scoped configuration",
    )
    parser.add_argument(
        "--no-desktop-login-aggregates",
        action="store_true",
        help="serve only the 3.x SDK line's profile routes, not the desktop-login aggregates",
    )


def vendor_shape_knobs(args: argparse.Namespace) -> dict[str, Any]:
    """The SandboxConfig knobs of the real-tenant answer shapes (webex/vendor_shapes.py)."""
    return {
        "echo_tracking_id": not getattr(args, "no_echo_tracking_id", False),
        "agent_scoped_config": getattr(args, "agent_scoped_config", False),
        "desktop_login_aggregates": not getattr(args, "no_desktop_login_aggregates", False),
    }


def auth_knobs(args: argparse.Namespace) -> dict[str, Any]:
    """The SandboxConfig knobs of signing in (`--token-lifetime`)."""
    lifetime = getattr(args, "token_lifetime", None)
    return {} if lifetime is None else {"token_lifetime_s": lifetime}


def contact_knobs(args: argparse.Namespace) -> dict[str, Any]:
    """The SandboxConfig knobs the contact options set."""
    channels = tuple(c.strip() for c in getattr(args, "auto_answer", "").split(",") if c.strip())
    return {
        "ring_for_s": getattr(args, "ring_for", 15.0),
        "phone_answers": not getattr(args, "no_answer", False),
        "auto_answer": channels,
        "wrap_up_for_s": getattr(args, "wrap_up_for", 0.0),
        "floor": max(0, getattr(args, "floor", 0)),
        "arrivals_per_min": getattr(args, "arrivals", 0.0),
    }
