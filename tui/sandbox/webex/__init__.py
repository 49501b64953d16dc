"""The Webex Contact Center agent API over the engine: router, notification socket, frames.

May import the engine, the sandbox's shared HTTP modules and `tui.backends.webex.wire` only.
"""
