"""Account readiness use cases on SQLite and PostgreSQL: import, manual figures, documents,
show, audit, and the live fetch driven by recorded SP-API responses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.core.health.rules import builtin_health_path, load_health_rules
from sellerdesk.services import account_health, spapi_reports
from sellerdesk.services.spapi_reports import REPORT_TYPE, fetch_document
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.tables import AuditRow, HealthDocumentRow, HealthSnapshotRow
from tests.services.case_fixtures import NOW, count, later

DATA = Path(__file__).resolve().parents[1] / "data" / "health"
RULES = load_health_rules([builtin_health_path()])
AFTER_REPORT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # the fixtures' windows end 18 Nov


def report(name: str = "report-property-names.json") -> bytes:
    return (DATA / name).read_bytes()


def run(fn: Any, sessions: sessionmaker[Session], ctx: TrackerContext, **kwargs: Any) -> Any:
    return fn(sessions=sessions, now=kwargs.pop("now", NOW), ctx=ctx, rules=RULES, **kwargs)


def test_an_imported_report_keeps_the_raw_document_and_shows_per_marketplace(sessions, ctx, acme):
    added = run(account_health.import_report, sessions, ctx, store=acme, text=report())
    assert added.marketplaces == ("US", "CA") and added.source == "report"
    assert added.taken_at.isoformat().startswith("2026-11-18T23:59:59")
    with sessions() as session:
        row = session.get(HealthSnapshotRow, added.id)
        assert row is not None and row.raw == json.loads(report())
        entries = audit.list_for(session, "health_snapshot", added.id)
        assert [e.action for e in entries] == ["report"]
    shown = account_health.show(sessions=sessions, rules=RULES, store=acme)
    us, ca = shown.marketplaces
    assert (us.marketplace, ca.marketplace) == ("US", "CA")
    assert us.account_status is not None and ca.account_status is not None
    assert us.account_status.value == "NORMAL" and ca.account_status.verdict == "at-risk"
    assert us.account_status.taken_at == added.taken_at  # a datetime, as the snapshot's
    rows = {(m.metric, m.fulfilment): m for m in ca.metrics}
    assert rows[("odr", "mfn")].verdict == "fail"
    assert shown.verdict == "fail" and shown.plan.verdict == "pass"
    assert shown.verification.value is False and shown.verification.verdict == "fail"
    assert shown.history is None and shown.snapshots == 1


def test_the_same_report_twice_is_refused_but_the_example_spelling_reads_alike(sessions, ctx, acme):
    run(account_health.import_report, sessions, ctx, store=acme, text=report())
    with pytest.raises(Conflict):
        run(account_health.import_report, sessions, ctx, store=acme, text=report(), now=later(1))
    other = run(
        account_health.import_report,
        sessions,
        ctx,
        store=acme,
        text=report("report-example-spelling.json"),
        now=later(2),
    )
    assert other.id == 2
    assert count(sessions, HealthSnapshotRow) == 2


def test_a_bad_report_changes_nothing(sessions, ctx, acme):
    with pytest.raises(InvalidInput) as caught:
        run(
            account_health.import_report,
            sessions,
            ctx,
            store=acme,
            text=report("report-bad-shape.json"),
            where="bad.json",
        )
    assert caught.value.field == "bad.json"
    assert count(sessions, HealthSnapshotRow) == 0 and count(sessions, AuditRow) == 1


def test_an_unknown_store_is_refused(sessions, ctx, acme):
    with pytest.raises(NotFound) as err:
        run(account_health.import_report, sessions, ctx, store="nobody", text=report())
    assert err.value.field == "store"  # the domain field; the CLI spells it --store


def test_a_bad_report_names_the_file_it_was_given_as(sessions, ctx, acme):
    with pytest.raises(InvalidInput) as err:
        run(account_health.import_report, sessions, ctx, store=acme, text=b"[")
    assert str(err.value.field).startswith("file")  # never the CLI's metavar FILE


def test_manual_figures_in_percent_become_the_newest_values(sessions, ctx, acme):
    run(account_health.import_report, sessions, ctx, store=acme, text=report())
    added = run(
        account_health.set_figures,
        sessions,
        ctx,
        store=acme,
        marketplace="us",
        figures={"odr": 0.5, "late_shipment": 4.2},
        ahr=180,
        now=AFTER_REPORT,
    )
    assert added.source == "manual" and added.marketplaces == ("US",)
    us = account_health.show(sessions=sessions, rules=RULES, store=acme, history=True)
    view = us.marketplaces[0]
    rows = {(m.metric, m.fulfilment): m for m in view.metrics}
    assert rows[("late-shipment", None)].value == pytest.approx(0.042)
    assert rows[("late-shipment", None)].source == "manual"
    assert rows[("late-shipment", None)].verdict == "fail"
    odr_target = rows[("odr", None)].target
    assert odr_target is not None and odr_target.origin == "default"
    assert view.ahr is not None and view.ahr.score == 180 and view.ahr.verdict == "at-risk"
    assert us.history is not None
    assert [(h.source, h.verdict) for h in us.history] == [("manual", "fail"), ("report", "fail")]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"figures": {"odr": 120.0}, "marketplace": "US"}, "odr"),
        ({"figures": {"valid_tracking": -1.0}, "marketplace": "US"}, "valid_tracking"),
        ({"figures": {"odr": float("nan")}, "marketplace": "US"}, "odr"),
        ({"figures": {}, "ahr": 1001, "marketplace": "US"}, "ahr"),
        ({"figures": {}, "marketplace": "US"}, "figures"),
        ({"figures": {"odr": 0.5}}, "marketplace"),  # acme sells on US and CA
        ({"figures": {"odr": 0.5}, "marketplace": "DE"}, "marketplace"),
    ],
)
def test_bad_manual_figures_are_refused(sessions, ctx, acme, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        run(account_health.set_figures, sessions, ctx, store=acme, **kwargs)
    assert caught.value.field == field
    assert count(sessions, HealthSnapshotRow) == 0


def test_documents_are_marked_and_audited_with_their_previous_state(sessions, ctx, acme):
    first = run(
        account_health.update_documents,
        sessions,
        ctx,
        store=acme,
        have=["business-licence,legal-rep-id"],
        missing=["w-8ben-e"],
        note="办理中",
    )
    assert first.changed["w-8ben-e"] == {"before": None, "after": "missing"}
    second = run(
        account_health.update_documents, sessions, ctx, store=acme, have=["W-8BEN-E"], now=later(24)
    )
    assert second.changed["w-8ben-e"] == {"before": "missing", "after": "have"}
    docs = {d.key: d for d in second.documents}
    assert docs["w-8ben-e"].status == "have" and docs["w-8ben-e"].note == "办理中"
    assert docs["credit-card"].status == "unknown"
    assert count(sessions, HealthDocumentRow) == 3
    with sessions() as session:
        actions = [a.action for a in session.query(AuditRow).order_by(AuditRow.id)]
    assert actions.count("health-documents") == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"have": ["passport"]}, "have"),
        ({"have": ["w-8ben-e"], "missing": ["w-8ben-e"]}, "missing"),
        ({}, "have"),
        ({"have": ["w-8ben-e"], "note": "x" * 501}, "note"),
    ],
)
def test_bad_document_updates_are_refused(sessions, ctx, acme, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        run(account_health.update_documents, sessions, ctx, store=acme, **kwargs)
    assert caught.value.field == field
    assert count(sessions, HealthDocumentRow) == 0


# --- live fetch through a fake client replaying recorded SP-API responses ----------------


class Answer:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload


class RecordedReports:
    """Stands in for sp_api.api.Reports: replays tests/data/health/spapi/*.json."""

    def __init__(self, recorded: dict[str, Any]) -> None:
        self.recorded = recorded
        self.polls = list(recorded["get_report"])
        self.calls: list[tuple[str, Any]] = []

    def create_report(self, **kwargs: Any) -> Answer:
        self.calls.append(("create_report", kwargs))
        return Answer(self.recorded["create_report"])

    def get_report(self, reportId: str) -> Answer:
        self.calls.append(("get_report", reportId))
        return Answer(self.polls.pop(0) if len(self.polls) > 1 else self.polls[0])

    def get_report_document(self, reportDocumentId: str, download: bool = False) -> Answer:
        self.calls.append(("get_report_document", (reportDocumentId, download)))
        return Answer(self.recorded["get_report_document"])


def recorded() -> dict[str, Any]:
    return json.loads((DATA / "spapi" / "us-report-responses.json").read_text(encoding="utf-8"))


def test_a_fetch_polls_until_done_and_downloads_the_document():
    client, slept = RecordedReports(recorded()), []
    document = fetch_document(client, "ATVPDKIKX0DER", sleep=slept.append, clock=lambda: 0.0)
    assert json.loads(document)["accountStatuses"][0]["marketplaceId"] == "ATVPDKIKX0DER"
    assert client.calls[0] == (
        "create_report",
        {"reportType": REPORT_TYPE, "marketplaceIds": ["ATVPDKIKX0DER"]},
    )
    assert [c[0] for c in client.calls].count("get_report") == 3 and len(slept) == 2
    assert client.calls[-1][1][1] is True  # download=True


def test_a_report_amazon_ends_or_never_finishes_is_an_error():
    fatal = recorded()
    fatal["get_report"] = [{"reportId": "1", "processingStatus": "FATAL"}]
    with pytest.raises(InvalidInput, match="FATAL"):
        fetch_document(RecordedReports(fatal), "ATVPDKIKX0DER", sleep=lambda s: None)
    stuck = recorded()
    stuck["get_report"] = [{"reportId": "1", "processingStatus": "IN_PROGRESS"}]
    ticks = iter(range(0, 10_000, 15))
    with pytest.raises(InvalidInput, match="not ready"):
        fetch_document(
            RecordedReports(stuck),
            "X",
            timeout=60,
            sleep=lambda s: None,
            clock=lambda: float(next(ticks)),
        )


def test_fetched_documents_are_stored_as_sp_api_snapshots(sessions, ctx, acme):
    document = fetch_document(RecordedReports(recorded()), "ATVPDKIKX0DER", sleep=lambda s: None)
    assert account_health.fetch_marketplaces(sessions=sessions, store=acme) == ["US", "CA"]
    stored = run(
        account_health.import_documents, sessions, ctx, store=acme, documents=[("US", document)]
    )
    assert [s.source for s in stored] == ["sp-api"] and stored[0].marketplaces == ("US",)
    shown = account_health.show(sessions=sessions, rules=RULES, store=acme)
    assert shown.marketplaces[0].metrics[0].source == "sp-api"


def test_the_sp_api_errors_name_domain_fields_not_flags(monkeypatch):
    import sys
    import types

    monkeypatch.setitem(sys.modules, "sp_api", None)  # not installed
    with pytest.raises(InvalidInput) as missing:
        spapi_reports.sp_api_client("US", "default")
    assert missing.value.field == "SP-API"

    class Marketplaces:
        def __class_getitem__(cls, code: str) -> str:
            if code != "US":
                raise KeyError(code)
            return code

    def no_credentials(**kwargs: Any) -> Any:
        raise RuntimeError("MissingCredentials")

    api, base = types.ModuleType("sp_api.api"), types.ModuleType("sp_api.base")
    api.Reports = no_credentials  # type: ignore[attr-defined]
    base.Marketplaces = Marketplaces  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sp_api", types.ModuleType("sp_api"))
    monkeypatch.setitem(sys.modules, "sp_api.api", api)
    monkeypatch.setitem(sys.modules, "sp_api.base", base)
    with pytest.raises(InvalidInput) as place:
        spapi_reports.sp_api_client("ZZ", "default")
    assert place.value.field == "marketplace"
    with pytest.raises(InvalidInput) as account:
        spapi_reports.sp_api_client("US", "default")
    assert account.value.field == "account"


def test_a_report_without_a_document_or_a_payload_is_an_sp_api_error():
    done = recorded()
    done["get_report"] = [{"reportId": "1", "processingStatus": "DONE"}]
    with pytest.raises(InvalidInput, match="without a document") as err:
        fetch_document(RecordedReports(done), "X", sleep=lambda s: None)
    assert err.value.field == "SP-API"
    empty = recorded()
    empty["create_report"] = "not an object"
    with pytest.raises(InvalidInput, match="createReport answered without a payload"):
        fetch_document(RecordedReports(empty), "X", sleep=lambda s: None)
