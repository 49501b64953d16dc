"""Signing in: bearer tokens issued for a user name and password (with a refresh token),
refreshed, checked, and revoked.

Refresh tokens rotate: each is good for one refresh, which answers a new access token and a new
refresh token; a refresh token used a second time is refused (`RefreshRefused`), as are unknown,
expired and revoked ones.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from tui.sandbox.engine.core import EngineCore
from tui.sandbox.engine.org import User
from tui.sandbox.engine.store import RefreshRecord, TokenRecord

REFRESH_LIFETIME_MS = 7 * 24 * 3600 * 1000
"""How long a refresh token may be traded for new tokens."""


class NotAuthenticated(Exception):
    """No usable credentials: missing, unknown or expired token, or a wrong password."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RefreshRefused(Exception):
    """A refresh token that cannot be traded: unknown, expired, revoked, or already used."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grant:
    """A freshly issued bearer token and its refresh token. The tokens themselves are never
    stored, only their hashes."""

    token: str
    user: User
    expires_in_s: int
    refresh_token: str = ""


ACCESS_KEY_PREFIX = "key-"
ACCESS_KEY_SECRET_PREFIX = "secret-"

TOKEN_CLUSTER = "SBX1"
"""The cluster part of the sandbox's access tokens (a real platform names its data centre)."""


def access_token(org_id: str) -> str:
    """A new random token in the platform's ``<random>_<cluster>_<orgId>`` form.

    The vendor's SDK reads the org id from a user token by splitting it on ``_`` and refuses one
    of other than three parts (webex-core ``credentials.extractOrgIdFromUserToken``), so the
    random part must not hold a ``_`` (hex has none).
    """
    return f"{secrets.token_hex(32)}_{TOKEN_CLUSTER}_{org_id}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Identity(EngineCore):
    """Who is calling: tokens stand for users until they expire or are revoked."""

    def sign_in(self, login: str, password: str) -> Grant:
        return self._issue(self.check_password(login, password))

    def check_password(self, login: str, password: str) -> User:
        """The user whose name and password these are (NotAuthenticated otherwise)."""
        user = self.org.user_by_login(login)
        # Bytes: compare_digest refuses str with non-ASCII characters (a 500 for "pässword").
        given = password.encode("utf-8", "surrogatepass")
        if user is None or not secrets.compare_digest(user.password.encode("utf-8"), given):
            raise NotAuthenticated("The user name or password is wrong.")
        if not user.active:
            raise NotAuthenticated("This user is not active.")
        return user

    def sign_in_with_access_key(self, key_id: str, secret: str) -> Grant:
        """CXone's access-key sign-in: the sandbox's key of user `agent3` is `key-agent3`,
        its secret `secret-agent3` (a demo org's keys are as public as its passwords)."""
        login = (
            key_id.removeprefix(ACCESS_KEY_PREFIX) if key_id.startswith(ACCESS_KEY_PREFIX) else ""
        )
        user = self.org.user_by_login(login) if login else None
        expected = f"{ACCESS_KEY_SECRET_PREFIX}{login}".encode()
        given = secret.encode("utf-8", "surrogatepass")
        if user is None or not secrets.compare_digest(expected, given):
            raise NotAuthenticated("The access key or its secret is wrong.")
        if not user.active:
            raise NotAuthenticated("This user is not active.")
        return self._issue(user)

    def grant_for(self, user_id: str) -> Grant:
        """Tokens for a user who has signed in another way (a code or a device grant)."""
        user = self.org.user(user_id)
        if user is None or not user.active:
            raise NotAuthenticated("This user may not sign in.")
        return self._issue(user)

    def refresh(self, refresh_token: str) -> Grant:
        """A new access token and refresh token for a refresh token, which is then spent."""
        key = _hash_token(refresh_token)
        now = self._clock()
        with self._store.transaction():
            record = self._store.refresh(key)
            if record is None:
                raise RefreshRefused("The refresh token is not valid.")
            if record.used_ms is not None:
                raise RefreshRefused("The refresh token was already used; sign in again.")
            if now >= record.expires_ms:
                raise RefreshRefused("The refresh token has expired; sign in again.")
            user = self.org.user(record.user_id)
            if user is None or not user.active:
                raise RefreshRefused("The refresh token belongs to a user who may not sign in.")
            self._store.use_refresh(key, now)
            return self._issue(user)

    def _issue(self, user: User) -> Grant:
        for listener in self._sign_in_listeners:  # whoever signs in for real, however
            listener(user.id)
        token = access_token(self.org.orgId)
        refresh_token = secrets.token_urlsafe(32)
        issued = self._clock()
        with self._store.transaction():
            self._store.put_token(
                _hash_token(token), TokenRecord(user.id, issued, issued + self._token_lifetime_ms)
            )
            self._store.put_refresh(
                _hash_token(refresh_token),
                RefreshRecord(user.id, issued, issued + REFRESH_LIFETIME_MS),
            )
        return Grant(
            token=token,
            user=user,
            expires_in_s=self._token_lifetime_ms // 1000,
            refresh_token=refresh_token,
        )

    def expires_in_s(self, token: str) -> int:
        """Seconds the access token has left (0 when unknown or expired)."""
        record = self._store.token(_hash_token(token))
        return max(0, (record.expires_ms - self._clock()) // 1000) if record else 0

    def revoke(self, token: str) -> None:
        """The token (access or refresh) stops working at once, for good; unknown ones are
        fine."""
        with self._store.transaction():
            self._store.delete_token(_hash_token(token))
            self._store.delete_refresh(_hash_token(token))

    def identify(self, token: str | None) -> User:
        """The user a bearer token belongs to, or NotAuthenticated."""
        if not token:
            raise NotAuthenticated("A bearer token is required.")
        record = self._store.token(_hash_token(token))
        if record is None:
            raise NotAuthenticated("The bearer token is not valid.")
        if self._clock() >= record.expires_ms:
            raise NotAuthenticated("The bearer token has expired; sign in again.")
        user = self.org.user(record.user_id)
        if user is None:
            raise NotAuthenticated("The bearer token belongs to a user who no longer exists.")
        if not user.active:
            raise NotAuthenticated("The bearer token belongs to a user who is not active.")
        return user
