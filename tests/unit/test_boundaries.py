"""The package boundaries of DESIGN.md: the core runs headless, the sandbox stands alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tui"


def _imports_of(folder: Path) -> set[tuple[Path, str]]:
    found: set[tuple[Path, str]] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.level:
                    base = path.parent
                    for _ in range(node.level - 1):
                        base = base.parent
                    dotted = ".".join(base.relative_to(PACKAGE.parent).parts)
                    found.add((path, f"{dotted}.{node.module}"))
                else:
                    found.add((path, node.module))
    return found


def test_domain_and_backends_never_import_textual() -> None:
    for part in ("domain", "backends"):
        offenders = [
            (str(p), m) for p, m in _imports_of(PACKAGE / part) if m.split(".")[0] == "textual"
        ]
        assert offenders == [], offenders


def test_sandbox_never_imports_screens_widgets_or_app() -> None:
    forbidden = ("tui.screens", "tui.widgets", "tui.app", "textual")
    offenders = [
        (str(p), m)
        for p, m in _imports_of(PACKAGE / "sandbox")
        if any(m == f or m.startswith(f + ".") for f in forbidden)
    ]
    assert offenders == [], offenders


def test_importing_the_core_loads_no_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.domain, tui.backends\n"
        "for pkg in (tui.domain, tui.backends):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
