"""The outbox as people see it: alerts with their state and reason, each alert's attempts,
and "send again" for a failed one. Admins only (the Admin page, ``alerts outbox``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Coded, Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.core.zh_spacing import clause_separator
from sellerdesk.services.alerts.outbox_reasons import Reason, read
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.storage.repositories import alert_outbox as rows
from sellerdesk.storage.repositories import alert_routes as route_rows
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker

STATES = rows.STATES


class StateChoices(Coded):
    """States as typed and as said: ``held (held until working hours)``."""

    def words(self, lang: str) -> str:
        opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
        return clause_separator(lang).join(
            f"{code}{opening}{t(f'{self.table}.{code}', lang)}{closing}"
            for code in self.split(", ")
        )


@dataclass(frozen=True, slots=True)
class AttemptView:
    at: datetime
    outcome: str  # sending | delivered | transient | rate-limited | permanent | unknown
    vendor_code: str | None
    detail: str | None
    http_status: int | None
    duration_ms: int | None
    digest_size: int
    worker: str
    said: Reason | None = None  # ``detail`` to be said in a page's language

    def detail_in(self, lang: str) -> str:
        return self.said.words(lang) if self.said is not None else ""

    @classmethod
    def of(cls, row: Any) -> AttemptView:
        said = read(row["detail"])
        return cls(
            row["at"],
            row["outcome"],
            row["vendor_code"],
            said.words("en") if said is not None else None,
            row["http_status"],
            row["duration_ms"],
            row["digest_size"],
            row["worker"],
            said,
        )


@dataclass(frozen=True, slots=True)
class AlertView:
    id: int
    trigger: str
    state: str
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
    attempts: int
    not_before: datetime
    created_at: datetime
    delivered_at: datetime | None
    digest_id: int | None
    reason: str | None  # in English (JSON, logs); ``reason_in`` says it in another language
    tries: tuple[AttemptView, ...] = ()
    why: Reason | None = None

    def reason_in(self, lang: str) -> str:
        return self.why.words(lang) if self.why is not None else ""

    @classmethod
    def of(cls, row: Any, names: dict[int, str], tries: Sequence[Any] = ()) -> AlertView:
        why = read(row["reason"])
        return cls(
            id=row["id"],
            trigger=row["trigger"],
            state=row["state"],
            case_id=row["case_id"],
            store_id=row["store_id"],
            channel_id=row["channel_id"],
            channel=names.get(row["channel_id"], f"#{row['channel_id']}"),
            recipient=row["recipient"],
            lang=row["lang"],
            title=row["title"],
            text=row["text"],
            link=row["link"],
            urgent=bool(row["urgent"]),
            attempts=row["attempts"],
            not_before=row["not_before"],
            created_at=row["created_at"],
            delivered_at=row["delivered_at"],
            digest_id=row["digest_id"],
            reason=why.words("en") if why is not None else None,
            tries=tuple(AttemptView.of(a) for a in tries),
            why=why,
        )


@dataclass(frozen=True, slots=True)
class OutboxPage:
    alerts: tuple[AlertView, ...]
    counts: dict[str, int]


def _admin(principal: Principal | None) -> None:
    if principal is not None and not principal.is_admin:
        raise Forbidden.of("alerts.admin_only", field="role")


def outbox(
    *,
    sessions: sessionmaker[Session],
    states: Sequence[str] = (),
    limit: int = 50,
    offset: int = 0,
    with_attempts: bool = False,
    principal: Principal | None = None,
) -> OutboxPage:
    """The newest alerts (of ``states``, when given) and how many there are in each state."""
    _admin(principal)
    for given in states:
        if given not in rows.STATES:  # else a typo lists nothing, as if the outbox were empty
            every = StateChoices(", ".join(rows.STATES), "alerts.state")
            raise InvalidInput.of("alerts.bad_state", field="state", value=given, states=every)
    with read_transaction(sessions) as session:
        names = route_rows.channel_names(session)
        found = rows.listed(session, states=states, limit=limit, offset=offset)
        alerts = tuple(
            AlertView.of(r, names, rows.attempts_of(session, r["id"]) if with_attempts else ())
            for r in found
        )
        return OutboxPage(alerts, rows.counts(session))


def alert(
    *, sessions: sessionmaker[Session], alert_id: int, principal: Principal | None = None
) -> AlertView:
    """One alert with every attempt to send it."""
    _admin(principal)
    with read_transaction(sessions) as session:
        row = rows.get(session, alert_id)
        if row is None:
            raise NotFound.of("alerts.no_alert", field="id", id=alert_id)
        names = route_rows.channel_names(session)
        return AlertView.of(row, names, rows.attempts_of(session, alert_id))


def retry(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    actor: str,
    alert_id: int,
    principal: Principal | None = None,
) -> AlertView:
    """Queue a failed or dropped alert again, now (a person judged it never arrived), or send
    a held one now without waiting for working hours (a person judged it cannot wait)."""
    _admin(principal)
    with transaction(sessions) as session:
        row = rows.get(session, alert_id)
        if row is None:
            raise NotFound.of("alerts.no_alert", field="id", id=alert_id)
        held = row["state"] == rows.HELD
        done = rows.send_now(session, alert_id, now=now) if held else None
        if not done and not rows.retry(session, alert_id, now=now):
            state = Coded(str(row["state"]), "alerts.state")
            raise Conflict.of("alerts.not_retryable", field="id", id=alert_id, state=state)
        audit.record(
            session,
            at=now,
            actor=actor,
            entity="alert",
            entity_id=alert_id,
            action="send_now" if held else "retry",
            detail={"was": row["state"], "reason": row["reason"]},
        )
    return alert(sessions=sessions, alert_id=alert_id)
