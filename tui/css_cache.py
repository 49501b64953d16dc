"""The app's stylesheet, with what it parsed kept on disk for the next start.

Textual parses every stylesheet (the desktop's and each widget's DEFAULT_CSS) again at every
start: some 16 ms of the login screen's 70 on 2 cores, for text that changes only with a new
release. As Python keeps compiled modules in `__pycache__`, the desktop keeps the parsed rules
in its cache folder, one entry per stylesheet, keyed by everything the parse depends on: the
text, where it came from, how it is used and the theme's variables, in a file of its own for
each Textual and Python. A changed stylesheet or theme is simply a new key; an unreadable or
stale file is ignored (and replaced), never an error. The file is written only by this user,
for this user, like `__pycache__`, so loading its pickles trusts no one else.

Only the app's own stylesheet uses it. A re-parse (a new theme, the desk's sheets read at the
first sign-in) parses as Textual does.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import textual.css.model as textual_model
import textual.css.styles as textual_styles
from platformdirs import user_cache_path
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

from tui.config import CACHE_ENV

Source = tuple[str, tuple[object, ...]]
"""A stylesheet's text, and where it came from and how it is used."""

Key = tuple[str, str]
"""The theme's variables, and the stylesheet's text with where it came from and how it is used."""

FORMAT = 1
MAX_ENTRIES = 1000
"""Entries kept in the file; over that (many themes), only those this run used are kept."""


def cache_file() -> Path | None:
    """Where the parsed stylesheets are kept for this Textual and Python; None when kept off."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.strip().lower() == "off":
        return None
    folder = Path(chosen).expanduser() if chosen else user_cache_path("agent-desktop", False)
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    try:
        textual_release = _textual_release()
    except OSError:  # Textual not in files (a zip): which release it is cannot be told
        return None
    return folder / f"css-textual{textual_release}-py{python}-v{FORMAT}.pickle"


def _textual_release() -> str:
    """Which Textual is installed, as the files of its CSS classes say (a reinstall rewrites
    them). Not `textual.__version__`: that reads the package's metadata, 10 ms of a start."""
    stamp = []
    for module in (textual_model, textual_styles):
        status = os.stat(str(module.__file__))
        stamp.append(f"{status.st_size:x}{status.st_mtime_ns:x}")
    return "-".join(stamp)


class CachedStylesheet(Stylesheet):
    """A Stylesheet that takes parsed rules from the cache file, and adds to it what it parses."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._file = cache_file()
        self._stored: dict[Key, bytes] = _load(self._file)
        self._used: dict[Key, bytes] = {}
        # Textual parses every source again each time one is added: by source, this theme's.
        self._parsed: dict[Source, list[RuleSet]] = {}
        self._fresh = False
        self._theme = ""

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._theme = ""
        self._parsed = {}

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        source: Source = (css, (read_from, is_default_rules, tie_breaker, scope))
        rules = self._parsed.get(source)
        if rules is not None:
            return rules
        key = self._key(source)
        stored = self._stored.get(key)
        if stored is not None:
            with contextlib.suppress(Exception):  # anything unreadable is parsed again
                rules = pickle.loads(stored)
                if isinstance(rules, list) and all(isinstance(r, RuleSet) for r in rules):
                    self._used[key] = stored
                    self._parsed[source] = rules
                    return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        self._parsed[source] = rules
        if not any(rule.errors for rule in rules):
            with contextlib.suppress(Exception):  # a rule that cannot be kept is not kept
                self._used[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                self._fresh = True
        return rules

    def _key(self, source: Source) -> Key:
        """The whole text of what the parse depends on: compared, never hashed, so two
        stylesheets can never be taken for each other."""
        if not self._theme:
            self._theme = repr(sorted(self._variables.items()))
        return (self._theme, repr(source))

    def save(self) -> None:
        """Write the cache file if this run parsed anything new (quietly: it is only a cache)."""
        if not self._fresh or self._file is None:
            return
        self._fresh = False
        entries = {**self._stored, **self._used}
        if len(entries) > MAX_ENTRIES:
            entries = dict(self._used)
        with contextlib.suppress(OSError, pickle.PicklingError):
            _store(self._file, entries)
            self._stored = entries


def _load(file: Path | None) -> dict[Key, bytes]:
    if file is None:
        return {}
    try:
        with file.open("rb") as stream:
            entries: Any = pickle.load(stream)
    except Exception:  # missing, unreadable, or from something else: start afresh
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        key: rules
        for key, rules in entries.items()
        if isinstance(key, tuple) and all(isinstance(part, str) for part in key)
        if isinstance(rules, bytes)
    }


def _store(file: Path, entries: dict[Key, bytes]) -> None:
    """Write atomically (two desktops starting at once each write a whole file), for this user
    only; files for other versions of Textual or Python are removed."""
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".css-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    for other in file.parent.glob("css-*.pickle"):
        if other != file:
            with contextlib.suppress(OSError):
                other.unlink()
