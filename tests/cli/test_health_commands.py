"""`sellerdesk health` on the command line in English and Chinese: exit codes 2 and 3 with
nothing written, JSON everywhere, and the live fetch through a fake SP-API client."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "health"
REPORT = str(DATA / "report-property-names.json")
AT = "2026-11-28T10:00+08:00"


@pytest.fixture
def acme(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)
    added = cli("store", "add", "acme", "--region", "na", "--marketplaces", "US,CA", "--json")
    assert added.exit_code == 0, added.stderr
    return "acme"


def test_import_set_docs_and_show_in_english(cli, acme):
    imported = cli("health", "import", REPORT, "--store", acme, "--at", AT)
    assert imported.exit_code == 0, imported.stderr
    assert "snapshot 1 (US, CA" in imported.stdout
    manual = cli(
        "health",
        "set",
        "--store",
        acme,
        "--marketplace",
        "US",
        "--odr",
        "0.8",
        "--late-shipment",
        "3.1",
        "--ahr",
        "420",
        "--at",
        AT,
    )
    assert manual.exit_code == 0, manual.stderr
    docs = cli(
        "health",
        "docs",
        "--store",
        acme,
        "--have",
        "business-licence",
        "--missing",
        "w-8ben-e",
        "--at",
        AT,
    )
    assert docs.exit_code == 0 and "Updated 2 document(s)" in docs.stdout
    shown = cli("health", "show", "--store", acme, "--history", "--at", AT)
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    assert "Account readiness — acme: FAIL" in out
    lines = out.splitlines()
    mfn = [line.split() for line in lines if line.startswith("Order defect rate (MFN)")]
    assert ["1.25", "%", "<", "1.00", "%", "FAIL"] in [row[4:10] for row in mfn]  # CA
    assert "< 1.00 % (default)" in out and "AT RISK" in out  # manual ODR 0.8 %
    assert "Account Health Rating: 420 (PASS; manual" in out
    assert "Warnings from Amazon: spammingSellerMessaging" in out
    assert "missing" in out and "not recorded" in out
    assert "Amazon's performance targets" in out and "no public source confirms" in out


def test_show_in_chinese_says_the_same(cli, acme):
    cli("health", "import", REPORT, "--store", acme, "--at", AT)
    shown = cli("health", "show", "--store", acme, "--lang", "zh", "--at", AT)
    assert shown.exit_code == 0, shown.stderr
    assert "账号准备度 — acme：未达标" in shown.stdout
    assert "订单缺陷率 (自发货)" in shown.stdout and "有风险" in shown.stdout
    assert "没有公开资料证实" in shown.stdout and "未记录" in shown.stdout


def test_every_command_answers_json(cli, acme):
    imported = cli("health", "import", REPORT, "--store", acme, "--json", "--at", AT)
    assert imported.json()["marketplaces"] == ["US", "CA"]
    manual = cli(
        "health",
        "set",
        "--store",
        acme,
        "--marketplace",
        "CA",
        "--valid-tracking",
        "96.5",
        "--json",
        "--at",
        AT,
    )
    assert manual.json()["source"] == "manual"
    docs = cli("health", "docs", "--store", acme, "--expired", "credit-card", "--json")
    assert docs.json()["changed"] == {"credit-card": {"before": None, "after": "expired"}}
    shown = cli("health", "show", "--store", acme, "--json", "--history", "--at", AT).json()
    assert [h["source"] for h in shown["history"]] == ["manual", "report"]
    ca = shown["marketplaces"][1]
    tracking = next(m for m in ca["metrics"] if m["metric"] == "valid-tracking")
    assert tracking["value"] == pytest.approx(0.965) and tracking["verdict"] == "pass"
    assert "performance targets" in shown["statement"]


def test_show_json_keeps_its_field_names_in_order(cli, acme):
    """The typed picture renders as the JSON ``health show --json`` always gave: the same
    keys in the same order, windows as ``from``/``to``, times as ISO text, a report's own
    target without a fact, a default one with its source."""
    cli("health", "import", REPORT, "--store", acme, "--at", AT)
    cli("health", "set", "--store", acme, "--marketplace", "US", "--odr", "0.8", "--ahr", "420")
    cli("health", "docs", "--store", acme, "--missing", "w-8ben-e", "--at", AT)
    plain = cli("health", "show", "--store", acme, "--json", "--at", AT).json()
    assert "history" not in plain
    shown = cli("health", "show", "--store", acme, "--json", "--history", "--at", AT).json()
    assert list(shown) == [
        *("store", "marketplaces", "verdict", "plan", "verification", "documents"),
        *("snapshots", "history", "statement"),
    ]
    us = shown["marketplaces"][0]
    assert list(us) == [
        *("marketplace", "marketplace_id", "account_status", "ahr", "metrics", "warnings"),
        "verdict",
    ]
    origin = ["snapshot", "source", "taken_at"]
    assert list(us["account_status"]) == ["value", "verdict", *origin]
    assert list(us["ahr"]) == ["score", "status", "from", "to", "verdict", *origin]
    assert list(us["warnings"][0]) == ["type", "status"]
    rows = {(m["metric"], m["fulfilment"], m["source"]): m for m in us["metrics"]}
    reported = rows[("odr", "mfn", "report")]
    assert list(reported) == [
        *("metric", "fulfilment", "kind", "value", "amazon_status", "from", "to", "counts"),
        *("target", "verdict", *origin),
    ]
    assert reported["from"] == "2026-09-20T00:00:00Z"  # the report's own text
    assert reported["taken_at"] == "2026-11-18T23:59:59+00:00"
    assert list(reported["target"]) == ["value", "condition", "origin"]
    typed = rows[("odr", None, "manual")]
    assert list(typed["target"]) == [
        *("value", "condition", "origin", "source", "as_of", "confidence"),
    ]
    assert typed["from"] is None and typed["counts"] == {}
    for item in ("plan", "verification"):
        assert list(shown[item]) == [
            *("value", "expected", "verdict", "source", "as_of", "confidence"),
        ]
    doc = next(d for d in shown["documents"] if d["key"] == "w-8ben-e")
    assert list(doc) == [
        *("key", "name_en", "name_zh", "applies_to", "status", "verdict", "note"),
        *("updated_at", "confidence", "source"),
    ]
    assert doc["updated_at"] == "2026-11-28T02:00:00+00:00"
    assert list(shown["history"][0]) == [
        *("id", "source", "taken_at", "imported_at", "recorded_by", "marketplaces"),
        *("scaled_from_percent", "verdict"),
    ]


def test_a_store_with_no_figures_says_how_to_add_them(cli, acme):
    shown = cli("health", "show", "--store", acme, "--lang", "en")
    assert shown.exit_code == 0 and "No Account Health figures for acme yet" in shown.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (
            ("health", "import", str(DATA / "report-bad-shape.json"), "--store", "acme"),
            2,
            "performanceMetrics is not a list",
        ),
        (("health", "import", "/no/such/report.json", "--store", "acme"), 2, "cannot read"),
        (("health", "import", REPORT, "--store", "nobody"), 2, "there is no store"),
        (("health", "set", "--store", "acme", "--marketplace", "US", "--odr", "101"), 2, "--odr"),
        (("health", "set", "--store", "acme", "--odr", "0.5"), 2, "say which"),
        (("health", "set", "--store", "acme", "--marketplace", "US"), 2, "no figure given"),
        (("health", "docs", "--store", "acme", "--have", "passport"), 2, "not a document"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(cli, acme, args, code, words):
    result = cli(*args)
    assert result.exit_code == code
    assert words in result.stderr and "fix:" in result.stderr
    shown = cli("health", "show", "--store", "acme", "--json", "--history").json()
    assert shown["history"] == [] and all(d["status"] == "unknown" for d in shown["documents"])


def test_a_report_imported_twice_exits_3(cli, acme):
    assert cli("health", "import", REPORT, "--store", acme).exit_code == 0
    again = cli("health", "import", REPORT, "--store", acme, "--json")
    assert again.exit_code == 3
    assert json.loads(again.stderr)["error"]["code"] == "conflict"


def test_a_bad_report_in_chinese_still_names_the_field(cli, acme, tmp_path):
    bad = tmp_path / "report.json"
    bad.write_text("<html>login</html>", encoding="utf-8")
    result = cli("health", "import", str(bad), "--store", acme, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误") and str(bad) in result.stderr


class Answer:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload


class RecordedReports:
    def __init__(self) -> None:
        recorded = DATA / "spapi" / "us-report-responses.json"
        self.recorded = json.loads(recorded.read_text(encoding="utf-8"))

    def create_report(self, **kwargs: Any) -> Answer:
        return Answer(self.recorded["create_report"])

    def get_report(self, reportId: str) -> Answer:
        return Answer(self.recorded["get_report"][-1])  # DONE at once: no waiting in tests

    def get_report_document(self, reportDocumentId: str, download: bool = False) -> Answer:
        return Answer(self.recorded["get_report_document"])


def test_fetch_stores_the_report_from_a_recorded_sp_api_answer(cli, acme, monkeypatch):
    from sellerdesk.services import spapi_reports

    asked: list[tuple[str, str]] = []

    def fake_client(marketplace: str, account: str) -> RecordedReports:
        asked.append((marketplace, account))
        return RecordedReports()

    monkeypatch.setattr(spapi_reports, "sp_api_client", fake_client)
    result = cli("health", "fetch", "--store", acme, "--marketplace", "US", "--at", AT)
    assert result.exit_code == 0, result.stderr
    assert "through the SP-API: snapshot 1 (US" in result.stdout
    assert asked == [("US", "default")]
    shown = cli("health", "show", "--store", acme, "--json").json()
    assert shown["marketplaces"][0]["metrics"][0]["source"] == "sp-api"


def test_fetch_without_the_extra_says_how_to_install_it(cli, acme, monkeypatch):
    monkeypatch.setitem(sys.modules, "sp_api", None)  # as if python-amazon-sp-api were absent
    monkeypatch.setitem(sys.modules, "sp_api.api", None)
    result = cli("health", "fetch", "--store", acme)
    assert result.exit_code == 2
    assert "python-amazon-sp-api" in result.stderr and "sellerdesk[spapi]" in result.stderr


@pytest.mark.parametrize(
    ("field", "named"), [("account", "--account"), ("marketplace", "--marketplace")]
)
def test_fetch_spells_the_sp_api_fields_as_its_flags(cli, acme, monkeypatch, field, named):  # type: ignore[no-untyped-def]
    from sellerdesk.core.errors import InvalidInput
    from sellerdesk.services import spapi_reports

    def refused(marketplace: str, account: str) -> RecordedReports:
        raise InvalidInput("refused by the library.", field=field)

    monkeypatch.setattr(spapi_reports, "sp_api_client", refused)
    result = cli("health", "fetch", "--store", acme, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stderr)["error"]["field"] == named
