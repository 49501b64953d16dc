"""A plain sentence shown under the input it is about; hidden when there is nothing to say."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldError(Static):
    def __init__(self, *, id: str) -> None:
        super().__init__("", id=id, markup=False, classes="field-error")
        self.display = False
        self.sentence = ""

    def say(self, sentence: str) -> None:
        if sentence == self.sentence and self.display == bool(sentence):
            return  # clearing an empty error must not lay the screen out again
        self.sentence = sentence
        self.update(Text(sentence))
        self.display = bool(sentence)

    def clear(self) -> None:
        self.say("")
