"""What a sign-in hands a desktop session: the credentials of each method (no I/O).

Apart from `tui.backends.session` so that the login screen can build them without importing
the session, the domain and the wire clients, which only a signed-in desktop needs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class PasswordSignIn:
    """Sign in with a user name and password (the sandbox's OAuth2 password grant)."""

    user: str
    password: str


@dataclass(frozen=True, slots=True)
class TokenSignIn:
    """Sign in with a bearer token issued by the real platform."""

    token: str


@dataclass(frozen=True, slots=True)
class OAuthSignIn:
    """Tokens a sign-in flow got (browser, device code, access key, or a refresh token kept in
    the keyring), with what renews them: the token endpoint and the integration's client."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_at_ms: int = 0
    token_url: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    answer: dict[str, object] = field(default_factory=dict, repr=False)
    """The token answer's other fields (CXone's say whose token it is and where its API is)."""


Credentials = PasswordSignIn | TokenSignIn | OAuthSignIn
