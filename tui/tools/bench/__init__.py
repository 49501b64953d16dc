"""The bench: the desktop's performance figures against their targets (`python -m tui.bench`).

Every figure runs the real app headless against a real sandbox on 127.0.0.1. Figures that need
a fresh interpreter (start-up) or a clean heap (memory) run in child processes of their own
(`python -m tui.tools.bench.startup_probe ...`, `python -m tui.tools.bench.desktop_probe ...`);
`run` only orchestrates and reports. May import anything in `tui`; nothing there imports it.
"""
