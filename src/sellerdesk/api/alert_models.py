"""Bodies of ``/api/v1/alerts/…`` (channels, routes, the outbox), with enums for every closed
set of words. Secrets (webhook, signing secret, SMTP password) are write-only: they come in
here and never go out; a channel answers only whether each is set."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sellerdesk.api.models import Instant, Strict
from sellerdesk.core.alerts.delivery import ChannelKind, Outcome
from sellerdesk.core.errors import InvalidInput

FROM_VIEW = ConfigDict(from_attributes=True)
MAX_ID = 2**31 - 1


class Trigger(StrEnum):
    """What makes an alert (``services/alerts/triggers.TRIGGERS``)."""

    AMAZON_REPLY = "amazon-reply"
    NEEDS_ACTION = "needs-action"
    BREACH_SOON = "breach-soon"
    REMINDER_DUE = "reminder-due"
    DUPLICATE_REFUSED = "duplicate-refused"
    HEALTH_CROSSED = "health-crossed"
    MAIL_UNFILED = "mail-unfiled"


class AlertState(StrEnum):
    """Where an alert is: queued → (held) → sending → delivered | failed | dropped."""

    QUEUED = "queued"
    HELD = "held"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    DROPPED = "dropped"


class AttemptOutcome(StrEnum):
    SENDING = "sending"
    DELIVERED = "delivered"
    TRANSIENT = "transient"
    RATE_LIMITED = "rate-limited"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"  # the request went out and nobody recorded the answer


class RouteLang(StrEnum):
    ZH = "zh"
    EN = "en"
    RECIPIENT = "recipient"  # each person's own language


class MessageFormat(StrEnum):
    """A channel's message format; which ones a kind takes: ``core/alerts/channel.FORMATS``."""

    MARKDOWN = "markdown"
    TEXT = "text"
    POST = "post"
    BLOCKS = "blocks"


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"  # only for a server on this computer


def _line(limit: int, description: str | None = None) -> Any:
    return Field(default=None, max_length=limit, description=description)


class _ChannelFields(Strict):
    enabled: bool | None = None
    webhook: str | None = _line(2000, "Write-only: the robot's whole webhook address.")
    signing_secret: str | None = _line(500, 'Write-only (DingTalk, Feishu); "" clears it.')
    keyword: str | None = _line(400)
    message_format: MessageFormat | None = None
    smtp_host: str | None = _line(255)
    smtp_port: int | None = Field(default=None, ge=1, le=65535)
    smtp_security: SmtpSecurity | None = None
    smtp_user: str | None = _line(255)
    smtp_password: str | None = _line(500, 'Write-only; "" clears it.')
    smtp_from: str | None = _line(320)
    smtp_to: list[Annotated[str, Field(max_length=320)]] | None = Field(default=None, max_length=50)


class ChannelCreate(_ChannelFields):
    name: str = Field(min_length=1, max_length=200)
    kind: ChannelKind
    enabled: bool | None = True


class ChannelPatch(_ChannelFields):
    """The fields to change (the kind never changes); a field left out or null is kept."""

    name: str | None = Field(default=None, min_length=1, max_length=200)


class ChannelOut(BaseModel):
    """A channel as the Admin page shows it: never a secret, only whether one is set."""

    id: int
    name: str
    kind: ChannelKind
    enabled: bool
    target: str = Field(description="The webhook with its key masked, or host:port.")
    webhook_set: bool
    signing_secret_set: bool
    smtp_password_set: bool
    keyword: str
    message_format: str
    smtp_host: str
    smtp_port: int | None
    smtp_security: str
    smtp_user: str
    smtp_from: str
    smtp_to: list[str]
    last_test_at: Instant | None
    last_test_outcome: Outcome | None
    last_test_detail: str

    @classmethod
    def of(cls, view: Any) -> ChannelOut:
        return cls(
            id=view.id,
            name=view.name,
            kind=view.kind,
            enabled=view.enabled,
            target=view.target,
            webhook_set=view.kind is not ChannelKind.EMAIL and bool(view.target),
            signing_secret_set=view.signed,
            smtp_password_set=view.has_password,
            keyword=view.keyword,
            message_format=view.message_format,
            smtp_host=view.smtp_host,
            smtp_port=view.smtp_port,
            smtp_security=view.smtp_security,
            smtp_user=view.smtp_user,
            smtp_from=view.smtp_from,
            smtp_to=list(view.smtp_to),
            last_test_at=view.last_test_at,
            last_test_outcome=Outcome(view.last_test_outcome) if view.last_test_outcome else None,
            last_test_detail=view.last_test_detail,
        )


class ChannelRemoved(BaseModel):
    removed: ChannelOut


class TestResult(BaseModel):
    """What the vendor answered a Send test, and that in words of the asked language."""

    delivered: bool
    outcome: Outcome
    words: str
    vendor_code: str | None
    http_status: int | None
    retry_after_seconds: float | None
    detail: str
    channel: ChannelOut


def _channel_ref(value: Any) -> Any:
    """A channel named by id or by name; digits are an id (and must be one)."""
    if isinstance(value, str) and value.strip().isdigit():
        text = value.strip()
        number = int(text) if text.isascii() and len(text) < 12 else 0
        if not 1 <= number <= MAX_ID:
            raise InvalidInput.of("alerts.no_channel", field="channel", value=text)
        return number
    return value


ChannelRef = (
    Annotated[int, Field(ge=1, le=MAX_ID)] | Annotated[str, Field(min_length=1, max_length=200)]
)


class _RouteFields(Strict):
    @field_validator("channel", mode="before", check_fields=False)
    @classmethod
    def _channel(cls, value: Any) -> Any:
        return _channel_ref(value)


class RouteCreate(_RouteFields):
    triggers: list[Trigger] = Field(min_length=1, max_length=20)
    channel: ChannelRef = Field(description="The channel's id or name.")
    store: str | None = Field(default=None, max_length=200, description="null: every store.")
    assignee: str | None = Field(
        default=None, max_length=80, description="null: anyone's cases; @assignee: the owner's."
    )
    mention: bool = True
    lang: RouteLang = RouteLang.RECIPIENT
    enabled: bool = True


class RoutePatch(_RouteFields):
    """The fields to change; left out: kept. ``store``/``assignee`` null: every store/anyone."""

    triggers: list[Trigger] | None = Field(default=None, min_length=1, max_length=20)
    channel: ChannelRef | None = None
    store: str | None = Field(default=None, max_length=200)
    assignee: str | None = Field(default=None, max_length=80)
    mention: bool | None = None
    lang: RouteLang | None = None
    enabled: bool | None = None


class RouteOut(BaseModel):
    model_config = FROM_VIEW
    id: int
    triggers: list[Trigger]
    store: str | None
    assignee: str | None
    channel_id: int
    channel: str
    enabled: bool
    mention: bool
    lang: RouteLang


class RouteRemoved(BaseModel):
    removed: int


class AttemptOut(BaseModel):
    model_config = FROM_VIEW
    at: Instant
    outcome: AttemptOutcome
    vendor_code: str | None
    detail: str | None
    http_status: int | None
    duration_ms: int | None
    digest_size: int
    worker: str


class AlertOut(BaseModel):
    model_config = FROM_VIEW
    id: int
    trigger: Trigger
    state: AlertState
    case_id: int | None
    store_id: int | None
    channel_id: int
    channel: str
    recipient: str | None
    lang: str
    title: str
    text: str
    link: str | None
    urgent: bool
    attempts: int = Field(description="How many times it was tried.")
    not_before: Instant
    created_at: Instant
    delivered_at: Instant | None
    digest_id: int | None
    reason: str | None = Field(description="Why it is held, failed or dropped (English).")


class AlertDetail(AlertOut):
    tries: list[AttemptOut] = Field(description="Every attempt, oldest first.")


class OutboxPageOut(BaseModel):
    alerts: list[AlertOut]
    total: int
    offset: int
    limit: int
    counts: dict[AlertState, int] = Field(description="Every alert per state, filters aside.")
