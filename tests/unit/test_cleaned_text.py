"""`cleaned`: every string inside a value made displayable, the rest handed back as it is."""

from __future__ import annotations

from tui.domain.text import cleaned


def test_a_tuple_of_numbers_is_handed_back_as_it_is() -> None:
    load = (2, 3)
    assert cleaned(load) is load
    loads = {"chat": (1, 2), "email": (0, 5)}
    assert cleaned(loads) is loads


def test_text_among_numbers_is_still_cleaned() -> None:
    assert cleaned((1, "\x1b[2J", 2.5, None)) == (1, "\u241b[2J", 2.5, None)
    assert cleaned([True, "\u202eevil"]) == [True, "\ufffdevil"]
