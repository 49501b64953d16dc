"""Settings: CLI flags > AGENT_DESKTOP_* env > the TOML file > defaults; --help says it all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import _flags, build_parser, main
from tui.config import ConfigProblem, Platform, load_settings
from tui.keys import ALL_KEYS


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / "missing.toml")
    assert settings.platform is Platform.SANDBOX
    assert (settings.server_url, settings.user, settings.theme) == ("", "agent1", "textual-dark")
    assert settings.keymap == {} and settings.traffic is True


def test_flags_beat_env_beat_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _file(
        tmp_path,
        'theme = "textual-light"\nuser = "agent3"\nplatform = "webex"\n'
        '[keymap]\n"desktop.idle" = "f6"\n"desktop.help" = "h"\n',
    )
    monkeypatch.setenv("AGENT_DESKTOP_USER", "agent5")
    monkeypatch.setenv("AGENT_DESKTOP_THEME", "nord")
    args = build_parser().parse_args(["--theme", "gruvbox", "--key", "desktop.idle=i,f7"])
    settings = load_settings(_flags(args), config)
    assert settings.theme == "gruvbox"  # flag over env and file
    assert settings.user == "agent5"  # env over file
    assert settings.platform is Platform.WEBEX  # file over default
    assert settings.keymap == {"desktop.idle": "i,f7", "desktop.help": "h"}  # merged by id


def test_a_broken_file_is_one_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(ConfigProblem, match="not valid TOML"):
        load_settings({}, _file(tmp_path, "theme = \n"))
    with pytest.raises(ConfigProblem, match="platform"):
        load_settings({}, _file(tmp_path, 'platform = "genesys"\n'))
    with pytest.raises(ConfigProblem, match="http"):
        load_settings({"server_url": "ftp://example.com"}, None)


def test_a_token_in_the_file_is_not_a_setting(tmp_path: Path) -> None:
    settings = load_settings({}, _file(tmp_path, 'token = "secret"\n'))
    assert "secret" not in repr(settings)


def test_help_documents_flags_env_file_and_every_key_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_code:
        main(["--help"])
    assert exit_code.value.code == 0
    text = capsys.readouterr().out
    for words in ("--platform", "--server-url", "--theme", "--key", "--config", "sandbox"):
        assert words in text
    for env in ("AGENT_DESKTOP_PLATFORM", "AGENT_DESKTOP_TOKEN", "AGENT_DESKTOP_KEYMAP"):
        assert env in text
    assert all(spec.id in text for spec in ALL_KEYS)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("agent-desktop 0.")


def test_a_bad_key_flag_exits_with_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--key", "desktop.idle"]) == 2
    assert "ID=KEYS" in capsys.readouterr().err
