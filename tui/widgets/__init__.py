"""Textual widgets of the desktop."""
