"""A plain sentence shown under the input it is about; hidden when there is nothing to say.

Mostly what is wrong with the field; as a hint (muted), what the desktop made of it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldError(Static):
    def __init__(self, *, id: str) -> None:
        super().__init__("", id=id, markup=False, classes="field-error")
        self.display = False
        self.sentence = ""

    def say(self, sentence: str, *, hint: bool = False) -> None:
        if (
            sentence == self.sentence
            and self.display == bool(sentence)
            and self.has_class("-hint") == hint
        ):
            return  # clearing an empty error must not lay the screen out again
        self.sentence = sentence
        self.set_class(hint, "-hint")
        self.update(Text(sentence))
        self.display = bool(sentence)

    def clear(self) -> None:
        self.say("")
