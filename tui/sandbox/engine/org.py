"""The sandbox's organisation: sites, teams, users, codes, channels and the dial plan.

The demo org ships as `demo_org.json` inside the package; `--org-file` loads another file of
the same shape. Ids are fixed in the file so that tests and demos are reproducible.
"""

from __future__ import annotations

import re
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEMO_ORG_RESOURCE = "demo_org.json"

LoginVoiceOption = Literal["AGENT_DN", "EXTENSION", "BROWSER"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Site(_Frozen):
    id: str
    name: str


class Team(_Frozen):
    id: str
    name: str
    siteId: str
    description: str = ""


class Channel(_Frozen):
    """A media channel and how many contacts of it one agent may hold at once."""

    type: str
    capacity: int = Field(ge=0)


class AuxCode(_Frozen):
    """An idle or wrap-up code. System codes are set by the platform, never chosen."""

    id: str
    name: str
    description: str = ""
    workTypeCode: Literal["IDLE_CODE", "WRAP_UP_CODE"]
    workTypeId: str
    defaultCode: bool = False
    isSystemCode: bool = False
    active: bool = True

    @property
    def is_idle_code(self) -> bool:
        return self.workTypeCode == "IDLE_CODE"

    @property
    def selectable(self) -> bool:
        """True when an agent may choose this code to go Idle."""
        return self.is_idle_code and self.active and not self.isSystemCode


class DialPlanEntry(_Frozen):
    id: str
    name: str
    description: str = ""
    regularExpression: str
    prefix: str = ""
    strippedChars: str = ""
    active: bool = True

    def normalise(self, number: str) -> str:
        return "".join(ch for ch in number if ch not in self.strippedChars)

    def accepts(self, number: str) -> bool:
        if not self.active:
            return False
        return re.fullmatch(self.regularExpression, self.normalise(number)) is not None


class DesktopProfile(_Frozen):
    id: str
    name: str
    loginVoiceOptions: tuple[LoginVoiceOption, ...]


class User(_Frozen):
    id: str
    login: str
    password: str
    firstName: str
    lastName: str
    email: str
    role: Literal["agent", "supervisor"]
    teamIds: tuple[str, ...]
    siteId: str
    defaultDialNumber: str
    extension: str
    profileId: str
    supervisedTeamIds: tuple[str, ...] = ()
    mayImpersonate: bool = False
    active: bool = True
    """An inactive user can neither sign in nor use a token issued before."""

    @property
    def display_name(self) -> str:
        return f"{self.firstName} {self.lastName}"

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class Org(_Frozen):
    """The whole organisation, validated on load so that every reference resolves."""

    orgId: str
    name: str
    availableOnLogin: bool = True
    sites: tuple[Site, ...]
    teams: tuple[Team, ...]
    channels: tuple[Channel, ...]
    auxiliaryCodes: tuple[AuxCode, ...]
    dialPlans: tuple[DialPlanEntry, ...]
    desktopProfiles: tuple[DesktopProfile, ...]
    users: tuple[User, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Org:
        site_ids = {s.id for s in self.sites}
        team_ids = {t.id for t in self.teams}
        profile_ids = {p.id for p in self.desktopProfiles}
        problems: list[str] = []
        problems += [f"team {t.name}: unknown site" for t in self.teams if t.siteId not in site_ids]
        for u in self.users:
            if u.siteId not in site_ids:
                problems.append(f"user {u.login}: unknown site")
            if u.profileId not in profile_ids:
                problems.append(f"user {u.login}: unknown desktop profile")
            if not u.teamIds or not set(u.teamIds) <= team_ids:
                problems.append(f"user {u.login}: needs one or more known teams")
            if not set(u.supervisedTeamIds) <= team_ids:
                problems.append(f"user {u.login}: supervises an unknown team")
        logins = [u.login for u in self.users]
        if len(set(logins)) != len(logins):
            problems.append("two users share a login")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Look-ups -------------------------------------------------------------------------------

    @cached_property
    def _users_by_id(self) -> dict[str, User]:
        return {u.id: u for u in self.users}

    @cached_property
    def _users_by_login(self) -> dict[str, User]:
        return {u.login: u for u in self.users}

    @cached_property
    def _teams_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.teams}

    @cached_property
    def _members_by_team(self) -> dict[str, tuple[User, ...]]:
        members: dict[str, list[User]] = {}
        for user in self.users:
            for team_id in dict.fromkeys(user.teamIds):
                members.setdefault(team_id, []).append(user)
        return {team_id: tuple(users) for team_id, users in members.items()}

    @cached_property
    def _codes_by_id(self) -> dict[str, AuxCode]:
        return {c.id: c for c in self.auxiliaryCodes}

    def user(self, user_id: str) -> User | None:
        return self._users_by_id.get(user_id)

    def user_by_login(self, login: str) -> User | None:
        return self._users_by_login.get(login)

    def team(self, team_id: str) -> Team | None:
        return self._teams_by_id.get(team_id)

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def aux_code(self, code_id: str) -> AuxCode | None:
        return self._codes_by_id.get(code_id)

    def default_idle_code(self) -> AuxCode | None:
        """The idle code used when none is chosen: the selectable default, else the first."""
        codes = [c for c in self.auxiliaryCodes if c.selectable]
        return next((c for c in codes if c.defaultCode), codes[0] if codes else None)

    def rona_code(self) -> AuxCode | None:
        """The system idle code an agent is put in when an offer rings out."""
        return next(
            (
                c
                for c in self.auxiliaryCodes
                if c.is_idle_code and c.isSystemCode and c.name.strip().upper() == "RONA"
            ),
            None,
        )

    def wrap_up_codes(self) -> tuple[AuxCode, ...]:
        """The wrap-up codes an agent may choose (active)."""
        return tuple(c for c in self.auxiliaryCodes if not c.is_idle_code and c.active)

    def default_wrap_up_code(self) -> AuxCode | None:
        codes = self.wrap_up_codes()
        return next((c for c in codes if c.defaultCode), codes[0] if codes else None)

    def profile(self, profile_id: str) -> DesktopProfile | None:
        return next((p for p in self.desktopProfiles if p.id == profile_id), None)

    def capacity(self, channel: str) -> int:
        return next((c.capacity for c in self.channels if c.type == channel), 0)

    @property
    def channel_types(self) -> tuple[str, ...]:
        return tuple(c.type for c in self.channels)

    def members_of(self, team_id: str) -> tuple[User, ...]:
        """The team's members, in the org's order (a board's every look asks, per team)."""
        return self._members_by_team.get(team_id, ())

    def dial_number_valid(self, number: str) -> bool:
        """True when an active dial-plan entry accepts the number (after stripping)."""
        return any(entry.accepts(number) for entry in self.dialPlans)

    def normalise_dial_number(self, number: str) -> str:
        """The number as the matching entry sees it, so that '1 (415) ...' equals '1415...'."""
        for entry in self.dialPlans:
            if entry.accepts(number):
                return entry.prefix + entry.normalise(number)
        return number


def load_org(path: Path | None = None) -> Org:
    """Load an org file; the packaged demo org when no path is given."""
    if path is None:
        text = resources.files(__package__).joinpath(DEMO_ORG_RESOURCE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return Org.model_validate_json(text)
