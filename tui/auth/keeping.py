"""Refresh tokens at rest: in the OS keyring (`keyring`) or nowhere.

One entry per platform, server and user (`agent-desktop` service, that account name); only the
refresh token is kept, never an access token, a password or a secret. A machine whose keyring
is missing, or is one of keyring's plain-file or fail backends, gets nothing written and the
user is told why (`KeyringUnavailable`). `forget_all` is `agent-desktop logout --forget`.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

SERVICE = "agent-desktop"
INDEX = "__accounts__"
"""An entry listing the accounts kept, so that `forget_all` finds them (no secret in it)."""

_UNSAFE_BACKENDS = ("keyring.backends.fail", "keyrings.alt.file", "keyring.backends.null")
NO_KEYRING = (
    "No OS keyring is available, so the sign-in is not kept: the next start asks you to sign "
    "in again."
)


class KeyringUnavailable(Exception):
    """There is no OS keyring to keep a refresh token in; the message says so plainly."""


@dataclass(frozen=True, slots=True)
class Account:
    """Whose sign-in an entry is: the platform, its server and the user's name there."""

    platform: str
    server: str
    user: str

    @property
    def name(self) -> str:
        return f"{self.platform}|{self.server}|{self.user}"


def _backend() -> object:
    try:
        import keyring
    except ImportError as error:
        raise KeyringUnavailable(NO_KEYRING) from error
    backend = keyring.get_keyring()
    kind = f"{type(backend).__module__}.{type(backend).__name__}"
    chained = getattr(backend, "backends", None)
    if kind.startswith(_UNSAFE_BACKENDS) or chained == []:
        raise KeyringUnavailable(NO_KEYRING)
    return backend


def available() -> bool:
    try:
        _backend()
    except KeyringUnavailable:
        return False
    return True


def _index(backend: object) -> list[str]:
    raw = backend.get_password(SERVICE, INDEX)  # type: ignore[attr-defined]
    try:
        names = json.loads(raw) if raw else []
    except ValueError:
        names = []
    return [n for n in names if isinstance(n, str)]


def save(account: Account, refresh_token: str) -> None:
    """Keep the refresh token (replacing the last one: they rotate)."""
    backend = _backend()
    try:
        backend.set_password(SERVICE, account.name, refresh_token)  # type: ignore[attr-defined]
        names = _index(backend)
        if account.name not in names:
            names.append(account.name)
            backend.set_password(SERVICE, INDEX, json.dumps(names))  # type: ignore[attr-defined]
    except Exception as error:
        raise KeyringUnavailable(
            "The OS keyring refused to keep the sign-in; the next start asks you to sign in."
        ) from error


def load(account: Account) -> str:
    """The kept refresh token ('' when there is none or no keyring)."""
    try:
        backend = _backend()
        token = backend.get_password(SERVICE, account.name)  # type: ignore[attr-defined]
    except Exception:
        return ""
    return token if isinstance(token, str) else ""


def forget(account: Account) -> None:
    """Remove one kept sign-in (nothing happens when there is none)."""
    try:
        backend = _backend()
        backend.delete_password(SERVICE, account.name)  # type: ignore[attr-defined]
    except Exception:
        return


def forget_all() -> int:
    """Remove every kept sign-in of the desktop; how many were removed."""
    backend = _backend()
    removed = 0
    for name in _index(backend):
        try:
            backend.delete_password(SERVICE, name)  # type: ignore[attr-defined]
            removed += 1
        except Exception:
            continue
    with contextlib.suppress(Exception):  # there was no index
        backend.delete_password(SERVICE, INDEX)  # type: ignore[attr-defined]
    return removed
