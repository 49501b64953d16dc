"""NICE CXone: its wire models (`wire`), HTTP, long-poll live source, mapping and session.
May import tui.domain and tui.backends; never textual, screens, widgets or the sandbox."""
