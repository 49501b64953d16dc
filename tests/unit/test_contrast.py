"""Every pair of colours the desktop draws text in reads at 4.5:1 (WCAG AA) or more.

The pairs come from the desktop's styles (`styles/*.tcss`), the colours its widgets pick in
Python, and the Textual components it shows (footer keys, buttons, cursors, placeholders),
resolved from the app's own CSS variables for each shipped theme, and checked as a terminal
of true colour, of 256 and of 16 colours shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import textual.constants
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.constants import DIM_FACTOR

from tests.contrast import SYSTEMS, WCAG_AA, on_terminal, ratio
from tui.app import DesktopApp
from tui.config import DesktopSettings

THEMES = ("textual-dark", "textual-light")
Layers = tuple[str, ...]
SCREEN: Layers = ()
SURFACE: Layers = ("$surface",)  # dialogs, the event log, inputs, the board's table
FOCUSED: Layers = ("$surface", "$foreground 5%")  # Textual tints what has the focus
PANEL: Layers = ("$panel",)  # the title bar, the logged-out badge

# (what, text colour, background layers over $background): "dim" as Textual draws dim text,
# blended a third of the way into its background.
PAIRS: tuple[tuple[str, str, Layers], ...] = (
    ("title: Agent Desktop", "$text-accent", PANEL),
    ("title: who, where", "$text-muted", PANEL),
    ("title: connection word", "$foreground", PANEL),
    ("title: ● online", "$text-success", PANEL),
    ("title: ◌ reconnecting", "$text-warning", PANEL),
    ("title: ○ offline", "$text-error", PANEL),
    ("footer: key", "$footer-key-foreground", ("$footer-background",)),
    ("footer: description", "$footer-description-foreground", ("$footer-background",)),
    ("badge: Available", "auto 95%", ("$success",)),
    ("badge: Idle", "auto 95%", ("$warning",)),
    ("badge: Not responding", "auto 95%", ("$error",)),
    ("badge: Logged out", "$text-muted", PANEL),
    ("banner: acting as an agent", "auto 95%", ("$warning",)),
    ("text", "$foreground", SCREEN),
    ("text in a dialog", "$foreground", SURFACE),
    ("dim labels (agent card, timers)", "dim $foreground", SCREEN),
    ("dim log times", "dim $foreground", SURFACE),
    ("dim log times, log focused", "dim $foreground", FOCUSED),
    ("hints, field labels", "$text-muted", SCREEN),
    ("hints in a dialog", "$text-muted", SURFACE),
    ("field error", "$text-error", SCREEN),
    ("picker: no code matches", "$text-error", SURFACE),
    ("border title: primary", "$text-primary", SCREEN),
    ("border title: dialog", "$text-primary", SURFACE),
    ("border title: agent, join by id", "$text-secondary", SCREEN),
    ("border title: idle channel", "$text-muted", SCREEN),
    ("border title: busy channel", "$text-accent", SCREEN),
    ("border title: full channel", "$text-warning", SCREEN),
    ("border title: idle picker", "$text-warning", SURFACE),
    ("border title: event log", "$text-muted", SURFACE),
    ("input: placeholder", "$text-muted", SURFACE),
    ("input: placeholder, focused", "$text-muted", FOCUSED),
    ("input: value, focused", "$foreground", FOCUSED),
    ("board: ● Available", "$text-success", FOCUSED),
    ("board: ◐ Idle", "$text-warning", FOCUSED),
    ("board: ▲ system state", "$text-error", FOCUSED),
    ("board: muted cells", "$text-muted", FOCUSED),
    ("board: column headings", "$foreground", ("$panel", "$foreground 5%")),
    ("cursor row, picker's code", "$block-cursor-foreground", ("$block-cursor-background",)),
    ("button: primary", "$button-color-foreground", ("$primary",)),
    ("button: primary, focused", "$button-color-foreground", ("$primary", "$foreground 5%")),
    ("button: Log out", "$button-color-foreground", ("$error",)),
    ("button: Log out, focused", "$button-color-foreground", ("$error", "$foreground 5%")),
)


def variables_of(theme: str, system: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The CSS variables the desktop draws with, in `theme` on a terminal of `system`."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)
    app = DesktopApp(DesktopSettings(theme=theme, floor=False))
    app.theme = theme
    return app.get_css_variables()


def colour(variables: dict[str, str], spec: str, background: Color) -> Color:
    """`spec` ("$name", "$name 5%", "auto 95%", "dim $name") as drawn on `background`."""
    dim = spec.startswith("dim ")
    words = spec.removeprefix("dim ").split()
    if words[0].startswith("$"):
        words = [*variables[words[0][1:]].split(), *words[1:]]
    alpha = float(words[1].rstrip("%")) / 100 if len(words) > 1 else 1.0
    if words[0] == "auto":
        drawn = background + background.get_contrast_text(alpha)
    else:
        drawn = background + Color.parse(words[0]).multiply_alpha(alpha)
    return background.blend(drawn, DIM_FACTOR) if dim else drawn


def drawn_on(variables: dict[str, str], layers: Layers) -> Color:
    background = Color.parse(variables["background"])
    for layer in layers:
        background = colour(variables, layer, background)
    return background


def ratios(variables: dict[str, str], system: str) -> Iterator[tuple[str, float]]:
    for what, text, layers in PAIRS:
        background = drawn_on(variables, layers)
        foreground = colour(variables, text, background)
        yield what, ratio(on_terminal(foreground, system), on_terminal(background, system))


@pytest.mark.parametrize("system", list(SYSTEMS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_pair_reads_at_wcag_aa(
    theme: str, system: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    variables = variables_of(theme, system, monkeypatch)
    failing = [
        f"{what}: {value:.2f}" for what, value in ratios(variables, system) if value < WCAG_AA
    ]
    assert not failing, f"below {WCAG_AA}:1 in {theme} ({system}): {failing}"


def standard_name(color: Color) -> str:
    """Which of the 16 a true colour becomes."""
    shown = RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.STANDARD)
    return shown.name


@pytest.mark.parametrize("theme", THEMES)
def test_footer_keys_on_16_colours_are_not_red_on_bright_black(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As reported: `TERM=linux` showed the dark theme's orange keys as bright red on the
    bright black of the footer's grey (2.4:1)."""
    variables = variables_of(theme, "standard", monkeypatch)
    background = drawn_on(variables, ("$footer-background",))
    key = colour(variables, "$footer-key-foreground", background)
    pair = (standard_name(key), standard_name(background))
    assert pair != ("bright_red", "bright_black")
    assert pair[0] != pair[1]
    shown = ratio(on_terminal(key, "standard"), on_terminal(background, "standard"))
    assert shown >= WCAG_AA, pair


def test_only_the_shipped_themes_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """A theme of the user's own is drawn as its author made it."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    app = DesktopApp(DesktopSettings(theme="nord", floor=False))
    app.theme = "nord"
    theme = app.current_theme
    assert app.get_css_variables() == {
        **app.get_theme_variable_defaults(),
        **theme.to_color_system().generate(),
        **theme.variables,
    }
