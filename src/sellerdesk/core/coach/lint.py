"""Lint a draft: suggest category and route, run the checks, score, say it in zh or en.

``lint(draft, data)`` is pure; store-dependent findings (duplicate, account readiness) are
added by :mod:`sellerdesk.services.coach` through ``extra``. The self-service finding can
name a help article: pass ``help_article`` (the knowledge base's lookup) and its best
article for the draft becomes the fix; without it the fix says where to look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.checks import Finding, Verdict, draft_findings, marketplace_code
from sellerdesk.core.coach.classify import suggest
from sellerdesk.core.coach.data import CoachData
from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.i18n import t

SEVERITIES = ("error", "warning", "info")


class HelpArticle(Protocol):
    """What the self-service fix needs of a knowledge-base article."""

    @property
    def title(self) -> str: ...

    @property
    def where(self) -> str: ...


HelpLookup = Callable[[Draft, str], HelpArticle | None]


@dataclass(frozen=True)
class LintResult:
    score: int
    findings: list[Finding]
    category: str
    route: str
    language: str
    marketplace: str | None
    weights: dict[str, int] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


def draft_language(draft: Draft) -> str:
    return detect.language_of("\n".join(draft.prose()))


def lint(
    draft: Draft,
    data: CoachData,
    *,
    marketplace: str | None = None,
    extra: Iterable[Finding] = (),
) -> LintResult:
    """``marketplace`` (a flag) wins over the draft's own; unknown codes are ignored."""
    suggestion = suggest(draft, data)
    market = marketplace_code(marketplace or draft.marketplace, data)
    verdict = Verdict(suggestion.category, suggestion.route, draft_language(draft), market)
    found = draft_findings(draft, data, verdict) + list(extra)
    weights = {f.code: _weight(data, f.code) for f in found}
    score = max(0, min(100, 100 - sum(weights.values())))
    return LintResult(
        score, found, verdict.category, verdict.route, verdict.language, market, weights
    )


def _weight(data: CoachData, code: str) -> int:
    entry = data.findings.get(code)
    return int(entry.values.get("weight", 0)) if entry else 0


def severity(data: CoachData, code: str) -> str:
    entry = data.findings.get(code)
    value = str(entry.values.get("severity", "warning")) if entry else "warning"
    return value if value in SEVERITIES else "warning"


def _params(finding: Finding, data: CoachData, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in finding.params.items():
        if key in ("named", "suggested") and isinstance(value, str):
            entry = data.categories.get(data.category_key(value) or value)
            out[f"{key}_name"] = category_name(data, entry.key, lang) if entry else value
            out[key] = value
        elif key == "reasons" and isinstance(value, Sequence) and not isinstance(value, str):
            # the store's reasons as codes (services/coach.py), in the reader's language
            out[key] = ", ".join(t(f"coach.reason.{v}", lang) for v in value)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            out[key] = ", ".join(str(v) for v in value)
        else:
            out[key] = value
    return out


def category_name(data: CoachData, key: str, lang: str) -> str:
    entry = data.categories.get(key)
    if entry is None:
        return key
    return str(entry.values.get("name_zh" if lang == "zh" else "name_en", key))


def finding_json(
    finding: Finding,
    data: CoachData,
    lang: str,
    *,
    draft: Draft | None = None,
    help_article: HelpLookup | None = None,
) -> dict[str, str]:
    params = _params(finding, data, lang)
    code = finding.code
    fix = t(f"coach.finding.{code}.fix", lang, **params)
    if code == "self-service-topic" and help_article is not None and draft is not None:
        article = help_article(draft, lang)
        if article is not None:
            fix = t(
                "coach.finding.self-service-topic.fix_article",
                lang,
                title=article.title,
                where=article.where,
            )
    return {
        "code": code,
        "severity": severity(data, code),
        "message": t(f"coach.finding.{code}.message", lang, **params),
        "fix": fix,
    }


def result_json(
    result: LintResult,
    data: CoachData,
    lang: str,
    *,
    draft: Draft | None = None,
    help_article: HelpLookup | None = None,
) -> dict[str, Any]:
    """The shape ``case lint --json`` prints."""
    return {
        "score": result.score,
        "findings": [
            finding_json(f, data, lang, draft=draft, help_article=help_article)
            for f in result.findings
        ],
        "category": result.category,
        "route": result.route,
        "language": result.language,
    }
