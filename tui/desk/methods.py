"""The sign-in methods each platform offers, and what the user typed for one (no Textual).

Kept apart from `tui.desk.signing` so that the login screen can list the methods without
importing the flows (httpx, pydantic), which only a sign-in needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tui.config import Platform


class SignInMethod(StrEnum):
    PASSWORD = "password"
    TOKEN = "token"
    BROWSER = "browser"
    DEVICE = "device"
    ACCESS_KEY = "access-key"

    @property
    def label(self) -> str:
        return {
            "password": "Password",
            "token": "Token",
            "browser": "Browser",
            "device": "Device code",
            "access-key": "Access key",
        }[self]


METHODS: dict[Platform, tuple[SignInMethod, ...]] = {
    Platform.SANDBOX: (
        SignInMethod.PASSWORD,
        SignInMethod.BROWSER,
        SignInMethod.DEVICE,
        SignInMethod.TOKEN,
    ),
    Platform.WEBEX: (SignInMethod.BROWSER, SignInMethod.DEVICE, SignInMethod.TOKEN),
    Platform.CXONE: (
        SignInMethod.PASSWORD,
        SignInMethod.BROWSER,
        SignInMethod.ACCESS_KEY,
        SignInMethod.TOKEN,
    ),
}
"""The methods each platform offers, the first its default. Webex has no password grant for
an integration; CXone offers no device grant."""


def methods_for(platform: Platform) -> tuple[SignInMethod, ...]:
    return METHODS[platform]


FLOW_METHODS = (SignInMethod.BROWSER, SignInMethod.DEVICE, SignInMethod.ACCESS_KEY)


@dataclass(frozen=True, slots=True)
class Typed:
    """What the user typed for a method that takes it (password, token, access key)."""

    user: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    key_id: str = ""
    key_secret: str = field(default="", repr=False)
