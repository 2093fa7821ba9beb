"""Request and response bodies, with the CLI's and the draft format's field names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from sellerdesk.core.cases.status import STATUSES
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import CHANNELS
from sellerdesk.core.input_guard import check_values
from sellerdesk.services.cases import DIRECTIONS, EVENT_CHANNELS, PRIORITIES, SUBMIT_CHANNELS
from sellerdesk.services.stores import PLANS, REGIONS

FIRST_INSTANT = datetime(1970, 1, 1, tzinfo=UTC)
LAST_INSTANT = datetime(9999, 12, 31, tzinfo=UTC)
DESK_CHANNELS = CHANNELS


def _text() -> Any:
    return Field(default=None, max_length=20_000)


def _ids() -> Any:
    return Field(default_factory=list, max_length=200)


def one_of(choices: tuple[str, ...], default: Any = ..., **more: Any) -> Any:
    """A text field limited to ``choices``: the schema lists them (``enum``) and
    :class:`Strict` refuses any other value with 422 (never ignored)."""
    return Field(default, json_schema_extra={"enum": list(choices)}, **more)


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


class Strict(BaseModel):
    """Unknown fields are refused; so are NUL characters (PostgreSQL cannot store them)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_text(cls, data: Any) -> Any:
        # the text gate (api/text_guard.py) refuses these in JSON bodies; a form's
        # fields validated by a model are checked here again
        # (an InvalidInput is not a ValueError: pydantic lets it through to the error
        # handlers, which answer its catalog words)
        return check_values(data, "body")

    @model_validator(mode="after")
    def _known_choices(self) -> Any:
        for name, info in type(self).model_fields.items():
            extra = info.json_schema_extra
            choices = extra.get("enum") if isinstance(extra, dict) else None
            value = getattr(self, name)
            if isinstance(choices, list) and value is not None and value not in choices:
                allowed = ", ".join(str(c) for c in choices)
                error = InvalidInput.of(
                    "input.unknown_value", field=name, value=value, allowed=allowed
                )
                raise error
        return self


class TimelineEntry(Strict):
    at: str = Field(default="", max_length=100)
    what: str = Field(max_length=20_000)


class CaseCreate(Strict):
    """A new case: a draft in the coach's format (store, marketplace, subject, description,
    timeline, error_codes, steps, expected, actual, order_ids, asins, skus, shipment_ids)."""

    store: str = Field(max_length=200)
    marketplace: str = Field(max_length=8)
    subject: str = Field(max_length=1000)
    description: str | None = _text()
    expected: str | None = _text()
    actual: str | None = _text()
    timeline: list[TimelineEntry] = Field(default_factory=list, max_length=200)
    error_codes: list[str] = _ids()
    steps: list[str] = _ids()
    order_ids: list[str] = _ids()
    asins: list[str] = _ids()
    skus: list[str] = _ids()
    shipment_ids: list[str] = _ids()
    priority: str = one_of(PRIORITIES, "normal")
    category: str | None = Field(default=None, max_length=200)
    desk: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    force: bool = False
    reason: str | None = Field(default=None, max_length=2000)


class CasePatch(Strict):
    """Fields to change, with the ``version`` you read (a stale one is refused with 409)."""

    version: int = Field(ge=1)
    subject: str | None = Field(default=None, max_length=1000)
    priority: str | None = one_of(PRIORITIES, None)
    category: str | None = Field(default=None, max_length=200)
    marketplace: str | None = Field(
        default=None, max_length=4, description="One the store sells on (US, DE, ...)."
    )
    tags: list[str] | None = Field(default=None, max_length=50)
    assignee: str | None = Field(
        default=None,
        max_length=200,
        description="A user who may work on the case's store (an enabled admin, or an agent "
        "granted it); null or empty: nobody.",
    )


class StatusChange(Strict):
    """Move the case. ``submitted`` needs Amazon's ``case_id``; ``merged`` needs ``into``."""

    status: str = one_of(STATUSES)
    version: int | None = Field(default=None, ge=1)
    amazon_label: str | None = Field(default=None, max_length=200)
    case_id: str | None = Field(default=None, max_length=40)
    channel: str = one_of(SUBMIT_CHANNELS, "case")
    into: int | None = Field(default=None, ge=1, le=2**31 - 1)


class EventCreate(Strict):
    """A communication record (JSON; send multipart/form-data to attach files)."""

    direction: str = one_of(DIRECTIONS)
    body: str = Field(default="", max_length=200_000)
    channel: str = one_of(EVENT_CHANNELS, "case")
    occurred_at: str | None = Field(
        default=None, max_length=64, description="ISO-8601 with an offset (1970-9999)."
    )
    version: int | None = Field(default=None, ge=1)

    @field_validator("occurred_at")
    @classmethod
    def _storable_instant(cls, value: str | None) -> str | None:
        # an offset that pushes year 1 or 9999 outside datetime's range cannot be stored
        if not value:
            return value
        try:
            moment = datetime.fromisoformat(value.strip())
            fits = moment.tzinfo is None or FIRST_INSTANT <= moment <= LAST_INSTANT
        except (ValueError, OverflowError):
            return value  # not ISO-8601 at all: the route words that
        if not fits:
            raise InvalidInput.of("input.bad_instant", field="occurred_at", value=value)
        return value


class StoreCreate(Strict):
    name: str = Field(max_length=200)
    region: str = one_of(REGIONS)
    marketplaces: list[str] = Field(max_length=30)
    plan: str = one_of(PLANS, "professional")
    verified: bool = False
    support_plan: str | None = Field(default=None, max_length=40)


class StorePatch(Strict):
    """The profile fields to change (admin), as ``store update`` takes them: a field left
    out (or null) stays as it is; ``support_plan: ""`` clears it."""

    region: str | None = one_of(REGIONS, None)
    marketplaces: list[str] | None = Field(default=None, max_length=30)
    plan: str | None = one_of(PLANS, None)
    verified: bool | None = None
    support_plan: str | None = Field(default=None, max_length=40)


# Times as the services' views carry them (datetime), written as ``isoformat`` writes them
# (``+00:00``, not pydantic's ``Z``): the JSON ``case show --json`` prints, byte for byte.
Instant = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]
FROM_VIEW = ConfigDict(from_attributes=True)


class Store(BaseModel):
    """A seller account, read from a :class:`~sellerdesk.services.store_views.StoreView`."""

    model_config = FROM_VIEW

    id: int
    name: str
    region: str
    marketplaces: list[str]
    plan: str
    verified: bool
    support_plan: str | None
    created_at: Instant


class StoreUpdated(Store):
    """The store after a change, with the fields that changed (as ``store update --json``)."""

    changed: list[str]


class StoreRemoved(BaseModel):
    """What a removed store was (as ``store remove --json``)."""

    removed: Store


class Case(BaseModel):
    """A case's own fields, read from a :class:`~sellerdesk.services.cases.models.CaseView`."""

    model_config = FROM_VIEW

    id: int
    store: str
    marketplace: str
    desk: str
    category: str | None
    subject: str
    priority: str
    language: str
    channel: str
    status: str
    amazon_label: str | None
    assignee: str | None
    tags: list[str]
    merged_into_id: int | None
    version: int
    created_at: Instant | None
    updated_at: Instant | None
    submitted_at: Instant | None
    resolved_at: Instant | None
    waiting_on: str | None
    next_breach_at: Instant | None


class CaseListItem(Case):
    breached: bool
    overdue_seconds: int | None


class CaseList(BaseModel):
    count: int
    cases: list[CaseListItem]


class Attachment(BaseModel):
    model_config = FROM_VIEW

    name: str
    sha256: str
    size: int
    media_type: str | None


class Event(BaseModel):
    model_config = FROM_VIEW

    id: int
    case_id: int
    direction: str
    channel: str | None
    author: str | None
    occurred_at: Instant
    recorded_at: Instant
    body: str
    data: dict[str, Any]
    attachments: list[Attachment]


class EstimatedYear(BaseModel):
    """A calendar year the answer rests on that is guessed by rule (docs/calendars.md)."""

    model_config = FROM_VIEW

    calendar: str
    year: int
    reason: str


class Clock(BaseModel):
    model_config = FROM_VIEW

    running: bool
    started_at: Instant | None
    due_at: Instant | None
    budget_seconds: int
    turn_elapsed_seconds: int
    total_seconds: int
    turns: int
    breached: bool
    overdue_seconds: int | None
    estimated_years: list[EstimatedYear]


class CaseDetail(Case):
    body: dict[str, Any]
    case_ids: list[str]
    identifiers: dict[str, list[str]]
    events: list[Event]
    clocks: dict[str, Clock]


class Change(BaseModel):
    """What a change reports: the case, its status and its new version (and, where the
    change made them, the Case ID, the event, the merge target or the tags)."""

    model_config = ConfigDict(extra="allow")

    id: int
    status: str
    version: int


class Created(BaseModel):
    id: int


class SearchHit(BaseModel):
    id: int
    store: str
    marketplace: str
    subject: str
    status: str
    priority: str
    amazon_case_ids: list[str]
    updated_at: str
    matched: str


class SearchResult(BaseModel):
    query: str
    count: int
    cases: list[SearchHit]


class ChannelNow(BaseModel):
    desk: str
    channel: str
    open_now: bool
    next_open: str | None
    next_close: str | None
    requires_plan: str | None
    source: str
    as_of: str
    confidence: str


class DeskBoard(BaseModel):
    now: str
    tz: str
    channels: list[ChannelNow]
    estimated_years: list[EstimatedYear]


class Window(BaseModel):
    start: str
    end: str


class DeskWindows(BaseModel):
    desk: str
    channel: str
    tz: str
    windows: list[Window]
    estimated_years: list[EstimatedYear]


class ReminderItem(BaseModel):
    id: int
    case_id: int
    kind: str
    due_at: str
    overdue_seconds: int
    claimed_by: str | None
    case_subject: str
    case_status: str


class Reminders(BaseModel):
    now: str
    team_open: bool
    reminders: list[ReminderItem]


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    fix: str | None = None
    key: str | None = None  # names the error stably (e.g. case.not_found), where it has one


class Error(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: str
    database: str
