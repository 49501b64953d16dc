"""The desktop's Textual widgets: they render what they are given and post what was pressed.

Import `domain`, `keys`, `desk` (the roster rows), `backends.session`, the screens' bindings;
never a platform, HTTP, or the sandbox.
"""
