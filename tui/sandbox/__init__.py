"""The built-in contact center: `engine/` behind the Webex (`webex/`) and CXone (`cxone/`) APIs.

Never imports the client side (screens, widgets, app, backends) beyond the two `wire` modules.
The top holds what the HTTP app shares: app, server, cli, config, body, errors, oauth, openapi,
and `testing` (bench and test hooks, mounted only when asked).

`from tui.sandbox import SandboxServer` is the way in; the server's heavy imports (FastAPI,
uvicorn) load only when it is first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.sandbox.config import SandboxConfig
    from tui.sandbox.server import SandboxServer

__all__ = ["SandboxConfig", "SandboxServer"]


def __getattr__(name: str) -> Any:
    if name == "SandboxServer":
        from tui.sandbox.server import SandboxServer

        return SandboxServer
    if name == "SandboxConfig":
        from tui.sandbox.config import SandboxConfig

        return SandboxConfig
    raise AttributeError(f"module 'tui.sandbox' has no attribute {name!r}")
