"""The Search API (`POST /search`, GraphQL): the contacts waiting in queues right now.

Webex serves "contacts waiting now" through the Search API, not the Queue Statistics REST API
(`GET /v1/queues/statistics` gives 15-minute interval totals such as `totalEnqueuedTasks` and
`averageEnqueuedTime`, and nothing about now). The vendor's sample `realTimeQueuedTasks.graphql`
(WebexSamples/webex-contact-center-api-samples, reporting-samples/graphql-sample) asks the `task`
query for active parked tasks; the CSR data dictionary there names the fields: `id`,
`channelType`, `createdTime` (epoch ms), `status`, `isActive`, `lastQueue { id name }`.
The desktop counts them per queue and takes the oldest `createdTime` as the longest wait.
`from` and `to` are mandatory epoch ms; the real API wants a supervisor's or an admin's token
with `cjp:config_read`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SEARCH_PATH = "/search"
QUEUED_LOOKBACK_MS = 24 * 3600 * 1000
"""How far back the desktop looks for tasks still parked (a day: no customer waits longer)."""

QUEUED_TASKS_QUERY = """query QueuedTasks($from: Long!, $to: Long!) {
  task(
    from: $from
    to: $to
    filter: { and: [{ isActive: { equals: true } }, { status: { equals: "parked" } }] }
  ) {
    tasks { id channelType createdTime lastQueue { id name } }
    pageInfo { hasNextPage endCursor }
  }
}"""


class SearchRequest(BaseModel):
    """The body of `POST /search`: a GraphQL document and its variables."""

    model_config = ConfigDict(extra="ignore")

    query: str = Field(min_length=1, max_length=8_000)
    variables: dict[str, Any] | None = None
    operationName: str | None = Field(default=None, max_length=200)


class QueueRef(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    name: str | None = None


class SearchTask(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    channelType: str | None = None
    createdTime: int | None = None
    status: str | None = None
    isActive: bool | None = None
    lastQueue: QueueRef | None = None


class PageInfo(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hasNextPage: bool = False
    endCursor: str | None = None


class TaskPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tasks: list[SearchTask] = Field(default_factory=list)
    pageInfo: PageInfo | None = None


class SearchData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task: TaskPage | None = None


class SearchError(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message: str = ""


class SearchAnswer(BaseModel):
    """`{"data": {"task": {...}}}`, or `{"errors": [{"message"}]}` for a query refused."""

    model_config = ConfigDict(extra="ignore")

    data: SearchData | None = None
    errors: list[SearchError] | None = None
