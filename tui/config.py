"""Desktop settings: CLI flags > AGENT_DESKTOP_* environment > config file (TOML) > defaults.

The bearer token is deliberately not a setting: it comes from the sign-in field or from the
AGENT_DESKTOP_TOKEN environment variable, and the desktop never writes it anywhere.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from pydantic import ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ENV_PREFIX = "AGENT_DESKTOP_"
TOKEN_ENV = f"{ENV_PREFIX}TOKEN"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
DEFAULT_THEME = "textual-dark"


class Platform(StrEnum):
    SANDBOX = "sandbox"
    WEBEX = "webex"
    CXONE = "cxone"

    @property
    def label(self) -> str:
        return {"sandbox": "Sandbox", "webex": "Webex", "cxone": "CXone"}[self]


class ConfigProblem(Exception):
    """The configuration cannot be used; the message is one plain sentence."""


def default_config_file() -> Path:
    return user_config_path("agent-desktop", appauthor=False) / "config.toml"


def config_file_in_use(flag: str | None = None) -> Path:
    """The config file: --config, else AGENT_DESKTOP_CONFIG, else the platform's config dir."""
    chosen = flag or os.environ.get(CONFIG_ENV)
    return Path(chosen).expanduser() if chosen else default_config_file()


_config_file: ContextVar[Path | None] = ContextVar("agent_desktop_config_file", default=None)


class DesktopSettings(BaseSettings):
    """What the desktop needs to start. Every field can come from a flag, env var or the file."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    platform: Platform = Platform.SANDBOX
    server_url: str = ""  # empty on the sandbox: start the built-in one in-process
    user: str = "agent1"
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = {}
    traffic: bool = True  # the built-in sandbox offers contacts by itself

    @field_validator("server_url")
    @classmethod
    def _plain_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("the server URL must start with http:// or https://")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _config_file.get()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load_settings(
    flags: dict[str, Any] | None = None, config_file: Path | None = None
) -> DesktopSettings:
    """Settings from flags (None values are left out), env, and `config_file` if it exists."""
    explicit = {k: v for k, v in (flags or {}).items() if v is not None}
    token = _config_file.set(config_file)
    try:
        return DesktopSettings(**explicit)
    except tomllib.TOMLDecodeError as error:
        raise ConfigProblem(f"The config file {config_file} is not valid TOML: {error}.") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in error.errors()
        )
        raise ConfigProblem(f"The configuration is not usable ({problems}).") from None
    finally:
        _config_file.reset(token)


def token_from_env() -> str:
    return os.environ.get(TOKEN_ENV, "").strip()
