"""Webex notification-socket frames: the ``Msg`` envelope, Keepalive, Welcome, and
``parse_frame`` / ``dump_frame`` (never raises / what the server sends)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import from_json

from tui.backends.webex.wire.buddies import BuddyMemo
from tui.backends.webex.wire.common import ServerModel
from tui.backends.webex.wire.events import (
    MSG_TYPE_FOR_EVENT,
    AgentEvent,
    BuddyAgents,
    EventField,
)


class Msg(ServerModel):
    """The envelope of every event frame: ``{type, orgId, trackingId, data}``.

    ``type`` is the coarse kind (``MsgType``, kept a plain string so new kinds parse);
    ``data.type`` names the exact event and chooses the model of ``data``.
    """

    type: str
    orgId: str | None = None
    trackingId: str | None = None
    data: EventField

    @classmethod
    def of(
        cls, event: AgentEvent, *, org_id: str | None = None, tracking_id: str | None = None
    ) -> Msg:
        """Wrap ``event`` in its envelope with the right coarse ``type``.

        ``orgId``/``trackingId`` default to the event's own. An ``UnknownEvent`` is sent with
        its own ``type`` as the coarse kind.
        """
        kind = MSG_TYPE_FOR_EVENT.get(event.type, event.type)
        if org_id is None:
            org_id = getattr(event, "orgId", None)
        if tracking_id is None:
            tracking_id = getattr(event, "trackingId", None)
        return cls(type=str(kind), orgId=org_id, trackingId=tracking_id, data=event)


class Keepalive(ServerModel):
    """``{"keepalive": "true"}``: sent by the client every 4 s; the server may send it too."""

    keepalive: Literal["true"] = "true"


KEEPALIVE_JSON = '{"keepalive":"true"}'
"""The keepalive frame as text, ready to send."""


class WelcomeData(ServerModel):
    agentId: str


class Welcome(ServerModel):
    """First frame on a new socket: ``{"type":"Welcome","data":{"agentId":...}}``."""

    type: Literal["Welcome"] = "Welcome"
    data: WelcomeData

    @classmethod
    def for_agent(cls, agent_id: str) -> Welcome:
        return cls(data=WelcomeData(agentId=agent_id))


@dataclass(frozen=True, slots=True)
class UnknownFrame:
    """A frame ``parse_frame`` could not use. Not a wire model: it never goes on the wire.

    ``raw`` is the frame as text (undecodable bytes replaced); ``reason`` says why in a line.
    """

    raw: str
    reason: str


Frame = Keepalive | Welcome | Msg | UnknownFrame
"""What ``parse_frame`` returns."""


def _as_text(raw: str | bytes) -> str:
    if isinstance(raw, str):
        return raw
    return bytes(raw).decode("utf-8", errors="replace")


def _first_error(exc: ValidationError) -> str:
    """One line naming the first failing field, e.g. ``data.subStatus: Input should be ...``."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    if not errors:
        return "invalid"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


def _read_buddies(raw: str | bytes, buddies: BuddyMemo) -> tuple[dict[str, Any], list[str]] | None:
    try:
        return buddies.read(raw)
    except Exception:  # e.g. nesting too deep for the scanner: read the frame whole instead
        return None


def parse_frame(raw: str | bytes, buddies: BuddyMemo | None = None) -> Frame:
    """Parse one websocket frame. Never raises.

    Returns ``Keepalive``, ``Welcome``, ``Msg`` (``data`` is the model chosen by ``data.type``,
    or ``UnknownEvent`` for a type not modelled here), or ``UnknownFrame`` for malformed JSON,
    JSON that is not an object, an object that is none of the above, or a known event whose
    fields fail validation. With `buddies`, a ``BuddyAgents`` frame validates only the entries
    that changed since the last one (`BuddyMemo`).
    """
    read = _read_buddies(raw, buddies) if buddies is not None else None
    if read is not None:
        obj, pieces = read
    else:
        pieces = None
        try:
            # pydantic-core's parser: about twice as fast as json.loads, and it refuses absurd
            # nesting with a ValueError instead of a RecursionError. Only keys are worth its
            # string cache: values such as tracking ids never come twice and only filled it up.
            obj = from_json(raw, cache_strings="keys")
        except ValueError as exc:
            return UnknownFrame(_as_text(raw), f"not JSON: {exc}")
        except Exception:
            return UnknownFrame(repr(raw), "not text or bytes")
    if not isinstance(obj, dict):
        return UnknownFrame(_as_text(raw), f"JSON {type(obj).__name__}, not an object")
    try:
        if "keepalive" in obj:
            return Keepalive.model_validate(obj)
        kind = obj.get("type")
        if kind == "Welcome":
            return Welcome.model_validate(obj)
        data = obj.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return UnknownFrame(_as_text(raw), "no data.type")
        msg = Msg.model_validate(obj)
        if pieces is not None and buddies is not None and isinstance(msg.data, BuddyAgents):
            buddies.remember(pieces, msg.data.agentList)
        return msg
    except ValidationError as exc:
        return UnknownFrame(_as_text(raw), _first_error(exc))
    except Exception as exc:  # the contract is "never raises": a network frame is untrusted
        return UnknownFrame(_as_text(raw), f"{exc.__class__.__name__}: {exc}")


def dump_frame(frame: Keepalive | Welcome | Msg) -> str:
    """The frame as compact JSON text, as the server sends it.

    Nulls are written out (``exclude_none`` would drop required-but-nullable keys such as
    ``changedById``), and ``Interaction.from_`` is written as ``"from"``.
    """
    if isinstance(frame, Keepalive):
        return KEEPALIVE_JSON
    return frame.model_dump_json()
