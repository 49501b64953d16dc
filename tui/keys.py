"""Every key binding of the desktop, by id, so users can remap them in the config file.

Plain data (no Textual) so that `agent-desktop --help` can list the ids without loading the UI.
Screens build their `Binding`s from these specs; a `[keymap]` table in the config file maps an id
to other keys (`"desktop.idle" = "i,f6"`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

WAY_OUT, HELP, MAIN, REST = 0, 1, 2, 3
"""Footer ranks: the way out of a screen, help and the palette, the main actions, the rest."""


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma separated
    action: str
    description: str
    help: str
    rank: int = MAIN
    """How long the footer keeps the key as the terminal narrows: the lowest rank goes last
    (keys of one rank keep the order the screen lists them in)."""


APP_QUIT = KeySpec(
    "app.quit", "ctrl+q", "quit", "Quit", "Quit the desktop (your session stays).", rank=REST
)
APP_COMMANDS = KeySpec(
    "app.commands",
    "ctrl+p",
    "command_palette",
    "Commands",
    "Search every command by name.",
    rank=HELP,
)

SESSION_JOIN = KeySpec(
    "session.join", "j", "join", "Join it", "Join the station session you already have.", rank=MAIN
)
SESSION_END = KeySpec(
    "session.end",
    "x",
    "end_existing",
    "Sign it out",
    "End the existing station session.",
    rank=REST,
)
SESSION_BACK = KeySpec(
    "session.back", "escape", "back", "Sign out", "Go back to the sign-in screen.", rank=WAY_OUT
)
SESSION_BOARD = KeySpec(
    "session.board",
    "escape",
    "board",
    "Board",
    "Supervisors: back to the supervisor board.",
    rank=WAY_OUT,
)
SESSION_BY_ID = KeySpec(
    "session.by_id", "f2", "join_by_id", "Join by id", "Type a session id to join it.", rank=REST
)

DESKTOP_AVAILABLE = KeySpec(
    "desktop.available", "a", "available", "Available", "Become Available for contacts."
)
DESKTOP_IDLE = KeySpec(
    "desktop.idle", "i", "choose_idle_code", "Idle code", "Go Idle: pick an idle code by name."
)
DESKTOP_LOGOUT = KeySpec(
    "desktop.logout",
    "l",
    "log_out",
    "Log out",
    "End your station session (asks first).",
    rank=WAY_OUT,
)
DESKTOP_HELP = KeySpec(
    "desktop.help",
    "question_mark,f1",
    "help",
    "Help",
    "Show the keys and what each part shows.",
    rank=HELP,
)
DESKTOP_QUIT = KeySpec(
    "desktop.quit",
    "q",
    "quit",
    "Quit",
    "Quit the desktop; your station session stays.",
    rank=WAY_OUT,
)
DESKTOP_BOARD = KeySpec(
    "desktop.board",
    "b",
    "board",
    "Board",
    "Supervisors: back to the supervisor board.",
    rank=WAY_OUT,
)
DESKTOP_STOP_ACTING = KeySpec(
    "desktop.stop_acting",
    "b",
    "stop_acting",
    "Stop acting",
    "Leave the agent's session (it carries on without you) and go back to the board.",
    rank=WAY_OUT,
)

DESKTOP_CANCEL_NEXT = KeySpec(
    "desktop.cancel_next",
    "n",
    "cancel_next_state",
    "Cancel next",
    "Cancel the pending next state (it waits for your wrap-ups).",
    rank=REST,
)
CONTACT_ACCEPT = KeySpec(
    "contact.accept", "enter", "accept_contact", "Accept", "Accept the highlighted offer."
)
CONTACT_DECLINE = KeySpec(
    "contact.decline",
    "d",
    "decline_contact",
    "Decline",
    "Give the highlighted offer back to its queue (where the platform allows it).",
)
CONTACT_HOLD = KeySpec(
    "contact.hold",
    "h",
    "hold_contact",
    "Hold",
    "Hold the highlighted contact, or resume it.",
)
CONTACT_END = KeySpec(
    "contact.end", "e", "end_contact", "End", "End the highlighted contact (wrap-up follows)."
)
CONTACT_WRAP_UP = KeySpec(
    "contact.wrap_up",
    "w",
    "wrap_up_contact",
    "Wrap up",
    "Wrap the highlighted contact up with a code.",
)
CONTACT_DOWN = KeySpec(
    "contact.down", "down", "move_contact(1)", "Next", "Highlight the next contact.", rank=REST
)
CONTACT_UP = KeySpec(
    "contact.up",
    "up",
    "move_contact(-1)",
    "Previous",
    "Highlight the previous contact.",
    rank=REST,
)

BOARD_FILTER = KeySpec(
    "board.filter", "slash", "filter", "Filter", "Show only agents whose row has these words."
)
BOARD_SORT = KeySpec(
    "board.sort",
    "s",
    "cycle_sort",
    "Sort",
    "Sort by name, team, state, time in state, load.",
    rank=REST,
)
BOARD_AVAILABLE = KeySpec(
    "board.available", "a", "set_available", "Available", "Make the highlighted agent Available."
)
BOARD_IDLE = KeySpec(
    "board.idle", "i", "set_idle", "Idle", "Make the highlighted agent Idle with a code."
)
BOARD_ACT_AS = KeySpec(
    "board.act_as",
    "j",
    "act_as",
    "Act as",
    "Join the highlighted agent's session as them (needs the impersonate permission).",
)
BOARD_STATION = KeySpec(
    "board.station",
    "m",
    "my_station",
    "Station",
    "Start or open your own station session.",
    rank=REST,
)
BOARD_HELP = KeySpec(
    "board.help",
    "question_mark,f1",
    "help",
    "Help",
    "Show the board's keys and columns.",
    rank=HELP,
)
BOARD_SIGN_OUT = KeySpec(
    "board.sign_out",
    "escape",
    "sign_out",
    "Sign out",
    "Go back to the sign-in screen.",
    rank=WAY_OUT,
)
BOARD_QUIT = KeySpec("board.quit", "q", "quit", "Quit", "Quit the desktop.", rank=WAY_OUT)
BOARD_TOP = KeySpec("board.top", "home", "scroll_top", "First", "Go to the first agent.", rank=REST)
BOARD_BOTTOM = KeySpec(
    "board.bottom", "end", "scroll_bottom", "Last", "Go to the last agent.", rank=REST
)
FILTER_DONE = KeySpec(
    "filter.done", "enter", "done", "Keep filter", "Keep the filter and go to the table.", rank=HELP
)
FILTER_DOWN = KeySpec(
    "filter.down", "down", "done", "To the table", "Keep the filter and go to the table.", rank=REST
)
FILTER_CLEAR = KeySpec(
    "filter.clear",
    "escape",
    "clear",
    "Clear filter",
    "Clear the filter and go to the table.",
    rank=WAY_OUT,
)

PICKER_CANCEL = KeySpec(
    "picker.cancel",
    "escape",
    "cancel",
    "Cancel",
    "Close the code picker unchanged.",
    rank=WAY_OUT,
)
PICKER_DOWN = KeySpec(
    "picker.down", "down", "move(1)", "Next", "Highlight the next code.", rank=REST
)
PICKER_UP = KeySpec(
    "picker.up", "up", "move(-1)", "Previous", "Highlight the previous code.", rank=REST
)
CONFIRM_YES = KeySpec(
    "confirm.yes", "y", "confirm", "Yes", "Go ahead (log out, sign out).", rank=MAIN
)
CONFIRM_NO = KeySpec(
    "confirm.no", "n,escape", "cancel", "No", "Keep things as they are.", rank=WAY_OUT
)
NOTICE_CONTINUE = KeySpec(
    "notice.continue",
    "c",
    "continue_here",
    "Continue here",
    "Take the session back here.",
    rank=MAIN,
)
NOTICE_QUIT = KeySpec(
    "notice.quit", "q", "quit", "Quit", "Leave it to the other desktop.", rank=WAY_OUT
)
HELP_CLOSE = KeySpec(
    "help.close", "escape,q,question_mark", "close", "Close", "Close help.", rank=WAY_OUT
)

_EVERYWHERE = (APP_QUIT, APP_COMMANDS)
BOARD_ACTIONS = (BOARD_FILTER, BOARD_SORT, BOARD_AVAILABLE, BOARD_IDLE, BOARD_ACT_AS, BOARD_STATION)
"""What a supervisor does on the board, in the order its footer and help list them."""
_SESSION = (SESSION_JOIN, SESSION_END, SESSION_BY_ID)
CONTACT_ACTIONS = (
    CONTACT_ACCEPT,
    CONTACT_DECLINE,
    CONTACT_HOLD,
    CONTACT_END,
    CONTACT_WRAP_UP,
    DESKTOP_CANCEL_NEXT,
)
"""What an agent does to their contacts on the status screen, in the order its footer and help
list them."""
_STATUS = (
    DESKTOP_AVAILABLE,
    DESKTOP_IDLE,
    *CONTACT_ACTIONS,
    CONTACT_DOWN,
    CONTACT_UP,
    DESKTOP_LOGOUT,
    DESKTOP_HELP,
    DESKTOP_QUIT,
)
SCREENS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = tuple(
    (name, (*_EVERYWHERE, *specs))
    for name, specs in (
        ("the session screen", (*_SESSION, SESSION_BACK)),
        ("the session screen", (*_SESSION, SESSION_BOARD)),
        ("the status screen", _STATUS),
        ("the status screen", (*_STATUS, DESKTOP_BOARD)),
        ("the status screen", (*_STATUS, DESKTOP_STOP_ACTING)),
        (
            "the board",
            (
                *BOARD_ACTIONS,
                BOARD_HELP,
                BOARD_SIGN_OUT,
                BOARD_QUIT,
                BOARD_TOP,
                BOARD_BOTTOM,
            ),
        ),
        ("the board's filter", (FILTER_DONE, FILTER_DOWN, FILTER_CLEAR)),
        ("the idle-code and wrap-up-code pickers", (PICKER_CANCEL, PICKER_DOWN, PICKER_UP)),
        ("the next-state question", (CONFIRM_YES, CONFIRM_NO)),
        ("the log-out question", (CONFIRM_YES, CONFIRM_NO)),
        ("the signed-in-elsewhere notice", (NOTICE_CONTINUE, NOTICE_QUIT)),
        ("help", (HELP_CLOSE,)),
    )
)
"""The keys that are live together, screen by screen (a screen shows one of its alternatives
at a time: the Board key only to supervisors, Stop acting only while acting). Two bindings of
one group must not share a key."""

ALL_KEYS: tuple[KeySpec, ...] = tuple(dict.fromkeys(s for _, specs in SCREENS for s in specs))
"""Every binding once, screen by screen, as `agent-desktop --help` lists them."""

KEY_IDS = frozenset(spec.id for spec in ALL_KEYS)
RANKS = {spec.id: spec.rank for spec in ALL_KEYS}

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


class KeymapProblem(ValueError):
    """A keymap the desktop cannot use; the message is one plain sentence."""


def checked_keymap(keymap: dict[str, str]) -> dict[str, str]:
    """The keymap with each key in the form Textual matches (`?` becomes `question_mark`).

    Raises KeymapProblem for an unknown binding id or key name, and for two bindings that
    would share a key on one screen, naming both.
    """
    unknown = sorted(set(keymap) - KEY_IDS)
    if unknown:
        verb = "is not a binding id" if len(unknown) == 1 else "are not binding ids"
        raise KeymapProblem(f"{', '.join(unknown)} {verb} (agent-desktop --help lists them)")
    checked = {spec_id: _key_list(spec_id, keys) for spec_id, keys in keymap.items()}
    for screen, specs in SCREENS:
        holder: dict[str, KeySpec] = {}
        for spec in specs:
            for key in checked.get(spec.id, spec.keys).split(","):
                other = holder.setdefault(key, spec)
                if other is not spec:
                    raise KeymapProblem(
                        f"{other.id} and {spec.id} would both use {key} on {screen};"
                        " give one of them another key"
                    )
    return checked


def _key_list(spec_id: str, keys: str) -> str:
    names = [key.strip() for key in keys.split(",")]
    if not all(names):
        raise KeymapProblem(f"{spec_id} has an empty key in {keys!r}")
    return ",".join(_key_name(spec_id, name) for name in names)


def _key_name(spec_id: str, written: str) -> str:
    *modifiers, base = written.split("+") if len(written) > 1 else [written]
    modifiers = [m.lower() for m in modifiers]
    if len(base) == 1 and base.isprintable():
        from textual.keys import _character_to_key  # only when a keymap is set

        base = _character_to_key(base)
    elif base.lower() in _key_names():
        base = base.lower()
    else:
        base = ""
    unknown_modifier = any(m not in _MODIFIERS for m in modifiers)
    if not base or unknown_modifier or len(set(modifiers)) < len(modifiers):
        raise KeymapProblem(
            f"{spec_id}: {written!r} is not a key name (for example a, f6, ctrl+x, escape, "
            "question_mark)"
        )
    return "+".join((*modifiers, base))


@cache
def _key_names() -> frozenset[str]:
    """Every key name Textual knows besides single characters: escape, f6, question_mark, ..."""
    import string

    from textual.keys import Keys, _character_to_key

    named = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
    printable = {_character_to_key(c) for c in string.printable if c.isprintable()}
    return frozenset(named | printable)


def key_table() -> str:
    """The binding ids and their default keys, one a line, for --help."""
    width = max(len(spec.id) for spec in ALL_KEYS)
    return "\n".join(
        f"  {spec.id:<{width}}  {spec.keys:<16} {spec.description}" for spec in ALL_KEYS
    )
