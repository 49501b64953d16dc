"""`python -m tui.bench`: the desktop's performance figures against their targets.

Every figure runs the real app headless against a real sandbox on 127.0.0.1. Figures that need
a fresh interpreter (start-up) or a clean heap (memory) run in child processes of their own
(`python -m tui.bench.probe ...`); this package's `__main__` only orchestrates and reports.
"""
