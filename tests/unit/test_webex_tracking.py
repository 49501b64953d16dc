"""The desktop's tracking ids have the vendor's ``X_Y`` form (webex-core builds
``webex-js-sdk_<uuid>_<n>``, interceptors/webex-tracking-id.js; the contact-center SDK reads the
part after the first ``_``, services/agent/index.ts)."""

from __future__ import annotations

from tui.backends.webex import wire
from tui.backends.webex.client import WebexSession, _Pending, new_tracking_id
from tui.backends.webex.mapping import Action


def test_the_desktop_sends_tracking_ids_in_the_vendors_form() -> None:
    prefix, _, rest = new_tracking_id().partition("_")
    assert prefix == "agent-desktop" and len(rest) == 36


ME = "6f7b5c1e-0d8a-4b3f-9e21-5a4c3b2d1e0f"
OTHER = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def changed(agent_id: str, tracking_id: str) -> wire.AgentStateChangeSuccess:
    return wire.AgentStateChangeSuccess(
        agentId=agent_id,
        agentSessionId="s-1",
        auxCodeId="0",
        changedBy=None,
        changedById=None,
        changedByName=None,
        lastIdleCodeChangeTimestamp=1,
        lastStateChangeTimestamp=1,
        orgId="o-1",
        status="LoggedIn",
        subStatus="Available",
        trackingId=tracking_id,
    )


async def test_a_result_is_matched_by_tracking_id_else_by_type_and_agent() -> None:
    """As the SDK's aqm-reqs `bindCheck`: the echoed tracking id first; without one, the oldest
    request expecting that type for that agent; once the platform has echoed ours, a frame with
    someone else's tracking id answers someone else."""
    session = WebexSession("http://127.0.0.1:9")
    try:
        results = (wire.AgentStateChangeSuccess, wire.AgentStateChangeFailed)
        session._pending["mine_1"] = _Pending(Action.STATE, results, agent_id=ME)
        session._pending["mine_2"] = _Pending(Action.AGENT_STATE, results, agent_id=OTHER)
        frame = changed(OTHER, "platform_9")
        assert session._pending_for("platform_9", frame) == "mine_2"  # by type and agent
        assert session._pending_for("platform_9", changed(ME, "platform_9")) == "mine_1"
        assert session._pending_for(None, changed("someone-else", "x")) is None
        reload = wire.AgentLogoutSuccess.model_construct(agentId=ME, type="AgentLogoutSuccess")
        assert session._pending_for("mine_1", reload) is None  # its id, not its kind of answer
        assert not session._echoes_tracking_ids

        assert session._pending_for("mine_2", frame) == "mine_2"  # echoed: learnt
        assert session._echoes_tracking_ids
        assert session._pending_for("platform_9", changed(ME, "platform_9")) is None
        assert session._pending_for(None, changed(ME, "")) == "mine_1"  # no id at all: by type
    finally:
        await session.close()
