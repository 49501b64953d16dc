"""Webex ids on the two hosts: the general Webex API (``/v1/people/me``) names a person or an
org by a base64url-encoded ``ciscospark://us/PEOPLE/<uuid>`` (webex-core's ``uuid-utils``
``constructHydraId``), while contact-center paths and frames use the bare UUID."""

from __future__ import annotations

import base64
import binascii

HYDRA_SCHEME = "ciscospark://"
PEOPLE = "PEOPLE"
ORGANIZATION = "ORGANIZATION"


def hydra_id(kind: str, uuid: str, cluster: str = "us") -> str:
    """The general Webex API's id of `uuid` (padding dropped, as webex-core's encoder does)."""
    raw = f"{HYDRA_SCHEME}{cluster}/{kind.upper()}/{uuid}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def bare_id(value: str) -> str:
    """The UUID inside a general Webex API id; any other text (a bare UUID) as it is.

    Accepts both base64 alphabets, with or without padding: the API writes the standard one,
    the SDK's encoder the URL-safe one.
    """
    text = value.strip()
    if not text or len(text) > 512:
        return text
    padded = text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4)
    try:
        decoded = base64.b64decode(padded, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return text
    if not decoded.startswith(HYDRA_SCHEME):
        return text
    tail = decoded.rstrip("/").rsplit("/", 1)[-1]
    return tail or text
