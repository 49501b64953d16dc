"""`SandboxServer`: the sandbox on uvicorn, in a background thread or in the foreground.

In a thread the server has its own event loop, so a desktop running its own asyncio loop in the
same process is never blocked by it. The listening socket is bound before uvicorn starts, so
`port=0` yields a real port at once and `start()` returns only when connections are accepted.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.server import ServerProtocol

from tui.sandbox.app import begin_shutdown, create_app
from tui.sandbox.config import SandboxConfig
from tui.sandbox.engine.org import load_org

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
HTTP_KEEP_ALIVE_S = 30
REQUEST_HEAD_LIMIT = 1024 * 1024
"""The longest request line and headers the sandbox reads (uvicorn's default is 16 KiB).

Past the limit uvicorn answers a plain-text 400 and closes the connection with the rest of the
request unread, so the client often saw the connection reset instead of the answer. A URL of
tens of kilobytes (a fuzzer's query, say) is now read whole and refused by the routes, in
JSON, like any other bad input."""
GRACEFUL_SHUTDOWN_S = 3


class SandboxServer:
    """A real sandbox server on `host:port` (port 0: any free port).

    `**knobs` are `SandboxConfig` fields (e.g. `keepalive_timeout_s=1.0`, `traffic_tick_s=0.02`,
    `offer_chance=1.0`, `token_lifetime_s=0`).
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        traffic: bool = True,
        seed: int | None = None,
        org_file: Path | str | None = None,
        **knobs: Any,
    ) -> None:
        self.config = SandboxConfig(
            data_dir=Path(data_dir) if data_dir is not None else None,
            org_file=Path(org_file) if org_file is not None else None,
            traffic=traffic,
            seed=seed,
            **knobs,
        )
        self.org = load_org(self.config.org_file)
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    # Addresses ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not started")
        return self._port

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def ws_base_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http")

    @property
    def app(self) -> Any:
        """The FastAPI app being served (None before `start()`); for inspection in tests."""
        return self._server.config.app if self._server is not None else None

    # Background thread ----------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT_S) -> SandboxServer:
        """Start in a background thread; returns once the server accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the sandbox is already started")
        sock = self._bind()
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._run_in_thread, args=(sock,), name="sandbox-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the sandbox failed to start: {self._failure!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the sandbox did not start in time")
            time.sleep(0.005)
        return self

    def _run_in_thread(self, sock: socket.socket) -> None:
        assert self._server is not None
        try:
            asyncio.run(self._server.serve(sockets=[sock]))
        except BaseException as exc:  # SystemExit from a failed startup included
            self._failure = exc
        finally:
            sock.close()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Shut down gracefully (sockets closed, store closed) and wait for the thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Foreground -----------------------------------------------------------------------------

    async def serve(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve on the running loop until `request_stop()` or SIGINT/SIGTERM (main thread).

        `on_ready(base_url)` is called once the server accepts connections.
        """
        sock = self._bind()
        self._server = self._make_server()
        task = asyncio.create_task(self._server.serve(sockets=[sock]))
        try:
            while not self._server.started and not task.done():
                await asyncio.sleep(0.005)
            if self._server.started and on_ready is not None:
                on_ready(self.base_url)
            await task
        finally:
            sock.close()

    def request_stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True

    # Internals ------------------------------------------------------------------------------

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets that
        # say they are TCP; with proto 0 every keep-alive request would wait ~40 ms for an ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        sock.setblocking(False)
        self._port = sock.getsockname()[1]
        return sock

    def _make_server(self) -> uvicorn.Server:
        config = uvicorn.Config(
            create_app(self.config, self.org),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws=_FastDeflateSocket,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            # Longer than clients keep idle connections (the desktop: 25 s), so the server never
            # closes a connection just as a client reuses it (a ReadError on a good request).
            timeout_keep_alive=HTTP_KEEP_ALIVE_S,
            h11_max_incomplete_event_size=REQUEST_HEAD_LIMIT,
        )
        return _Server(config)


class _FastDeflateSocket(WebSocketsSansIOProtocol):
    """uvicorn's websocket, compressing at zlib's fastest level rather than its default.

    A supervisor's board asks for the whole team several times a second; with 2,000 agents
    each answer is a 1.2 MB frame, and compressing it at the default level took 15-20 ms of the
    sandbox's loop per look (about 6 at the fastest), on the path of every change the board
    shows. On the loopback the ratio hardly matters; it is still compressed, as the desktop
    asks, so the desktop still pays for inflating it as it would against the platform.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.config.ws_per_message_deflate:
            deflate = ServerPerMessageDeflateFactory(
                server_max_window_bits=12,
                client_max_window_bits=12,
                compress_settings={"memLevel": 5, "level": 1},
            )
            self.conn = ServerProtocol(
                extensions=[deflate],
                max_size=self.config.ws_max_size,
                logger=logging.getLogger("uvicorn.error"),
            )


class _Server(uvicorn.Server):
    """uvicorn, but long polls are told to answer before it waits for open requests to end."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        app = self.config.app
        if hasattr(app, "state"):
            begin_shutdown(app)
        await super().shutdown(sockets)
