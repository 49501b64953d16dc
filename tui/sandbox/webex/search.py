"""`POST /search`: the Search API's `task` query over the engine's contacts (GraphQL subset).

Serves what the vendor's real-time queued-tasks sample asks (see `backends/webex/wire/search.py`):
the `task` (or older `taskDetails`) query with `from`, `to` (epoch ms, mandatory) and a `filter`
of `and` / `or` / `not` over `equals` / `notEquals` on `id`, `status`, `channelType`,
`isActive`, `direction`, `origin` and `lastQueue { id name }`; selections of those fields,
`createdTime`, and `pageInfo`. Tasks are the contacts open right now: those waiting in a queue
are `status: "parked"`; those with an agent carry the agent's step (sandbox words: `offered`,
`connected`, `hold`, `wrapup`). Ended contacts are not kept, so history queries find nothing.

Where the sandbox differs (docs/sandbox.md): any signed-in user may search (the real API wants
a supervisor or admin); aggregations, sorting and pagination arguments are refused with a 400
rather than served; a refused query is a 400 `{"errors": [{"message"}]}` (GraphQL servers
often answer 200 with `errors`), with the platform's `ApiErrorResponse` fields beside the
`errors` list; every answer is one page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from tui.backends.webex import wire
from tui.sandbox.body import read_body
from tui.sandbox.engine.model import Contact, ContactStatus
from tui.sandbox.engine.queues import queue_id
from tui.sandbox.errors import tracking_id
from tui.sandbox.oauth import CurrentUser
from tui.sandbox.state import Sandbox, sandbox_of
from tui.sandbox.webex.graphql import Enum, Field, QueryError, parse, resolve

router = APIRouter()
SandboxDep = Annotated[Sandbox, Depends(sandbox_of)]

OLDEST_FROM_MS = 36 * 31 * 24 * 3600 * 1000
"""`from` may not be older than 36 months (the vendor's doc of /search)."""

_QUERIES = ("task", "taskDetails")
_ARGUMENTS = {"from", "to", "filter"}
_SCALARS = {"id", "status", "channelType", "createdTime", "isActive", "direction", "origin"}
_QUEUE_FIELDS = {"id", "name"}
_FILTERABLE = _SCALARS - {"createdTime"}  # the data dictionary: createdTime is not filterable
_STATUS = {
    ContactStatus.OFFERED: "offered",
    ContactStatus.RINGING: "offered",
    ContactStatus.ASSIGNED: "connected",
    ContactStatus.HELD: "hold",
    ContactStatus.WRAP_UP: "wrapup",
}


_SHAPE: dict[str, Any] = {name: None for name in _SCALARS} | {
    "lastQueue": dict.fromkeys(_QUEUE_FIELDS)
}
"""A task with every field served, to check a selection against when no task matched."""


def _refused(message: str, tracking: str) -> JSONResponse:
    """A GraphQL error list, in the platform's `ApiErrorResponse` as well (every other 400 of
    this route has that shape), so a client reading either finds the sentence."""
    body = wire.api_error(400, message, tracking) | {"errors": [{"message": message}]}
    return JSONResponse(body, status_code=400)


@router.post(wire.SEARCH_PATH)
async def search(request: Request, user: CurrentUser, sandbox: SandboxDep) -> JSONResponse:
    body = await read_body(request, wire.SearchRequest)
    try:
        root = parse(body.query)
        if len(root.selections) != 1 or root.selections[0].name not in _QUERIES:
            raise QueryError("Ask for one query: task.")
        query = root.selections[0]
        arguments = resolve(query.arguments, body.variables or {})
        tasks = _tasks(sandbox, arguments)
        return JSONResponse({"data": {query.name: _page(query, tasks)}})
    except QueryError as error:
        return _refused(str(error), tracking_id(request))


def _tasks(sandbox: Sandbox, arguments: dict[str, Any]) -> list[dict[str, Any]]:
    unknown = sorted(set(arguments) - _ARGUMENTS)
    if unknown:
        raise QueryError(f"The sandbox does not serve the argument {unknown[0]!r}.")
    now = sandbox.engine.now_ms()
    start = _epoch_ms(arguments, "from")
    end = min(_epoch_ms(arguments, "to"), now)  # a `to` in the future is taken as now
    if start > end:
        raise QueryError("'from' must not be after 'to'.")
    if now - start > OLDEST_FROM_MS:
        raise QueryError("'from' must not be older than 36 months.")
    condition = arguments.get("filter")
    if condition is not None and not isinstance(condition, dict):
        raise QueryError("'filter' must be an object.")
    records = [_record(sandbox, c, "parked") for c in sandbox.engine.waiting()]
    for session in sandbox.engine.sessions():
        for contact in session.contacts:
            status = _STATUS.get(contact.status)
            if status is not None:
                records.append(_record(sandbox, contact, status))
    chosen = [r for r in records if start <= r["createdTime"] <= end]
    if condition is not None:
        chosen = [r for r in chosen if _matches(condition, r, 0)]
    return sorted(chosen, key=lambda r: (r["createdTime"], r["id"]))


def _epoch_ms(arguments: dict[str, Any], name: str) -> int:
    value = arguments.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise QueryError(f"{name!r} must be a time in epoch milliseconds.")
    return value


def _record(sandbox: Sandbox, contact: Contact, status: str) -> dict[str, Any]:
    return {
        "id": contact.contact_id,
        "status": status,
        "channelType": contact.channel,
        "createdTime": contact.offered_ms,
        "isActive": True,
        "direction": "inbound",
        "origin": contact.origin,
        "lastQueue": {"id": queue_id(sandbox.org, contact.channel), "name": contact.queue},
    }


def _matches(condition: Any, record: dict[str, Any], depth: int) -> bool:
    if depth > 10 or not isinstance(condition, dict) or not condition:
        raise QueryError("A filter must be a non-empty object.")
    result = True
    for key, value in condition.items():
        if key in ("and", "or"):
            if not isinstance(value, list) or not value:
                raise QueryError(f"{key!r} takes a list of filters.")
            parts = [_matches(v, record, depth + 1) for v in value]
            result = result and (all(parts) if key == "and" else any(parts))
        elif key == "not":
            result = result and not _matches(value, record, depth + 1)
        elif key == "lastQueue":
            if not isinstance(value, dict) or not value:
                raise QueryError("'lastQueue' filters on id or name.")
            for sub, test in value.items():
                if sub not in _QUEUE_FIELDS:
                    raise QueryError(f"'lastQueue.{sub}' cannot be filtered on here.")
                result = result and _compare(f"lastQueue.{sub}", test, record["lastQueue"][sub])
        elif key in _FILTERABLE:
            result = result and _compare(key, value, record[key])
        else:
            raise QueryError(f"{key!r} cannot be filtered on here.")
    return result


def _compare(name: str, test: Any, actual: Any) -> bool:
    if not isinstance(test, dict) or len(test) != 1:
        raise QueryError(f"Filter {name!r} with one of equals or notEquals.")
    ((op, wanted),) = test.items()
    if isinstance(wanted, Enum):
        wanted = wanted.name  # `channelType: {equals: telephony}`, as the vendor's sample writes
    if op == "equals":
        return bool(actual == wanted)
    if op == "notEquals":
        return bool(actual != wanted)
    raise QueryError(f"The sandbox does not serve the filter operator {op!r}.")


def _page(query: Field, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    page: dict[str, Any] = {}
    for part in query.selections:
        if part.name == "tasks":
            _select(part.selections, _SHAPE)  # refused alike whether or not any task matched
            page["tasks"] = [_select(part.selections, task) for task in tasks]
        elif part.name == "pageInfo":
            info = {"hasNextPage": False, "endCursor": None}
            page["pageInfo"] = _select(part.selections, info, allowed=set(info))
        else:
            raise QueryError(f"The task query has no field {part.name!r} here.")
    return page


def _select(
    fields: list[Field], record: dict[str, Any], allowed: set[str] | None = None
) -> dict[str, Any]:
    if not fields:
        raise QueryError("Name the fields you want.")
    out: dict[str, Any] = {}
    for part in fields:
        if part.arguments:
            raise QueryError(f"The field {part.name!r} takes no arguments here.")
        if allowed is not None:
            if part.name not in allowed or part.selections:
                raise QueryError(f"There is no field {part.name!r} here.")
            out[part.name] = record[part.name]
        elif part.name == "lastQueue":
            out["lastQueue"] = _select(part.selections, record["lastQueue"], _QUEUE_FIELDS)
        elif part.name in _SCALARS and not part.selections:
            out[part.name] = record[part.name]
        else:
            raise QueryError(f"The sandbox does not serve the task field {part.name!r}.")
    return out
