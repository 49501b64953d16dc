"""Parsed stylesheets kept for the next start: taken back only for exactly the same text and
theme, never an error when the file is missing, damaged or turned off."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.css.stylesheet

from tui.config import CACHE_ENV
from tui.css_cache import CachedStylesheet, cache_file

CSS = "#title { background: $primary; height: 1; }\nLabel { color: $text; }"
WHERE = ("styles/app.tcss", "")
THEME = {"primary": "#004578", "text": "#e0e0e0"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def parses_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Textual's own parse, counted: each entry is one stylesheet parsed from its text."""
    parsed: list[str] = []
    original = textual.css.stylesheet.parse

    def parse(scope: str, css: str, *args: object, **kwargs: object) -> object:
        parsed.append(css)
        return original(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual.css.stylesheet, "parse", parse)
    return parsed


def rules_css(sheet: CachedStylesheet) -> list[str]:
    sheet.add_source(CSS, read_from=WHERE)
    return [rule.css for rule in sheet.rules]


def test_a_stylesheet_parsed_once_is_taken_back_by_the_next_start(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parses_counted(monkeypatch)
    first = CachedStylesheet(variables=THEME)
    expected = rules_css(first)
    first.save()
    assert parsed == [CSS]
    assert cache_file() is not None and cache_file().exists()  # type: ignore[union-attr]
    second = CachedStylesheet(variables=THEME)
    assert rules_css(second) == expected
    assert parsed == [CSS]  # not parsed again
    assert "#004578" in " ".join(expected)


def test_another_theme_or_text_is_parsed_afresh(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parses_counted(monkeypatch)
    first = CachedStylesheet(variables=THEME)
    rules_css(first)
    first.save()
    other_theme = CachedStylesheet(variables={**THEME, "primary": "#ff0000"})
    assert "#FF0000" in " ".join(rules_css(other_theme)).upper()
    changed = CachedStylesheet(variables=THEME)
    changed.add_source(CSS.replace("height: 1", "height: 2"), read_from=WHERE)
    assert "height: 2" in " ".join(rule.css for rule in changed.rules)
    assert len(parsed) == 3


def test_a_damaged_file_is_ignored_and_replaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = cache_file()
    assert file is not None
    file.write_bytes(b"not a pickle at all")
    sheet = CachedStylesheet(variables=THEME)
    expected = rules_css(sheet)
    sheet.save()
    parsed = parses_counted(monkeypatch)
    assert rules_css(CachedStylesheet(variables=THEME)) == expected
    assert parsed == []


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_file() is None
    sheet = CachedStylesheet(variables=THEME)
    rules_css(sheet)
    sheet.save()
    assert list(tmp_path.iterdir()) == []


def test_a_stylesheet_with_errors_is_not_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = CachedStylesheet(variables=THEME)
    sheet.add_source("Label { colour: red; }", read_from=WHERE)
    with pytest.raises(textual.css.stylesheet.StylesheetParseError):
        sheet.parse()
    sheet.save()
    assert not any(folder.iterdir())
