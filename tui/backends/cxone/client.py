"""`CxoneSession`: the desktop session spoken in the NICE CXone agent API.

Commands answer 202 at once; what they did arrives on the session's long poll (`PollLoop`). So a
state change registers a *waiter* before it is sent, and returns once the poll has delivered the
`AgentState` that confirms it (already folded into the snapshot). Starting or joining a session
returns once its whole picture has arrived the same way.

The session id the platform hands out is a handle that rotates with every poll answer; the
desktop shows the session's stable id (from `AgentSessionStart`) and joins by it after a lost
connection, which re-syncs the snapshot. A supervisor may join an agent's session and act as
them (the snapshot says who is acting), or change an agent's state (joining the agent's
session as them for that one request, as the vendor's SDK would).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Unpack
from urllib.parse import quote

import httpx

from tui.backends.credentials import Credentials, OAuthSignIn, PasswordSignIn
from tui.backends.cxone import wire
from tui.backends.cxone.contacts import CxoneContacts
from tui.backends.cxone.http import CxoneHttp, PollAnswer, session_path
from tui.backends.cxone.mapping import Action, MappingContext, fold, state_key
from tui.backends.cxone.poll import PollLoop, PollTiming
from tui.backends.cxone.profile import (
    acw_codes_of,
    build_profile,
    identity_of,
    idle_codes_of,
)
from tui.backends.cxone.queues import ACTIVITY_PATH, loads_of
from tui.backends.cxone.signin import CxoneSignIn, CxoneTokens, TokenKeeper, tokens_of
from tui.backends.cxone.team import AgentStates
from tui.backends.platform import PlatformSession, SessionOptions
from tui.backends.session import ExistingSession, Identity, StationLogin, TeamAgent, TeamLook
from tui.domain import (
    AgentLoggedOut,
    AgentSnapshot,
    AgentStateChanged,
    Availability,
    Capabilities,
    Connection,
    DesktopEvent,
    DesktopProfile,
    FrameIgnored,
    IdleCode,
    Link,
    LoginOption,
    QueueLoad,
    SessionSynced,
    SyncReason,
)
from tui.domain.errors import (
    DesktopError,
    InvalidDialNumber,
    InvalidIdleCode,
    NoSuchSession,
    NotConnected,
    NotLoggedIn,
    NotSignedIn,
    PlatformRefused,
)

Check = Callable[[DesktopEvent], bool]
SIGNED_OUT = "the platform no longer accepts your sign-in; sign in again"


@dataclass(slots=True)
class _Waiter:
    """A caller waiting for the event that confirms what it asked for."""

    check: Check
    future: asyncio.Future[DesktopEvent] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(slots=True)
class _Attachment:
    """The session this desktop follows: its stable id and whom the desktop acts as."""

    session_id: str = ""  # the stable id (AgentSessionStart.SessionId)
    acting_as: str | None = None  # the agent's id when impersonating


class CxoneSession(CxoneContacts, PlatformSession[CxoneHttp]):
    """One agent's (or supervisor's) connection to NICE CXone or the sandbox's CXone API."""

    platform = "cxone"

    def __init__(
        self,
        base_url: str,
        *,
        api_version: str = wire.CURRENT_VERSION,
        poll_timeout: int = 30,
        poll_margin: float = 5.0,
        **options: Unpack[SessionOptions],
    ) -> None:
        http = partial(CxoneHttp, version=api_version)
        super().__init__(base_url, http, on_offline=self._offline, **options)
        self._keeper = TokenKeeper(CxoneSignIn(self._http.client, base_url))
        self._http.renew = self._keeper.renew
        self._http.on_signed_out = self._signed_out
        self._keeper.on_refreshed = self._refreshed
        self._record: wire.AgentRecord | None = None
        self._acw: dict[str, IdleCode] = {}
        self._attached = _Attachment()
        self._sync_reason = SyncReason.RESYNCED
        self._waiters: list[_Waiter] = []
        self._refresh: asyncio.Task[None] | None = None
        self._init_contacts()
        self._agent_states = AgentStates(self._http)
        self._loop = PollLoop(
            http=self._http,
            on_answer=self._on_answer,
            on_ended=self._on_ended,
            reattach=self._reattach,
            live=self._live(PollTiming, timeout=poll_timeout, margin=poll_margin),
        )

    # -- what the desktop reads ------------------------------------------------------------------

    # Join Agent Session with asAgentId; reject gives an offer back.
    capabilities = Capabilities("CXone", act_as_agent=True, decline_offer=True)

    @property
    def acting_as(self) -> str | None:
        """The agent this desktop acts as (impersonation), or None for the user's own."""
        return self._attached.acting_as

    @property
    def poll_loop(self) -> PollLoop:
        return self._loop

    # -- identity and profile --------------------------------------------------------------------

    async def sign_in(self, credentials: Credentials) -> Identity:
        """Discover the token endpoint, sign in (or take a pasted token), learn whose token it
        is and where the agent API is (`signin.TokenKeeper`), then read the agent's record."""
        if isinstance(credentials, OAuthSignIn):
            answer = {**credentials.answer, "refresh_token": credentials.refresh_token}
            self._use(await self._keeper.take(tokens_of(answer, credentials.access_token)))
            self._record = None
            return await self._who_am_i()
        password = credentials if isinstance(credentials, PasswordSignIn) else None
        token = "" if isinstance(credentials, PasswordSignIn) else credentials.token
        self._use(await self._keeper.sign_in(password, token))
        self._record = None
        return await self._who_am_i()

    def _use(self, tokens: CxoneTokens) -> None:
        self._http.set_token(tokens.access_token)
        if tokens.api_base:
            self._http.client.base_url = httpx.URL(tokens.api_base)

    async def _who_am_i(self) -> Identity:
        """The agent's record, by the id the token answer (or whoami) gave: `GET agents/{id}`.
        A token given to the constructor is looked up (whoami) the first time."""
        tokens = self._keeper.tokens
        if tokens is None:
            if not self._http.has_token:
                raise NotSignedIn()
            tokens = await self._keeper.sign_in(None, self._http.token)
            self._use(tokens)
        path = f"agents/{quote(tokens.agent_id, safe='')}"
        answer = await self._http.get(path, wire.AgentsResponse)
        record = next((r for r in answer.agents if r.agentId == tokens.agent_id), None)
        if record is None:
            raise PlatformRefused("The platform did not describe the signed-in agent.")
        if not record.teamId and tokens.team_id:
            record = record.model_copy(update={"teamId": tokens.team_id})
        if not record.businessUnitId and tokens.bus_no:
            record = record.model_copy(update={"businessUnitId": tokens.bus_no})
        self._record = record
        self.identity = identity_of(record)
        return self.identity

    async def load_profile(self) -> DesktopProfile:
        """The profile; the platform is then reachable, so the desktop shows it online."""
        if self._record is None:
            if not self._http.has_token:
                raise NotSignedIn()
            self._report(Connection(Link.CONNECTING))
            try:
                await self._who_am_i()
            except DesktopError as error:
                self._report(Connection(Link.OFFLINE, detail=error.sentence))
                raise
        assert self._record is not None
        codes = await self._codes()
        self.profile = build_profile(self._record, codes)
        self._acw = acw_codes_of(codes)
        self._report(Connection(Link.ONLINE))
        return self.profile

    async def refresh_idle_codes(self) -> tuple[IdleCode, ...]:
        """Load the unavailable codes again (they may have changed on the platform)."""
        self._require_profile()
        codes = await self._codes()
        self._acw = acw_codes_of(codes)
        self.profile = replace(self._require_profile(), idle_codes=idle_codes_of(codes))
        return self.profile.idle_codes

    async def _codes(self) -> list[wire.UnavailableCode]:
        assert self._record is not None
        record = self._record
        team_id = record.teamId or (record.teams[0].teamId if record.teams else "")
        if not team_id:
            return []
        path = f"teams/{quote(team_id, safe='')}/unavailable-codes"
        return (await self._http.get(path, wire.UnavailableCodesResponse)).unavailableCodes

    def _context(self) -> MappingContext:
        """How to map the events of the session the desktop follows."""
        return self._context_for(self._attached.acting_as)

    def _context_for(self, acting_as: str | None) -> MappingContext:
        """How to map a session's events: the user's own (None), or the agent acted as."""
        identity, profile = self.identity, self.profile
        return MappingContext(
            agent_id=acting_as or (identity.agent_id if identity else ""),
            agent_name="" if acting_as else (profile.agent_name if profile else ""),
            profile=profile,
            impersonated_by=(identity.display_name if identity else "") if acting_as else "",
            acw_codes=self._acw,
            contacts={i.id: i.state for i in self.snapshot.contacts},
            state=state_key(
                self.snapshot.availability, self.snapshot.idle_code, self.snapshot.state_changed_at
            ),
        )

    # -- the station session ---------------------------------------------------------------------

    async def find_existing_session(self) -> ExistingSession | None:
        """Joins the agent's own session to look at it (that handle is then let go)."""
        self._require_profile()
        try:
            handle = await self._http.session_id_of(
                "agent-sessions/join", wire.JoinSessionRequest(), Action.JOIN
            )
            answer = await self._http.poll(handle, 0, self.request_timeout)
        except NoSuchSession:
            return None
        raw = answer.events if answer else []
        folded = fold(raw, SyncReason.JOINED, self._context_for(None))
        synced = next((e for e in folded.events if isinstance(e, SessionSynced)), None)
        starts = (wire.parse_event(item) for item in raw)
        start = next((e for e in starts if isinstance(e, wire.AgentSessionStart)), None)
        if synced is None or start is None:
            return None
        return ExistingSession(
            session_id=synced.session_id,
            team_name=synced.team_name,
            login_option=synced.login_option,
            dial_number=synced.dial_number,
            started_at=wire.parse_utc_iso(start.StartTimeUTC) or 0,
            availability=synced.availability,
        )

    async def start_station_session(self, login: StationLogin) -> AgentSnapshot:
        """Start on a phone number or a station id; a 409 means one exists (join it instead)."""
        profile = self._require_profile()
        if login.option is LoginOption.BROWSER:
            raise PlatformRefused(
                "Desktop voice needs a browser; choose Dial Number or Extension.", field="option"
            )
        number = login.dial_number.strip()
        problem = profile.dial_plan.problem_with(number, login.option)
        if problem:
            raise InvalidDialNumber(problem, field="dial_number")
        if login.option is LoginOption.EXTENSION:
            body = wire.StartSessionRequest(stationId=number)
        else:
            body = wire.StartSessionRequest(stationPhoneNumber=number)
        handle = await self._http.session_id_of("agent-sessions", body, Action.LOGIN)
        return await self._follow(handle, SyncReason.STARTED, acting_as=None)

    async def join_session(
        self, session_id: str | None = None, as_agent_id: str | None = None
    ) -> AgentSnapshot:
        """Join the user's own session, or (with the permission) act as another agent.

        Each failure is its own typed error: NotSignedIn, NoSuchSession, NoSuchAgent,
        ImpersonationNotEnabled."""
        self._require_profile()
        me = self.identity.agent_id if self.identity else ""
        acting_as = as_agent_id if as_agent_id and as_agent_id != me else None
        body = wire.JoinSessionRequest(asAgentId=acting_as, sessionId=session_id or None)
        handle = await self._http.session_id_of("agent-sessions/join", body, Action.JOIN)
        return await self._follow(handle, SyncReason.JOINED, acting_as=acting_as)

    async def _follow(
        self, handle: str, reason: SyncReason, acting_as: str | None, session_id: str = ""
    ) -> AgentSnapshot:
        """Poll `handle` from now on; returns once its whole picture is in the snapshot."""
        await self._loop.stop()
        self._attached = _Attachment(session_id, acting_as)
        self._sync_reason = reason
        waiter = self._expect(lambda ev: isinstance(ev, SessionSynced))
        self._loop.start(handle)
        self._report(Connection(Link.ONLINE))
        await self._wait(waiter)
        return self.snapshot

    async def _reattach(self) -> str:
        """After a lost connection: join the same session again (the answer re-syncs it)."""
        self._sync_reason = SyncReason.RESYNCED
        attached = self._attached
        body = wire.JoinSessionRequest(
            asAgentId=attached.acting_as, sessionId=attached.session_id or None
        )
        return await self._http.session_id_of("agent-sessions/join", body, Action.JOIN)

    async def set_available(self) -> None:
        await self._change_own_state(wire.StateRequest(state="Available"), Availability.AVAILABLE)

    async def set_idle(self, code: IdleCode) -> None:
        if not code.selectable:
            raise InvalidIdleCode(f"{code.name} is set by the platform and cannot be chosen.")
        body = wire.StateRequest(state="Unavailable", reason=code.name)
        await self._change_own_state(body, Availability.IDLE, code.name)

    async def _change_own_state(
        self, body: wire.StateRequest, availability: Availability, reason: str = ""
    ) -> None:
        """Send the change; return once the poll has brought the state that confirms it."""
        self._require_session()

        def confirms(event: DesktopEvent) -> bool:
            if not isinstance(event, AgentStateChanged | SessionSynced):
                return False
            named = event.idle_code.name if event.idle_code else ""
            return event.availability is availability and named == reason

        waiter = self._expect(confirms)
        try:
            path = f"{session_path(self._loop.session_id)}/state"
            await self._http.command("POST", path, body, Action.STATE)
        except InvalidIdleCode:
            self._forget(waiter)
            self._refresh_codes_soon()  # the codes the desktop offers may be out of date
            raise
        except BaseException:
            self._forget(waiter)
            raise
        await self._wait(waiter)

    async def set_agent_state(
        self, agent_id: str, availability: Availability, code: IdleCode | None = None
    ) -> None:
        """A supervisor changes an agent's state the way NICE's SDK can: join the agent's
        session as them (`asAgentId`) and set the state on that session. The platform answers
        for the permission (may this user act as that agent?); the desktop's own session and
        poll are left alone, and the joined handle is simply let go (never ended: ending it
        would end the agent's session)."""
        self._require_profile()
        if availability is Availability.AVAILABLE:
            body = wire.StateRequest(state="Available")
        elif availability is Availability.IDLE:
            if code is None:
                raise InvalidIdleCode("Choose an idle code.")
            body = wire.StateRequest(state="Unavailable", reason=code.name)
        else:
            raise PlatformRefused("An agent can be set only to Available or Idle.")
        join = wire.JoinSessionRequest(asAgentId=agent_id)
        handle = await self._http.session_id_of("agent-sessions/join", join, Action.AGENT_STATE)
        path = f"{session_path(handle)}/state"
        await self._http.command("POST", path, body, Action.AGENT_STATE)

    async def log_out(self, reason: str = "Logged out from the terminal desktop") -> None:
        """End the session (its contacts too); returns once the poll has seen it end.

        CXone's end-session request carries no reason, so `reason` is not sent."""
        self._require_session()
        waiter = self._expect(lambda ev: isinstance(ev, AgentLoggedOut))
        try:
            await self._http.command(  # the end-session flags as a JSON body, as the SDK sends
                "DELETE",
                session_path(self._loop.session_id),
                wire.EndSessionRequest(endContacts=True),
                Action.LOGOUT,
            )
        except BaseException:
            self._forget(waiter)
            raise
        await self._wait(waiter)

    async def team_agents(self) -> list[TeamAgent]:
        return await self._agent_states.whole(self._require_profile())

    async def team_changes(self) -> TeamLook:
        """Whole once, then only the agents changed since (`updatedSince`, team.py)."""
        return await self._agent_states.look(self._require_profile())

    def _refreshed(self, refresh_token: str) -> None:
        if self.on_refresh_token is not None:
            self.on_refresh_token(refresh_token)

    @property
    def refresh_token(self) -> str:
        """The current refresh token ('' when none): only for keeping in the keyring."""
        tokens = self._keeper.tokens
        return tokens.refresh_token if tokens else ""

    async def sign_in_again(self, credentials: Credentials) -> Identity:
        """Signed out mid-shift: sign in as the same agent and carry on the same session (the
        poll joins it again and re-syncs)."""
        before, kept, record = self.identity, self._keeper.tokens, self._record
        identity = await self.sign_in(credentials)
        if before is not None and identity.agent_id != before.agent_id:
            self.identity, self._keeper.tokens, self._record = before, kept, record
            if kept is not None:
                self._use(kept)
            raise NotSignedIn("Sign in as the same agent to carry on this session.")
        self._report(Connection(Link.ONLINE))
        if not self._loop.running:
            await self.continue_here()
        return identity

    async def continue_here(self) -> None:
        """Re-attach to the session and re-sync it (CXone has no multi-login take-over)."""
        self._require_profile()
        attached = self._attached
        if not attached.session_id or not self.snapshot.has_session:
            return
        handle = await self._reattach()
        await self._follow(handle, SyncReason.RESYNCED, attached.acting_as, attached.session_id)

    async def queue_figures(self) -> tuple[QueueLoad, ...] | None:
        """The Real-Time Data API's skill activity, one queue per skill (`queues.py`)."""
        answer = await self._http.get(ACTIVITY_PATH, wire.SkillActivityResponse)
        return loads_of(answer)

    async def close(self) -> None:
        await self.stop_watching_queues()
        await self._loop.stop()
        if self._refresh is not None:
            self._refresh.cancel()
            with contextlib.suppress(BaseException):
                await self._refresh
        self._fail_waiters(NotConnected("The desktop closed the connection."))
        await self._http.aclose()
        if self.connection.link is not Link.OFFLINE:
            self._report(Connection(Link.OFFLINE, detail="the desktop closed the connection"))

    # -- what the poll brings --------------------------------------------------------------------

    def _on_answer(self, answer: PollAnswer) -> bool:
        """One 200 of the poll, on the loop's task. False once the session has ended."""
        if answer.problem:
            self._emit(FrameIgnored(f"an answer the desktop cannot read ({answer.problem})"))
        before = self.snapshot
        self._note_skills(answer.events)
        folded = fold(answer.events, self._sync_reason, self._context())
        for found in folded.events:
            event = self._with_disposition(found)
            if isinstance(event, SessionSynced):
                self._sync_reason = SyncReason.RESYNCED
                self._attached.session_id = event.session_id
                if event.reason is SyncReason.STARTED and event.state_changed_at:
                    self.skew.observe(event.state_changed_at, self.clock())  # started just now
            self._emit(event)
        known = max(before.state_changed_at, before.idle_code_changed_at)
        for stamped in folded.fresh_states:
            if stamped > known:  # a change that just happened is stamped "now" by the server
                self.skew.observe(stamped, self.clock())
        if folded.unknown_reason:
            self._refresh_codes_soon()
        return not any(isinstance(e, AgentLoggedOut) for e in folded.events)

    def _on_ended(self, why: str) -> None:
        """The session is gone (409, or it could not be joined again after a loss)."""
        if self.snapshot.has_session:
            self._emit(AgentLoggedOut(reason=why))
        self._fail_waiters(NotLoggedIn("The station session has ended."))
        if self.connection.link is Link.RECONNECTING:
            self._report(Connection(Link.ONLINE))

    def _emit(self, event: DesktopEvent) -> None:
        """Publish, then settle whoever was waiting for this event."""
        self.publish(event)
        for waiter in list(self._waiters):
            if not waiter.future.done() and waiter.check(event):
                waiter.future.set_result(event)

    # -- waiting for confirmation ----------------------------------------------------------------

    def _require_session(self) -> None:
        self._require_profile()
        if not self.snapshot.has_session:
            raise NotLoggedIn()
        if not self.connection.is_online or not self._loop.running:
            raise NotConnected()

    def _expect(self, check: Check) -> _Waiter:
        waiter = _Waiter(check)
        self._waiters.append(waiter)
        return waiter

    def _forget(self, waiter: _Waiter) -> None:
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)

    async def _wait(self, waiter: _Waiter) -> DesktopEvent:
        try:
            return await self._confirmed(waiter.future)
        finally:
            self._forget(waiter)

    def _fail_waiters(self, error: DesktopError) -> None:
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.set_exception(error)
        self._waiters.clear()

    # -- tokens, codes and the connection --------------------------------------------------------

    @property
    def tokens_renewed(self) -> int:
        return self._keeper.renewals

    @property
    def tokens_refreshed(self) -> int:
        """Of the renewed tokens, those the refresh token got."""
        return self._keeper.refreshes

    def _signed_out(self) -> None:
        """The platform refused the token and no other could be had: say so, and fail what
        waits for a confirmation (none will come)."""
        self._report(Connection(Link.SIGNED_OUT, detail=SIGNED_OUT))
        self._fail_waiters(NotSignedIn())

    def _refresh_codes_soon(self) -> None:
        if self._refresh is not None and not self._refresh.done():
            return

        async def refresh() -> None:
            with contextlib.suppress(DesktopError):
                await self.refresh_idle_codes()

        self._refresh = asyncio.get_running_loop().create_task(refresh(), name="cxone-codes")

    def _offline(self) -> None:
        """Offline: no confirmation will come for what waits."""
        self._fail_waiters(NotConnected())
