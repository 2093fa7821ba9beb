"""Lint a Plan of Action against the structure Amazon asks for, rule by rule.

Each finding names the rule of ``data/poa.toml`` it comes from (so its source, as-of date
and confidence travel with it) and the field it is about (``corrective_actions[2].date``);
:func:`finding_words` says it in zh or en with its fix. ``ready`` is true when no finding
is an error. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sellerdesk.core.cases.identifiers import is_valid
from sellerdesk.core.coach import detect
from sellerdesk.core.hours.model import Fact
from sellerdesk.core.i18n import t
from sellerdesk.core.poa.blame import blamed
from sellerdesk.core.poa.dates import date_problem
from sellerdesk.core.poa.model import PLACEHOLDER, Action, Poa, has_placeholder
from sellerdesk.core.poa.render import has_chinese, render_poa
from sellerdesk.core.poa.rules import PARTS, Check, PoaRules

_SENTENCE = re.compile(r"[^.!?;。！？；\n]+[.!?;。！？；]?")
_ACTION_PARTS = ("corrective_actions", "preventive_measures")


@dataclass(frozen=True, slots=True)
class PoaFinding:
    code: str  # poa-missing-part, poa-blame, …
    severity: str  # error | warning
    field: str  # the POA field it is about
    rule: str  # the rule of poa.toml ("" for Seller Desk's own placeholder check)
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PoaLint:
    findings: tuple[PoaFinding, ...]
    chars: int  # of the paste text in the POA's language

    @property
    def ready(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)


@dataclass(frozen=True, slots=True)
class FindingWords:
    """A finding as a person reads it: message, fix and where the rule comes from."""

    code: str
    severity: str
    field: str
    message: str
    fix: str
    rule: str
    source: str
    as_of: str
    basis: str  # "Amazon's public guidance (as recalled)" / "our assumption" / …


@lru_cache(maxsize=64)
def _pattern(phrase: str) -> re.Pattern[str]:
    if has_chinese(phrase):
        return re.compile(re.escape(phrase))
    head = r"\b" if phrase[:1].isalnum() else ""
    tail = r"\b" if phrase[-1:].isalnum() else ""
    return re.compile(head + re.escape(phrase).replace(r"\ ", r"\s+") + tail, re.IGNORECASE)


def _found(text: str, phrases: tuple[str, ...]) -> str | None:
    norm = text.replace("’", "'")
    return next((p for p in phrases if _pattern(p).search(norm)), None)


def _words(text: str) -> int:
    english, cjk = detect.substance(text)
    return english + cjk // 2


def _dated(text: str) -> bool:
    return detect.has_date(text)


def _blame(where: str, text: str, rule: Check) -> str | None:
    """The blame in one field: a phrase of the rule anywhere, an actor doing wrong in the
    seller's own text (Amazon's notice quotes Amazon; evidence names files)."""
    phrase = _found(text, rule.phrases())
    if phrase or where == "notice" or where.startswith("evidence"):
        return phrase
    return blamed(text, actors=rule.actors, wrongs=rule.wrongs, breaks=rule.breaks, ours=rule.ours)


# a file name in the evidence ("发票.pdf", "screenshot after fix.png"), not a description
_FILE = re.compile(
    r"[^\s/\\:：,，;；()（）]+(?: [^\s/\\:：,，;；()（）]+)*?\."
    r"(?:pdf|png|jpe?g|gif|webp|heic|tiff?|bmp|docx?|xlsx?|csv|txt|zip|eml|msg)\b",
    re.IGNORECASE,
)


def _unattached(poa: Poa, attachments: tuple[str, ...] | None) -> Iterator[tuple[str, str]]:
    if attachments is None:
        return
    known = {name.strip().casefold() for name in attachments}
    for i, item in enumerate(poa.evidence, 1):
        if has_placeholder(item):
            continue
        for found in _FILE.finditer(item):
            named = found.group(0).strip()
            # "supplier invoice INV-11.pdf" names the attachment "INV-11.pdf"
            if not any(named.casefold().endswith(name) for name in known if name):
                yield f"evidence[{i}]", named


# the plan's identifier lists and their formats in data/identifiers.toml
_ID_KINDS = (("order_ids", "order"), ("asins", "asin"), ("case_ids", "case-id"))


def _items(poa: Poa) -> Iterator[tuple[str, str, Action | None]]:
    """(field, text, its action if any) of each item of the three parts."""
    for i, cause in enumerate(poa.root_causes, 1):
        yield f"root_causes[{i}]", cause, None
    for part in _ACTION_PARTS:
        for i, action in enumerate(getattr(poa, part), 1):
            yield f"{part}[{i}].what", action.what, action


def lint_poa(
    poa: Poa,
    rules: PoaRules,
    *,
    team_languages: tuple[str, ...] | None = None,
    attachments: tuple[str, ...] | None = None,
) -> PoaLint:
    """``team_languages``: the languages Amazon's team for the plan's marketplace works in
    (the coach's marketplace data), when known: a plan in another language is flagged.
    ``attachments``: the names of the case's files, when the case is known: a file the
    evidence names that is not among them is flagged (the plan claims what is not sent)."""
    rules.kind(poa.kind)  # an unknown kind is refused, naming the field
    out: list[PoaFinding] = []

    def add(code: str, severity: str, where: str, rule: str, **params: Any) -> None:
        out.append(PoaFinding(code, severity, where, rule, params))

    holes = dict.fromkeys(w.split(".")[0] for w, text in poa.texts() if has_placeholder(text))
    for where in holes:  # one finding per item, not one per what/date/owner
        add("poa-placeholder", "error", where, "")
    for part in rules.check("three-parts").parts:
        if not getattr(poa, part):
            add("poa-missing-part", "error", part, "three-parts", part=part)
    specific = rules.check("specific")
    promises = rules.check("dated-promises")
    for where, text, action in _items(poa):
        if not text or has_placeholder(text):
            continue
        phrase = _found(text, specific.phrases())
        if phrase:
            add("poa-generic", "warning", where, "specific", phrase=phrase)
        elif _words(text) < specific.number:
            add("poa-vague", "warning", where, "specific", least=specific.number)
        dated = action is not None and _dated(action.date)
        for sentence in _SENTENCE.findall(text):
            said = _found(sentence, promises.phrases())
            if said and not dated and not _dated(sentence):
                add("poa-undated-promise", "warning", where, "dated-promises", phrase=said)
                break
    for part in _ACTION_PARTS:
        for i, action in enumerate(getattr(poa, part), 1):
            where = f"{part}[{i}]"
            on = f"{where}.date"
            if not action.date:
                add("poa-action-no-date", "error", on, "dated-actions", part=part)
            elif not has_placeholder(action.date):
                problem = date_problem(action.date)
                if problem is not None:  # words, no year or no such day: said as such
                    add(problem.code, "error", on, "dated-actions", value=problem.value)
            if not action.owner:
                add("poa-action-no-owner", "warning", f"{where}.owner", "dated-actions")
    evidence = rules.check("evidence")
    for field, kind in _ID_KINDS:  # an identifier a reviewer cannot look up is no evidence
        for i, value in enumerate(getattr(poa, field), 1):
            if value.strip() and not has_placeholder(value) and not is_valid(kind, value):
                add("poa-invalid-id", "error", f"{field}[{i}]", "evidence", value=value.strip())
    for where, name in _unattached(poa, attachments):
        add("poa-evidence-not-attached", "warning", where, "evidence", value=name)
    if len([r for r in poa.references() if not has_placeholder(r)]) < evidence.number:
        add("poa-no-evidence", "error", "evidence", "evidence", least=evidence.number)
    for where, text in poa.texts():
        phrase = _blame(where, text, rules.check("no-blame"))
        if phrase:
            add("poa-blame", "error", where, "no-blame", phrase=phrase)
    if poa.lang == "en":
        for where, text in poa.texts():
            if has_chinese(PLACEHOLDER.sub("", text)):
                add("poa-chinese-in-english", "error", where, "english-only")
    if team_languages and poa.lang not in team_languages:  # as the coach says of a draft
        add("poa-language-mismatch", "warning", "poa", "english-only", marketplace=poa.marketplace)
    chars = render_poa(poa, lang=poa.lang, rules=rules).chars
    most = rules.check("length").number
    if chars > most:
        add("poa-too-long", "warning", "poa", "length", chars=chars, most=most)
    return PoaLint(tuple(out), chars)


def _fact(rules: PoaRules, key: str) -> Fact | None:
    return rules.checks[key].fact if key in rules.checks else None


def finding_words(finding: PoaFinding, rules: PoaRules, lang: str) -> FindingWords:
    params = dict(finding.params)
    if "part" in params:
        params["part_name"] = t(f"poa.part.{params['part']}", lang)
    params["field"] = field_words(finding.field, lang)
    fact = _fact(rules, finding.rule)
    basis = fact.confidence if fact else "ours"
    source = rules.checks[finding.rule].source(lang) if fact else t("poa.basis.ours_source", lang)
    return FindingWords(
        code=finding.code,
        severity=finding.severity,
        field=finding.field,
        message=t(f"poa.finding.{finding.code}.message", lang, **params),
        fix=t(f"poa.finding.{finding.code}.fix", lang, **params),
        rule=finding.rule,
        source=source,
        as_of=fact.as_of.isoformat() if fact else "",
        basis=t(f"poa.basis.{basis}", lang),
    )


_FIELD = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")


def field_words(name: str, lang: str) -> str:
    """``corrective_actions[2].date`` → "Corrective actions taken, item 2, date"."""
    found = _FIELD.match(name)
    if found is None:
        return name
    part, index, sub = found.groups()
    words = [t(f"poa.part.{part}", lang)]
    if index:
        words.append(t("poa.field.item", lang, n=index))
    if sub:
        words.append(t(f"poa.field.{sub}", lang))
    return ("，" if lang == "zh" else ", ").join(words)


def lint_words(result: PoaLint, rules: PoaRules, lang: str) -> tuple[FindingWords, ...]:
    return tuple(finding_words(f, rules, lang) for f in result.findings)


__all__ = ["PARTS", "FindingWords", "PoaFinding", "PoaLint", "lint_poa", "lint_words"]
