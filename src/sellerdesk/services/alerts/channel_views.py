"""What people see of a channel (secrets masked) and a Send test's answer in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sellerdesk.core.alerts.channel import ChannelSettings, SmtpSettings, mask_webhook
from sellerdesk.core.alerts.delivery import ChannelKind, DeliveryResult, Outcome
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.zh_spacing import list_separator
from sellerdesk.storage.repositories.alert_channels import AlertChannelRecord


@dataclass(frozen=True, slots=True)
class ChannelView:
    """A channel as the Admin page and ``alerts channel list`` show it: never a secret."""

    id: int
    name: str
    kind: ChannelKind
    enabled: bool
    target: str  # the webhook masked, or "user@host:port" for e-mail
    signed: bool
    keyword: str
    message_format: str
    smtp_host: str
    smtp_port: int | None
    smtp_security: str
    smtp_user: str
    smtp_from: str
    smtp_to: tuple[str, ...]
    has_password: bool
    last_test_at: datetime | None
    last_test_outcome: str
    last_test_detail: str
    smtp_ca_file: str = ""
    smtp_skip_verify: bool = False
    last_test_code: str = ""

    @classmethod
    def of(cls, row: AlertChannelRecord) -> ChannelView:
        kind = ChannelKind(row.kind)
        if kind is ChannelKind.EMAIL:
            target = f"{row.smtp_host or ''}:{row.smtp_port or ''}"
        else:
            target = mask_webhook(row.webhook or "")
        return cls(
            id=row.id,
            name=row.name,
            kind=kind,
            enabled=row.enabled,
            target=target,
            signed=bool(row.signing_secret),
            keyword=row.keyword or "",
            message_format=row.message_format or "",
            smtp_host=row.smtp_host or "",
            smtp_port=row.smtp_port,
            smtp_security=row.smtp_security or "",
            smtp_user=row.smtp_user or "",
            smtp_from=row.smtp_from or "",
            smtp_to=recipients(row.smtp_to),
            has_password=bool(row.smtp_password),
            last_test_at=row.last_test_at,
            last_test_outcome=row.last_test_outcome or "",
            last_test_detail=row.last_test_detail or "",
            smtp_ca_file=row.smtp_ca_file or "",
            smtp_skip_verify=bool(row.smtp_skip_verify),
            last_test_code=row.last_test_code or "",
        )

    @property
    def secret_hint(self) -> str:
        return "••••" if self.signed else ""

    @property
    def last_test_key(self) -> str:
        """The catalog key that words the last Send test's failure, "" when none does."""
        if not self.last_test_code or self.last_test_outcome == "delivered":
            return ""
        key = f"alert_channels.code.{self.kind.value}.{self.last_test_code}".replace("-", "m")
        return key if _known(key, "en") else ""


def recipients(stored: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (stored or "").split(",") if a.strip())


def settings_of(row: AlertChannelRecord, *, timeout_seconds: float = 10.0) -> ChannelSettings:
    """The sender's view of a stored channel, secrets in the clear."""
    kind = ChannelKind(row.kind)
    smtp = None
    if kind is ChannelKind.EMAIL:
        smtp = SmtpSettings(
            host=row.smtp_host or "",
            port=row.smtp_port or 587,
            security=row.smtp_security or "starttls",
            sender=row.smtp_from or "",
            recipients=recipients(row.smtp_to),
            user=row.smtp_user or None,
            password=row.smtp_password or None,
            ca_file=row.smtp_ca_file or None,
            verify=not row.smtp_skip_verify,
        )
    return ChannelSettings(
        kind=kind,
        name=row.name,
        webhook=row.webhook or "",
        signing_secret=row.signing_secret or None,
        keyword=row.keyword or None,
        message_format=row.message_format or "",
        smtp=smtp,
        timeout_seconds=timeout_seconds,
        channel_id=row.id,
    )


@dataclass(frozen=True, slots=True)
class TestAnswer:
    """A Send test: the channel after it, what the vendor said, and that in words."""

    channel: ChannelView
    result: DeliveryResult
    words: str


def answer_words(
    kind: ChannelKind, result: DeliveryResult, lang: str, *, inboxes: tuple[str, ...] = ()
) -> str:
    """The vendor's answer as a sentence in ``lang``: the outcome, then what the code means
    when the catalog knows it (``alert_channels.code.<kind>.<code>``), then the raw line.
    An e-mail channel's outcome speaks of the mail server and the ``inboxes`` it sends to,
    not of a robot and its group."""
    vendor = t(f"alert_channels.kind.{kind.value}", lang)
    if lang == "zh" and vendor[-1:].isascii() and vendor[-1:].isalnum():
        vendor += " "  # as the catalogs write it: a space between a Latin word and Chinese
    outcome = f"alert_channels.outcome.{result.outcome.value}"
    if kind is ChannelKind.EMAIL and _known(
        f"alert_channels.outcome_email.{result.outcome.value}", lang
    ):
        outcome = f"alert_channels.outcome_email.{result.outcome.value}"
    head = t(outcome, lang, vendor=vendor, inboxes=list_separator(lang).join(inboxes) or "-")
    parts = [head]
    if result.vendor_code is not None and result.outcome is not Outcome.DELIVERED:
        key = f"alert_channels.code.{kind.value}.{result.vendor_code}".replace("-", "m")
        if _known(key, lang):
            parts.append(t(key, lang))
    if result.outcome is Outcome.RATE_LIMITED and result.retry_after_seconds:
        parts.append(
            t("alert_channels.retry_after", lang, seconds=round(result.retry_after_seconds))
        )
    if result.detail:
        parts.append(t("alert_channels.vendor_said", lang, detail=result.detail))
    return " ".join(parts)


def _known(key: str, lang: str) -> bool:
    return key in catalog(lang) or key in catalog("en")
