"""`WebexSession`: the desktop session spoken in the Webex Contact Center agent API.

Every agent request answers HTTP 202 and its result arrives later on the notification socket.
Each request registers a pending entry keyed by a fresh tracking id *before* it is sent; the
stream's reader settles it when the matching frame arrives, publishing the resulting event
first so that the snapshot is already up to date when the caller's `await` returns.

A frame is matched as the vendor's SDK matches it (services/core/aqm-reqs.ts `bindCheck`): by
the tracking id where the platform echoes the request's `TrackingID`, otherwise by the frame's
type and data (the oldest pending request that expects that type, for the same agent). Once
the platform has echoed one of our tracking ids, a frame carrying someone else's tracking id
answers someone else's request and settles none of ours.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any, Unpack

from pydantic import BaseModel

from tui.backends.platform import PlatformSession, SessionOptions
from tui.backends.session import ExistingSession, Identity, StationLogin, TeamAgent, TeamLook
from tui.backends.webex import wire
from tui.backends.webex.agent_profile import load_agent_profile, users_if_allowed
from tui.backends.webex.hosts import default_people_url, socket_url_problem
from tui.backends.webex.http import WebexHttp
from tui.backends.webex.mapping import (
    Action,
    MappingContext,
    availability_of,
    error_for,
    event_for,
    frame_ignored,
    logged_out,
    login_option_of,
    session_synced,
    state_changed,
)
from tui.backends.webex.profile import (
    KNOWN_ROLES,
    capacity_of,
    logged_out_agent,
    team_agent_of,
)
from tui.backends.webex.queues import loads_of, queued_tasks
from tui.backends.webex.stream import EventStream, StreamTiming
from tui.backends.webex.tasks import WebexContacts
from tui.backends.webex.wire.ids import bare_id
from tui.domain import (
    AgentLoggedOut,
    AgentSnapshot,
    Availability,
    Capabilities,
    DesktopEvent,
    DesktopProfile,
    IdleCode,
    LoginOption,
    QueueLoad,
    RequestRefused,
    SyncReason,
)
from tui.domain.errors import (
    DesktopError,
    ImpersonationNotEnabled,
    InvalidDialNumber,
    InvalidIdleCode,
    NoSuchSession,
    NotConnected,
    NotSignedIn,
    PlatformRefused,
    RequestTimedOut,
    ServerUnreachable,
)

CLIENT_TYPE = "AgentDesktop"
LOST_BEFORE_CONFIRMED = (
    "The connection dropped before the platform confirmed this; the desktop will show the "
    "platform's state again once it reconnects."
)
ENDED_WHILE_AWAY = "the session ended while the desktop was disconnected"
WSS_DISCONNECT_REASON = "agent-wss-disconnect"
"""The state-change reason of the platform setting an agent Idle while their socket was down."""
RESTORE_REFUSED = "The platform set you Idle while the connection was down"

Mapper = Callable[[Any], DesktopEvent | None]


@dataclass(slots=True)
class _Pending:
    """A request waiting for its result frame."""

    action: Action
    expects: tuple[type[BaseModel], ...]
    on_success: Mapper | None = None
    on_failure: Callable[[wire.FailureEvent], None] | None = None
    future: asyncio.Future[Any] | None = field(default=None)
    agent_id: str | None = None
    """The agent the result is about (its frame's ``agentId``); None: any."""

    def answered_by(self, data: Any) -> bool:
        """Whether `data` is this request's kind of result (the SDK's type-and-data bind)."""
        if not isinstance(data, self.expects):
            return False
        about = getattr(data, "agentId", None)
        return self.agent_id is None or about is None or about == self.agent_id


class WebexSession(WebexContacts, PlatformSession[WebexHttp]):
    """One agent's (or supervisor's) connection to Webex Contact Center or the sandbox."""

    platform = "webex"

    def __init__(
        self,
        base_url: str,
        *,
        keepalive: float = 4.0,
        silence: float = 8.0,
        client_type: str = CLIENT_TYPE,
        allow_multi_login: bool = False,
        people_url: str | None = None,
        **options: Unpack[SessionOptions],
    ) -> None:
        """`base_url` is the contact-center API; `people_url` the general Webex API, which
        says who the token belongs to (default: the vendor's own, or `base_url` itself when
        that is a sandbox on this machine, which serves both)."""
        super().__init__(base_url, WebexHttp, **options)
        self._http.renew = self.renew
        self._http.on_signed_out = self._signed_out
        self.people_url = (people_url or default_people_url(base_url)).rstrip("/")
        self.client_type = client_type
        self.allow_multi_login = allow_multi_login
        self._pending: dict[str, _Pending] = {}
        self._echoes_tracking_ids = False
        """Learnt from the first frame that carries one of our tracking ids."""
        self._restoring: asyncio.Task[None] | None = None
        """Asking for Available after the platform idled the agent (agent-wss-disconnect)."""
        self._users: list[wire.User] = []
        self._members_loaded = False
        self._agent_profile_id = ""
        self._login_name = ""
        self._names: dict[str, str] = {}
        self._rows_profile: DesktopProfile | None = None
        self._rows: dict[str, tuple[wire.BuddyAgent, TeamAgent]] = {}
        self._queues_seen: dict[str, QueueLoad] = {}
        """Every queue the Search API has named, empty (`queues.py`)."""
        self._init_contacts()
        self._stream = EventStream(
            subscribe=self._subscribe,
            on_message=self._on_message,
            on_ignored=lambda frame: self.publish(frame_ignored(frame)),
            on_connected=self._resync,
            on_lost=self._fail_pending,
            publish=self.publish,
            live=self._live(StreamTiming, keepalive=keepalive, silence=silence),
        )

    # -- identity and profile --------------------------------------------------------------------

    capabilities = Capabilities("Webex", act_as_agent=False)  # a supervisor acts from the board

    @property
    def stream(self) -> EventStream:
        return self._stream

    async def _who_am_i(self) -> Identity:
        """Who the token belongs to, from the general Webex API, whose ids are base64
        (``ciscospark://us/PEOPLE/<uuid>``): decoded, they are the contact-center UUIDs."""
        person = await self._http.get_model(f"{self.people_url}/v1/people/me", wire.Person)
        email = person.emails[0] if person.emails else ""
        self.identity = Identity(
            agent_id=bare_id(person.id),
            display_name=person.displayName,
            org_id=bare_id(person.orgId),
            roles=tuple(r for r in person.roles or () if r in KNOWN_ROLES),
        )
        self._login_name = person.userName or email.partition("@")[0]
        return self.identity

    async def load_profile(self) -> DesktopProfile:
        """The profile through the agent-scoped calls the SDK makes (`agent_profile.py`)."""
        identity = self.identity
        if identity is None:
            if not self._http.has_token:
                raise NotSignedIn()
            identity = await self._who_am_i()
        loaded = await load_agent_profile(self._http, identity)
        self._users = [loaded.own] if loaded.own else []
        self._members_loaded = False
        self._names = _names_of(self._users)
        self._agent_profile_id = loaded.agent_profile_id
        self.profile = loaded.profile
        await self._stream.open()
        return self.profile

    @property
    def _ctx(self) -> MappingContext:
        identity = self.identity
        profile = self.profile
        return MappingContext(
            agent_id=identity.agent_id if identity else "",
            agent_name=profile.agent_name if profile else "",
            profile=profile,
            agent_login=self._login_name,
            names=self._names,
        )

    # -- the station session ---------------------------------------------------------------------

    async def find_existing_session(self) -> ExistingSession | None:
        self._require_profile()
        try:
            data = await self._request(
                "POST", "/v1/agents/reload", None, Action.RELOAD, _RELOAD_RESULTS
            )
        except NoSuchSession:
            return None
        profile = self.profile
        team = profile.team(data.teamId) if profile else None
        availability, _ = availability_of(data.subStatus, data.auxCodeId, profile)
        extra = data.model_extra or {}
        started = extra.get("loginTimestamp") or extra.get("loginTime") or 0
        return ExistingSession(
            session_id=data.agentSessionId,
            team_name=team.name if team else "",
            login_option=login_option_of(data.deviceType, data.isExtension),
            dial_number=data.dialNumber or "",
            started_at=started if isinstance(started, int) else 0,
            availability=availability,
        )

    async def start_station_session(self, login: StationLogin) -> AgentSnapshot:
        profile = self._require_profile()
        number = login.dial_number.strip()
        problem = profile.dial_plan.problem_with(number, login.option)
        if problem:
            raise InvalidDialNumber(problem, field="dial_number")
        if login.option is LoginOption.BROWSER:
            raise PlatformRefused(
                "Desktop voice needs a browser; choose Dial Number or Extension.", field="option"
            )
        body = wire.LoginRequest(
            dialNumber=number,
            teamId=login.team_id or None,
            isExtension=login.option is LoginOption.EXTENSION,
            roles=_login_roles(profile, login),  # type: ignore[arg-type]
            deviceType=login.option.value,  # type: ignore[arg-type]
            deviceId=number,
        )

        def started(data: wire.StationLoginSuccess) -> DesktopEvent:
            return session_synced(data, SyncReason.STARTED, self._ctx, login_option=login.option)

        await self._request(
            "POST",
            "/v1/agents/login",
            body,
            Action.LOGIN,
            (wire.StationLoginSuccess, wire.StationLoginFailed),
            on_success=started,
        )
        return self.snapshot

    async def join_session(
        self, session_id: str | None = None, as_agent_id: str | None = None
    ) -> AgentSnapshot:
        self._require_profile()
        identity = self.identity
        if as_agent_id and identity and as_agent_id != identity.agent_id:
            raise ImpersonationNotEnabled(
                "Webex Contact Center does not let you act as another agent."
            )

        def joined(data: wire.AgentReloginSuccess) -> DesktopEvent | None:
            if session_id and data.agentSessionId != session_id:
                return None
            self._restore_if_idled_while_away(data)
            return session_synced(data, SyncReason.JOINED, self._ctx)

        data = await self._request(
            "POST", "/v1/agents/reload", None, Action.RELOAD, _RELOAD_RESULTS, on_success=joined
        )
        if session_id and data.agentSessionId != session_id:
            raise NoSuchSession("That session has ended; you have a newer one to join.")
        return self.snapshot

    async def set_available(self) -> None:
        await self._change_own_state(
            wire.StateRequest(state="Available", auxCodeId=wire.AVAILABLE_AUX_CODE_ID)
        )

    async def set_idle(self, code: IdleCode) -> None:
        if not code.selectable:
            raise InvalidIdleCode(f"{code.name} is set by the platform and cannot be chosen.")
        await self._change_own_state(
            wire.StateRequest(state="Idle", auxCodeId=code.id, lastStateChangeReason=code.name)
        )

    async def _change_own_state(self, body: wire.StateRequest) -> None:
        self._require_profile()
        await self._request(
            "PUT",
            "/v1/agents/session/state",
            body,
            Action.STATE,
            _STATE_RESULTS,
            on_success=self._own_state_changed,
        )

    def _own_state_changed(self, data: wire.AgentStateChangeSuccess) -> DesktopEvent | None:
        ctx = self._ctx
        return state_changed(data, ctx) if data.agentId == ctx.agent_id else None

    async def set_agent_state(
        self, agent_id: str, availability: Availability, code: IdleCode | None = None
    ) -> None:
        self._require_profile()
        if availability is Availability.AVAILABLE:
            body = wire.StateRequest(
                state="Available", auxCodeId=wire.AVAILABLE_AUX_CODE_ID, agentId=agent_id
            )
        elif availability is Availability.IDLE:
            if code is None:
                raise InvalidIdleCode("Choose an idle code.")
            body = wire.StateRequest(
                state="Idle", auxCodeId=code.id, lastStateChangeReason=code.name, agentId=agent_id
            )
        else:
            raise PlatformRefused("An agent can be set only to Available or Idle.")
        await self._request(
            "PUT",
            "/v1/agents/session/state",
            body,
            Action.AGENT_STATE,
            _STATE_RESULTS,
            on_success=self._own_state_changed,
            about=agent_id,
        )

    async def log_out(self, reason: str = "Logged out from the terminal desktop") -> None:
        self._require_profile()

        def ended(data: wire.AgentLogoutSuccess) -> DesktopEvent | None:
            ctx = self._ctx
            return logged_out(data, ctx) if data.agentId == ctx.agent_id else None

        await self._request(
            "PUT",
            "/v1/agents/logout",
            wire.LogoutRequest(logoutReason=reason[:128]),
            Action.LOGOUT,
            (wire.AgentLogoutSuccess, wire.AgentLogoutFailed),
            on_success=ended,
        )

    async def team_agents(self) -> list[TeamAgent]:
        rows, _ = await self._look_at_team()
        return self._whole_team(rows)

    async def team_changes(self) -> TeamLook:
        """The platform lists the whole team at every look; the board is handed the whole team
        only at the first look and when someone joined or left the list, otherwise just the
        rows that changed since the last look (it then sorts and counts only those)."""
        first = not self._rows
        rows, changed = await self._look_at_team()
        if first or changed is None:
            return TeamLook(self._whole_team(rows))
        return TeamLook(changed, whole=False)

    async def _look_at_team(self) -> tuple[list[TeamAgent], list[TeamAgent] | None]:
        """One look at the buddy list: every agent's row, and the rows made anew for it (None
        when an agent left the list since the last look)."""
        profile = self._require_profile()
        body = wire.BuddyListRequest(agentProfileId=self._agent_profile_id, mediaType="telephony")
        data = await self._request(
            "POST",
            "/v1/agents/buddyList",
            body,
            Action.BUDDY_LIST,
            (wire.BuddyAgents,),
            about=None,
        )
        rows, changed = await self._rows_of(data.agentList, profile)
        if profile.channel_capacity == {} and data.agentList:
            first = data.agentList[0].channels or []
            self.profile = _with_capacity(profile, capacity_of(first))
        await self._load_members()
        return rows, changed

    def _whole_team(self, rows: list[TeamAgent]) -> list[TeamAgent]:
        """The rows of a look with the teams' members who have no session, in the board's order."""
        profile = self._require_profile()
        seen = {row.agent_id for row in rows} | {profile.agent_id}
        teams = {team.id: team for team in profile.teams}
        for user in self._users:
            if user.id in seen:
                continue
            team_id = next((t for t in user.teamIds if t in teams), None)
            if team_id is not None:
                rows.append(logged_out_agent(user, teams[team_id]))
        return sorted(rows, key=_TEAM_THEN_NAME)

    async def _load_members(self) -> None:
        """The members of the teams a supervisor sees, once, for the board's logged-out rows
        and the names frames give only by id: the org's user list, where the token may read
        it (`agent_profile.users_if_allowed`)."""
        identity = self.identity
        if self._members_loaded or identity is None:
            return
        users = await users_if_allowed(self._http, f"/organization/{identity.org_id}")
        self._members_loaded = True
        if users:
            self._users = users
            self._names = _names_of(users)

    async def _rows_of(
        self, buddies: list[wire.BuddyAgent], profile: DesktopProfile
    ) -> tuple[list[TeamAgent], list[TeamAgent] | None]:
        """Board rows, each made again only when its buddy-list entry changed; and those made
        again (None when an agent of the last look is no longer listed).

        Between two looks at a big team most agents are as they were; comparing an entry with
        the last one costs a fraction of making (and cleaning) its row again, and the board
        then sees the very same row and has nothing to compare.
        """
        if profile is not self._rows_profile:
            self._rows_profile, self._rows = profile, {}
        known = self._rows
        rows, changed = [], []
        turn_ends = time.perf_counter() + ROWS_TURN_S
        for index, buddy in enumerate(buddies, 1):
            last = known.get(buddy.agentId)
            if last is not None and (last[0] is buddy or last[0] == buddy):
                rows.append(last[1])
            else:
                row = team_agent_of(buddy, profile)
                known[buddy.agentId] = (buddy, row)
                rows.append(row)
                changed.append(row)
            if index % 100 == 0 and time.perf_counter() > turn_ends:
                await asyncio.sleep(0)  # a big change: let the screen breathe between slices
                turn_ends = time.perf_counter() + ROWS_TURN_S
        if len(known) != len(rows):  # an agent left the list: keep only this look's
            self._rows = {row.agent_id: known[row.agent_id] for row in rows}
            return rows, None
        return rows, changed

    # Contacts: accept, hold, resume, end and wrap up come from `WebexContacts` (tasks.py).

    async def continue_here(self) -> None:
        self._require_profile()
        await self._stream.open(force=True, resync=True)

    async def _signed_in_again(self) -> None:
        """The stream stopped for want of a token: open it again on the same session and
        re-sync (the station session itself never ended)."""
        if self._stream.task_done and self.profile is not None:
            await self._stream.open(resync=True)

    async def queue_figures(self) -> tuple[QueueLoad, ...] | None:
        """The Search API's parked tasks per queue (`queues.py`); None where there is no
        Search API (404)."""
        answer = await queued_tasks(self._http, self.server_now_ms())
        return None if answer is None else loads_of(answer, self._queues_seen)

    async def close(self) -> None:
        await self.stop_watching_queues()
        if self._restoring is not None:
            self._restoring.cancel()
        await self._stop_renewing()
        await self._stream.close()
        self._fail_pending()
        await self._http.aclose()

    # -- requests and their result frames --------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        body: BaseModel | None,
        action: Action,
        expects: tuple[type[BaseModel], ...],
        *,
        on_success: Mapper | None = None,
        about: str | None = "",
    ) -> Any:
        """Send one agent request and wait for its result frame (or fail with a typed error).

        `about` is the agent whose frame answers it: "" the signed-in agent, None any agent.
        """
        if not self._stream.is_online:
            raise NotConnected()
        tracking_id = new_tracking_id()
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        agent_id = self.identity.agent_id if about == "" and self.identity else about
        self._pending[tracking_id] = _Pending(
            action, expects, on_success, future=future, agent_id=agent_id or None
        )

        async def sent() -> Any:
            await self._http.accepted(method, path, body, tracking_id, action)
            return await future

        try:
            return await self._confirmed(sent())
        finally:
            self._pending.pop(tracking_id, None)

    async def _resync(self) -> None:
        """After a reconnect: reload, and let the answer replace the snapshot (no one waits)."""
        tracking_id = new_tracking_id()

        def gone(failure: wire.FailureEvent) -> None:
            if failure.failure is wire.FailureReason.AGENT_NOT_FOUND and self.snapshot.has_session:
                self.publish(AgentLoggedOut(reason=ENDED_WHILE_AWAY))

        self._pending[tracking_id] = _Pending(
            Action.RELOAD,
            _RELOAD_RESULTS,
            on_success=self._resynced,
            on_failure=gone,
            agent_id=self.identity.agent_id if self.identity else None,
        )
        asyncio.get_running_loop().call_later(
            self.request_timeout, self._pending.pop, tracking_id, None
        )
        try:
            await self._http.accepted("POST", "/v1/agents/reload", None, tracking_id, Action.RELOAD)
        except BaseException:
            self._pending.pop(tracking_id, None)
            raise

    def _resynced(self, data: wire.AgentReloginSuccess) -> DesktopEvent | None:
        self._restore_if_idled_while_away(data)
        return session_synced(data, SyncReason.RESYNCED, self._ctx)

    def _restore_if_idled_while_away(self, data: wire.AgentReloginSuccess) -> None:
        """The platform set the agent Idle because their socket was down (reason
        ``agent-wss-disconnect``): ask for Available again, as the SDK's silent relogin does
        (cc.ts). Sent from a task of its own: this runs on the reader, which must go on
        reading to see the answer."""
        if data.lastStateChangeReason != WSS_DISCONNECT_REASON or data.subStatus == "Available":
            return
        if self._restoring is not None and not self._restoring.done():
            return
        body = wire.StateRequest(
            state="Available",
            auxCodeId=wire.AVAILABLE_AUX_CODE_ID,
            lastStateChangeReason=WSS_DISCONNECT_REASON,
            agentId=data.agentId,
        )
        self._restoring = asyncio.get_running_loop().create_task(
            self._restore(body), name="webex-restore-available"
        )

    async def _restore(self, body: wire.StateRequest) -> None:
        try:
            await self._change_own_state(body)
        except DesktopError as error:
            self.publish(RequestRefused(RESTORE_REFUSED, error.sentence))

    def _on_message(self, msg: wire.Msg) -> None:
        """Every event frame, in order, on the stream's one reader task."""
        data = msg.data
        key = self._pending_for(msg.trackingId or getattr(data, "trackingId", None), data)
        if key is not None:
            self._settle(self._pending.pop(key), data)
            return
        if self._on_contact_frame(data):
            return
        ctx = self._ctx
        if isinstance(data, wire.FailureEvent):
            if data.agentId in (None, ctx.agent_id):
                refused = error_for(data)
                self.publish(RequestRefused("The platform refused a request", refused.sentence))
            return
        event = event_for(data, ctx)
        if event is not None:
            self._observe_skew(data)
            self.publish(event)

    def _pending_for(self, tracking_id: str | None, data: Any) -> str | None:
        """The pending request this frame answers, if any (see the module's docstring)."""
        if tracking_id and tracking_id in self._pending:
            if self._pending[tracking_id].answered_by(data):
                self._echoes_tracking_ids = True
                return tracking_id
            return None
        if tracking_id and self._echoes_tracking_ids:
            return None  # the platform echoes: this answers another client's request
        return next((key for key, p in self._pending.items() if p.answered_by(data)), None)

    def _settle(self, pending: _Pending, data: Any) -> None:
        future = pending.future
        if isinstance(data, wire.FailureEvent):
            if pending.on_failure is not None:
                pending.on_failure(data)
            if future is not None and not future.done():
                future.set_exception(error_for(data, pending.action))
            return
        event = pending.on_success(data) if pending.on_success else None
        if event is not None:
            self._observe_skew(data)
            self.publish(event)
        if future is not None and not future.done():
            future.set_result(data)

    def _observe_skew(self, data: Any) -> None:
        """A login or a state change that just happened is stamped "now" on the server's clock."""
        if not isinstance(data, wire.StationLoginSuccess | wire.AgentStateChangeSuccess):
            return
        stamped = max(data.lastStateChangeTimestamp, data.lastIdleCodeChangeTimestamp)
        before = self.snapshot
        if isinstance(data, wire.StationLoginSuccess) or stamped > max(
            before.state_changed_at, before.idle_code_changed_at
        ):
            self.skew.observe(stamped, self.clock())

    def _fail_pending(self) -> None:
        """The socket is gone: no result frame will come for what is in flight."""
        self._fail_task_waits()
        for tracking_id, pending in list(self._pending.items()):
            future = pending.future
            if future is not None:
                del self._pending[tracking_id]
                if not future.done():
                    future.set_exception(RequestTimedOut(LOST_BEFORE_CONFIRMED))

    # -- the notification subscription -----------------------------------------------------------

    async def _subscribe(self, force: bool) -> str:
        body = wire.SubscribeRequest(
            force=force,
            isKeepAliveEnabled=True,
            clientType=self.client_type,
            allowMultiLogin=self.allow_multi_login,
        )
        path = "/v1/notification/subscribe"
        # A 401 is renewed and sent again by the HTTP layer (`WebexHttp._send`).
        answer = await self._http.post_model(path, body, wire.SubscribeResponse)
        problem = socket_url_problem(answer.webSocketUrl, self.base_url)
        if problem:
            raise ServerUnreachable(f"The live event stream was not opened: {problem}.")
        return answer.webSocketUrl


TRACKING_PREFIX = "agent-desktop"


def new_tracking_id() -> str:
    """A request's tracking id in the vendor's ``X_Y`` form (its SDK sends
    ``webex-js-sdk_<uuid>_<n>`` and reads the part after the first ``_``)."""
    return f"{TRACKING_PREFIX}_{uuid.uuid4()}"


_TEAM_THEN_NAME = attrgetter("team_name", "name")
ROWS_TURN_S = 0.004
"""The longest the rows of one look are made before the event loop has a turn. Most entries are
the very models of the last look and keep their rows (2,000 in about a millisecond), so most
looks take no turn; one where every agent changed (the first) takes a few. A turn every 250
entries whatever they cost let a frame or two in before the rows were done (10 ms a look)."""
_RELOAD_RESULTS: tuple[type[BaseModel], ...] = (wire.AgentReloginSuccess, wire.AgentReloginFailed)
_STATE_RESULTS: tuple[type[BaseModel], ...] = (
    wire.AgentStateChangeSuccess,
    wire.AgentStateChangeFailed,
)


def _login_roles(profile: DesktopProfile, login: StationLogin) -> list[str]:
    """An agent signs in as an agent; a supervisor also as one when they chose a team."""
    if not profile.is_supervisor:
        return ["agent"]
    return ["agent", "supervisor"] if login.team_id else ["supervisor"]


def _names_of(users: list[wire.User]) -> dict[str, str]:
    names: dict[str, str] = {}
    for user in users:
        name = f"{user.firstName} {user.lastName}".strip()
        names[user.id] = name
        login = (user.model_extra or {}).get("userName")
        if isinstance(login, str) and login:
            names[login] = name
    return names


def _with_capacity(profile: DesktopProfile, capacity: dict[Any, int]) -> DesktopProfile:
    return replace(profile, channel_capacity=capacity)
