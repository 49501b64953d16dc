"""Every key binding of the desktop, by id, so users can remap them in the config file.

Plain data (no Textual) so that `agent-desktop --help` can list the ids without loading the UI.
Screens build their `Binding`s from these specs; a `[keymap]` table in the config file maps an id
to other keys (`"desktop.idle" = "i,f6"`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma separated
    action: str
    description: str
    help: str


APP_QUIT = KeySpec("app.quit", "ctrl+q", "quit", "Quit", "Quit the desktop (your session stays).")
APP_COMMANDS = KeySpec(
    "app.commands", "ctrl+p", "command_palette", "Commands", "Search every command by name."
)

SESSION_JOIN = KeySpec(
    "session.join", "j", "join", "Join it", "Join the station session you already have."
)
SESSION_END = KeySpec(
    "session.end", "x", "end_existing", "Sign it out", "End the existing station session."
)
SESSION_BACK = KeySpec(
    "session.back", "escape", "back", "Sign out", "Go back to the sign-in screen."
)

DESKTOP_AVAILABLE = KeySpec(
    "desktop.available", "a", "available", "Available", "Become Available for contacts."
)
DESKTOP_IDLE = KeySpec(
    "desktop.idle", "i", "choose_idle_code", "Idle code", "Go Idle: pick an idle code by name."
)
DESKTOP_LOGOUT = KeySpec(
    "desktop.logout", "l", "log_out", "Log out", "End your station session (asks first)."
)
DESKTOP_HELP = KeySpec(
    "desktop.help", "question_mark,f1", "help", "Help", "Show the keys and what each part shows."
)
DESKTOP_QUIT = KeySpec(
    "desktop.quit", "q", "quit", "Quit", "Quit the desktop; your station session stays."
)

PICKER_CANCEL = KeySpec(
    "picker.cancel", "escape", "cancel", "Cancel", "Close the idle-code picker unchanged."
)
PICKER_DOWN = KeySpec("picker.down", "down", "move(1)", "Next", "Highlight the next idle code.")
PICKER_UP = KeySpec("picker.up", "up", "move(-1)", "Previous", "Highlight the previous code.")
CONFIRM_YES = KeySpec("confirm.yes", "y", "confirm", "Yes", "Confirm (log out).")
CONFIRM_NO = KeySpec("confirm.no", "n,escape", "cancel", "No", "Do not log out.")
NOTICE_CONTINUE = KeySpec(
    "notice.continue", "c", "continue_here", "Continue here", "Take the session back here."
)
NOTICE_QUIT = KeySpec("notice.quit", "q", "quit", "Quit", "Leave it to the other desktop.")
HELP_CLOSE = KeySpec("help.close", "escape,q,question_mark", "close", "Close", "Close help.")

ALL_KEYS: tuple[KeySpec, ...] = (
    APP_QUIT,
    APP_COMMANDS,
    SESSION_JOIN,
    SESSION_END,
    SESSION_BACK,
    DESKTOP_AVAILABLE,
    DESKTOP_IDLE,
    DESKTOP_LOGOUT,
    DESKTOP_HELP,
    DESKTOP_QUIT,
    PICKER_CANCEL,
    PICKER_DOWN,
    PICKER_UP,
    CONFIRM_YES,
    CONFIRM_NO,
    NOTICE_CONTINUE,
    NOTICE_QUIT,
    HELP_CLOSE,
)

KEY_IDS = frozenset(spec.id for spec in ALL_KEYS)


def key_table() -> str:
    """The binding ids and their default keys, one a line, for --help."""
    width = max(len(spec.id) for spec in ALL_KEYS)
    return "\n".join(
        f"  {spec.id:<{width}}  {spec.keys:<16} {spec.description}" for spec in ALL_KEYS
    )
