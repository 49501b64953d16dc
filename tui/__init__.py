"""Agent Desktop TUI: a terminal agent desktop for contact-center agents and supervisors."""

__version__ = "0.1.0"
