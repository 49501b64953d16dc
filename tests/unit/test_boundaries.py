"""The package boundaries of DESIGN.md and docs/architecture.md, one test per rule.

Imports are read from the source (an AST walk, so imports inside functions count too). For
`from a.b import c` the walk records `a.b.c`: `c` may be a module (`from tui.backends.cxone
import wire`) or a name in `a.b`, and either way what was reached is under `a.b`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tui"
ENTRY_POINTS = {PACKAGE / "bench.py", PACKAGE / "load.py"}  # `python -m tui.bench`, `tui.load`
WIRE_MODELS = ("tui.backends.webex.wire", "tui.backends.cxone.wire")


def _imports_of(*parts: str) -> set[tuple[Path, str]]:
    """Every (file, dotted name) imported by the .py files under `tui/<part>/`."""
    return {
        (path, name)
        for part in parts
        for path in (PACKAGE / part).rglob("*.py")
        for name in _imported_by(path)
    }


def _imported_by(path: Path) -> Iterable[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                package = ".".join(base.relative_to(PACKAGE.parent).parts)
                module = f"{package}.{module}" if module else package
            for alias in node.names:
                yield module if alias.name == "*" else f"{module}.{alias.name}"


def _under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _assert_none(offenders: Iterable[tuple[Path, str]], rule: str) -> None:
    found = sorted(f"{path.relative_to(PACKAGE.parent)} imports {name}" for path, name in offenders)
    assert not found, rule + ":\n  " + "\n  ".join(found)


def test_domain_and_backends_never_import_textual() -> None:
    offenders = [(p, m) for p, m in _imports_of("domain", "backends") if _under(m, ["textual"])]
    _assert_none(offenders, "the desktop logic must run headless, without Textual")


def test_domain_imports_nothing_of_tui_but_itself() -> None:
    offenders = [
        (p, m)
        for p, m in _imports_of("domain")
        if _under(m, ["tui"]) and not _under(m, ["tui.domain"])
    ]
    _assert_none(
        offenders,
        "the domain is the vendor-neutral model: no backends, desk, screens, widgets or app",
    )


def test_backends_never_import_the_ui_the_desk_or_the_sandbox() -> None:
    forbidden = [
        "tui.app",
        "tui.cli",
        "tui.desk",
        "tui.screens",
        "tui.widgets",
        "tui.sandbox",
        "tui.tools",
    ]
    offenders = [(p, m) for p, m in _imports_of("backends") if _under(m, forbidden)]
    _assert_none(
        offenders,
        "backends speak the platforms' wire protocols; the UI and the desk sit on top of them, "
        "and the sandbox is only their peer on the wire",
    )


def test_desk_stays_headless() -> None:
    forbidden = ["textual", "tui.app", "tui.screens", "tui.widgets", "tui.tools"]
    offenders = [(p, m) for p, m in _imports_of("desk") if _under(m, forbidden)]
    _assert_none(offenders, "the desk is what screens hold; it must not know them")


def test_screens_and_widgets_never_reach_a_platform() -> None:
    forbidden = [
        "httpx",
        "websockets",
        "tui.backends.webex",
        "tui.backends.cxone",
        "tui.sandbox",
        "tui.tools",
    ]
    offenders = [(p, m) for p, m in _imports_of("screens", "widgets") if _under(m, forbidden)]
    _assert_none(
        offenders,
        "screens talk to one desktop session; they never build requests or parse wire JSON",
    )


def test_sandbox_never_imports_textual() -> None:
    offenders = [(p, m) for p, m in _imports_of("sandbox") if _under(m, ["textual"])]
    _assert_none(offenders, "the sandbox is a server: it runs without Textual")


def test_sandbox_imports_of_the_client_side_only_the_wire_models() -> None:
    allowed = ["tui.sandbox", "tui.__version__"]
    offenders = [
        (p, m)
        for p, m in _imports_of("sandbox")
        if _under(m, ["tui"]) and not (_under(m, allowed) or m.startswith(WIRE_MODELS))
    ]
    _assert_none(
        offenders,
        "the sandbox stands alone: of the client side it shares only the platforms' wire models "
        f"({', '.join(f'{w}*' for w in WIRE_MODELS)})",
    )


def test_the_sandbox_engine_knows_no_protocol_and_no_web_server() -> None:
    forbidden = [
        "fastapi",
        "starlette",
        "uvicorn",
        "websockets",
        "tui.sandbox.webex",
        "tui.sandbox.cxone",
        "tui.sandbox.app",
        "tui.sandbox.testing",
    ]
    offenders = [(p, m) for p, m in _imports_of("sandbox/engine") if _under(m, forbidden)]
    _assert_none(
        offenders, "the engine is protocol-neutral: each protocol's room speaks HTTP for it"
    )


def test_the_sandbox_protocols_stay_apart() -> None:
    for part, other in (("webex", "cxone"), ("cxone", "webex")):
        offenders = [
            (p, m) for p, m in _imports_of(f"sandbox/{part}") if _under(m, [f"tui.sandbox.{other}"])
        ]
        _assert_none(offenders, f"the sandbox's {part} room must not lean on its {other} room")


def test_only_the_sandbox_app_mounts_the_test_and_bench_hooks() -> None:
    offenders = [
        (p, m)
        for p, m in _imports_of("sandbox")
        if _under(m, ["tui.sandbox.testing"]) and p != PACKAGE / "sandbox" / "app.py"
    ]
    _assert_none(offenders, "a reader of the production server never meets the test hooks")


def test_nothing_imports_the_tools_but_their_entry_points() -> None:
    offenders = [
        (path, name)
        for path in PACKAGE.rglob("*.py")
        if path not in ENTRY_POINTS and (PACKAGE / "tools") not in path.parents
        for name in _imported_by(path)
        if _under(name, ["tui.tools"])
    ]
    _assert_none(
        offenders,
        "tools (bench, load, screenshots, walkthrough) sit outside the desktop; only "
        "tui/bench.py and tui/load.py may reach them",
    )


def test_the_entry_points_only_delegate() -> None:
    for path in sorted(ENTRY_POINTS):
        names = set(_imported_by(path))
        assert names and all(_under(n, ["tui.tools"]) for n in names), (
            f"{path.name} is an entry point: it imports only from tui.tools, not {sorted(names)}"
        )


def test_importing_the_core_loads_no_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.domain, tui.backends\n"
        "for pkg in (tui.domain, tui.backends):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
