"""Desktop settings: CLI flags > AGENT_DESKTOP_* environment > config file (TOML) > defaults.

The bearer token is deliberately not a setting: it comes from the sign-in field or from the
AGENT_DESKTOP_TOKEN environment variable, and the desktop never writes it anywhere.

Plain Python on purpose: the settings are read before the first screen paints, and loading
them through pydantic-settings cost the start-up some 60 ms (a third of a bare Textual app's
whole start) for six fields.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from tui.keys import checked_keymap

ENV_PREFIX = "AGENT_DESKTOP_"
TOKEN_ENV = f"{ENV_PREFIX}TOKEN"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
CACHE_ENV = f"{ENV_PREFIX}CACHE"
"""A folder to keep the parsed stylesheets in instead of the platform's cache folder; `off`
keeps none (each start parses them all again). See `tui.css_cache`."""
DEFAULT_THEME = "textual-dark"
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


class Platform(StrEnum):
    SANDBOX = "sandbox"
    WEBEX = "webex"
    CXONE = "cxone"

    @property
    def label(self) -> str:
        return {"sandbox": "Sandbox", "webex": "Webex", "cxone": "CXone"}[self]


class OfferAlert(StrEnum):
    """How the desktop calls the agent to a new offer, besides its row standing out."""

    OFF = "off"
    BELL = "bell"  # the terminal's bell
    OSC9 = "osc9"  # a desktop notification (OSC 9), for terminals that show one


class ConfigProblem(Exception):
    """The configuration cannot be used; the message is one plain sentence."""


def default_config_file() -> Path:
    return user_config_path("agent-desktop", appauthor=False) / "config.toml"


def config_file_in_use(flag: str | None = None) -> Path:
    """The config file: --config, else AGENT_DESKTOP_CONFIG, else the platform's config dir."""
    chosen = flag or os.environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else default_config_file()


@dataclass(frozen=True)
class DesktopSettings:
    """What the desktop needs to start. Every field can come from a flag, env var or the file
    (`load_settings`); built directly, it is checked the same way and raises ConfigProblem."""

    platform: Platform = Platform.SANDBOX
    server_url: str = ""  # empty on the sandbox: start the built-in one in-process
    user: str = "agent1"
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    traffic: bool = True  # the built-in sandbox offers contacts by itself
    floor: bool = True  # the built-in sandbox has simulated colleagues at work
    arrivals: float = 0.0  # customers a minute who wait in the built-in sandbox's queues
    offer_alert: OfferAlert = OfferAlert.BELL
    webex_api_url: str = ""
    sign_in: str = ""
    """How to sign in (`tui.desk.methods.SignInMethod`); empty: the platform's first method."""
    client_id: str = ""
    """The OAuth client id of a browser or device sign-in (a Webex integration's)."""
    auth_url: str = ""
    """The sign-in server; empty: the platform's own (see `tui.desk.signing.auth_base`)."""
    """The general Webex API (``/v1/people/me``) when `server_url` is a real Webex tenant's
    contact-center API; empty: the vendor's public one (the sandbox serves both itself)."""

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name, check in _CHECKS.items():
            try:
                object.__setattr__(self, name, check(getattr(self, name)))
            except ValueError as error:
                problems.append(f"{name}: {error}")
        if problems:
            raise ConfigProblem(f"The configuration is not usable ({'; '.join(problems)}).")


def _platform(value: object) -> Platform:
    try:
        return Platform(value)
    except ValueError:
        choices = ", ".join(p.value for p in Platform)
        raise ValueError(f"should be one of {choices}, not {value!r}") from None


def _offer_alert(value: object) -> OfferAlert:
    try:
        return OfferAlert(str(value).strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(a.value for a in OfferAlert)
        raise ValueError(f"should be one of {choices}, not {value!r}") from None


def _server_url(value: object) -> str:
    url = _text(value).strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ValueError("the server URL must start with http:// or https://")
    return url


SIGN_IN_METHODS = ("password", "token", "browser", "device", "access-key")
CLIENT_SECRET_ENV = f"{ENV_PREFIX}CLIENT_SECRET"


def client_secret_from_env() -> str:
    """The OAuth client secret: from the environment only, never a setting or a file."""
    return os.environ.get(CLIENT_SECRET_ENV, "").strip()


def _sign_in(value: str) -> str:
    method = value.strip().lower()
    if method and method not in SIGN_IN_METHODS:
        raise ValueError(f"should be one of {', '.join(SIGN_IN_METHODS)}, not {value!r}")
    return method


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"should be text, not {value!r}")
    return value


def _keymap(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError('should map binding ids to keys, e.g. {"desktop.idle": "f6"}')
    return checked_keymap(dict(value))


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"should be true or false, not {value!r}")


def _arrivals(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"should be a number of customers a minute, not {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"should be a number of customers a minute, not {value!r}") from None
    if not 0 <= number <= 6000:
        raise ValueError("should be within 0..6000 customers a minute")
    return number


_CHECKS = {
    "platform": _platform,
    "server_url": _server_url,
    "user": _text,
    "theme": _text,
    "keymap": _keymap,
    "traffic": _flag,
    "floor": _flag,
    "arrivals": lambda value: _arrivals(value),
    "offer_alert": _offer_alert,
    "webex_api_url": _server_url,
    "sign_in": lambda value: _sign_in(_text(value)),
    "client_id": _text,
    "auth_url": _server_url,
}
_NAMES = tuple(f.name for f in fields(DesktopSettings))


def load_settings(
    flags: dict[str, Any] | None = None, config_file: Path | None = None
) -> DesktopSettings:
    """Settings from flags (None values are left out), env, and `config_file` if it exists.

    A keymap is merged by binding id across the three, the higher one winning per id.
    """
    layers = [_from_file(config_file), _from_env(), {k: v for k, v in (flags or {}).items()}]
    merged: dict[str, Any] = {}
    for layer in layers:
        for name, value in layer.items():
            if name not in _NAMES or value is None:
                continue  # e.g. a token in the file: never a setting
            if name == "keymap" and isinstance(value, Mapping) and "keymap" in merged:
                merged["keymap"] = {**merged["keymap"], **value}
            else:
                merged[name] = value
    return DesktopSettings(**merged)


def _from_file(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    import tomllib  # only when there is a file: most starts have none

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigProblem(f"The config file {path} is not valid TOML: {error}.") from None
    except OSError as error:
        raise ConfigProblem(f"The config file {path} cannot be read: {error.strerror}.") from None


def _from_env() -> dict[str, Any]:
    """AGENT_DESKTOP_<FIELD> variables, in any letter case; the keymap as a JSON object."""
    found: dict[str, Any] = {}
    for key, value in os.environ.items():
        name = key.lower().removeprefix(ENV_PREFIX.lower())
        if len(name) == len(key) or name not in _NAMES:
            continue
        if name == "keymap":
            try:
                found[name] = json.loads(value)
            except json.JSONDecodeError:
                raise ConfigProblem(
                    f'{ENV_PREFIX}KEYMAP is not a JSON object, e.g. \'{{"desktop.idle": "f6"}}\'.'
                ) from None
        else:
            found[name] = value
    return found


def token_from_env() -> str:
    return os.environ.get(TOKEN_ENV, "").strip()
