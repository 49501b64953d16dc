"""Working contacts on the status screen, live on a real sandbox (issue 11, items 3 and 4).

The sandbox's traffic offers contacts by itself; with no auto-answer an offer rings until the
agent takes it or it rings out (RONA).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.app.helpers import bearer_token, desktop, on_screen, sign_in, start_station, until
from tui.app import DesktopApp
from tui.backends.session import TeamAgent
from tui.config import Platform
from tui.domain import Availability, ContactState, Interaction, WrapUpCode
from tui.domain.errors import NoSuchContact
from tui.sandbox.cxone.ids import CxoneIds
from tui.sandbox.server import SandboxServer
from tui.screens.contact_steps import ConfirmNextState
from tui.screens.help import HelpScreen
from tui.screens.idle_picker import IdleCodePicker
from tui.screens.status import StatusScreen
from tui.screens.wrap_up_picker import WrapUpCodePicker
from tui.tools.walkthrough import agent_at_desk, open_board
from tui.widgets.agent_table import AgentTable
from tui.widgets.contacts import ContactPanel
from tui.widgets.field_error import FieldError

PLATFORMS = pytest.mark.parametrize("platform", [Platform.SANDBOX, Platform.CXONE])

RINGING: dict[str, Any] = dict(
    traffic=True,
    seed=5,
    offer_chance=1.0,
    traffic_tick_s=0.05,
    ring_for_s=600.0,
    phone_answers=False,
    handle_for_s=(600.0, 600.0),
)
"""Offers that keep ringing until the agent acts."""
CONNECTED: dict[str, Any] = dict(
    RINGING, answer_after_s=(0.0, 0.0), auto_answer=("telephony", "chat", "email", "social")
)
"""Contacts the platform answers for the agent at once (auto-answer), held for long."""


def panel(status: StatusScreen) -> ContactPanel:
    return status.query_one(ContactPanel)


def rows_text(status: StatusScreen) -> list[str]:
    rows = [str(row.render()) for row in status.query(".contact-row") if row.display]
    return [row.strip() for row in rows]


def first(status: StatusScreen, state: ContactState) -> Interaction | None:
    return next((i for i in status.snapshot.contacts if i.state is state), None)


def footer_keys(app: DesktopApp) -> set[str]:
    return {
        binding.description
        for _, binding, enabled, _ in app.screen.active_bindings.values()
        if binding.show and enabled
    }


async def until_done(
    pilot: Pilot[Any], status: StatusScreen, condition: Callable[[], object], what: str
) -> None:
    """`until`, but a contact step the desktop said was refused fails at once, with its
    sentence (rather than after the timeout)."""
    error = status.query_one("#contact-error", FieldError)

    def done_or_refused() -> object:
        return error.sentence or condition()

    await until(pilot, done_or_refused, what)
    assert not error.sentence, f"{what}: {error.sentence}"


async def offer_one(server: SandboxServer, channel: str = "chat", *, keep: bool = False) -> str:
    """One offer to agent1 (whom the login form is prefilled with), from the bench route; it
    ends what agent1 had open first, unless `keep`."""
    token = await bearer_token(server, "agent1")
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        answer = await http.post(
            "/bench/offer",
            params={"channel": channel, "keep": keep},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["interactionId"])


async def until_contact(pilot: Pilot[Any], status: StatusScreen, state: ContactState) -> None:
    await until(pilot, lambda: first(status, state) is not None, f"a contact {state.value}")
    await pilot.pause()


async def highlight(pilot: Pilot[Any], status: StatusScreen, interaction: Interaction) -> None:
    rows = panel(status).rows
    for _ in range(len(rows.contacts)):
        if rows.highlighted_id == interaction.id:
            return
        rows.action_move_contact(1)
        await pilot.pause()
    assert rows.highlighted_id == interaction.id


# -- what works now: rendering what the sandbox's traffic does by itself ------------------------


async def test_an_offer_stands_out_with_its_countdown_and_rings_the_bell(
    sandbox_factory: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = sandbox_factory(**RINGING)
    app = desktop(server)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await until_contact(pilot, status, ContactState.OFFERED)
        offer = first(status, ContactState.OFFERED)
        assert offer is not None
        assert panel(status).display
        await highlight(pilot, status, offer)
        row = next(r for r in status.query(".contact-row") if r.has_class("-highlighted"))
        assert row.has_class("-offered")
        shown = str(row.render())
        assert "OFFERED" in shown
        assert offer.channel.label in shown
        assert panel(status).rows.highlighted_id is not None
        assert bells, "the terminal bell rang for the offer"
        assert "Accept" in footer_keys(app)
        assert "End" not in footer_keys(app)  # nothing to end on an offer
        commands = [command.title for command in status.commands()]
        assert "Accept" in commands and "End" not in commands  # the palette, likewise


async def test_offer_alert_off_rings_no_bell(
    sandbox_factory: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = sandbox_factory(**RINGING)
    app = desktop(server, offer_alert="off")
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await until_contact(pilot, status, ContactState.OFFERED)
        assert not bells


async def test_a_connected_contact_shows_channel_from_queue_state_and_time(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(**CONNECTED)
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await until_contact(pilot, status, ContactState.CONNECTED)
        contact = first(status, ContactState.CONNECTED)
        assert contact is not None
        await highlight(pilot, status, contact)
        shown = next(r for r in rows_text(status) if r.startswith("▶"))
        assert contact.channel.label in shown and "Connected" in shown
        assert (contact.customer or "unknown caller")[:10] in shown
        keys = footer_keys(app)
        assert {"Hold", "End"} <= keys and "Accept" not in keys


async def test_the_arrows_move_between_contacts(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(**CONNECTED)
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await until(pilot, lambda: len(status.snapshot.contacts) >= 2, "two contacts")
        await pilot.pause()
        rows = panel(status).rows
        rows.focus()
        before = rows.highlighted_id
        await pilot.press("down")
        assert rows.highlighted_id != before
        await pilot.press("up")
        assert rows.highlighted_id == before


async def test_idle_while_handling_asks_then_shows_the_next_state_and_n_cancels_it(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(**CONNECTED)
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        await until_contact(pilot, status, ContactState.CONNECTED)
        await pilot.press("i")
        await on_screen(pilot, IdleCodePicker)
        await pilot.press(*"lunch", "enter")
        question = await on_screen(pilot, ConfirmNextState)
        assert "Idle (Lunch)" in question.question
        await pilot.press("y")
        await on_screen(pilot, StatusScreen)
        await until(pilot, lambda: status.snapshot.next_state is not None, "the next state")
        await pilot.pause()
        assert status.snapshot.availability is Availability.AVAILABLE  # not changed yet
        note = str(status.query_one("#contact-note").render())
        assert note == (
            "Next: Idle (Lunch), once your contacts are wrapped up. Press n to cancel it."
        )
        assert "Cancel next" in footer_keys(app)
        await pilot.press("n")
        await until(pilot, lambda: status.snapshot.next_state is None, "the cancel")
        await pilot.pause()
        assert not status.query_one("#contact-note").display
        palette_lunch = next(c for c in status.commands() if c.title == "Idle: Lunch")
        palette_lunch.callback()  # the palette asks first too
        await on_screen(pilot, ConfirmNextState)
        await pilot.press("n")
        await on_screen(pilot, StatusScreen)
        assert status.snapshot.next_state is None


async def test_the_wrap_up_picker_searches_the_codes_it_is_given() -> None:
    codes = (
        WrapUpCode("w1", "Sale"),
        WrapUpCode("w2", "No sale"),
        WrapUpCode("w3", "Callback", is_default=True),
    )
    chosen: list[WrapUpCode | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            picker = WrapUpCodePicker(
                codes, contact_words="Voice contact", since_ms=1_000, now_ms=lambda: 43_000
            )
            self.push_screen(picker, chosen.append)

    async with Host().run_test() as pilot:
        picker = await on_screen(pilot, WrapUpCodePicker)
        assert [c.name for c in picker.shown] == ["Callback", "Sale", "No sale"]  # default first
        assert str(picker.query_one("#wrap-up-timer").render()) == "In wrap-up 00:42"
        await pilot.press(*"sal")
        assert [c.name for c in picker.shown] == ["Sale", "No sale"]
        await pilot.press(*"xx")
        assert "No wrap-up code matches" in str(picker.query_one("#picker-empty").render())
        await pilot.press("backspace", "backspace", "down", "enter")
        await pilot.pause()
    assert chosen == [codes[1]]


async def test_help_lists_the_contact_keys(sandbox: SandboxServer) -> None:
    app = desktop(sandbox)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_station(pilot)
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        ids = [spec.id for spec in help_screen.keys]
        assert ids[:2] == ["desktop.available", "desktop.idle"]
        assert {"contact.accept", "contact.hold", "contact.end", "contact.wrap_up"} <= set(ids)
        assert "desktop.cancel_next" in ids
        assert "contact.decline" not in ids  # Webex has no decline


async def test_the_board_has_a_contacts_column_and_help_says_what_it_shows(
    sandbox: SandboxServer,
) -> None:
    app = desktop(sandbox, user="super1")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        assert "Contacts" in [str(column.label) for column in table.columns.values()]
        idle_row = next(iter(table.shown))
        assert table.get_cell(idle_row, "contacts").plain == "—"  # nobody has contacts yet
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        assert "Contacts" in [part for part, _ in help_screen.parts]


@pytest.mark.parametrize("platform", [Platform.SANDBOX, Platform.CXONE])
async def test_the_board_counts_an_agents_open_contacts(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    server = sandbox_factory(**CONNECTED)
    app = desktop(server, user="super1", platform=platform)
    async with (
        agent_at_desk(server.base_url, "agent1", platform=platform),
        app.run_test(size=(120, 40)) as pilot,
    ):
        board = await open_board(pilot)
        table = board.query_one(AgentTable)
        agent1 = server.org.user_by_login("agent1")
        assert agent1 is not None
        # the platform's id: Webex's UUID, CXone's integer (as text)
        row = (
            agent1.id
            if platform is Platform.SANDBOX
            else str(CxoneIds(server.org).agent(agent1.id))
        )
        await until(
            pilot,
            lambda: table.shown.get(row, TeamAgent("", "")).open_contacts > 0,
            "agent1's contacts on the board",
        )
        await pilot.pause()
        assert table.get_cell(row, "contacts").plain[0].isdigit()


# -- the whole life of a contact: needs the backends' contact operations -------------------------


async def _station(pilot: Pilot[Any], platform: Platform) -> StatusScreen:
    if platform is Platform.SANDBOX:
        return await start_station(pilot)
    await sign_in(pilot)
    await pilot.press("enter")
    status = await on_screen(pilot, StatusScreen)
    await until_done(pilot, status, lambda: status.snapshot.has_session, "the station session")
    if status.snapshot.availability is not Availability.AVAILABLE:  # CXone starts Unavailable
        await pilot.press("a")
        await until_done(
            pilot,
            status,
            lambda: status.snapshot.availability is Availability.AVAILABLE,
            "Available",
        )
    return status


@PLATFORMS
async def test_offer_accept_end_wrap_up_with_a_code_then_available(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    server = sandbox_factory(**RINGING)
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        await until_contact(pilot, status, ContactState.OFFERED)
        offer = first(status, ContactState.OFFERED)
        assert offer is not None
        await highlight(pilot, status, offer)
        await pilot.press("enter")
        taken = lambda: status.snapshot.contact(offer.id)  # noqa: E731
        await until_done(
            pilot,
            status,
            lambda: (c := taken()) is not None and c.state is ContactState.CONNECTED,
            "the contact connected",
        )
        await highlight(pilot, status, offer)
        await pilot.press("e")
        await until_done(
            pilot,
            status,
            lambda: (c := taken()) is not None and c.state is ContactState.WRAP_UP,
            "the contact in wrap-up",
        )
        await highlight(pilot, status, offer)
        assert "Wrap-up" in next(r for r in rows_text(status) if r.startswith("▶"))
        await pilot.press("w")
        picker = await on_screen(pilot, WrapUpCodePicker)
        code = picker.shown[0]
        await pilot.press("enter")
        await until_done(pilot, status, lambda: taken() is None, "the contact wrapped up")
        assert any(f"wrapped up ({code.name})" in e.text for e in status.snapshot.log)
        await until_done(
            pilot,
            status,
            lambda: status.snapshot.availability is Availability.AVAILABLE,
            "Available",
        )


@PLATFORMS
async def test_an_offer_counts_down_to_rona(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    server = sandbox_factory(**dict(RINGING, ring_for_s=30.0))
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        await until_contact(pilot, status, ContactState.OFFERED)
        offer = first(status, ContactState.OFFERED)
        assert offer is not None and offer.rings_out_at  # the backend says when it rings out
        await highlight(pilot, status, offer)
        assert "RONA in " in next(r for r in rows_text(status) if r.startswith("▶"))


@PLATFORMS
async def test_hold_then_resume(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    server = sandbox_factory(**CONNECTED)
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        await until_contact(pilot, status, ContactState.CONNECTED)
        contact = first(status, ContactState.CONNECTED)
        assert contact is not None
        await highlight(pilot, status, contact)
        now = lambda: status.snapshot.contact(contact.id)  # noqa: E731
        await pilot.press("h")
        await until_done(
            pilot, status, lambda: (c := now()) is not None and c.state is ContactState.HELD, "held"
        )
        await pilot.pause()
        assert "On hold" in next(r for r in rows_text(status) if r.startswith("▶"))
        await pilot.press("h")
        await until_done(
            pilot,
            status,
            lambda: (c := now()) is not None and c.state is ContactState.CONNECTED,
            "resumed",
        )


@PLATFORMS
async def test_an_offer_left_alone_goes_rona_and_says_what_to_do(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    """One offer only, so that once Available again no other offer rings out meanwhile."""
    server = sandbox_factory(**dict(RINGING, ring_for_s=1.0, traffic=False), bench_routes=True)
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        await offer_one(server)
        await until_done(pilot, status, lambda: status.snapshot.rona, "RONA")
        await pilot.pause()
        note = str(status.query_one("#contact-note").render())
        assert note == "Not answered in 1 s: you are in RONA. Press a to become available."
        await pilot.press("a")
        await until_done(pilot, status, lambda: not status.snapshot.rona, "RONA over")


@PLATFORMS
async def test_the_next_state_applies_after_the_last_wrap_up(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    """One contact only (no customers write in meanwhile), so its wrap-up is the last one."""
    server = sandbox_factory(**dict(RINGING, traffic=False), bench_routes=True)
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        await offer_one(server)
        await until_contact(pilot, status, ContactState.OFFERED)
        offer = first(status, ContactState.OFFERED)
        assert offer is not None
        await highlight(pilot, status, offer)
        await pilot.press("enter")
        now = lambda: status.snapshot.contact(offer.id)  # noqa: E731
        await until_done(
            pilot,
            status,
            lambda: (c := now()) is not None and c.state is ContactState.CONNECTED,
            "taken",
        )
        lunch = next(c for c in status.profile.idle_codes if c.name == "Lunch")
        status._picked(lunch)  # as the idle-code picker does
        await on_screen(pilot, ConfirmNextState)
        await pilot.press("y")
        await on_screen(pilot, StatusScreen)
        await until_done(
            pilot, status, lambda: status.snapshot.next_state is not None, "the next state"
        )
        await highlight(pilot, status, offer)
        await pilot.press("e")
        await until_done(
            pilot,
            status,
            lambda: (c := now()) is not None and c.state is ContactState.WRAP_UP,
            "wrap-up",
        )
        await highlight(pilot, status, offer)
        await pilot.press("w")
        await on_screen(pilot, WrapUpCodePicker)
        await pilot.press("enter")
        await until_done(pilot, status, lambda: now() is None, "wrapped up")
        await until_done(
            pilot,
            status,
            lambda: status.snapshot.idle_code == lunch,
            "Idle (Lunch) applied by itself",
        )
        assert status.snapshot.availability is Availability.IDLE
        assert status.snapshot.next_state is None


@PLATFORMS
async def test_a_step_the_platform_refuses_is_said_beside_the_contacts(
    sandbox_factory: Callable[..., SandboxServer], platform: Platform
) -> None:
    """Ending a contact that is not the agent's: the platform's 4xx, in the desktop's words."""
    server = sandbox_factory()
    app = desktop(server, platform=platform)
    async with app.run_test() as pilot:
        status = await _station(pilot, platform)
        status._ask("end", "not-my-contact", lambda session, i: session.end_contact(i))
        error = status.query_one("#contact-error", FieldError)
        await until(pilot, lambda: error.sentence, "the refusal")
        assert error.sentence == NoSuchContact.sentence
        assert status.query_one(ContactPanel).display


async def test_a_new_offer_leaves_the_highlight_on_a_contact_being_worked(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    """The agent took a contact; an offer arriving then must not move their next key press."""
    server = sandbox_factory(**dict(RINGING, traffic=False), bench_routes=True)
    app = desktop(server)
    async with app.run_test() as pilot:
        status = await start_station(pilot)
        taken = await offer_one(server, "email")
        await until(pilot, lambda: status.snapshot.contact(taken) is not None, "the offer")
        rows = panel(status).rows
        assert rows.highlighted_id == taken  # an offer takes the highlight when nothing is worked
        await pilot.press("enter")
        await until_done(
            pilot,
            status,
            lambda: (
                (c := status.snapshot.contact(taken)) is not None
                and c.state is ContactState.CONNECTED
            ),
            "taken",
        )
        second = await offer_one(server, "chat", keep=True)
        await until(pilot, lambda: status.snapshot.contact(second) is not None, "the second")
        await pilot.pause()
        assert rows.highlighted_id == taken
