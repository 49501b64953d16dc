"""Channels with their load against capacity, and the interactions on each with their ages."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.domain import (
    CHANNEL_ORDER,
    Channel,
    ChannelLoad,
    Interaction,
    QueueLoad,
    elapsed_seconds,
    for_channel,
    format_duration,
)
from tui.widgets.queues import card_line
from tui.widgets.text import show_text

MAX_LINES = 4  # interactions a card lists before "+n more"; the cards keep one height


class ChannelCard(Vertical):
    def __init__(self, channel: Channel) -> None:
        super().__init__(id=f"channel-{channel.value}", classes="channel")
        self.channel = channel
        self.load = ChannelLoad(channel, 0)
        self._shown = False
        self._now_ms = 0
        self.queue: QueueLoad | None = None
        """The queue this channel is served from, once a contact has waited in it."""
        self.border_title = channel.label

    def compose(self) -> ComposeResult:
        yield Static("", classes="channel-load", markup=False)
        yield Static("", classes="channel-interactions", markup=False)

    def show(self, load: ChannelLoad, now_ms: int) -> None:
        if load == self.load and self._shown:
            return  # unchanged: its ages move on with the once-a-second tick
        self.load = load
        self._shown = True
        self.set_class(load.is_full, "-full")
        self.set_class(bool(load.interactions), "-busy")
        show_text(self.query_one(".channel-load", Static), _load_text(load))
        self.tick(now_ms)

    def tick(self, now_ms: int) -> None:
        self._now_ms = now_ms
        # The contacts being handled first, then the ones still on offer; oldest first in each.
        interactions = sorted(self.load.interactions, key=lambda i: (i.offered, i.started_at))
        room = self._lines_room()
        shown = interactions if len(interactions) <= room else interactions[: room - 1]
        lines = Text(no_wrap=True, overflow="ellipsis")
        for number, interaction in enumerate(shown):
            if number:
                lines.append("\n")
            lines.append_text(_interaction_text(interaction, now_ms))
        if len(shown) < len(interactions):
            lines.append(f"\n+{len(interactions) - len(shown)} more", style="dim")
        if not interactions:
            lines.append("no contacts", style="dim")
        show_text(self.query_one(".channel-interactions", Static), lines)

    def show_queue(self, queue: QueueLoad | None, now_ms: int) -> None:
        """The queue's figures on the card's bottom border (`queue 3 02:14`, shorter on a
        narrow card), from the first time a contact waits on this channel."""
        if queue is None or (self.queue is None and not queue.waiting):
            self.queue = None
            self._subtitle("")
            return
        self.queue = queue
        self._now_ms = now_ms
        width = self.outer_size.width
        room = max(width - 4, 0) if width else 16  # the corners, and a space either side
        self._subtitle(card_line(queue, now_ms, room))

    def _subtitle(self, text: str) -> None:
        """Textual repaints the whole card each time its subtitle is set, even to the same
        text, and every snapshot (a state change, each event of a flood) comes through here."""
        if str(self.border_subtitle) != text:
            self.border_subtitle = text

    def _lines_room(self) -> int:
        """Interactions the card has room to list under its load (a short terminal's cards
        are shorter); at least one, so that "+n more" always has a line."""
        height = self.content_size.height
        return max(min(height - 1, MAX_LINES), 1) if height else MAX_LINES

    def on_resize(self) -> None:
        if self._shown:
            self.tick(self._now_ms)  # another height lists another number before "+n more"
        if self.queue is not None:
            self.show_queue(self.queue, self._now_ms)  # another width, another form


def _load_text(load: ChannelLoad) -> Text:
    capacity = max(load.capacity, 0)
    text = Text(f"{load.load}/{capacity} ", no_wrap=True, overflow="ellipsis")
    text.append("■" * min(load.load, capacity) + "□" * max(capacity - load.load, 0))
    if load.is_full:
        text.append(" full", style="bold")
    elif capacity == 0:
        text = Text("not offered", style="dim")
    return text


NOT_SENT = "details not sent by the platform"
"""A contact the platform named without saying who, where from or since when (never `00:00`)."""


def _interaction_text(interaction: Interaction, now_ms: int) -> Text:
    started = interaction.started_at
    age = format_duration(elapsed_seconds(started, now_ms)) if started else "--:--"
    who = interaction.customer or interaction.queue or NOT_SENT
    text = Text(f"{age} ", no_wrap=True, overflow="ellipsis")
    if interaction.offered:
        text.append("new ", style="italic")
    text.append(who)
    return text


class ChannelBoard(Horizontal):
    """One card per channel, always in the same order."""

    def compose(self) -> ComposeResult:
        for channel in CHANNEL_ORDER:
            yield ChannelCard(channel)

    def show(
        self, loads: tuple[ChannelLoad, ...], now_ms: int, queues: tuple[QueueLoad, ...] = ()
    ) -> None:
        by_channel = {load.channel: load for load in loads}
        for card in self.query(ChannelCard):
            card.show(by_channel.get(card.channel, ChannelLoad(card.channel, 0)), now_ms)
            card.show_queue(for_channel(queues, card.channel), now_ms)

    def tick(self, now_ms: int) -> None:
        for card in self.query(ChannelCard):
            if card.load.interactions:
                card.tick(now_ms)
            if card.queue is not None:
                card.show_queue(card.queue, now_ms)
