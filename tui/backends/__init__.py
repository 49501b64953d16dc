"""Platform backends: the desktop session interface, the live-updates loop and HTTP both share.
May import the domain, httpx, websockets and pydantic; never textual, screens or widgets."""
