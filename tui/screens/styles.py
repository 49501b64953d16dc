"""Which stylesheets each screen reads, so that a start reads only the login screen's.

The app reads `LOGIN_SHEETS` when it starts; every other screen names `DESK_SHEETS` as its
`CSS_PATH`, which Textual reads into the app's one stylesheet (unscoped) the first time such a
screen is shown, and never again. The rules are the same as when the app read them all at
once, in the same order, so the screens look exactly as they did; only the first sign-in pays
for parsing the rest (some 40 ms on 2 cores) instead of every start.
"""

from __future__ import annotations

from pathlib import Path

LOGIN = ("app", "login")
DESK = ("session", "status", "board", "idle_picker", "dialogs")


def styles_dir() -> Path:
    """`tui/styles` inside an installed wheel, else `styles/` at the root of the source tree."""
    packaged = Path(__file__).resolve().parent.parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "styles"


def sheets(names: tuple[str, ...]) -> list[Path]:
    folder = styles_dir()
    return [folder / f"{name}.tcss" for name in names]


LOGIN_SHEETS = sheets(LOGIN)
DESK_SHEETS = sheets(DESK)
