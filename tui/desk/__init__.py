"""The desktop's headless side that the screens hold: the desk (platform, server, the one
session), the built-in sandbox started in-process, and the supervisor board's roster rows.
Imports `domain`, `backends`, `config` and, lazily, the sandbox's server; never `textual`.
"""
