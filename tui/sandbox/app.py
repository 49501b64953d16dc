"""`create_app(config)`: the FastAPI application with the store, engine, hub and traffic wired in.

The org is loaded (and validated) when the app is created, so a bad `--org-file` fails at once;
the store opens and the traffic starts in the lifespan, on the loop that serves requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

from tui import __version__
from tui.sandbox import oauth, oauth_flows, openapi, testing
from tui.sandbox.config import SandboxConfig
from tui.sandbox.cxone import activity as cxone_activity
from tui.sandbox.cxone import agents as cxone_agents
from tui.sandbox.cxone import discovery as cxone_discovery
from tui.sandbox.cxone import errors as cxone_errors
from tui.sandbox.cxone import interactions as cxone_interactions
from tui.sandbox.cxone import router as cxone_router
from tui.sandbox.cxone import skills as cxone_skills
from tui.sandbox.cxone.answer_shapes import AnswerShapes
from tui.sandbox.cxone.edge import CxoneEdge
from tui.sandbox.engine.colleagues import Colleagues
from tui.sandbox.engine.engine import Engine
from tui.sandbox.engine.hub import Hub
from tui.sandbox.engine.model import ContactRules
from tui.sandbox.engine.org import Org, load_org
from tui.sandbox.engine.store import Store
from tui.sandbox.engine.traffic import Traffic
from tui.sandbox.errors import add_error_shape, install_error_handlers
from tui.sandbox.events_first import EventsFirst
from tui.sandbox.state import Sandbox
from tui.sandbox.webex import router as webex_router
from tui.sandbox.webex.vendor_shapes import VendorShapes

SHUTDOWN_GRACE_S = 2.0


class SandboxApp(FastAPI):
    """The FastAPI app with the CXone edge (prefix casing, CorrelationId) outside everything,
    Starlette's last-resort error answer included; a change's events go out before its answer
    (`EventsFirst`)."""

    answer_shapes: frozenset[str] = frozenset()  # test knobs (`cxone.answer_shapes`)

    def build_middleware_stack(self) -> ASGIApp:
        inner = super().build_middleware_stack()
        if self.answer_shapes:
            inner = AnswerShapes(inner, self.answer_shapes)
        return CxoneEdge(EventsFirst(inner))


def create_app(config: SandboxConfig | None = None, org: Org | None = None) -> FastAPI:
    config = config or SandboxConfig()
    org = org or load_org(config.org_file)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(config.data_dir)
        hub = Hub()
        engine = Engine(
            org,
            store,
            hub,
            token_lifetime_s=config.token_lifetime_s,
            clock=config.clock,
            new_id=config.new_id,
            contact_rules=ContactRules(
                ring_for_s=config.ring_for_s, wrap_up_for_s=config.wrap_up_for_s
            ),
        )
        sandbox = Sandbox(
            config=config, org=org, store=store, hub=hub, engine=engine, started_ms=config.clock()
        )
        # Always running: without customers (`traffic` off) it still keeps the platform's
        # contact timers (RONA, a phone answered, auto-answer, wrap-up limits, the queue).
        sandbox.traffic = Traffic(engine, config)
        sandbox.traffic.start()
        if config.floor:
            sandbox.floor = Colleagues(engine, config)
            sandbox.floor.start()
        app.state.sandbox = sandbox
        try:
            yield
        finally:
            if sandbox.floor is not None:
                await sandbox.floor.stop()
            if sandbox.traffic is not None:
                await sandbox.traffic.stop()
            hub.close_all()
            await _wait_for_listeners_to_leave(hub)
            store.close()

    app = SandboxApp(
        title="Agent Desktop sandbox",
        version=__version__,
        description="A built-in contact center speaking the Webex and CXone agent APIs.",
        lifespan=lifespan,
    )
    app.answer_shapes = config.cxone_answer_shapes
    install_error_handlers(app)
    add_error_shape(app, cxone_errors.CXONE_ROOT, cxone_errors.render)
    # The busiest first: FastAPI tries each route in turn (some 6 us each), and an agent's
    # state change came after 35 others. Only routes within one router overlap (CXone's
    # agents/me and agents/states before agents/{agentId}): tests/unit/test_route_order.py.
    app.include_router(webex_router.router)
    app.include_router(cxone_router.router)
    app.include_router(cxone_agents.router)
    app.include_router(cxone_interactions.router)
    app.include_router(cxone_activity.router)
    app.include_router(cxone_skills.router)
    app.include_router(oauth.router)
    app.include_router(oauth_flows.router)
    app.include_router(cxone_discovery.router)
    testing.mount(app, config)
    if (
        not config.echo_tracking_id
        or config.agent_scoped_config
        or not config.desktop_login_aggregates
    ):
        app.add_middleware(
            VendorShapes,
            echo_tracking_id=config.echo_tracking_id,
            agent_scoped_config=config.agent_scoped_config,
            desktop_login_aggregates=config.desktop_login_aggregates,
        )
    openapi.install(app)
    return app


def begin_shutdown(app: FastAPI) -> None:
    """Tell long polls and sockets to finish now, before the server waits for open requests."""
    sandbox: Sandbox | None = getattr(app.state, "sandbox", None)
    if sandbox is not None:
        sandbox.stopping = True
        sandbox.hub.close_all()


async def _wait_for_listeners_to_leave(hub: Hub) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SHUTDOWN_GRACE_S
    while hub.total_listeners() and loop.time() < deadline:
        await asyncio.sleep(0.01)
