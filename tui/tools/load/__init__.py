"""The load tool (`python -m tui.load`): N simulated agents on one sandbox process, and the
generated org they sign in to. May import anything in `tui`; nothing there imports it.
"""
