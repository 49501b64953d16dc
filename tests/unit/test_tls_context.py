"""Every HTTP client of the desktop checks certificates with one context, made once."""

from __future__ import annotations

import ssl

from tui.backends.http import PlatformHttp, tls_context


def test_the_context_is_made_once_and_checks_certificates_and_host_names() -> None:
    context = tls_context()
    assert context is tls_context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 0  # a CA bundle is loaded


async def test_a_session_client_uses_it() -> None:
    http = PlatformHttp("https://example.invalid", timeout=1.0)
    try:
        pool = http.client._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context is tls_context()
    finally:
        await http.aclose()
