"""Paging, `search` and a small subset of RSQL `filter` for the configuration list routes.

Supported filters: comparisons joined by `;` (and), each `field==value`, `field!=value`,
`field=in=(a,b)` or `field=out=(a,b)`; values may be quoted. A list field matches when any of
its items does. Anything else is answered 400, never silently ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from tui.sandbox.errors import ApiError

MAX_PAGE_SIZE = 1000
_COMPARISON = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(==|!=|=in=|=out=)\s*(.+?)\s*$")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _matches(item: dict[str, Any], field: str, op: str, values: list[str]) -> bool:
    raw = item.get(field)
    candidates = [_as_text(v) for v in raw] if isinstance(raw, list) else [_as_text(raw)]
    hit = any(c in values for c in candidates)
    return hit if op in ("==", "=in=") else not hit


def apply_filter(items: list[dict[str, Any]], expression: str | None) -> list[dict[str, Any]]:
    if not expression or not expression.strip():
        return items
    if len(expression) > 2000:
        raise ApiError(400, "The filter is too long.")
    known = set().union(*(item.keys() for item in items)) if items else set()
    for clause in expression.split(";"):
        match = _COMPARISON.match(clause)
        if match is None:
            raise ApiError(400, f"The filter part {clause.strip()!r} is not understood.")
        field, op, value = match.groups()
        if items and field not in known:
            raise ApiError(400, f"The filter field {field!r} does not exist.")
        if op in ("=in=", "=out="):
            if not (value.startswith("(") and value.endswith(")")):
                raise ApiError(400, f"{op} needs a list in parentheses, e.g. (a,b).")
            values = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        else:
            values = [_unquote(value)]
        items = [item for item in items if _matches(item, field, op, values)]
    return items


def apply_search(
    items: list[dict[str, Any]], search: str | None, fields: Sequence[str] = ("name", "description")
) -> list[dict[str, Any]]:
    """Case-insensitive substring match on the name/description columns."""
    if not search or not search.strip():
        return items
    needle = _unquote(search).lower()
    return [i for i in items if any(needle in _as_text(i.get(f)).lower() for f in fields)]


def paged(
    items: list[dict[str, Any]], *, page: int, page_size: int, path: str, org_id: str
) -> dict[str, Any]:
    """The `{data, meta}` envelope with MetaDataWithPagingInfo; page numbers start at 0."""
    if page < 0:
        raise ApiError(400, "page must be 0 or more.")
    if page_size < 1:
        raise ApiError(400, "pageSize must be 1 or more.")
    size = min(page_size, MAX_PAGE_SIZE)
    total = len(items)
    pages = max(1, math.ceil(total / size))

    def link(n: int) -> str:
        return f"{path}?{urlencode({'page': n, 'pageSize': size})}"

    links = {"self": link(page), "first": link(0), "last": link(pages - 1)}
    if page + 1 < pages:
        links["next"] = link(page + 1)
    if 0 < page <= pages:
        links["prev"] = link(page - 1)
    meta = {
        "orgid": org_id,
        "page": page,
        "pageSize": size,
        "totalPages": pages,
        "totalRecords": total,
        "links": links,
    }
    return {"data": items[page * size : (page + 1) * size], "meta": meta}
