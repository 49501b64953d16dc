"""Signing in: bearer tokens issued for a user name and password, checked, and revoked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from tui.sandbox.engine.core import EngineCore
from tui.sandbox.engine.org import User
from tui.sandbox.engine.store import TokenRecord


class NotAuthenticated(Exception):
    """No usable credentials: missing, unknown or expired token, or a wrong password."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grant:
    """A freshly issued bearer token. The token itself is never stored, only its hash."""

    token: str
    user: User
    expires_in_s: int


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Identity(EngineCore):
    """Who is calling: tokens stand for users until they expire or are revoked."""

    def sign_in(self, login: str, password: str) -> Grant:
        user = self.org.user_by_login(login)
        # Bytes: compare_digest refuses str with non-ASCII characters (a 500 for "pässword").
        given = password.encode("utf-8", "surrogatepass")
        if user is None or not secrets.compare_digest(user.password.encode("utf-8"), given):
            raise NotAuthenticated("The user name or password is wrong.")
        if not user.active:
            raise NotAuthenticated("This user is not active.")
        token = secrets.token_urlsafe(32)
        issued = self._clock()
        with self._store.transaction():
            self._store.put_token(
                _hash_token(token), TokenRecord(user.id, issued, issued + self._token_lifetime_ms)
            )
        for listener in self._sign_in_listeners:
            listener(user.id)
        return Grant(token=token, user=user, expires_in_s=self._token_lifetime_ms // 1000)

    def revoke(self, token: str) -> None:
        """The token stops working at once (on every route, for good); unknown ones are fine."""
        with self._store.transaction():
            self._store.delete_token(_hash_token(token))

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
