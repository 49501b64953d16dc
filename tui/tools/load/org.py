"""A generated org for load runs: N agents in the demo org's JSON format.

Sites, channels, idle and wrap-up codes, dial plans and desktop profiles are taken from the
packaged demo org as they are, so a load run exercises the same rules the desktop sees; only
the teams and users are generated. Ids are derived from fixed names (uuid5), so the same N
gives the same file.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from pathlib import Path
from typing import Any

from tui.sandbox.engine.org import Org, load_org

MAX_AGENTS = 8_999  # four-digit extensions 1000..9998 stay unique
AGENTS_PER_TEAM = 50
DIAL_NUMBER_BASE = 14_152_000_000  # 1415 2000000: the fifth digit must be 2-9 in the US plan
US_DIAL_PLAN = re.compile(r"1[0-9]{3}[2-9][0-9]{6}")
_NAMESPACE = uuid.UUID("5b0c1d7e-4a8f-4e43-9d0b-6f2a1c3e9b57")

_FIRST = ("Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Gray", "Harper", "Indigo")
_LAST = ("Chen", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ito", "Jones", "Kim", "Lopez")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def login_of(index: int) -> str:
    """The login (and password) of agent `index` (1-based)."""
    return f"agent{index}"


def dial_number_of(index: int) -> str:
    """A unique number in the US dial plan for agent `index` (1-based)."""
    return str(DIAL_NUMBER_BASE + index)


def generate_org(agents: int) -> dict[str, Any]:
    """The org as JSON-ready data: the demo's codes and channels, `agents` agents in teams of
    up to `AGENTS_PER_TEAM`, spread over the demo's sites."""
    if not 1 <= agents <= MAX_AGENTS:
        raise ValueError(f"agents must be within 1..{MAX_AGENTS}")
    demo = load_org()
    sites = [site.model_dump(mode="json") for site in demo.sites]
    voice = next(p for p in demo.desktopProfiles if "AGENT_DN" in p.loginVoiceOptions)
    team_count = math.ceil(agents / AGENTS_PER_TEAM)
    teams = [
        {
            "id": _id(f"team-{t + 1}"),
            "name": f"Load Team {t + 1:02d}",
            "siteId": sites[t % len(sites)]["id"],
            "description": "Generated for a load run",
        }
        for t in range(team_count)
    ]
    users = []
    for index in range(1, agents + 1):
        team = teams[(index - 1) // AGENTS_PER_TEAM]
        login = login_of(index)
        users.append(
            {
                "id": _id(login),
                "login": login,
                "password": login,
                "firstName": _FIRST[index % len(_FIRST)],
                "lastName": f"{_LAST[index % len(_LAST)]} {index}",
                "email": f"{login}@load.example",
                "role": "agent",
                "teamIds": [team["id"]],
                "siteId": team["siteId"],
                "defaultDialNumber": dial_number_of(index),
                "extension": str(999 + index),
                "profileId": voice.id,
                "supervisedTeamIds": [],
                "mayImpersonate": False,
            }
        )
    return {
        "orgId": demo.orgId,
        "name": f"Load Contact Center ({agents} agents)",
        "availableOnLogin": demo.availableOnLogin,
        "sites": sites,
        "teams": teams,
        "channels": [channel.model_dump(mode="json") for channel in demo.channels],
        "auxiliaryCodes": [code.model_dump(mode="json") for code in demo.auxiliaryCodes],
        "dialPlans": [plan.model_dump(mode="json") for plan in demo.dialPlans],
        "desktopProfiles": [profile.model_dump(mode="json") for profile in demo.desktopProfiles],
        "users": users,
    }


def write_org(path: Path, agents: int) -> Org:
    """Write the generated org to `path` and return it as the sandbox will load it."""
    data = generate_org(agents)
    org = Org.model_validate(data)  # fail here, with the reason, rather than in the sandbox
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return org
