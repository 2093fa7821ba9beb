"""Account readiness: import Amazon's performance report, type figures by hand, keep the
documents check-list, and show every metric against its target.

Every command is one transaction and leaves an audit entry. Snapshots are never edited;
``show`` builds the current picture from the newest value of each metric.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.health.evaluate import Snapshot, checklist, current, readiness, worst
from sellerdesk.core.health.picture import DocumentState
from sellerdesk.core.health.report import parse_report, read_json
from sellerdesk.core.health.rules import HealthRules
from sellerdesk.services.alerts import triggers_health as health_triggers
from sellerdesk.services.health_views import (
    ChecklistItemView,
    DocumentsUpdate,
    HealthPicture,
    HistoryEntry,
    RecordedSnapshot,
    SnapshotView,
)
from sellerdesk.services.stores import store_named
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import HealthSnapshotRow, StoreRow
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import health as health_rows
from sellerdesk.storage.session import Session, sessionmaker

SOURCES = ("report", "manual", "sp-api")
DOCUMENT_STATES = ("have", "missing", "expired")
# `health set` flags -> metric keys; figures are typed in percent, stored as fractions
MANUAL_RATES = {
    "odr": "odr",
    "pre_fulfilment_cancel": "pre-fulfilment-cancel",
    "late_shipment": "late-shipment",
    "valid_tracking": "valid-tracking",
}
MAX_NOTE = 500


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _taken_at(parsed: Mapping[str, Any], fallback: datetime) -> datetime:
    """The end of the newest reporting window in the report (else the import time)."""
    ends = [
        moment
        for entry in parsed["marketplaces"]
        for item in [*entry["metrics"], entry["ahr"] or {}]
        if (moment := _moment(item.get("to"))) is not None
    ]
    return max(ends) if ends else fallback


def _with_codes(parsed: Mapping[str, Any], rules: HealthRules) -> dict[str, Any]:
    """The parsed report as the snapshot stores it: each entry with its marketplace code
    (a stored JSON document, not a read model: ``show`` reads it back through core/health)."""
    entries = [
        {**entry, "marketplace": rules.code_for(entry["marketplace_id"])}
        for entry in parsed["marketplaces"]
    ]
    return {**parsed, "marketplaces": entries}


def _add(
    session: Session,
    store: StoreRow,
    *,
    source: str,
    metrics: dict[str, Any],
    raw: Any,
    taken_at: datetime,
    now: datetime,
    ctx: TrackerContext,
    rules: HealthRules | None = None,
) -> RecordedSnapshot:
    before = health_triggers.verdicts_of(session, store, rules) if rules is not None else {}
    row = health_rows.add_snapshot(
        session,
        HealthSnapshotRow(
            store_id=store.id,
            source=source,
            taken_at=taken_at,
            imported_at=now,
            metrics=metrics,
            raw=raw,
            recorded_by=ctx.actor,
        ),
    )
    out = SnapshotView.of(row)
    audit.record(
        session,
        at=now,
        actor=ctx.actor,
        entity="health_snapshot",
        entity_id=row.id,
        action=source,
        detail={
            "store": store.name,
            "taken_at": out.taken_at.isoformat(),
            "marketplaces": list(out.marketplaces),
        },
    )
    if rules is not None:  # a metric across its target: alerted with the snapshot, or neither
        health_triggers.alert_crossings(session, store, rules, before, snapshot_id=row.id, now=now)
    others = tuple(m for m in out.marketplaces if m not in store.marketplaces)
    return replace(RecordedSnapshot.of(row), store=store.name, other_marketplaces=others)


def import_report(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    rules: HealthRules,
    store: str,
    text: str | bytes,
    where: str = "file",
) -> RecordedSnapshot:
    """Store one seller performance report (JSON text) as a snapshot of ``store``; errors
    name ``where`` (the file's name, as the adapter knows it) and the place inside it."""
    raw = read_json(text, where=where)
    parsed = _with_codes(parse_report(raw, where=where), rules)
    taken_at = _taken_at(parsed, now)
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        for earlier in health_rows.snapshots(session, row.id):
            if earlier.taken_at == taken_at and earlier.raw == raw:
                raise Conflict.of(
                    "health.report_known", field=where, snapshot=earlier.id, store=row.name
                )
        return _add(
            session,
            row,
            source="report",
            metrics=parsed,
            raw=raw,
            taken_at=taken_at,
            now=now,
            ctx=ctx,
            rules=rules,
        )


def import_documents(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    rules: HealthRules,
    store: str,
    documents: Sequence[tuple[str, Any]],
) -> list[RecordedSnapshot]:
    """Store reports fetched from the SP-API (``(marketplace code, document)`` pairs)."""
    parsed = []
    for code, document in documents:
        where = f"SP-API report ({code})"
        doc = read_json(document, where=where) if isinstance(document, str | bytes) else document
        parsed.append((_with_codes(parse_report(doc, where=where), rules), doc))
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        return [
            _add(
                session,
                row,
                source="sp-api",
                metrics=metrics,
                raw=doc,
                taken_at=_taken_at(metrics, now),
                now=now,
                ctx=ctx,
                rules=rules,
            )
            for metrics, doc in parsed
        ]


def _percent(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise InvalidInput.of("health.bad_percentage", field=field, value=value)
    return value / 100


def _marketplace(store: StoreRow, given: str | None) -> str:
    codes = list(store.marketplaces)
    if given is None:
        if len(codes) == 1:
            return str(codes[0])
        raise InvalidInput.of(
            "health.which_marketplace",
            field="marketplace",
            store=store.name,
            codes=", ".join(codes),
            first=codes[0],
        )
    code = given.strip().upper()
    if code not in codes:
        raise InvalidInput.of(
            "case.not_on_marketplace",
            field="marketplace",
            store=store.name,
            code=given,
            allowed=", ".join(codes),
        )
    return code


def set_figures(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    rules: HealthRules,
    store: str,
    marketplace: str | None = None,
    figures: Mapping[str, float | None],
    ahr: int | None = None,
) -> RecordedSnapshot:
    """Figures typed from Seller Central (rates in percent), as a ``manual`` snapshot."""
    unknown = set(figures) - set(MANUAL_RATES)
    if unknown:
        raise InvalidInput.of(
            "health.bad_metric",
            field="figures",
            value=sorted(unknown)[0],
            known=", ".join(sorted(MANUAL_RATES)),
        )
    rates = {
        MANUAL_RATES[name]: fraction
        for name, value in figures.items()
        if (fraction := _percent(value, name)) is not None
    }
    bands = rules.ahr
    if ahr is not None and not bands.min <= ahr <= bands.max:
        raise InvalidInput.of(
            "health.bad_rating", field="ahr", value=ahr, lo=bands.min, hi=bands.max
        )
    if not rates and ahr is None:
        raise InvalidInput.of("health.no_figure", field="figures")
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        code = _marketplace(row, marketplace)
        entry: dict[str, Any] = {
            "marketplace": code,
            "marketplace_id": rules.marketplace_ids.get(code),
            "account_status": None,
            "metrics": [
                {
                    "metric": key,
                    "fulfilment": None,
                    "kind": "rate",
                    "value": value,
                    "target": None,
                    "amazon_status": None,
                    "from": None,
                    "to": None,
                    "counts": {},
                }
                for key, value in rates.items()
            ],
            "ahr": None
            if ahr is None
            else {"score": ahr, "status": None, "from": None, "to": None},
            "warnings": [],
        }
        metrics = {"marketplaces": [entry], "scaled_from_percent": []}
        return _add(
            session,
            row,
            source="manual",
            metrics=metrics,
            raw=None,
            taken_at=now,
            now=now,
            ctx=ctx,
            rules=rules,
        )


def _document_keys(values: Iterable[str], rules: HealthRules, field: str) -> list[str]:
    keys = [k.strip().lower() for v in values for k in v.split(",") if k.strip()]
    for key in keys:
        if rules.document(key) is None:
            known = ", ".join(d.key for d in rules.documents)
            raise InvalidInput.of("health.bad_document", field=field, value=key, known=known)
    return keys


def update_documents(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    rules: HealthRules,
    store: str,
    have: Iterable[str] = (),
    missing: Iterable[str] = (),
    expired: Iterable[str] = (),
    note: str | None = None,
) -> DocumentsUpdate:
    """Mark documents of the check-list as have, missing or expired (one note for all)."""
    wanted: dict[str, str] = {}
    for status, values in (("have", have), ("missing", missing), ("expired", expired)):
        for key in _document_keys(values, rules, status):
            if wanted.get(key, status) != status:
                raise InvalidInput.of(
                    "health.document_twice",
                    field=status,
                    value=key,
                    first=wanted[key],
                    second=status,
                )
            wanted[key] = status
    if not wanted:
        raise InvalidInput.of("health.no_document", field="have")
    if note is not None and (len(note) > MAX_NOTE or any(ord(c) < 32 for c in note)):
        raise InvalidInput.of("health.bad_note", field="note", most=MAX_NOTE)
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        changes = {}
        for key, status in wanted.items():
            _, before = health_rows.set_document(
                session, store_id=row.id, key=key, status=status, note=note, at=now, by=ctx.actor
            )
            changes[key] = {"before": before, "after": status}
        audit.record(
            session,
            at=now,
            actor=ctx.actor,
            entity="store",
            entity_id=row.id,
            action="health-documents",
            detail=changes,
        )
        documents = _checklist(session, row, rules)
        return DocumentsUpdate(store=row.name, changed=changes, documents=documents)


def _checklist(
    session: Session, store: StoreRow, rules: HealthRules
) -> tuple[ChecklistItemView, ...]:
    states = {
        key: DocumentState(d.status, d.note, d.updated_at)
        for key, d in health_rows.documents(session, store.id).items()
    }
    return checklist(states, rules)


def _snapshot(row: HealthSnapshotRow) -> Snapshot:
    return Snapshot(row.id, row.source, row.taken_at, row.metrics)


def show(
    *,
    sessions: sessionmaker[Session],
    rules: HealthRules,
    store: str,
    history: bool = False,
) -> HealthPicture:
    """Every metric against its target, plan, verification and the documents check-list."""
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        rows = health_rows.snapshots(session, row.id)
        marketplaces = current([_snapshot(r) for r in rows], rules, row.marketplaces)
        ready = readiness(row.selling_plan, row.verified, rules)
        return HealthPicture(
            store=row.name,
            marketplaces=marketplaces,
            verdict=worst(m.verdict for m in marketplaces),
            plan=ready.plan,
            verification=ready.verification,
            documents=_checklist(session, row, rules),
            snapshots=len(rows),
            history=tuple(_history_entry(r, rules) for r in rows) if history else None,
        )


def _history_entry(row: HealthSnapshotRow, rules: HealthRules) -> HistoryEntry:
    """The snapshot and the worst verdict of its own figures (judged alone)."""
    judged = worst(m.verdict for m in current([_snapshot(row)], rules))
    return HistoryEntry.judged(row, judged)


def fetch_marketplaces(
    *, sessions: sessionmaker[Session], store: str, only: Sequence[str] = ()
) -> list[str]:
    """The store's marketplaces to fetch a report for (all, or those named in ``only``)."""
    with transaction(sessions) as session:
        row = store_named(session, store, field="store")
        if not only:
            return [str(code) for code in row.marketplaces]
        return list(dict.fromkeys(_marketplace(row, code) for code in only))
