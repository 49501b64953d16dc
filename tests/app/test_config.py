"""Settings: CLI flags > AGENT_DESKTOP_* env > the TOML file > defaults; --help says it all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import keys
from tui.cli import _flags, build_parser, main
from tui.config import ConfigProblem, OfferAlert, Platform, load_settings
from tui.keys import ALL_KEYS, KEY_IDS, SCREENS, KeymapProblem, checked_keymap


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
        '[keymap]\n"desktop.idle" = "f6"\n"desktop.help" = "k"\n',
    )
    monkeypatch.setenv("AGENT_DESKTOP_USER", "agent5")
    monkeypatch.setenv("AGENT_DESKTOP_THEME", "nord")
    args = build_parser().parse_args(["--theme", "gruvbox", "--key", "desktop.idle=i,f7"])
    settings = load_settings(_flags(args), config)
    assert settings.theme == "gruvbox"  # flag over env and file
    assert settings.user == "agent5"  # env over file
    assert settings.platform is Platform.WEBEX  # file over default
    assert settings.keymap == {"desktop.idle": "i,f7", "desktop.help": "k"}  # merged by id


def test_offer_alert_defaults_to_the_bell_and_comes_from_flag_env_or_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings({}, None).offer_alert is OfferAlert.BELL
    config = _file(tmp_path, 'offer_alert = "off"\n')
    assert load_settings({}, config).offer_alert is OfferAlert.OFF
    monkeypatch.setenv("AGENT_DESKTOP_OFFER_ALERT", "OSC9")
    assert load_settings({}, config).offer_alert is OfferAlert.OSC9  # env over file, any case
    args = build_parser().parse_args(["--offer-alert", "bell"])
    assert load_settings(_flags(args), config).offer_alert is OfferAlert.BELL  # flag over env


def test_an_unknown_offer_alert_is_one_plain_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_DESKTOP_OFFER_ALERT", "siren")
    with pytest.raises(ConfigProblem, match="offer_alert: should be one of off, bell, osc9"):
        load_settings({}, None)


def test_arrivals_come_from_flag_env_or_file_and_a_bad_rate_is_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings({}, None).arrivals == 0.0
    config = _file(tmp_path, "arrivals = 12\n")
    assert load_settings({}, config).arrivals == 12.0
    monkeypatch.setenv("AGENT_DESKTOP_ARRIVALS", "30.5")
    assert load_settings({}, config).arrivals == 30.5  # env over file
    args = build_parser().parse_args(["--arrivals", "20"])
    assert load_settings(_flags(args), config).arrivals == 20.0  # flag over env
    monkeypatch.setenv("AGENT_DESKTOP_ARRIVALS", "lots")
    with pytest.raises(ConfigProblem, match="arrivals: should be a number of customers a minute"):
        load_settings({}, None)


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


def test_every_binding_belongs_to_a_screen_and_the_defaults_never_clash() -> None:
    defined = {v.id for v in vars(keys).values() if isinstance(v, keys.KeySpec)}
    grouped = {spec.id for _, specs in SCREENS for spec in specs}
    assert defined == grouped == KEY_IDS  # a new key must say on which screen it is live
    assert checked_keymap({}) == {}


def test_keys_are_taken_as_typed_and_stored_as_textual_names() -> None:
    assert checked_keymap({"desktop.help": "?, F1", "board.sort": "Ctrl+o"}) == {
        "desktop.help": "question_mark,f1",
        "board.sort": "ctrl+o",
    }


@pytest.mark.parametrize(
    ("keymap", "sentence"),
    [
        ({"desktop.idle": "notakey"}, "desktop.idle: 'notakey' is not a key name"),
        ({"desktop.idle": "i,"}, "desktop.idle has an empty key"),
        ({"desktop.idle": "turbo+x"}, "'turbo+x' is not a key name"),
        ({"desktop.idel": "f6"}, "desktop.idel is not a binding id"),
        (
            {"desktop.idle": "a"},
            "desktop.available and desktop.idle would both use a on the status screen",
        ),
        ({"board.sort": "slash"}, "board.filter and board.sort would both use slash on the board"),
        ({"desktop.quit": "ctrl+q"}, "app.quit and desktop.quit would both use ctrl+q"),
    ],
)
def test_a_bad_keymap_is_refused_with_a_sentence_naming_the_bindings(
    keymap: dict[str, str], sentence: str
) -> None:
    with pytest.raises(KeymapProblem) as problem:
        checked_keymap(keymap)
    assert sentence in str(problem.value)


def test_alternatives_of_one_screen_may_share_a_key() -> None:
    """The Board key shows only to supervisors and Stop acting only while acting: one key."""
    assert checked_keymap({"desktop.board": "f9", "desktop.stop_acting": "f9"})


def test_a_bad_key_from_any_source_stops_the_start_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "none.toml")
    assert main(["--config", missing, "--key", "desktop.idle=notakey"]) == 2
    assert "'notakey' is not a key name" in capsys.readouterr().err
    monkeypatch.setenv("AGENT_DESKTOP_KEYMAP", '{"desktop.idle": "a"}')
    assert main(["--config", missing]) == 2
    assert "desktop.available and desktop.idle" in capsys.readouterr().err
    monkeypatch.delenv("AGENT_DESKTOP_KEYMAP")
    config = _file(tmp_path, '[keymap]\n"board.help" = "s"\n')
    assert main(["--config", str(config)]) == 2
    assert "board.sort and board.help would both use s on the board" in capsys.readouterr().err
