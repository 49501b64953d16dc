"""Backend-test fixtures beyond tests/conftest.py: the plain-HTTP CXone client (`cxone`)."""

from tests.backend.cxone_http import cxone

__all__ = ["cxone"]
