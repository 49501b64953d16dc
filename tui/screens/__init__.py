"""The desktop's Textual screens, and the heap policy two of them keep while shown.

Import `domain`, `desk`, `widgets`, `keys`, `config`, `backends.session`; never a platform,
HTTP, or the sandbox.
"""
