"""Webex Contact Center: its wire models (`wire`), HTTP, live notification socket and session.
May import tui.domain and tui.backends; never textual, screens, widgets or the sandbox."""
