"""Every knob of the sandbox in one frozen object; defaults are the demo's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tui.sandbox.cxone.answer_shapes import check_shapes
from tui.sandbox.engine.core import DEFAULT_TOKEN_LIFETIME_S, new_uuid
from tui.sandbox.engine.model import now_ms


@dataclass(frozen=True)
class SandboxConfig:
    """How a sandbox behaves.

    Timing knobs exist so tests can shrink the waits (e.g. a keepalive drop after 1 s).
    Traffic rates are per tick: on every tick each Available agent is offered a contact on
    each channel with room with probability `offer_chance`. An offer waits for the agent to
    accept it; it rings out (RONA) after `ring_for_s`. A call ringing on the agent's own phone
    is answered there after `answer_after_s` (unless `phone_answers` is off), as is an offer on
    an `auto_answer` channel. The customer ends a connected contact after `handle_for_s`; the
    agent then wraps it up (or the platform does, after `wrap_up_for_s` when that is > 0).
    Ranges are (min, max).
    """

    data_dir: Path | None = None
    org_file: Path | None = None
    token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S
    device_interval_s: int = 5
    """How often (seconds) a device may poll for its device-grant tokens (RFC 8628's interval)."""
    keepalive_interval_s: float = 4.0
    keepalive_timeout_s: float = 16.0
    traffic: bool = True
    seed: int | None = None
    traffic_tick_s: float = 1.0
    offer_chance: float = 0.04
    answer_after_s: tuple[float, float] = (1.0, 3.0)
    handle_for_s: tuple[float, float] = (20.0, 60.0)
    ring_for_s: float = 15.0
    """How long an offer rings before it goes RONA (`--ring-for`); 0: until answered."""
    auto_answer: tuple[str, ...] = ()
    """Channels whose offers connect without the agent's accept (a multimedia profile's
    auto-answer), e.g. ("chat",)."""
    phone_answers: bool = True
    """A call ringing on an agent's own phone is picked up there (`--no-answer` turns it off,
    and such calls ring out)."""
    wrap_up_for_s: float = 0.0
    """After-contact work the platform ends by itself after this long; 0: the agent does."""
    queue_patience_s: float = 120.0
    """How long a customer waits in a queue (after a decline or RONA) before hanging up."""
    arrivals_per_min: float = 0.0
    """New customers per minute (all channels together) who wait in their queue until an
    Available agent has room (`--arrivals`); 0: contacts arrive only as offers to Available
    agents, so queues hold only offers let go. Needs `traffic`."""
    floor: int = 0
    """Simulated colleagues who sign in and work contacts by themselves (the live floor);
    0: none. The embedded sandbox and `agent-desktop sandbox` default to `DEFAULT_FLOOR`."""
    floor_speed: float = 1.0
    """How much faster than real time the floor works (tests use e.g. 20)."""
    clock: Callable[[], int] = now_ms
    """The engine's clock, epoch ms."""
    new_id: Callable[[], str] = new_uuid
    """Makes the engine's ids (sessions, handles, contacts, tracking ids); a walkthrough passes
    one that counts, so that an id on screen is the same every run."""
    bench_routes: bool = False  # `--bench`: the /bench routes of `python -m tui.bench`
    echo_tracking_id: bool = True
    """Off (`--no-echo-tracking-id`): result frames carry the platform's own tracking id, not
    the request's `TrackingID` (see `webex/vendor_shapes.py`)."""
    agent_scoped_config: bool = False
    """On (`--agent-scoped-config`): an agent's token may not list the org's configuration
    beyond the agent-scoped queries (see `webex/vendor_shapes.py`)."""
    desktop_login_aggregates: bool = True
    """Off (`--no-desktop-login-aggregates`): the SDK's two desktop-login aggregates answer 404,
    as on a platform with only the 3.x line's profile routes (see `webex/vendor_shapes.py`)."""
    test_hooks: bool = False
    """Tests only: mount `/test-hooks/...` (see `testing.py`), which hand any text to the
    caller's own sockets and long polls. Never set by the CLI or the desktop."""

    cxone_answer_shapes: frozenset[str] = frozenset()
    """Tests only: CXone answers shaped as a tenant may send them (`cxone/answer_shapes.py`:
    "text-plain", "bare-errors"). Never set by the CLI or the desktop."""

    def __post_init__(self) -> None:
        problems = []
        if unknown := check_shapes(self.cxone_answer_shapes):
            problems.append(f"unknown cxone_answer_shapes: {', '.join(unknown)}")
        if self.token_lifetime_s < 0:
            problems.append("token_lifetime_s must be >= 0")
        if self.keepalive_interval_s <= 0 or self.keepalive_timeout_s <= 0:
            problems.append("keepalive intervals must be > 0")
        if self.ring_for_s < 0 or self.wrap_up_for_s < 0 or self.queue_patience_s < 0:
            problems.append("ring_for_s, wrap_up_for_s and queue_patience_s must be >= 0")
        if self.floor < 0 or self.floor_speed <= 0:
            problems.append("floor must be >= 0 and floor_speed > 0")
        if not 0 <= self.arrivals_per_min <= 6000:
            problems.append("arrivals_per_min must be within 0..6000")
        if self.traffic_tick_s <= 0:
            problems.append("traffic_tick_s must be > 0")
        if not 0.0 <= self.offer_chance <= 1.0:
            problems.append("offer_chance must be within 0..1")
        for name in ("answer_after_s", "handle_for_s"):
            low, high = getattr(self, name)
            if not 0 <= low <= high:
                problems.append(f"{name} must be a (min, max) range with 0 <= min <= max")
        if problems:
            raise ValueError("; ".join(problems))


_SCALED_DURATIONS = (
    "traffic_tick_s",
    "answer_after_s",
    "handle_for_s",
    "ring_for_s",
    "wrap_up_for_s",
    "queue_patience_s",
)


def time_compressed(knobs: dict[str, Any], scale: float) -> dict[str, Any]:
    """`knobs` (SandboxConfig fields) with the traffic's and the floor's time run `scale` times
    faster (`--time-scale`): every traffic duration divided by it, the floor's speed multiplied.

    A tick stays one simulated second of traffic (offer chances are per tick), so a scale of
    240 works a simulated hour in 15 real seconds. The clock, tokens and keepalives stay real:
    the desktop's timers and connections run as they would in front of an agent.
    """
    if scale <= 0:
        raise ValueError("--time-scale must be > 0")
    if scale == 1:
        return knobs
    defaults = {f.name: f.default for f in fields(SandboxConfig)}
    out = dict(knobs)
    for name in _SCALED_DURATIONS:
        value = out.get(name, defaults[name])
        if isinstance(value, tuple):
            out[name] = tuple(v / scale for v in value)
        else:
            out[name] = value / scale
    out["floor_speed"] = out.get("floor_speed", defaults["floor_speed"]) * scale
    return out
