"""Alert channels: add, edit, remove, list and Send test. Admins only.

Secrets (the webhook URL, the signing secret, the SMTP password) come in here and go out
only to the sender; every read model masks them. A Send test talks to the vendor outside
any transaction (a slow webhook never holds the database) and records the answer after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, DeliveryResult
from sellerdesk.core.alerts.limits import VendorLimits, load_limits
from sellerdesk.core.errors import Conflict, Forbidden, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.services.alerts.channel_input import ChannelInput, checked, clean_name, kind_of
from sellerdesk.services.alerts.channel_views import (
    ChannelView,
    TestAnswer,
    answer_words,
    settings_of,
)
from sellerdesk.services.alerts.senders import send
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import alert_channels as rows
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories.alert_channels import AlertChannelRecord
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

Sender = Callable[..., DeliveryResult]
_SECRETS = ("webhook", "signing_secret", "smtp_password")


def _admin(principal: Principal | None) -> None:
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("alert_channel.admin_only", field="role")


def _named(session: Session, name: str) -> AlertChannelRecord:
    row = rows.get_by_name(session, " ".join(name.split()))
    if row is None:
        known = ", ".join(rows.names(session)) or "-"
        raise NotFound.of("alert_channel.not_found", field="name", name=name, known=known)
    return row


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a change: never a secret, only whether one was set."""
    return {k: ("(set)" if v else "(none)") if k in _SECRETS else v for k, v in values.items()}


def _taken(name: str) -> Conflict:
    return Conflict.of("alert_channel.taken", field="name", name=name)


def add(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    data: ChannelInput,
    principal: Principal | None = None,
) -> ChannelView:
    _admin(principal)
    kind = kind_of(data.kind or "")
    values = checked(kind, {"enabled": True, **data.given()})
    try:
        with transaction(sessions) as session:
            if rows.get_by_name(session, values["name"]) is not None:
                raise _taken(values["name"])
            channel_id = rows.add(session, values, now=now)
            _audit(session, now, ctx, principal, channel_id, "add", values)
            return ChannelView.of(_get(session, channel_id))
    except IntegrityError:  # added by someone else between the check and the insert
        raise _taken(values["name"]) from None


def edit(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    name: str,
    changes: ChannelInput,
    principal: Principal | None = None,
) -> ChannelView:
    """Change the fields given (a secret given as "" is cleared); the kind never changes."""
    _admin(principal)
    try:
        with transaction(sessions) as session:
            row = _named(session, name)
            kind = ChannelKind(row.kind)
            stored = {k: getattr(row, k) for k in rows.WRITABLE}
            given = changes.given()
            given.pop("kind", None)
            values = checked(kind, {**stored, **given})
            if values["name"] != row.name and rows.get_by_name(session, values["name"]):
                raise _taken(values["name"])
            changed = {k: v for k, v in values.items() if v != stored.get(k)}
            if changed:
                rows.change(session, row.id, changed, now=now)
                _audit(session, now, ctx, principal, row.id, "edit", changed)
            return ChannelView.of(_get(session, row.id))
    except IntegrityError:
        raise _taken(clean_name(changes.name or name)) from None


def remove(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    name: str,
    principal: Principal | None = None,
) -> ChannelView:
    _admin(principal)
    with transaction(sessions) as session:
        row = _named(session, name)
        gone = ChannelView.of(row)
        rows.remove(session, row.id)
        _audit(session, now, ctx, principal, row.id, "remove", {"name": row.name})
        return gone


def list_channels(
    *, sessions: sessionmaker[Session], principal: Principal | None = None
) -> list[ChannelView]:
    _admin(principal)
    with transaction(sessions) as session:
        return [ChannelView.of(row) for row in rows.list_all(session)]


def channel(
    *, sessions: sessionmaker[Session], name: str, principal: Principal | None = None
) -> ChannelView:
    _admin(principal)
    with transaction(sessions) as session:
        return ChannelView.of(_named(session, name))


def sender_settings(session: Session, channel_id: int) -> ChannelSettings | None:
    """The outbox's way to a channel: its settings with secrets, or None when it is gone or
    disabled. Runs in the caller's transaction."""
    row = rows.get(session, channel_id)
    if row is None or not row.enabled:
        return None
    return settings_of(row)


def vendor_limits(data_dir: Path | None) -> dict[ChannelKind, VendorLimits]:
    """Each vendor's limits: the shipped ``alert_channels.toml`` with the data folder's file of
    that name (when there is one) changing the values it names. For ``send(limits=…)`` and the
    outbox's per-channel rate limiter."""
    own = data_dir / "alert_channels.toml" if data_dir is not None else None
    return load_limits([own] if own is not None and own.is_file() else [])


def test_message(
    lang: str, *, base_url: str | None = None, kind: ChannelKind | None = None
) -> AlertMessage:
    """The Send test's message, in the page's language (an e-mail's speaks of an inbox, a
    robot's of its group)."""
    return AlertMessage(
        title=t("alert_channels.test.title", lang),
        text=t(
            "alert_channels.test.text_email"
            if kind is ChannelKind.EMAIL
            else "alert_channels.test.text",
            lang,
        ),
        link=base_url,
        lang=lang,
    )


def send_test(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    lang: str,
    principal: Principal | None = None,
    base_url: str | None = None,
    sender: Sender = send,
) -> TestAnswer:
    """Send a test message now and record what the vendor answered, in words of ``lang``."""
    _admin(principal)
    with transaction(sessions) as session:
        row = _named(session, name)
        settings = settings_of(row)
    message = test_message(lang, base_url=base_url, kind=settings.kind)
    result = sender(settings, message, now=now)
    with transaction(sessions) as session:
        rows.record_test(
            session,
            row.id,
            at=now,
            outcome=result.outcome.value,
            detail=result.detail,
            code=result.vendor_code,
        )
        view = ChannelView.of(_get(session, row.id))
    inboxes = settings.smtp.recipients if settings.smtp is not None else ()
    return TestAnswer(view, result, answer_words(settings.kind, result, lang, inboxes=inboxes))


def _get(session: Session, channel_id: int) -> AlertChannelRecord:
    row = rows.get(session, channel_id)
    assert row is not None  # written in this transaction
    return row


def _audit(
    session: Session,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None,
    channel_id: int,
    action: str,
    values: dict[str, Any],
) -> None:
    audit.record(
        session,
        at=now,
        actor=principal.name if principal else ctx.actor,
        entity="alert_channel",
        entity_id=channel_id,
        action=action,
        detail=_audited(values),
    )
