"""Sign-ins waiting to be finished: authorization codes (code + PKCE) and device grants.

Kept in memory only (a restart forgets them, as a code's minute of life allows), and keyed
by hashes, never by the codes themselves. Pure bookkeeping: no HTTP, no users' passwords.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Literal

CODE_LIFETIME_MS = 60_000
DEVICE_LIFETIME_MS = 300_000
USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels: no words by chance (RFC 8628 6.1)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a code verifier (RFC 7636 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True, slots=True)
class CodeGrant:
    """An authorization code's terms: who signed in, for which client and redirect."""

    user_id: str
    client_id: str
    redirect_uri: str
    challenge: str
    expires_ms: int


@dataclass(slots=True)
class DeviceGrant:
    """A device grant: pending until someone signs in with its user code."""

    client_id: str
    user_code: str
    expires_ms: int
    user_id: str = ""
    denied: bool = False
    last_poll_ms: int = 0


DeviceOutcome = Literal["pending", "expired", "unknown", "denied", "slow_down"]


@dataclass
class PendingGrants:
    """Codes and device grants of one sandbox."""

    codes: dict[str, CodeGrant] = field(default_factory=dict)
    devices: dict[str, DeviceGrant] = field(default_factory=dict)
    by_user_code: dict[str, str] = field(default_factory=dict)

    def new_code(self, grant: CodeGrant) -> str:
        code = secrets.token_urlsafe(32)
        self.codes[_hash(code)] = grant
        return code

    def take_code(self, code: str, now_ms: int) -> CodeGrant | None:
        """The code's terms, once: a code is spent by its first use, good or bad."""
        grant = self.codes.pop(_hash(code), None)
        if grant is None or now_ms >= grant.expires_ms:
            return None
        return grant

    def new_device(self, client_id: str, now_ms: int) -> tuple[str, str]:
        """A new device grant -> (device code, user code)."""
        self._forget_expired(now_ms)
        device_code = secrets.token_urlsafe(32)
        letters = "".join(secrets.choice(USER_CODE_LETTERS) for _ in range(8))
        user_code = f"{letters[:4]}-{letters[4:]}"
        key = _hash(device_code)
        self.devices[key] = DeviceGrant(client_id, user_code, now_ms + DEVICE_LIFETIME_MS)
        self.by_user_code[user_code] = key
        return device_code, user_code

    def device_for_user_code(self, user_code: str, now_ms: int) -> DeviceGrant | None:
        key = self.by_user_code.get(normal_user_code(user_code))
        grant = self.devices.get(key) if key else None
        if grant is None or now_ms >= grant.expires_ms or grant.user_id:
            return None
        return grant

    def poll(
        self, device_code: str, client_id: str, now_ms: int, interval_ms: int
    ) -> str | DeviceOutcome:
        """The user id once approved (the grant is then spent), else why not yet or never."""
        key = _hash(device_code)
        grant = self.devices.get(key)
        if grant is None or grant.client_id != client_id:
            return "unknown"
        if now_ms >= grant.expires_ms:
            self._drop(key)
            return "expired"
        if grant.denied:
            self._drop(key)
            return "denied"
        if grant.user_id:
            self._drop(key)
            return grant.user_id
        too_soon = grant.last_poll_ms and now_ms - grant.last_poll_ms < interval_ms
        grant.last_poll_ms = now_ms
        return "slow_down" if too_soon else "pending"

    def _drop(self, key: str) -> None:
        grant = self.devices.pop(key, None)
        if grant is not None:
            self.by_user_code.pop(grant.user_code, None)

    def _forget_expired(self, now_ms: int) -> None:
        for key in [k for k, g in self.devices.items() if now_ms >= g.expires_ms]:
            self._drop(key)
        for key in [k for k, g in self.codes.items() if now_ms >= g.expires_ms]:
            del self.codes[key]


def normal_user_code(text: str) -> str:
    """A user code as typed (any case, with or without its dash) in its issued form."""
    letters = "".join(ch for ch in text.upper() if ch.isalpha())[:8]
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else ""
