"""The Webex live source: one notification websocket, kept alive, for the shared `LiveLoop`.

The source subscribes and waits for Welcome before a socket counts as connected, reads frames,
sends a keepalive every few seconds and treats a silent socket as lost. The loop reconnects it
after a loss, and once a new socket says Welcome the client re-syncs (a reload), so the snapshot
catches up with whatever happened while the desktop was away. A multi-login close ends the
stream for good: another desktop took the agent over, and only the agent may take it back
("continue here").
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from tui.backends.live import LiveSetup, LiveSource, LiveTiming, Lost, Stop
from tui.backends.webex import wire
from tui.domain import Connection, DesktopEvent, Link, MultiLoginClosed
from tui.domain.errors import DesktopError, NotSignedIn, ServerUnreachable

TASK_NAME = "webex-event-stream"
MULTI_LOGIN_DETAIL = "this agent signed in from another desktop"
SLICE_S = 0.004
"""The longest the reader holds the event loop while frames are already queued: `recv()` does
not suspend when a frame is waiting, so a flood would otherwise freeze the screen until the
last frame was read."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamTiming(LiveTiming):
    """How the stream keeps time; tests shrink these."""

    keepalive: float = 4.0  # send a keepalive this often
    silence: float = 8.0  # nothing heard for this long = connection lost
    open_timeout: float = 10.0  # websocket handshake


Subscribe = Callable[[bool], Awaitable[str]]
"""Ask the platform for a socket: `force` -> the websocket URL."""


class StreamClosed(Exception):
    """The socket ended; `detail` says why in plain words."""

    def __init__(self, detail: str, *, multi_login: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.multi_login = multi_login


class EventStream(LiveSource):
    """The Webex `LiveSource`: the one websocket of a session."""

    timing: StreamTiming

    def __init__(
        self,
        *,
        subscribe: Subscribe,
        on_message: Callable[[wire.Msg], None],
        on_ignored: Callable[[wire.UnknownFrame], None],
        on_connected: Callable[[], Awaitable[None]],
        on_lost: Callable[[], None],
        publish: Callable[[DesktopEvent], None],
        live: LiveSetup[StreamTiming],
    ) -> None:
        super().__init__(name=TASK_NAME, live=live)
        self._subscribe = subscribe
        self._buddies = wire.BuddyMemo()  # a board's looks validate only what changed
        self._on_message = on_message
        self._on_ignored = on_ignored
        self._on_connected = on_connected
        self._on_lost = on_lost
        self._publish = publish
        self._socket: ClientConnection | None = None
        self.frames_received = 0

    # -- what the client asks ------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self._connection.current

    @property
    def is_online(self) -> bool:
        return self._connection.is_online

    @property
    def task_done(self) -> bool:
        """True when no reader runs (never started, closed, or ended after a multi-login)."""
        return not self.running

    async def open(self, *, force: bool = False, resync: bool = False) -> None:
        """Connect now and start the reader task; raises when the first connect fails.

        With `resync`, the client re-syncs the session once the socket is up.
        """
        await self.stop()
        self._report(Connection(Link.CONNECTING))
        try:
            await self._connect(force)
        except DesktopError as error:
            self._report(Connection(Link.OFFLINE, detail=error.sentence))
            raise
        self._report(Connection(Link.ONLINE))
        self._live.start(resync=resync)

    async def stop(self) -> None:
        """Cancel the reader task and close the socket, reporting nothing."""
        await super().stop()
        await self._close_socket()

    async def close(self) -> None:
        """Stop for good and say so."""
        await self.stop()
        if self.connection.link is not Link.OFFLINE:
            self._report(Connection(Link.OFFLINE, detail="the desktop closed the connection"))

    # -- the live source -----------------------------------------------------------------------

    async def resync(self) -> None:
        try:
            await self._on_connected()
        except Exception as exc:  # e.g. the re-sync request failed on its way out
            raise _lost(exc) from None

    async def pump(self) -> None:
        socket = self._socket
        assert socket is not None
        try:
            await self._pump(socket)
        except StreamClosed as closed:
            if not closed.multi_login:
                raise Lost(closed.detail) from None
            await self.disconnect()
            self._publish(MultiLoginClosed())
            raise Stop(MULTI_LOGIN_DETAIL) from None
        except Exception as exc:  # never let the one reader die quietly; start over
            raise _lost(exc) from None

    async def disconnect(self) -> None:
        await self._close_socket()
        self._on_lost()

    async def reconnect(self) -> None:
        try:
            await self._connect(force=False)
        except NotSignedIn:
            raise Stop() from None  # the session has said "signed out"; a new sign-in resumes
        except DesktopError as error:
            raise Lost(error.sentence) from None

    # -- the socket ----------------------------------------------------------------------------

    async def _connect(self, force: bool) -> None:
        """Subscribe, open the socket and wait for Welcome. Raises DesktopError on failure."""
        url = await self._subscribe(force)
        try:
            socket = await connect(
                url,
                open_timeout=self.timing.open_timeout,
                ping_interval=None,  # the Webex keepalive frame does this job
                max_size=2**22,
            )
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            raise ServerUnreachable(
                "The live event stream could not be opened. Check your network."
            ) from exc
        self._socket = socket
        try:
            async with asyncio.timeout(self.timing.silence):
                while True:
                    frame = wire.parse_frame(await socket.recv())
                    if isinstance(frame, wire.Welcome):
                        return
                    if isinstance(frame, wire.UnknownFrame):
                        self._on_ignored(frame)
        except (TimeoutError, ConnectionClosed) as exc:
            await self._close_socket()
            raise ServerUnreachable("The platform did not welcome the event stream.") from exc

    async def _pump(self, socket: ClientConnection) -> None:
        """Read frames until the socket is lost; send keepalives on the way."""
        loop = asyncio.get_running_loop()
        timing = self.timing
        heard = busy_since = loop.time()
        next_keepalive = heard + timing.keepalive
        while True:
            now = loop.time()
            if now >= next_keepalive:
                await self._send_keepalive(socket)
                next_keepalive = now + timing.keepalive
            # One deadline for many frames, not a timer set and cancelled for each (a flood is
            # thousands a second). Hearing a frame only makes the silence deadline too early:
            # when it passes, the check below finds the socket was not silent and sets another.
            try:
                async with asyncio.timeout_at(min(next_keepalive, heard + timing.silence)):
                    while True:
                        raw = await socket.recv()
                        heard = loop.time()
                        self.frames_received += 1
                        self._handle(wire.parse_frame(raw, self._buddies))
                        if heard - busy_since >= SLICE_S:
                            await asyncio.sleep(0)  # let the screens (and the rest) have a turn
                            busy_since = loop.time()
            except TimeoutError:
                if loop.time() - heard >= timing.silence:
                    raise StreamClosed(
                        f"nothing heard from the platform for {timing.silence:g} s"
                    ) from None
            except ConnectionClosed as exc:
                raise self._closed(exc) from None

    def _handle(self, frame: wire.Frame) -> None:
        match frame:
            case wire.Msg() if _is_multi_login(frame):
                raise StreamClosed(MULTI_LOGIN_DETAIL, multi_login=True)
            case wire.Msg():
                try:
                    self._on_message(frame)
                except Exception as exc:  # one frame the client cannot apply must not stop the rest
                    reason = f"{exc.__class__.__name__}: {exc}"
                    self._on_ignored(wire.UnknownFrame(frame.model_dump_json()[:200], reason))
            case wire.UnknownFrame():
                self._on_ignored(frame)
            case _:
                pass  # keepalive or a late Welcome: hearing it was the point

    async def _send_keepalive(self, socket: ClientConnection) -> None:
        try:
            await socket.send(wire.KEEPALIVE_JSON)
        except ConnectionClosed as exc:
            raise self._closed(exc) from None

    @staticmethod
    def _closed(exc: ConnectionClosed) -> StreamClosed:
        reason = exc.rcvd.reason if exc.rcvd else ""
        if "MULTI_LOGIN" in reason.upper():
            return StreamClosed(MULTI_LOGIN_DETAIL, multi_login=True)
        return StreamClosed("the platform closed the connection")

    async def _close_socket(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0):
                    await socket.close()

    def _report(self, connection: Connection) -> None:
        self._connection.report(connection)


def _lost(exc: Exception) -> Lost:
    """What a failure in the reader means: a lost connection, started over."""
    if isinstance(exc, DesktopError):
        return Lost(exc.sentence)
    return Lost(f"unexpected {exc.__class__.__name__}")


def _is_multi_login(msg: wire.Msg) -> bool:
    return msg.type == wire.MsgType.AGENT_MULTI_LOGIN or isinstance(
        msg.data, wire.AgentMultiLoginCloseSession
    )
