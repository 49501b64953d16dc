"""Which host answers what for a Webex session, and which notification-socket addresses the
desktop will open: a real tenant's contact-center API and general Webex API are two hosts,
while a sandbox on this machine serves both on its one address."""

from __future__ import annotations

import httpx

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
WEBEX_API_URL = "https://webexapis.com"
"""The general Webex API of a real tenant (``/v1/people/me``)."""


VENDOR_DOMAINS = ("cisco.com", "ciscoccservice.com", "webex.com")
"""Where a real tenant's notification socket may be (the SDK's service hosts)."""


def _is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _is_vendor(host: str) -> bool:
    return any(host == d or host.endswith(f".{d}") for d in VENDOR_DOMAINS)


def socket_url_problem(url: str, base_url: str) -> str:
    """Why the desktop will not open the notification socket at `url`; "" when it may.

    On a real tenant (the agent API on the vendor's hosts) only ``wss:`` to the vendor's hosts:
    the socket carries the agent's events, and a subscribe answer must not send them anywhere
    else. A sandbox on this machine may use ``ws:`` on this machine; a sandbox elsewhere (say,
    shared on a LAN) only its own host, encrypted when its API is.
    """
    try:
        parsed = httpx.URL(url)
        api = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        return "the platform's address for it is not a URL"
    host, api_host = (parsed.host or "").lower(), (api.host or "").lower()
    if parsed.scheme not in ("ws", "wss"):
        return "the platform's address for it is not a websocket address"
    if _is_vendor(api_host):
        if parsed.scheme != "wss":
            return "the platform offered an unencrypted address"
        if not _is_vendor(host):
            return f"{host or 'that address'} is not one of the platform's hosts"
        return ""
    if _is_loopback(api_host):
        return "" if _is_loopback(host) else "a local sandbox must serve it on this machine"
    if host != api_host:
        return f"{host or 'that address'} is not the server's own host"
    if api.scheme == "https" and parsed.scheme != "wss":
        return "the server offered an unencrypted address"
    return ""


def default_people_url(base_url: str) -> str:
    """Where ``/v1/people/me`` is: a sandbox on this machine serves it beside the agent API; a
    real tenant's contact-center host does not, the general Webex API does."""
    return base_url if _is_loopback((httpx.URL(base_url).host or "").lower()) else WEBEX_API_URL
