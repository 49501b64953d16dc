"""Command line: `agent-desktop` runs the desktop; `agent-desktop sandbox` runs the sandbox."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.config import (
    CACHE_ENV,
    CONFIG_ENV,
    DEFAULT_THEME,
    ENV_PREFIX,
    TOKEN_ENV,
    ConfigProblem,
    DesktopSettings,
    Platform,
    config_file_in_use,
    default_config_file,
    load_settings,
)
from tui.demo.serve import add_serve_options
from tui.keys import key_table
from tui.sandbox.options import ARRIVALS_HELP, add_sandbox_options, arrivals_per_min

if TYPE_CHECKING:
    from textual.app import App


def _epilog() -> str:
    return f"""\
settings (highest first): command-line flags, then environment variables, then the config
file, then defaults.

environment:
  {ENV_PREFIX}PLATFORM     sandbox | webex | cxone
  {ENV_PREFIX}SERVER_URL   the platform's API address (empty on sandbox or cxone: built-in)
  {ENV_PREFIX}USER         the user name prefilled on the sign-in form (super1: a supervisor)
  {ENV_PREFIX}THEME        a Textual theme, e.g. textual-dark, textual-light
  {ENV_PREFIX}KEYMAP       JSON object of binding id -> keys, e.g. '{{"desktop.idle": "f6"}}'
  {ENV_PREFIX}TRAFFIC      false: the built-in sandbox offers no contacts by itself
  {ENV_PREFIX}FLOOR        false: the built-in sandbox has no simulated colleagues
  {ENV_PREFIX}OFFER_ALERT  off | bell | osc9: how a new offer calls you (default bell;
                             osc9 is a desktop notification, where the terminal shows one)
  {ENV_PREFIX}SIGN_IN      password | token | browser | device | access-key
  {ENV_PREFIX}CLIENT_ID    the OAuth client id (a Webex integration's, a CXone app's)
  {ENV_PREFIX}CLIENT_SECRET  its secret, where the platform wants one (env only, never
                             written anywhere)
  {ENV_PREFIX}AUTH_URL     the sign-in server (default: the platform's own)
  {TOKEN_ENV}        a bearer token for a real platform (never written to disk)
  {CONFIG_ENV}       another config file
  {CACHE_ENV}        another folder for the parsed stylesheets kept between starts,
                             or off

config file (TOML): {default_config_file()}
  platform = "webex"
  server_url = "https://api.wxcc-us1.cisco.com"
  theme = "textual-light"
  offer_alert = "osc9"
  [keymap]
  "desktop.idle" = "i,f6"

binding ids (remap them with [keymap] or --key; keys are a letter or digit, a name such as
f6, escape, enter, home, slash or question_mark, with ctrl+, shift+ or alt+ in front; an
unknown key, or two bindings sharing a key on one screen, stops the start with a sentence):
{key_table()}

supervisors (e.g. super1, password super1) land on the board of their teams: a live table
to filter (/), sort (s), set an agent Available (a) or Idle (i), and act as an agent (j)
where the platform allows it; m opens their own station session.

signing in: a browser, device or access-key sign-in keeps its refresh token in the OS
keyring (where there is one), so the next start signs in by itself; tokens are renewed before
they expire, and when that cannot be done a sign-in dialog opens over the status screen.

other commands:
  agent-desktop sandbox --help   run the built-in contact center alone
  agent-desktop serve --help     the desktop in a browser (textual-serve)
  agent-desktop demo --help      a scripted walk for recorded demos
  agent-desktop logout --forget  remove the sign-ins kept in the OS keyring
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-desktop",
        description="A terminal agent desktop for Webex Contact Center and NICE CXone. "
        "With no configuration it starts the built-in sandbox contact center and opens the "
        "login screen, ready to sign in as a demo agent.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"agent-desktop {__version__}")
    parser.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        help="the contact center platform (sandbox speaks the Webex API; cxone without "
        "--server-url uses the built-in sandbox's CXone API)",
    )
    parser.add_argument(
        "--server-url",
        metavar="URL",
        help="the platform's API address; on the sandbox, one started with `agent-desktop "
        "sandbox` (default: a built-in sandbox in this process)",
    )
    parser.add_argument(
        "--user", help="user name prefilled on the sign-in form (default: agent1; try super1)"
    )
    parser.add_argument("--theme", help=f"Textual theme (default: {DEFAULT_THEME})")
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="ID=KEYS",
        help="remap one binding, e.g. --key desktop.idle=f6 (repeatable)",
    )
    parser.add_argument(
        "--no-traffic",
        dest="traffic",
        action="store_const",
        const=False,
        default=None,
        help="the built-in sandbox offers no contacts by itself",
    )
    parser.add_argument(
        "--no-floor",
        dest="floor",
        action="store_const",
        const=False,
        default=None,
        help="the built-in sandbox has no simulated colleagues at work",
    )
    parser.add_argument(
        "--arrivals",
        type=arrivals_per_min,
        default=None,
        metavar="PER_MINUTE",
        help="the built-in sandbox: " + ARRIVALS_HELP,
    )
    parser.add_argument(
        "--offer-alert",
        choices=("off", "bell", "osc9"),
        help="how a new offer calls you: off, the terminal bell, or an OSC 9 desktop "
        "notification (default: bell)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help=f"config file (default: {default_config_file()})"
    )
    parser.add_argument(
        "--sign-in",
        choices=["password", "token", "browser", "device", "access-key"],
        default=None,
        help="how to sign in: password (sandbox, CXone), token, browser (Webex, CXone: "
        "authorization code with PKCE), device (Webex: a code to enter elsewhere), "
        "access-key (CXone)",
    )
    parser.add_argument(
        "--client-id", default=None, help="the OAuth client (Webex integration) id to sign in as"
    )
    parser.add_argument(
        "--auth-url",
        default=None,
        help="where the sign-in server is (Webex: https://webexapis.com; CXone: "
        "https://cxone.niceincontact.com); default: the platform's own",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sandbox = commands.add_parser(
        "sandbox",
        help="run the built-in contact center alone, for several desktops to share",
        description="Run the built-in contact center (Webex and CXone agent APIs) on its own.",
    )
    add_sandbox_options(sandbox)
    serve = commands.add_parser(
        "serve",
        help="serve the desktop in a browser (each tab its own desktop, one shared sandbox)",
        description="Serve the desktop to browsers with textual-serve: each tab runs its own "
        "desktop on one sandbox started here (live floor on), so an agent tab and a supervisor "
        "tab see each other. Loopback only unless --public.",
    )
    add_serve_options(serve)
    demo = commands.add_parser(
        "demo",
        help="sign in a user and walk through a short script (any key stops it)",
        description="Run the desktop on the built-in sandbox and let it walk itself: sign in "
        "(--user, default agent1), start the session, take a contact, end and wrap it up, go "
        "to lunch, one step every --pace seconds. Any key stops the walk.",
    )
    demo.add_argument(
        "--pace", type=float, default=2.5, metavar="SECONDS", help="pause before each step"
    )
    logout = commands.add_parser(
        "logout",
        help="with --forget: remove the sign-ins kept in the OS keyring",
        description="Remove what the desktop keeps to sign in again by itself.",
    )
    logout.add_argument(
        "--forget",
        action="store_true",
        help="remove every refresh token the desktop kept in the OS keyring",
    )
    return parser


def run_logout(args: argparse.Namespace) -> int:
    """`agent-desktop logout --forget`: the kept refresh tokens leave the keyring."""
    if not args.forget:
        print("agent-desktop logout: nothing to do without --forget.", file=sys.stderr)
        return 2
    from tui.auth import keeping

    try:
        removed = keeping.forget_all()
    except keeping.KeyringUnavailable:
        print("No OS keyring is available, so no sign-in was kept; nothing to remove.")
        return 0
    kept = "sign-in" if removed == 1 else "sign-ins"
    print(f"Removed {removed} kept {kept} from the OS keyring.")
    return 0


def _flags(args: argparse.Namespace) -> dict[str, Any]:
    flags: dict[str, Any] = {
        "platform": args.platform,
        "server_url": args.server_url,
        "user": args.user,
        "theme": args.theme,
        "traffic": args.traffic,
        "floor": args.floor,
        "arrivals": args.arrivals,
        "offer_alert": args.offer_alert,
        "sign_in": args.sign_in,
        "client_id": args.client_id,
        "auth_url": args.auth_url,
    }
    keymap: dict[str, str] = {}
    for pair in args.key:
        binding_id, sep, keys = pair.partition("=")
        if not sep or not binding_id.strip() or not keys.strip():
            raise ConfigProblem(f"--key wants ID=KEYS, for example desktop.idle=f6; got {pair!r}.")
        keymap[binding_id.strip()] = keys.strip()
    if keymap:
        flags["keymap"] = keymap
    return flags


def run_desktop(
    args: argparse.Namespace,
    make_app: Callable[[DesktopSettings], App[Any]] | None = None,
    **run_options: Any,
) -> int:
    """Run the desktop (`make_app` builds another app on the same start, e.g. to measure it).

    Nothing is garbage-collected from here to the first frame (the app turns the collector
    back on): the start allocates some 100k objects that all live on, and walking them over and
    over again was a tenth of the start-up time.
    """
    gc.disable()
    try:
        settings = load_settings(_flags(args), config_file_in_use(args.config))
    except ConfigProblem as problem:
        gc.enable()
        print(f"agent-desktop: {problem}", file=sys.stderr)
        return 2
    if make_app is None:
        from tui.app import DesktopApp

        make_app = DesktopApp
    make_app(settings).run(**run_options)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        from tui.sandbox.cli import run_sandbox

        return run_sandbox(args)
    if args.command == "demo":
        from tui.demo.walk import DemoApp

        pace = max(0.0, args.pace)
        return run_desktop(args, lambda settings: DemoApp(settings, pace=pace))
    if args.command == "serve":
        from tui.demo.serve import run_serve

        return run_serve(args)
    if args.command == "logout":
        return run_logout(args)
    return run_desktop(args)


if __name__ == "__main__":
    raise SystemExit(main())
