"""Agent Desktop TUI: a terminal agent desktop for contact-center agents and supervisors.

At the top only `cli`, `app`, `config` and `keys`, which may import every room but `tools`;
the rooms and what each may import: docs/architecture.md.
"""

__version__ = "0.1.0"
