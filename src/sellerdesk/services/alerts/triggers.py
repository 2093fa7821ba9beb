"""What puts an alert in the outbox: seven triggers, each on or off per route.

Every hook is called by the service that makes the change, with that service's session,
inside its transaction: the alert exists if and only if the change committed. The dedupe key
names the event (the event's, reminder's or snapshot's id) and the route, so replaying a change
never enqueues twice. The words are the recipient's language, written now; the link is the
case page's path, made absolute by the worker from ``web.base_url``.

Imports nothing from ``services.cases`` (which calls these hooks); the clock scan that reads
cases' clocks is :mod:`.triggers_breach`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sellerdesk.core.alerts.trimming import ELLIPSIS, cut_to_bytes, one_line
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.storage.repositories import alert_outbox as outbox_rows
from sellerdesk.storage.repositories import alert_routes as route_rows
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.session import Session

AMAZON_REPLY = "amazon-reply"
NEEDS_ACTION = "needs-action"
BREACH_SOON = "breach-soon"
REMINDER_DUE = "reminder-due"
DUPLICATE_REFUSED = "duplicate-refused"
HEALTH_CROSSED = "health-crossed"
MAIL_UNFILED = "mail-unfiled"
TRIGGERS = (
    AMAZON_REPLY,
    NEEDS_ACTION,
    BREACH_SOON,
    REMINDER_DUE,
    DUPLICATE_REFUSED,
    HEALTH_CROSSED,
    MAIL_UNFILED,
)
ASSIGNEE = "@assignee"  # a route's assignee: whoever owns the case
RECIPIENT_LANG = "recipient"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"  # the house's first language, when neither route nor person says
# facts that are codes, put in words per language (alerts.side.amazon, alerts.verdict.fail …)
WORDED = {"side": "side", "before": "verdict", "after": "verdict"}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What an alert says about its case (read from the case row by the caller)."""

    id: int
    store_id: int
    subject: str
    assignee: str | None = None
    priority: str = "normal"

    @classmethod
    def of(cls, case: Any) -> CaseFacts:
        return cls(case.id, case.store_id, case.subject, case.assignee, case.priority)


def check_trigger(name: str, *, field: str = "trigger") -> str:
    if name not in TRIGGERS:
        raise InvalidInput.of(
            "alerts.bad_trigger", field=field, value=name, allowed=", ".join(TRIGGERS)
        )
    return name


EXCERPT_CHARS = 120
EXCERPT_BYTES = 360  # 120 Chinese characters; the vendors' own limits cut the whole later


def reply_excerpt(text: str) -> str:
    """The first words of a reply as one line: about 120 characters, never over 360 UTF-8
    bytes, cut on a whole character and marked with an ellipsis."""
    line = one_line(text, EXCERPT_CHARS)
    if len(line.encode("utf-8")) <= EXCERPT_BYTES:
        return line
    return cut_to_bytes(line, EXCERPT_BYTES - len(ELLIPSIS.encode("utf-8"))).rstrip() + ELLIPSIS


def _lang(route: Any, session: Session, recipient: str | None) -> str:
    if route["lang"] in LANGS:
        return str(route["lang"])
    if recipient:
        own = route_rows.user_settings(session, recipient)
        if own is not None and own["language"] in LANGS:
            return str(own["language"])
    return DEFAULT_LANG


def _recipient(route: Any, case: CaseFacts | None) -> tuple[bool, str | None]:
    """(does the route take it, whose alert it is). A route for one person takes only that
    person's cases; ``@assignee`` and "anyone" take every case, addressed to its owner."""
    wanted = route["assignee"]
    owner = case.assignee if case else None
    if wanted in (None, "", ASSIGNEE):
        return True, owner
    return owner == wanted, wanted


def enqueue_for(
    session: Session,
    *,
    trigger: str,
    now: datetime,
    key: str,
    case: CaseFacts | None = None,
    store_id: int | None = None,
    urgent: bool = False,
    facts: Mapping[str, Any] | None = None,
    told_by: str | None = None,
) -> list[int]:
    """Enqueue one alert per enabled route that takes ``trigger`` for this store and case;
    the new alerts' ids (none for an event already enqueued: ``key`` names the event).
    ``told_by``: a trigger whose alert of the same change says it already; a route taking
    that one too is left out (one ping for one change).

    ``facts`` fill the trigger's words (``alerts.trigger.<trigger>.title/text``) besides
    ``case``, ``subject`` and ``store``. Mail-core calls this for mail it could not file:
    ``enqueue_for(session, trigger="mail-unfiled", key=f"mail:{id}", store_id=…, facts=…)``."""
    check_trigger(trigger)
    store = case.store_id if case else store_id
    words: dict[str, Any] = {"case": "", "subject": "", **(facts or {})}
    amazon_ids: list[str] | None = None  # read once, and only when a route takes the alert
    if case is not None:
        words.update(case=case.id, subject=one_line(case.subject))
        urgent = urgent or case.priority == "urgent"
    made: list[int] = []
    for route in route_rows.enabled_for(session, store_id=store):
        taken = route["triggers"] or []
        if trigger not in taken or (told_by is not None and told_by in taken):
            continue
        takes, recipient = _recipient(route, case)
        if not takes:
            continue
        lang = _lang(route, session, recipient)
        if amazon_ids is None:
            amazon_ids = case_rows.amazon_case_ids_of(session, case.id) if case else []
        said = {
            **words,
            **{k: t(f"alerts.{w}.{words[k]}", lang) for k, w in WORDED.items() if k in words},
            # the Case ID a person types into Seller Central's Case Log to find the case
            "amazon_case": (
                t("alerts.ref.amazon_case", lang, ids=", ".join(amazon_ids)) if amazon_ids else ""
            ),
        }
        alert_id = outbox_rows.enqueue(
            session,
            {
                "trigger": trigger,
                "dedupe_key": f"{trigger}:{key}:r{route['id']}"[:200],
                "route_id": route["id"],
                "case_id": case.id if case else None,
                "store_id": store,
                "recipient": recipient,
                "mention_user": recipient if route["mention"] else None,
                "channel_id": route["channel_id"],
                "lang": lang,
                "title": one_line(t(f"alerts.trigger.{trigger}.title", lang, **said), 290),
                "text": t(f"alerts.trigger.{trigger}.text", lang, **said),
                "link": f"/cases/{case.id}" if case else words.get("link"),
                "urgent": urgent,
                "state": outbox_rows.QUEUED,
                "not_before": now,
                "attempts": 0,
                "created_at": now,
            },
        )
        if alert_id is not None:
            made.append(alert_id)
    return made


# the hooks, one per trigger, called by the service that made the change -------------------


def amazon_replied(
    session: Session, case: Any, *, event_id: int, now: datetime, excerpt: str = ""
) -> list[int]:
    """An ``in`` event (Amazon's reply) was recorded on the case; ``excerpt``: the reply's
    text (quoted short: the first line a person reads decides whether to open the case)."""
    quoted = reply_excerpt(excerpt)
    return enqueue_for(
        session,
        trigger=AMAZON_REPLY,
        now=now,
        key=f"event:{event_id}",
        case=CaseFacts.of(case),
        facts={"quote": f"\n“{quoted}”" if quoted else ""},
    )


def needs_action(session: Session, case: Any, *, event_id: int, now: datetime) -> list[int]:
    """The case moved to needs-action (its status event is ``event_id``).

    A move made by Amazon's reply itself (the status event is ``auto``: who acts next after
    an ``in`` record, services.cases.events) is followed in the same change by that reply's
    alert, which says more; a route taking both triggers gets that one only, else one mail
    forwarded to the mailbox pinged its owner twice."""
    moved = event_rows.data_of(session, event_id)
    by_reply = moved is not None and bool(moved.get("auto"))
    return enqueue_for(
        session,
        trigger=NEEDS_ACTION,
        now=now,
        key=f"event:{event_id}",
        case=CaseFacts.of(case),
        told_by=AMAZON_REPLY if by_reply else None,
    )


def reminder_due(
    session: Session, case: Any, *, reminder_id: int, text: str, now: datetime
) -> list[int]:
    """The worker delivered a reminder on the case (``text``: the note it wrote)."""
    return enqueue_for(
        session,
        trigger=REMINDER_DUE,
        now=now,
        key=f"reminder:{reminder_id}",
        case=CaseFacts.of(case),
        facts={"reminder": one_line(text, 200)},
    )


def duplicate_refused(
    session: Session,
    *,
    store_id: int,
    store: str,
    subject: str,
    matches: tuple[int, ...],
    actor: str,
    now: datetime,
) -> list[int]:
    """A new case was refused as a duplicate of open case(s) ``matches``. Keyed by store,
    subject, who tried and the hour, so a person retrying the same form is alerted once."""
    digest = hashlib.sha256(f"{store_id}|{subject}|{actor}".encode()).hexdigest()[:16]
    hour = now.replace(minute=0, second=0, microsecond=0).isoformat()
    first = matches[0] if matches else None
    return enqueue_for(
        session,
        trigger=DUPLICATE_REFUSED,
        now=now,
        key=f"{digest}:{hour}",
        store_id=store_id,
        facts={
            "store": store,
            "subject": one_line(subject),
            "matches": ", ".join(str(m) for m in matches),
            "actor": actor,
            "link": f"/cases/{first}" if first else None,
        },
    )


def health_crossed(
    session: Session,
    *,
    store_id: int,
    store: str,
    snapshot_id: int,
    crossings: tuple[tuple[str, str, str, str], ...],
    now: datetime,
) -> list[int]:
    """A snapshot moved metrics across their targets: ``(marketplace, metric, before, after)``
    verdicts, one alert per crossing."""
    made: list[int] = []
    for marketplace, metric, before, after in crossings:
        made += enqueue_for(
            session,
            trigger=HEALTH_CROSSED,
            now=now,
            key=f"{snapshot_id}:{marketplace}:{metric}",
            store_id=store_id,
            urgent=after == "fail",
            facts={
                "store": store,
                "marketplace": marketplace,
                "metric": metric,
                "before": before,
                "after": after,
                "link": "/stores",
            },
        )
    return made


def breach_soon(
    session: Session, case: Any, *, side: str, breach_at: datetime, urgent: bool, now: datetime
) -> list[int]:
    """The case's clock (``side``: amazon or team) breaches at ``breach_at``."""
    left = max(breach_at - now, timedelta(0))
    return enqueue_for(
        session,
        trigger=BREACH_SOON,
        now=now,
        key=f"{case.id}:{side}:{breach_at.isoformat()}",
        case=CaseFacts.of(case),
        urgent=urgent,
        facts={"side": side, "minutes": int(left / timedelta(minutes=1))},
    )
