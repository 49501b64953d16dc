"""Textual screens of the desktop."""
