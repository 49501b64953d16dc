"""Developer tools, not the desktop: bench, load, screenshots and the scripted walkthrough.

May import anything in `tui`; nothing in `tui` imports them but the entry points `tui/bench.py`
and `tui/load.py`.
"""
