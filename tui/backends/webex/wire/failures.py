"""Why a Webex request failed: the ``reason`` of every ``...Failed`` event and its stable code."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class FailureReason(StrEnum):
    """Why a request failed, sent as ``reason`` in every ``...Failed`` event.

    Each reason has a fixed integer ``reasonCode`` (see ``FAILURE_REASON_CODES``). Codes are
    part of the contract: never renumber or reuse one; new reasons take the next free code.
    """

    INVALID_DIAL_NUMBER = "INVALID_DIAL_NUMBER"
    """Login: the dial number or extension does not match the dial plan or is malformed."""
    DUPLICATE_LOCATION = "DUPLICATE_LOCATION"
    """Login: another agent is already logged in on this dial number or extension."""
    AGENT_ALREADY_LOGGED_IN = "AGENT_ALREADY_LOGGED_IN"
    """Login: this agent already has a station session (use reload to re-attach)."""
    INVALID_TEAM = "INVALID_TEAM"
    """Login: no such team, or the agent is not a member of it."""
    INVALID_DEVICE_TYPE = "INVALID_DEVICE_TYPE"
    """Login: the agent's profile does not offer this login option (``deviceType``)."""
    AGENT_NOT_LOGGED_IN = "AGENT_NOT_LOGGED_IN"
    """State change or logout: the (target) agent has no station session."""
    INVALID_IDLE_CODE = "INVALID_IDLE_CODE"
    """State change: unknown, inactive, wrap-up or system idle code, or not in the profile."""
    NOT_PERMITTED = "NOT_PERMITTED"
    """The caller may not do this (e.g. change an agent outside their teams)."""
    AGENT_NOT_FOUND = "AGENT_NOT_FOUND"
    """Reload: there is no session to re-attach to; also an unknown target ``agentId``."""

    @property
    def code(self) -> int:
        """The integer ``reasonCode`` sent with this reason."""
        return FAILURE_REASON_CODES[self]


FAILURE_REASON_CODES: Mapping[FailureReason, int] = MappingProxyType(
    {
        FailureReason.INVALID_DIAL_NUMBER: 1001,
        FailureReason.DUPLICATE_LOCATION: 1002,
        FailureReason.AGENT_ALREADY_LOGGED_IN: 1003,
        FailureReason.INVALID_TEAM: 1004,
        FailureReason.INVALID_DEVICE_TYPE: 1005,
        FailureReason.AGENT_NOT_LOGGED_IN: 1006,
        FailureReason.INVALID_IDLE_CODE: 1007,
        FailureReason.NOT_PERMITTED: 1008,
        FailureReason.AGENT_NOT_FOUND: 1009,
    }
)
"""``FailureReason`` -> ``reasonCode``. Stable: append, never renumber."""

_REASON_FOR_CODE: Mapping[int, FailureReason] = MappingProxyType(
    {code: reason for reason, code in FAILURE_REASON_CODES.items()}
)


def failure_reason_for_code(code: int) -> FailureReason | None:
    """The reason with this ``reasonCode``, or None for a code this module does not know."""
    return _REASON_FOR_CODE.get(code)
