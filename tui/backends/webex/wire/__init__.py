"""Webex Contact Center wire models: the one contract for both sides of the Webex wire.
Pydantic models and pure helpers only; imports pydantic and nothing of the client or the sandbox.

The Webex client backend and the sandbox's Webex router both import this package, so a field
changes here or nowhere; every public name is exported here, whichever module holds it
(common, failures, contacts, events, frames, tasks, requests, configuration,
errors). No I/O, no client logic, no textual. Field names are the wire's own (camelCase),
so ``model_dump_json()`` is what goes on the wire.

Notification websocket frames
    Keepalive                   ``{"keepalive": "true"}``; ``KEEPALIVE_JSON`` is the text form.
    Welcome, WelcomeData        first frame on a socket: ``{"type":"Welcome","data":{agentId}}``.
    Msg                         envelope ``{type, orgId, trackingId, data}``; ``Msg.of(event)``
                                builds one with the right coarse ``type``.
    MsgType                     the coarse kinds used as ``Msg.type``.
    MSG_TYPE_FOR_EVENT          ``data.type`` -> the coarse kind the server puts in ``Msg.type``.
    UnknownFrame                what ``parse_frame`` returns for a frame it cannot use.
    Frame                       ``Keepalive | Welcome | Msg | UnknownFrame``.
    parse_frame(raw)            text/bytes -> Frame; never raises.
    dump_frame(frame)           Frame model -> JSON text (what the server sends).

Events (``Msg.data``, chosen by ``data.type``)
    StationLoginSuccess, StationLoginFailed, AgentStateChangeSuccess, AgentStateChangeFailed,
    AgentLogoutSuccess, AgentLogoutFailed, AgentReloginSuccess, AgentReloginFailed,
    BuddyAgents (+ BuddyAgent, BuddyChannel), AgentMultiLoginCloseSession,
    AgentOfferContact, AgentContactAssigned, ContactEnded (+ Interaction),
    AgentContact (+ ContactInteraction, CallAssociatedDetails): an open contact sent whole
                                after a relogin, one per id in ``interactionIds``.
    Contact (task) frames, parsed by ``parse_task_frame`` (``TASK_FRAME_MODELS``):
        AgentContactReserved, AgentContactHeld, AgentContactUnheld, AgentWrapup,
        AgentWrappedUp, AgentOfferContactRona, AgentContactUnassigned and the failures
        AgentContactAssignFailed, AgentContactHoldFailed, AgentContactUnHoldFailed,
        AgentContactEndFailed, AgentWrapupFailed (base TaskFrame; + MediaEntry,
        ContactDirection in ContactInteraction).
    UnknownEvent                a well-formed event whose ``data.type`` is not modelled here.
    AgentEvent                  the union of all of the above.
    FailureEvent                base of every ``...Failed`` event (``reason``, ``reasonCode``).
    EVENT_MODELS                ``data.type`` -> model class.
    FailureReason, FAILURE_REASON_CODES, failure_reason_for_code
                                failure reasons and their stable integer ``reasonCode``.

Task routes (``POST /v1/tasks/{interactionId}/<action>``, 202, outcome on the socket)
    TaskAction, TaskRoute, TASK_ROUTES, TASKS_PATH, CANCEL_OFFER_SUCCESS,
    TaskFailureReason, TASK_FAILURE_CODES (the failure frames' reasons);
    bodies EmptyTaskRequest (accept, end), HoldRequest (hold, unhold), WrapupRequest.

REST request and response bodies
    LoginRequest, StateRequest, LogoutRequest, BuddyListRequest, SubscribeRequest,
    SubscribeResponse, AVAILABLE_AUX_CODE_ID.
    AuxiliaryCode, Team, DialPlan, AgentProfile, User, Person   configuration DTOs.
    Page[T], PageMeta           the paged list envelope ``{data: [...], meta: {...}}``.
    ApiErrorResponse, ApiErrorDetails, OperationError, api_error(status, description, ...)
                                the error body of every non-2xx answer.

Type aliases: SubStatus, MediaType, DeviceType, Role, WorkTypeCode.

Tolerance: everything the server sends (events, frames, DTOs) keeps unknown fields
(``extra="allow"``), because real frames carry more than is modelled. Request bodies ignore
unknown fields but are strict about types (a number where a string belongs is an error) and
enforce the vendor's maximum lengths, so the server can answer a bad body with a 4xx.
"""

from __future__ import annotations

from tui.backends.webex.wire.common import (
    AGENT_DESKTOP_MESSAGE,
    AVAILABLE_AUX_CODE_ID,
    DeviceType,
    MediaType,
    Role,
    SubStatus,
    WorkTypeCode,
)
from tui.backends.webex.wire.configuration import (
    AgentProfile,
    AuxiliaryCode,
    DialPlan,
    Page,
    PageMeta,
    Person,
    Team,
    User,
)
from tui.backends.webex.wire.contacts import (
    ROUTING_MESSAGE,
    TASK_FAILURE_TYPES,
    TASK_FRAME_MODELS,
    AgentContactAssignFailed,
    AgentContactEndFailed,
    AgentContactHeld,
    AgentContactHoldFailed,
    AgentContactReserved,
    AgentContactUnassigned,
    AgentContactUnheld,
    AgentContactUnHoldFailed,
    AgentOfferContactRona,
    AgentWrappedUp,
    AgentWrapup,
    AgentWrapupFailed,
    CallAssociatedDetails,
    ContactDirection,
    ContactInteraction,
    MediaEntry,
    TaskFrame,
    parse_task_frame,
)
from tui.backends.webex.wire.errors import (
    ApiErrorDetails,
    ApiErrorResponse,
    OperationError,
    api_error,
)
from tui.backends.webex.wire.events import (
    EVENT_MODELS,
    MSG_TYPE_FOR_EVENT,
    AgentContact,
    AgentContactAssigned,
    AgentEvent,
    AgentLogoutFailed,
    AgentLogoutSuccess,
    AgentMultiLoginCloseSession,
    AgentOfferContact,
    AgentReloginFailed,
    AgentReloginSuccess,
    AgentStateChangeFailed,
    AgentStateChangeSuccess,
    BuddyAgent,
    BuddyAgents,
    BuddyChannel,
    ContactEnded,
    FailureEvent,
    Interaction,
    MsgType,
    StationLoginFailed,
    StationLoginSuccess,
    UnknownEvent,
)
from tui.backends.webex.wire.failures import (
    FAILURE_REASON_CODES,
    FailureReason,
    failure_reason_for_code,
)
from tui.backends.webex.wire.frames import (
    KEEPALIVE_JSON,
    BuddyMemo,
    Frame,
    Keepalive,
    Msg,
    UnknownFrame,
    Welcome,
    WelcomeData,
    dump_frame,
    parse_frame,
)
from tui.backends.webex.wire.requests import (
    BuddyListRequest,
    LoginRequest,
    LogoutRequest,
    StateRequest,
    SubscribeRequest,
    SubscribeResponse,
)
from tui.backends.webex.wire.search import (
    QUEUED_LOOKBACK_MS,
    QUEUED_TASKS_QUERY,
    SEARCH_PATH,
    PageInfo,
    QueueRef,
    SearchAnswer,
    SearchData,
    SearchError,
    SearchRequest,
    SearchTask,
    TaskPage,
)
from tui.backends.webex.wire.tasks import (
    CANCEL_OFFER_SUCCESS,
    TASK_FAILURE_CODES,
    TASK_ROUTES,
    TASKS_PATH,
    EmptyTaskRequest,
    HoldRequest,
    TaskAction,
    TaskFailureReason,
    TaskRoute,
    WrapupRequest,
)

__all__ = [
    "AGENT_DESKTOP_MESSAGE",
    "AVAILABLE_AUX_CODE_ID",
    "CANCEL_OFFER_SUCCESS",
    "EVENT_MODELS",
    "FAILURE_REASON_CODES",
    "KEEPALIVE_JSON",
    "MSG_TYPE_FOR_EVENT",
    "QUEUED_LOOKBACK_MS",
    "QUEUED_TASKS_QUERY",
    "ROUTING_MESSAGE",
    "SEARCH_PATH",
    "TASKS_PATH",
    "TASK_FAILURE_CODES",
    "TASK_FAILURE_TYPES",
    "TASK_FRAME_MODELS",
    "TASK_ROUTES",
    "AgentContact",
    "AgentContactAssignFailed",
    "AgentContactAssigned",
    "AgentContactEndFailed",
    "AgentContactHeld",
    "AgentContactHoldFailed",
    "AgentContactReserved",
    "AgentContactUnHoldFailed",
    "AgentContactUnassigned",
    "AgentContactUnheld",
    "AgentEvent",
    "AgentLogoutFailed",
    "AgentLogoutSuccess",
    "AgentMultiLoginCloseSession",
    "AgentOfferContact",
    "AgentOfferContactRona",
    "AgentProfile",
    "AgentReloginFailed",
    "AgentReloginSuccess",
    "AgentStateChangeFailed",
    "AgentStateChangeSuccess",
    "AgentWrappedUp",
    "AgentWrapup",
    "AgentWrapupFailed",
    "ApiErrorDetails",
    "ApiErrorResponse",
    "AuxiliaryCode",
    "BuddyAgent",
    "BuddyAgents",
    "BuddyChannel",
    "BuddyListRequest",
    "BuddyMemo",
    "CallAssociatedDetails",
    "ContactDirection",
    "ContactEnded",
    "ContactInteraction",
    "DeviceType",
    "DialPlan",
    "EmptyTaskRequest",
    "FailureEvent",
    "FailureReason",
    "Frame",
    "HoldRequest",
    "Interaction",
    "Keepalive",
    "LoginRequest",
    "LogoutRequest",
    "MediaEntry",
    "MediaType",
    "Msg",
    "MsgType",
    "OperationError",
    "Page",
    "PageInfo",
    "PageMeta",
    "Person",
    "QueueRef",
    "Role",
    "SearchAnswer",
    "SearchData",
    "SearchError",
    "SearchRequest",
    "SearchTask",
    "StateRequest",
    "StationLoginFailed",
    "StationLoginSuccess",
    "SubStatus",
    "SubscribeRequest",
    "SubscribeResponse",
    "TaskAction",
    "TaskFailureReason",
    "TaskFrame",
    "TaskPage",
    "TaskRoute",
    "Team",
    "UnknownEvent",
    "UnknownFrame",
    "User",
    "Welcome",
    "WelcomeData",
    "WorkTypeCode",
    "WrapupRequest",
    "api_error",
    "dump_frame",
    "failure_reason_for_code",
    "parse_frame",
    "parse_task_frame",
]
