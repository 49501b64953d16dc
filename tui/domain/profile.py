"""What an agent may do: teams, idle codes, login options and the dial plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from tui.domain.channels import Channel


class LoginOption(StrEnum):
    """How the agent's voice reaches them. Browser voice is never offered in a terminal."""

    DIAL_NUMBER = "AGENT_DN"
    EXTENSION = "EXTENSION"
    BROWSER = "BROWSER"

    @property
    def label(self) -> str:
        return {
            LoginOption.DIAL_NUMBER: "Dial Number",
            LoginOption.EXTENSION: "Extension",
            LoginOption.BROWSER: "Desktop",
        }[self]


TERMINAL_LOGIN_OPTIONS = (LoginOption.DIAL_NUMBER, LoginOption.EXTENSION)


@dataclass(frozen=True, slots=True)
class IdleCode:
    """A reason for being idle. System codes (such as RONA) are set by the platform only."""

    id: str
    name: str
    is_system: bool = False
    is_default: bool = False

    @property
    def selectable(self) -> bool:
        return not self.is_system


@dataclass(frozen=True, slots=True)
class WrapUpCode:
    """Why a contact ended, chosen by the agent when wrapping it up (a disposition)."""

    id: str
    name: str
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    site_id: str = ""
    site_name: str = ""


WRITTEN_NUMBER_MARKS = frozenset(" \t()-./")
"""What people write between the digits of a phone number; none of it is dialled."""


def normalise_dial_number(number: str) -> str:
    """The number as it is dialled: `+1 (415) 555-0101` becomes `14155550101`.

    Spaces, brackets, dots, dashes and slashes go, and so does one leading `+`; anything else
    is kept, so that the dial plan's check can say what is wrong with it.
    """
    kept = "".join(ch for ch in number.strip() if ch not in WRITTEN_NUMBER_MARKS)
    return kept.removeprefix("+")


@dataclass(frozen=True, slots=True)
class DialPlanEntry:
    """One pattern of the dial plan; numbers must match it whole."""

    name: str
    pattern: str
    for_extensions: bool = False

    def matches(self, number: str) -> bool:
        try:
            return re.fullmatch(self.pattern, number) is not None
        except re.error:
            return False


@dataclass(frozen=True, slots=True)
class DialPlan:
    entries: tuple[DialPlanEntry, ...] = ()

    def problem_with(self, number: str, option: LoginOption) -> str | None:
        """A plain sentence saying why `number` cannot be used, or None when it can.

        The number is checked as it is dialled (`normalise_dial_number`), so the way people
        write numbers is accepted.
        """
        number = normalise_dial_number(number)
        if not number:
            what = "an extension" if option is LoginOption.EXTENSION else "a dial number"
            return f"Enter {what}."
        if not (number.isascii() and number.isdigit()):
            return "Use digits; spaces, brackets, dots, dashes and a leading + are fine."
        wanted = [e for e in self.entries if e.for_extensions == (option is LoginOption.EXTENSION)]
        if not wanted or any(e.matches(number) for e in wanted):
            return None
        if option is LoginOption.EXTENSION:
            return f"{number} is not a valid extension."
        return f"{number} is not a valid dial number (for example 14155550100)."


@dataclass(frozen=True, slots=True)
class DesktopProfile:
    """Everything the session screen and the idle-code picker need, loaded once after sign-in."""

    agent_id: str
    agent_name: str
    roles: tuple[str, ...] = ("agent",)
    teams: tuple[Team, ...] = ()
    default_team_id: str = ""
    idle_codes: tuple[IdleCode, ...] = ()
    wrap_up_codes: tuple[WrapUpCode, ...] = ()
    login_options: tuple[LoginOption, ...] = TERMINAL_LOGIN_OPTIONS
    default_dial_number: str = ""
    default_extension: str = ""
    dial_plan: DialPlan = field(default_factory=DialPlan)
    channel_capacity: dict[Channel, int] = field(default_factory=dict)
    can_impersonate: bool = False

    @property
    def is_supervisor(self) -> bool:
        return "supervisor" in self.roles

    @property
    def selectable_idle_codes(self) -> tuple[IdleCode, ...]:
        return tuple(code for code in self.idle_codes if code.selectable)

    @property
    def terminal_login_options(self) -> tuple[LoginOption, ...]:
        return tuple(o for o in self.login_options if o in TERMINAL_LOGIN_OPTIONS)

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def idle_code(self, code_id: str) -> IdleCode | None:
        return next((c for c in self.idle_codes if c.id == code_id), None)

    def wrap_up_code(self, code_id: str) -> WrapUpCode | None:
        return next((c for c in self.wrap_up_codes if c.id == code_id), None)
