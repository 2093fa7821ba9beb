"""The draft-only findings (everything but the store's): which fire is decided here; their
words live in the message catalogs, their weights in ``data/coach/scoring.toml``.

Structure findings (``missing-*``, ``vague-description``) are raised only for drafts bound
for Seller Support: a help-page or provider question should not become a case at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sellerdesk.core.cases.identifiers import find_all, formats, is_valid
from sellerdesk.core.coach import detect
from sellerdesk.core.coach.data import CoachData
from sellerdesk.core.coach.draft import Draft

CODES = (
    "missing-timeline",
    "missing-error-code",
    "missing-repro-steps",
    "missing-identifiers",
    "invalid-order-id",
    "invalid-asin",
    "invalid-case-id",
    "language-mismatch",
    "vague-description",
    "missing-attachments",
    "timeline-unclear-date",
    "wrong-category",
    "self-service-topic",
    "third-party-topic",
    "duplicate-of-open-case",
    "account-not-ready",
)


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """What the checks read besides the draft: the suggestion and the marketplace."""

    category: str
    route: str
    language: str
    marketplace: str | None


def marketplace_code(value: str, data: CoachData) -> str | None:
    """``US``, ``us``, ``美国``, ``amazon.com`` -> ``US``; None when unknown or empty."""
    text = " ".join(value.split()).casefold()
    if not text:
        return None
    names = {
        code: {code.casefold(), *(n.casefold() for n in entry.words("names"))}
        for code, entry in data.marketplaces.items()
    }
    for code, known in names.items():
        if text in known:
            return code
    # "日本站（JP）", "US marketplace": a code or a name inside the value
    for match in re.finditer(r"(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])", value):
        if match.group(0) in names:
            return match.group(0)
    for code, known in names.items():
        if any(len(n) > 2 and n in text for n in known):
            return code
    return None


def _invalid(kind: str, values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if not is_valid(kind, v)))


def identifiers_present(draft: Draft, text: str) -> bool:
    valid = [v for v in draft.order_ids if is_valid("order", v)]
    valid += [v for v in draft.asins if is_valid("asin", v)]
    valid += [v for v in draft.shipment_ids if is_valid("shipment", v)]
    valid += draft.skus
    valid += find_all("order", text) + find_all("shipment", text) + find_all("fnsku", text)
    valid += [a for a in find_all("asin", text) if a.startswith("B0")]
    valid += detect.labelled_skus(text)
    return bool(valid)


def _vague(draft: Draft, data: CoachData) -> bool:
    check = data.checks.get("vague-description")
    values = check.values if check else {}
    text = draft.description.casefold()
    for phrase in sorted(
        [*check.words("generic_en"), *check.words("generic_zh")] if check else [],
        key=len,
        reverse=True,
    ):
        text = re.sub(rf"(?<![a-z]){re.escape(phrase.casefold())}(?![a-z])", " ", text)
    words, chars = detect.substance(text)
    min_words = int(values.get("min_words_en", 15))
    min_chars = int(values.get("min_chars_zh", 40))
    # mixed text: a Chinese character counts as min_words/min_chars of an English word
    return words + chars * min_words / min_chars < min_words


def draft_findings(draft: Draft, data: CoachData, verdict: Verdict) -> list[Finding]:
    text = draft.all_text()
    out: list[Finding] = []
    needs = set(data.categories[verdict.category].words("needs"))
    if verdict.route == "seller-support":
        if not draft.timeline and not detect.has_date(text):
            out.append(Finding("missing-timeline"))
        if "error-code" in needs and not (
            draft.error_codes or draft.error_codes_none_stated or detect.error_codes(text)
        ):
            out.append(Finding("missing-error-code"))
        if "repro-steps" in needs and not draft.steps and not detect.has_steps(text):
            out.append(Finding("missing-repro-steps"))
        if "identifiers" in needs and not identifiers_present(draft, text):
            out.append(Finding("missing-identifiers"))
    out += _format_findings(draft, text)
    marketplace = verdict.marketplace
    if verdict.language == "zh" and marketplace in data.marketplaces:
        languages = data.marketplaces[marketplace].words("languages")
        if "zh" not in languages:
            out.append(
                Finding("language-mismatch", {"marketplace": marketplace, "languages": languages})
            )
    if verdict.route == "seller-support":
        if _vague(draft, data):
            out.append(Finding("vague-description"))
        if "attachments" in needs and not draft.attachments:
            out.append(Finding("missing-attachments"))
    # only a value that names one of the case categories is the seller's choice; anything
    # else (a product category: "类目：厨房用品") is not a case category at all
    named = data.category_key(draft.category) if draft.category else None
    if named is not None and named != verdict.category:
        out.append(
            Finding("wrong-category", {"named": draft.category, "suggested": verdict.category})
        )
    if verdict.route == "self-service":
        out.append(Finding("self-service-topic"))
    elif verdict.route == "third-party":
        out.append(Finding("third-party-topic"))
    return out


def _format_findings(draft: Draft, text: str) -> list[Finding]:
    out = []
    orders = _invalid("order", draft.order_ids + detect.labelled_order_ids(text))
    if orders:
        out.append(Finding("invalid-order-id", {"values": orders, **_example("order")}))
    asins = _invalid("asin", draft.asins + detect.labelled_asins(text))
    if asins:
        out.append(Finding("invalid-asin", {"values": asins, **_example("asin")}))
    cases = _invalid("case-id", draft.case_ids + detect.labelled_case_ids(text))
    if cases:
        out.append(Finding("invalid-case-id", {"values": cases, **_example("case-id")}))
    unclear = [f"“{e.at} | {e.what}”" for e in draft.timeline if e.at and not _calendar(e.at)]
    if unclear:  # "2026-13-45 | …", "昨天 | …" typed into the form's timeline box
        out.append(Finding("timeline-unclear-date", {"lines": unclear}))
    return out


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})[-/.年](\d{1,2})[-/.月](\d{1,4})(?!\d)")


def _calendar(at: str) -> bool:
    """Whether an event's "at" names a day on the calendar: "昨天", "last week" and
    "2026-13-45" do not (a date written in numbers must exist, read year-first or last)."""
    if not detect.has_date(at):
        return False
    for a, b, c in _NUMERIC_DATE.findall(at):
        year, rest = (a, (b, c)) if len(a) == 4 else (c, (a, b))
        if not any(_exists(year, m, d) for m, d in (rest, rest[::-1])):
            return False
    return True


def _exists(year: str, month: str, day: str) -> bool:
    try:
        date(int(year) if len(year) == 4 else 2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _example(kind: str) -> dict[str, str]:
    fmt = formats()[kind]
    return {"example": fmt.example, "pattern": fmt.pattern.pattern}
