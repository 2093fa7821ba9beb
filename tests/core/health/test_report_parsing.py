"""The seller performance report is read in both spellings the schema uses; bad input is
refused with the field named."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.health.report import parse_report, parse_report_text

DATA = Path(__file__).resolve().parents[2] / "data" / "health"


def fixture(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def metric(parsed: dict[str, Any], marketplace_id: str, key: str, fulfilment: str | None = None):  # type: ignore[no-untyped-def]
    entry = next(e for e in parsed["marketplaces"] if e["marketplace_id"] == marketplace_id)
    return next(m for m in entry["metrics"] if m["metric"] == key and m["fulfilment"] == fulfilment)


def test_both_spellings_of_the_schema_read_the_same():
    by_names = parse_report(fixture("report-property-names.json"))
    by_examples = parse_report(fixture("report-example-spelling.json"))
    assert by_names == by_examples
    cancel = metric(by_names, "ATVPDKIKX0DER", "pre-fulfilment-cancel")
    assert cancel["value"] == 0.0033 and cancel["target"] == [0.025, "LESS_THAN"]
    assert metric(by_names, "ATVPDKIKX0DER", "document-requests")["kind"] == "count"
    ca = by_names["marketplaces"][1]
    assert ca["warnings"] == [{"type": "spammingSellerMessaging", "status": "BAD"}]
    assert ca["ahr"]["status"] == "WARNED" and ca["account_status"] == "AT_RISK"


def test_rates_stay_fractions_with_the_reports_own_targets_and_counts():
    parsed = parse_report(fixture("report-property-names.json"))
    mfn = metric(parsed, "A2EUQ1WTGCTBG2", "odr", "mfn")
    assert mfn["value"] == 0.0125 and mfn["amazon_status"] == "BAD"
    assert mfn["counts"]["orderCount"] == 640 and mfn["counts"]["orderWithDefects"] == 8
    assert mfn["to"] == "2026-11-18T23:59:59Z"
    assert parsed["marketplaces"][0]["ahr"]["score"] == 312
    assert parsed["scaled_from_percent"] == []


def test_a_rate_given_in_percent_is_scaled_to_a_fraction_and_listed():
    doc = {
        "accountStatuses": [],
        "performanceMetrics": [
            {
                "marketplaceId": "ATVPDKIKX0DER",
                "lateShipmentRate": {"rate": 3.2, "targetValue": 4, "targetCondition": "LESS_THAN"},
            }
        ],
    }
    parsed = parse_report(doc)
    late = metric(parsed, "ATVPDKIKX0DER", "late-shipment")
    assert late["value"] == pytest.approx(0.032) and late["target"][0] == pytest.approx(0.04)
    assert parsed["scaled_from_percent"] == ["performanceMetrics[0].lateShipmentRate"]


def test_a_metric_without_a_rate_is_left_out_and_a_status_only_marketplace_is_kept():
    doc = {
        "accountStatuses": [{"marketplaceId": "A1VC38T7YXB528", "status": "DEACTIVATED"}],
        "performanceMetrics": [
            {"marketplaceId": "ATVPDKIKX0DER", "lateShipmentRate": {"status": "NONE"}}
        ],
    }
    parsed = parse_report(doc)
    assert parsed["marketplaces"][0]["metrics"] == []
    assert parsed["marketplaces"][1]["account_status"] == "DEACTIVATED"


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("not json at all", "file", "is not JSON"),
        ("[1, 2]", "file", "JSON list, not an object"),
        ('{"accountStatuses": []}', "file", "no performanceMetrics"),
        ('{"performanceMetrics": {}}', "file", "is not a list"),
        ('{"performanceMetrics": [3]}', "file: performanceMetrics[0]", "is not an object"),
        ('{"performanceMetrics": [{}]}', "file: performanceMetrics[0].marketplaceId", "missing"),
        ('{"performanceMetrics": []}', "file", "holds no marketplace"),
        (
            '{"performanceMetrics": [{"marketplaceId": "X", "lateShipmentRate": {"rate": "3%"}}]}',
            "file: performanceMetrics[0].lateShipmentRate.rate",
            "is not a number",
        ),
        (
            '{"performanceMetrics": [{"marketplaceId": "X", "validTrackingRate": '
            '{"rate": 0.9, "targetValue": 0.95, "targetCondition": "ABOVE"}}]}',
            "file: performanceMetrics[0].validTrackingRate.targetCondition",
            "is not one of",
        ),
        (
            '{"performanceMetrics": [{"marketplaceId": "X"}, {"marketplaceId": "X"}]}',
            "file: performanceMetrics[1]",
            "appears twice",
        ),
        (
            '{"performanceMetrics": [{"marketplaceId": "X", "lateShipmentRate": {"rate": 400}}]}',
            "file: performanceMetrics[0].lateShipmentRate",
            "neither a fraction nor a percentage",
        ),
        (
            '{"performanceMetrics": [{"marketplaceId": "X", "warningStates": {}}]}',
            "file: performanceMetrics[0].warningStates",
            "is not a list",
        ),
    ],
)
def test_a_bad_report_is_refused_naming_what_is_wrong(text: str, field: str, words: str):
    with pytest.raises(InvalidInput) as caught:
        parse_report_text(text)
    assert caught.value.field == field
    assert words in caught.value.message
    assert caught.value.fix
    message, fix = caught.value.words("zh")  # the seller who uploaded it reads Chinese
    assert fix and fix.startswith("请原样导出卖家绩效报告")
    assert re.search(r"[\u4e00-\u9fff]", message), message


def test_the_bad_fixture_is_refused():
    with pytest.raises(InvalidInput) as caught:
        parse_report_text((DATA / "report-bad-shape.json").read_bytes(), where="bad.json")
    assert caught.value.field == "bad.json" and "performanceMetrics" in caught.value.message
