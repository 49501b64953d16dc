"""The agent's open contacts on the status screen: one row each, a highlight to move, and what
the agent must know about them in plain sentences (RONA, the pending next state, errors).

An offer stands out (the warning colour, and `OFFERED` in capitals, never colour alone) with its
countdown to RONA. The formatting is plain functions, so it is tested without a screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.domain import (
    AgentSnapshot,
    ContactState,
    Interaction,
    NextState,
    elapsed_seconds,
    format_duration,
)
from tui.keys import CONTACT_DOWN, CONTACT_UP
from tui.screens.bindings import binding
from tui.widgets.field_error import FieldError
from tui.widgets.text import show_text

MAX_ROWS = 6
"""Rows the panel lists at most; more contacts scroll with the highlight under "+n more"."""
TALL_AT = 32
"""A terminal shorter than this lists `SHORT_ROWS` rows, so the event log keeps some room."""
SHORT_ROWS = 3


def window(count: int, at: int, room: int) -> range:
    """The rows to list of `count`: `room` of them, the one `at` among them."""
    if count <= room:
        return range(count)
    start = min(max(at - room + 1, 0), count - room)
    return range(start, start + room)


_STATE_CLASSES = {state: f"-{state.value.replace('_', '-')}" for state in ContactState}
_SHORT_STATE = {
    ContactState.OFFERED: "OFFERED",  # in capitals: it stands out without colour too
    ContactState.RINGING: "Ringing",
    ContactState.WRAP_UP: "Wrap-up",
}
WIDTHS = (6, 18, 14, 10, 6)  # channel, from, queue, state, time in state
NARROW_WIDTHS = (6, 14, 0, 10, 6)  # under NARROW_AT columns the queue gives way
NARROW_AT = 72


def contact_cells(interaction: Interaction, now_ms: int) -> tuple[str, str, str, str, str]:
    """Channel, who it is from, queue, state and time in state, as the row shows them."""
    since = interaction.state_since
    timer = format_duration(elapsed_seconds(since, now_ms)) if since else "--:--"
    return (
        interaction.channel.label,
        interaction.customer or "unknown caller",
        interaction.queue or "—",
        _SHORT_STATE.get(interaction.state, interaction.state.word),
        timer,
    )


def rings_out_words(interaction: Interaction, now_ms: int) -> str:
    """`RONA in 12 s` while an offer rings; empty when the platform did not say when."""
    if not interaction.offered or not interaction.rings_out_at:
        return ""
    left_ms = interaction.rings_out_at - now_ms
    if left_ms <= 0:
        return "ringing out"
    return f"RONA in {-(-left_ms // 1000)} s"


def ring_seconds(interaction: Interaction) -> int:
    """How long the platform lets this offer ring, in whole seconds; 0 unknown."""
    if not interaction.rings_out_at or not interaction.started_at:
        return 0
    return max(0, round((interaction.rings_out_at - interaction.started_at) / 1000))


def contact_row(
    interaction: Interaction, now_ms: int, *, highlighted: bool = False, width: int = 80
) -> Text:
    """One row: `▶ Voice  +14155550123  Sales  OFFERED  00:03  RONA in 12 s`; narrower than
    `NARROW_AT` columns, without the queue."""
    text = Text("▶ " if highlighted else "  ", no_wrap=True, overflow="ellipsis")
    widths = WIDTHS if width >= NARROW_AT else NARROW_WIDTHS
    for cell, width in zip(contact_cells(interaction, now_ms), widths, strict=True):
        if not width:
            continue
        shown = cell if len(cell) <= width else cell[: width - 1] + "…"
        text.append(f"{shown:<{width}} ")
    text.append(rings_out_words(interaction, now_ms))
    text.rstrip()
    return text


def rona_sentence(ring_s: int, available_key: str) -> str:
    """What RONA means and what to do, in one line."""
    rang = f" in {ring_s} s" if ring_s > 0 else ""
    return f"Not answered{rang}: you are in RONA. Press {available_key} to become available."


def next_state_sentence(next_state: NextState, cancel_key: str) -> str:
    return (
        f"Next: {next_state.words}, once your contacts are wrapped up."
        f" Press {cancel_key} to cancel it."
    )


class ContactRows(Vertical, can_focus=False):
    """The rows, with a highlight the agent moves; the screen's keys act on its contact.
    It takes the focus (for the arrows) only while it has contacts."""

    BINDINGS = [binding(CONTACT_DOWN, show=False), binding(CONTACT_UP, show=False)]

    class Moved(Message):
        """The highlight moved to another contact (or away from the last one)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contacts: tuple[Interaction, ...] = ()
        self.highlighted_id: str | None = None
        self._now_ms = 0

    def compose(self) -> ComposeResult:
        for _ in range(MAX_ROWS):
            yield Static("", classes="contact-row", markup=False)
        yield Static("", id="contacts-more", markup=False)

    @property
    def highlighted(self) -> Interaction | None:
        return next((i for i in self.contacts if i.id == self.highlighted_id), None)

    def show(self, contacts: tuple[Interaction, ...], now_ms: int) -> tuple[Interaction, ...]:
        """Show `contacts`; returns the offers that are new since the last call."""
        known = {i.id for i in self.contacts}
        new_offers = tuple(i for i in contacts if i.offered and i.id not in known)
        before = self.highlighted_id
        was = self.highlighted  # as it stood before this change
        self.contacts = contacts
        self.can_focus = bool(contacts)
        if not contacts and self.has_focus:
            self.blur()  # the arrows scroll the event log again
        working_on = was is not None and not was.offered and self.highlighted is not None
        if new_offers and not working_on:
            # An offer is what the agent must act on first, unless they are on a contact they
            # already took: a new offer must not move the next key press to another contact.
            self.highlighted_id = new_offers[0].id
        elif self.highlighted is None:
            self.highlighted_id = contacts[0].id if contacts else None
        self.tick(now_ms)
        if self.highlighted_id != before:
            self.post_message(self.Moved())
        return new_offers

    def tick(self, now_ms: int) -> None:
        self._now_ms = now_ms
        rows = list(self.query(".contact-row").results(Static))
        room = MAX_ROWS if self.app.size.height >= TALL_AT else SHORT_ROWS
        ids = [i.id for i in self.contacts]
        at = ids.index(self.highlighted_id) if self.highlighted_id in ids else 0
        shown = [self.contacts[n] for n in window(len(ids), at, room)]
        for row, interaction in zip(rows, shown, strict=False):
            row.display = True
            for state, name in _STATE_CLASSES.items():
                row.set_class(interaction.state is state, name)
            highlighted = interaction.id == self.highlighted_id
            row.set_class(highlighted, "-highlighted")
            row_text = contact_row(
                interaction, now_ms, highlighted=highlighted, width=self.content_size.width or 80
            )
            show_text(row, row_text)
        for row in rows[len(shown) :]:
            row.display = False
        more = self.query_one("#contacts-more", Static)
        extra = len(self.contacts) - len(shown)
        more.display = extra > 0
        if extra > 0:
            show_text(more, Text(f"+{extra} more (↑ ↓)", style="dim"))

    def on_resize(self) -> None:
        if self.contacts:
            self.tick(self._now_ms)  # another width may show the queue, or not

    def action_move_contact(self, step: int) -> None:
        if not self.contacts:
            return
        ids = [i.id for i in self.contacts]
        at = ids.index(self.highlighted_id) if self.highlighted_id in ids else 0
        self.highlighted_id = ids[(at + step) % len(ids)]
        self.tick(self._now_ms)
        self.post_message(self.Moved())


class ContactPanel(Vertical):
    """The contacts box: rows, then RONA or the next state in words, then an action's error.
    Hidden while there is nothing to say."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Contacts"
        self.ring_s = 0  # how long the last offer seen was let ring, for the RONA sentence
        # Held, not queried: the footer asks for the highlighted contact for every key it
        # weighs, on every refresh, and before the panel has mounted.
        self.rows = ContactRows(id="contact-rows")

    def compose(self) -> ComposeResult:
        yield self.rows
        yield Static("", id="contact-note", markup=False)
        yield FieldError(id="contact-error")

    def show(
        self, snapshot: AgentSnapshot, now_ms: int, *, available_key: str, cancel_key: str
    ) -> tuple[Interaction, ...]:
        """Show the snapshot's contacts and sentences; returns the offers new since last time."""
        contacts = snapshot.contacts
        for interaction in contacts:
            if interaction.offered and ring_seconds(interaction):
                self.ring_s = ring_seconds(interaction)
        new_offers = self.rows.show(contacts, now_ms)
        self.rows.display = bool(contacts)
        notes = []
        if snapshot.rona:
            notes.append(rona_sentence(self.ring_s, available_key))
        if snapshot.next_state is not None:
            notes.append(next_state_sentence(snapshot.next_state, cancel_key))
        note = self.query_one("#contact-note", Static)
        note.set_class(snapshot.rona, "-rona")
        show_text(note, Text("\n".join(notes)))
        note.display = bool(notes)
        error = self.query_one("#contact-error", FieldError)
        self.display = bool(contacts or notes or error.sentence)
        return new_offers

    def say_error(self, sentence: str) -> None:
        self.query_one("#contact-error", FieldError).say(sentence)
        if sentence:
            self.display = True

    def tick(self, now_ms: int) -> None:
        if self.rows.contacts:
            self.rows.tick(now_ms)
