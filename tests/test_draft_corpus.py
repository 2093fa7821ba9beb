"""The labelled case-draft corpus stays whole and its labels follow LABELLING.md.

These tests need no coach: they guard the measuring stick itself (bench/coach_bench.py), so
that a draft without a label, a typo in a code or a lopsided corpus is caught before a
precision or recall figure is computed from it. Keys are read from LABELLING.md, so the
rules document and the labels cannot drift apart.

Three corpora follow the same rules: ``drafts/`` (the coach was tuned on it),
``drafts-holdout/`` (written later by another hand, never used for tuning) and
``drafts-holdout2/`` (a second held-out set, written later from LABELLING.md alone, without
reading the coach or the other drafts). Only the count thresholds differ, because the held-out
corpora are smaller.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
RULES = DATA / "drafts" / "LABELLING.md"
LABELS_FILE = "expected.toml"
FORMATS = (".json", ".toml", ".txt", ".md")
NOT_DRAFTS = {LABELS_FILE, RULES.name}

DRAFT_FIELDS = {
    "marketplace",
    "store",
    "category",
    "subject",
    "description",
    "timeline",
    "error_codes",
    "steps",
    "expected",
    "actual",
    "order_ids",
    "asins",
    "skus",
    "shipment_ids",
    "attachments",
}
TIMELINE_FIELDS = {"at", "what"}
LIST_FIELDS = {
    "error_codes",
    "steps",
    "order_ids",
    "asins",
    "skus",
    "shipment_ids",
    "attachments",
}
LABEL_FIELDS = {"marketplace", "language", "category", "route", "codes", "note"}
# Measured by tests with a store database or profile, never by this corpus (LABELLING.md).
NOT_COUNTED = {"duplicate-of-open-case", "account-not-ready"}
STRUCTURE_CODES = {
    "missing-timeline",
    "missing-error-code",
    "missing-repro-steps",
    "missing-identifiers",
    "missing-attachments",
    "vague-description",
}
# Which categories each category-bound code applies to, as LABELLING.md's table says.
CODE_CATEGORIES = {
    "missing-error-code": {"listing", "technical", "fba-inventory"},
    "missing-repro-steps": {"listing", "technical", "fba-inventory"},
    "missing-identifiers": {"listing", "fba-inventory", "fba-reimbursement", "orders-returns"},
    "missing-attachments": {"account-health", "brand-ip", "fba-reimbursement", "listing"},
}
ASIN = re.compile(r"(?:B0[0-9A-Z]{8}|\d{9}[0-9X])")
ORDER_ID = re.compile(r"(?:\d{3}|[A-Z]\d{2})-\d{7}-\d{7}")
MAX_LANGUAGE_GAP = 4


@dataclass(frozen=True)
class Corpus:
    """One labelled draft folder and the counts it must reach to be worth measuring on."""

    name: str
    min_drafts: int
    min_expected_per_code: int
    min_absent_per_code: int
    min_per_format: int
    min_clean_per_language: int

    @property
    def folder(self) -> Path:
        return DATA / self.name

    def labels(self) -> dict[str, dict[str, Any]]:
        return tomllib.loads((self.folder / LABELS_FILE).read_text(encoding="utf-8"))

    def draft_files(self) -> list[Path]:
        return sorted(
            path
            for path in self.folder.iterdir()
            if path.suffix in FORMATS and path.name not in NOT_DRAFTS
        )


TUNING = Corpus("drafts", 60, 5, 20, 10, 5)
HELD_OUT = Corpus("drafts-holdout", 40, 3, 20, 10, 3)
HELD_OUT_2 = Corpus("drafts-holdout2", 30, 3, 15, 6, 3)
CORPORA = (TUNING, HELD_OUT, HELD_OUT_2)


def _table_keys(section: str) -> set[str]:
    """The backticked first-column keys of the table under one ``## section`` heading."""
    text = RULES.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", body, flags=re.MULTILINE))


def _route_keys() -> set[str]:
    body = RULES.read_text(encoding="utf-8").split("## Routes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\* `([a-z-]+)`", body, flags=re.MULTILINE))


CATEGORIES = _table_keys("Categories")
CODES = _table_keys("Finding codes")
ROUTES = _route_keys()
LABELLED = {corpus.name: corpus.labels() for corpus in CORPORA}
LABELLED_DRAFTS = [
    pytest.param(corpus, name, id=f"{corpus.name}/{name}")
    for corpus in CORPORA
    for name in sorted(LABELLED[corpus.name])
]
STRUCTURED = [
    pytest.param(corpus, path, id=f"{corpus.name}/{path.name}")
    for corpus in CORPORA
    for path in corpus.draft_files()
    if path.suffix in (".json", ".toml")
]
by_corpus = pytest.mark.parametrize("corpus", CORPORA, ids=lambda corpus: corpus.name)


def _structured(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        loaded: dict[str, Any] = json.loads(text)
        return loaded
    return tomllib.loads(text)


def test_the_rules_document_lists_ten_categories_three_routes_and_the_finding_codes() -> None:
    assert len(CATEGORIES) == 10
    assert {"seller-support", "self-service", "third-party"} == ROUTES
    assert {"missing-timeline", "wrong-category", "third-party-topic"} <= CODES
    assert NOT_COUNTED <= CODES


@by_corpus
def test_every_draft_file_has_a_label_and_every_label_has_a_file(corpus: Corpus) -> None:
    files = {path.name for path in corpus.draft_files()}
    labelled = LABELLED[corpus.name].keys()
    assert sorted(files - labelled) == []
    assert sorted(labelled - files) == []


@by_corpus
def test_the_corpus_holds_enough_drafts(corpus: Corpus) -> None:
    assert len(corpus.draft_files()) >= corpus.min_drafts


@by_corpus
def test_chinese_and_english_drafts_are_within_four_of_each_other(corpus: Corpus) -> None:
    languages = Counter(label["language"] for label in LABELLED[corpus.name].values())
    assert set(languages) == {"zh", "en"}
    assert abs(languages["zh"] - languages["en"]) <= MAX_LANGUAGE_GAP


@by_corpus
def test_every_format_is_well_represented(corpus: Corpus) -> None:
    formats = Counter(path.suffix for path in corpus.draft_files())
    enough = {suffix: formats[suffix] >= corpus.min_per_format for suffix in FORMATS}
    assert enough == dict.fromkeys(FORMATS, True)


@by_corpus
def test_a_file_name_starts_with_the_language_it_is_labelled_in(corpus: Corpus) -> None:
    wrong = [
        name
        for name, label in LABELLED[corpus.name].items()
        if not name.startswith(f"{label['language']}-")
    ]
    assert wrong == []


@pytest.mark.parametrize(("corpus", "name"), LABELLED_DRAFTS)
def test_a_label_uses_only_known_fields_and_keys(corpus: Corpus, name: str) -> None:
    label = LABELLED[corpus.name][name]
    assert set(label) <= LABEL_FIELDS
    assert {"language", "category", "route", "codes"} <= set(label)
    assert label["language"] in {"zh", "en"}
    assert label["category"] in CATEGORIES
    assert label["route"] in ROUTES
    assert set(label["codes"]) <= CODES - NOT_COUNTED
    assert len(label["codes"]) == len(set(label["codes"])), "a code is listed twice"
    if "marketplace" in label:
        assert re.fullmatch(r"[A-Z]{2}", label["marketplace"])


@by_corpus
def test_every_category_and_every_route_is_covered(corpus: Corpus) -> None:
    labels = LABELLED[corpus.name].values()
    assert {label["category"] for label in labels} == CATEGORIES
    assert {label["route"] for label in labels} == ROUTES


@by_corpus
def test_every_countable_code_is_expected_often_enough_and_absent_from_many(
    corpus: Corpus,
) -> None:
    labels = LABELLED[corpus.name]
    expected = Counter(code for label in labels.values() for code in label["codes"])
    countable = CODES - NOT_COUNTED
    rare = {
        code: expected[code] for code in countable if expected[code] < corpus.min_expected_per_code
    }
    common = {
        code: expected[code]
        for code in countable
        if len(labels) - expected[code] < corpus.min_absent_per_code
    }
    assert rare == {}
    assert common == {}


@by_corpus
def test_several_drafts_are_clean_in_each_language(corpus: Corpus) -> None:
    clean = Counter(
        label["language"] for label in LABELLED[corpus.name].values() if not label["codes"]
    )
    assert clean["zh"] >= corpus.min_clean_per_language
    assert clean["en"] >= corpus.min_clean_per_language


@pytest.mark.parametrize(("corpus", "name"), LABELLED_DRAFTS)
def test_structure_findings_are_expected_only_on_seller_support_cases(
    corpus: Corpus, name: str
) -> None:
    label = LABELLED[corpus.name][name]
    if label["route"] != "seller-support":
        assert set(label["codes"]) & STRUCTURE_CODES == set()


@pytest.mark.parametrize(("corpus", "name"), LABELLED_DRAFTS)
def test_a_route_topic_code_is_expected_exactly_when_the_route_says_so(
    corpus: Corpus, name: str
) -> None:
    label = LABELLED[corpus.name][name]
    codes = set(label["codes"])
    assert ("self-service-topic" in codes) == (label["route"] == "self-service")
    assert ("third-party-topic" in codes) == (label["route"] == "third-party")


@pytest.mark.parametrize(("corpus", "name"), LABELLED_DRAFTS)
def test_category_bound_codes_are_expected_only_in_their_categories(
    corpus: Corpus, name: str
) -> None:
    label = LABELLED[corpus.name][name]
    for code in set(label["codes"]) & CODE_CATEGORIES.keys():
        assert label["category"] in CODE_CATEGORIES[code], code
    if "language-mismatch" in label["codes"]:
        assert label["language"] == "zh"


@pytest.mark.parametrize(("corpus", "path"), STRUCTURED)
def test_a_structured_draft_parses_and_uses_only_the_draft_field_names(
    corpus: Corpus, path: Path
) -> None:
    draft = _structured(path)
    assert set(draft) <= DRAFT_FIELDS, sorted(set(draft) - DRAFT_FIELDS)
    for entry in draft.get("timeline", []):
        assert set(entry) == TIMELINE_FIELDS
    for field in LIST_FIELDS & set(draft):
        assert isinstance(draft[field], list), field
        assert all(isinstance(item, str) for item in draft[field]), field


@pytest.mark.parametrize(("corpus", "path"), STRUCTURED)
def test_a_structured_drafts_label_agrees_with_its_fields(corpus: Corpus, path: Path) -> None:
    """The mechanically checkable rules, applied to the fields a structured draft declares."""
    draft, label = _structured(path), LABELLED[corpus.name][path.name]
    codes = set(label["codes"])
    named = draft.get("category")
    assert ("wrong-category" in codes) == (bool(named) and named != label["category"])
    needs_attachments = (
        label["route"] == "seller-support"
        and label["category"] in CODE_CATEGORIES["missing-attachments"]
    )
    attachments_missing = needs_attachments and not draft.get("attachments")
    assert ("missing-attachments" in codes) == attachments_missing
    if any(not ASIN.fullmatch(asin) for asin in draft.get("asins", [])):
        assert "invalid-asin" in codes
    if any(not ORDER_ID.fullmatch(order) for order in draft.get("order_ids", [])):
        assert "invalid-order-id" in codes
    if draft.get("timeline"):
        assert "missing-timeline" not in codes
    if draft.get("marketplace") and "marketplace" in label:
        assert draft["marketplace"] == label["marketplace"]
