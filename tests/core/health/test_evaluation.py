"""Metrics against targets: the report's own, else the shipped defaults; the newest value of
each metric wins; the rules file can be overridden and is validated."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.health.evaluate import Snapshot, ahr_verdict, checklist, current, verdict
from sellerdesk.core.health.picture import DocumentState
from sellerdesk.core.health.rules import Target, builtin_health_path, load_health_rules

RULES = load_health_rules([builtin_health_path()])
T1 = datetime(2026, 11, 1, tzinfo=UTC)
T2 = datetime(2026, 11, 20, tzinfo=UTC)


def rate(metric: str, value: float, target: list[object] | None = None, **extra: object):  # type: ignore[no-untyped-def]
    return {
        "metric": metric,
        "fulfilment": None,
        "kind": "rate",
        "value": value,
        "target": target,
        "amazon_status": None,
        "from": None,
        "to": None,
        "counts": {},
        **extra,
    }


def snap(i: int, at: datetime, *metrics: dict[str, object], source: str = "manual") -> Snapshot:
    entry = {
        "marketplace": "US",
        "marketplace_id": "ATVPDKIKX0DER",
        "account_status": None,
        "metrics": list(metrics),
        "ahr": None,
        "warnings": [],
    }
    return Snapshot(i, source, at, {"marketplaces": [entry]})


def test_the_shipped_defaults_are_the_four_documented_targets():
    assert {k: (t.value, t.condition) for k, t in RULES.targets.items()} == {
        "odr": (0.01, "LESS_THAN"),
        "pre-fulfilment-cancel": (0.025, "LESS_THAN"),
        "late-shipment": (0.04, "LESS_THAN"),
        "valid-tracking": (0.95, "GREATER_THAN"),
    }
    assert all(t.fact and t.fact.confidence == "public-source" for t in RULES.targets.values())
    assert RULES.plan.fact.confidence == "seed-claim"
    assert [d.key for d in RULES.documents][:2] == ["business-licence", "legal-rep-id"]


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (0.0079, Target(0.01, "LESS_THAN"), "pass"),
        (0.008, Target(0.01, "LESS_THAN"), "at-risk"),
        (0.01, Target(0.01, "LESS_THAN"), "fail"),
        (0.97, Target(0.95, "GREATER_THAN"), "pass"),
        (0.96, Target(0.95, "GREATER_THAN"), "at-risk"),
        (0.95, Target(0.95, "GREATER_THAN"), "fail"),
        (0, Target(0, "EQUALS"), "pass"),
        (2, Target(0, "EQUALS"), "fail"),
    ],
)
def test_a_value_passes_is_at_risk_or_fails_its_target(value, target, expected):  # type: ignore[no-untyped-def]
    assert verdict(value, target, RULES.at_risk_share) == expected


def test_account_health_rating_bands_and_status_words():
    bands = RULES.ahr
    assert [ahr_verdict(s, None, bands) for s in (1000, 200, 199, 100, 99, 0)] == [
        "pass",
        "pass",
        "at-risk",
        "at-risk",
        "fail",
        "fail",
    ]
    assert ahr_verdict(None, "GREAT", bands) == "pass"
    assert ahr_verdict(None, "WARNED", bands) == "at-risk"
    assert ahr_verdict(None, None, bands) is None


def test_the_reports_own_target_wins_over_the_default():
    view = current([snap(1, T1, rate("late-shipment", 0.03, [0.02, "LESS_THAN"]))], RULES)
    row = view[0].metrics[0]
    assert row.target is not None and row.target.origin == "report" and row.verdict == "fail"


def test_a_figure_without_a_target_is_judged_by_the_sourced_default():
    row = current([snap(1, T1, rate("odr", 0.009))], RULES)[0].metrics[0]
    assert row.target is not None and row.target.origin == "default" and row.target.value == 0.01
    assert "200370550" in str(row.target.source) and row.verdict == "at-risk"


def test_a_metric_with_no_target_anywhere_has_no_verdict():
    row = current([snap(1, T1, rate("invoice-defect", 0.2))], RULES)[0].metrics[0]
    assert row.target is None and row.verdict is None


def test_the_newest_snapshot_gives_each_metric_and_older_ones_fill_the_rest():
    old = snap(1, T1, rate("odr", 0.02), rate("late-shipment", 0.01), source="report")
    new = snap(2, T2, rate("odr", 0.002))
    rows = {r.metric: r for r in current([new, old], RULES)[0].metrics}
    assert rows["odr"].value == 0.002 and rows["odr"].snapshot == 2
    assert rows["late-shipment"].snapshot == 1 and rows["late-shipment"].source == "report"
    assert rows["late-shipment"].taken_at == T1  # a real datetime, not its text


def test_the_store_marketplaces_come_first_in_their_order():
    ca = Snapshot(3, "manual", T1, {"marketplaces": [{"marketplace": "CA", "metrics": []}]})
    order = [v.marketplace for v in current([snap(1, T1), ca], RULES, ["CA", "US"])]
    assert order == ["CA", "US"]


def test_an_unrecorded_document_is_unknown_and_a_missing_one_fails():
    recorded = {"w-8ben-e": DocumentState("missing", None, T1)}
    rows = {r.key: r for r in checklist(recorded, RULES)}
    assert rows["w-8ben-e"].verdict == "fail" and rows["w-8ben-e"].applies_to
    assert rows["w-8ben-e"].updated_at == T1 and rows["w-8ben-e"].note == ""
    assert rows["business-licence"].status == "unknown"
    assert rows["business-licence"].verdict is None and rows["business-licence"].updated_at is None


def test_a_user_file_changes_one_target_and_it_becomes_the_users_rule(tmp_path: Path):
    user = tmp_path / "health.toml"
    user.write_text("[rule.target-late-shipment]\nvalue = 0.03\n", encoding="utf-8")
    rules = load_health_rules([builtin_health_path(), user])
    target = rules.targets["late-shipment"]
    assert target.value == 0.03 and target.condition == "LESS_THAN"
    assert target.fact is not None and target.fact.confidence == "user"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[rule.target-odr]\nvalue = 1.5\n", "health.toml: rule.target-odr.value"),
        ('[rule.target-odr]\ncondition = "BELOW"\n', "health.toml: rule.target-odr.condition"),
        ("[rule.ahr-bands]\nhealthy_from = 50\n", "health.toml: rule.ahr-bands.healthy_from"),
    ],
)
def test_a_bad_user_rule_is_refused_with_its_name(tmp_path: Path, text: str, field: str):
    user = tmp_path / "health.toml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_health_rules([builtin_health_path(), user])
    assert caught.value.field == field
    assert caught.value.words("zh")[0] != caught.value.message  # said in Chinese too
