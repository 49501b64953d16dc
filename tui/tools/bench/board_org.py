"""The org for figure 5: N generated agents (`tui.tools.load.org`) and one supervisor of them all.

The supervisor signs in as `super1` (password `super1`), so the login form prefills it as it
does for the demo org's supervisor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.sandbox.engine.org import Org, load_org
from tui.tools.load.org import generate_org

SUPERVISOR = "super1"


def generate_board_org(agents: int) -> dict[str, Any]:
    data = generate_org(agents)
    demo = load_org()
    profile = next(p for p in demo.desktopProfiles if p.name == "Supervisor")
    teams = [team["id"] for team in data["teams"]]
    data["desktopProfiles"] = [
        *data["desktopProfiles"],
        *([] if any(p["id"] == profile.id for p in data["desktopProfiles"]) else [profile]),
    ]
    data["users"].append(
        {
            "id": "00000000-0000-4000-8000-00000000b055",
            "login": SUPERVISOR,
            "password": SUPERVISOR,
            "firstName": "Bench",
            "lastName": "Supervisor",
            "email": "super1@load.example",
            "role": "supervisor",
            "teamIds": teams,
            "siteId": data["teams"][0]["siteId"],
            "defaultDialNumber": "14159990000",
            "extension": "9990",
            "profileId": profile.id,
            "supervisedTeamIds": teams,
            "mayImpersonate": False,
        }
    )
    return data


def write_board_org(path: Path, agents: int) -> Org:
    data = generate_board_org(agents)
    org = Org.model_validate(data)  # fail here, with the reason, rather than in the sandbox
    path.write_text(json.dumps(data, default=_plain, indent=1), encoding="utf-8")
    return org


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json")
