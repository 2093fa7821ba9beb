"""Suggest a draft's category and route from the keyword sets of ``data/coach``.

Each table's ``strong_en``/``strong_zh`` phrases count 3 and its ``keywords_en``/
``keywords_zh`` words 1; a phrase counts once per place, twice as much in the subject as in
the rest of the draft. English (and any ASCII phrase) matches whole words, case-insensitive;
Chinese matches as a substring.

A category the draft declares (one of the ten, by key, name or alias) stands unless another
scores clearly more (``[decision.declared-category]``: a lead in points and a ratio), and
request language decides between neighbours (``[precedence.*]``: a reimbursement request
outranks inbound words). A help question (a question form and a help-page topic in one
sentence) counts towards self-service unless the draft shows a dispute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sellerdesk.core.cases.identifiers import find_all, is_valid
from sellerdesk.core.coach.data import CoachData, Entry
from sellerdesk.core.coach.draft import Draft

STRONG, WEAK, SUBJECT = 3, 1, 2
_NO_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[。！？!?;；\n]+|\.(?:\s+|$)")
ROUTES = ("seller-support", "self-service", "third-party")


@dataclass(frozen=True)
class _Matcher:
    weights: dict[str, int]
    ascii_re: re.Pattern[str] | None
    cjk_re: re.Pattern[str] | None

    def score(self, text: str) -> tuple[int, list[str]]:
        hits: set[str] = set()
        if self.ascii_re is not None:
            hits.update(m.group(0) for m in self.ascii_re.finditer(text))
        if self.cjk_re is not None:
            # Chinese is written with or without spaces around English terms ("货件 FBA…")
            hits.update(m.group(0) for m in self.cjk_re.finditer(_NO_SPACE.sub("", text)))
        return sum(self.weights.get(h, 0) for h in hits), sorted(hits)


@dataclass(frozen=True)
class Suggestion:
    category: str
    route: str
    category_scores: dict[str, int]
    route_scores: dict[str, int]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _matcher(weights_items: tuple[tuple[str, int], ...]) -> _Matcher:
    weights = dict(weights_items)
    ascii_words = [w for w in weights if w.isascii()]
    cjk_words = [w for w in weights if not w.isascii()]
    ascii_re = (
        re.compile(rf"(?<![a-z0-9])(?:{_alternation(ascii_words)})(?![a-z0-9])")
        if ascii_words
        else None
    )
    cjk_re = re.compile(_alternation(cjk_words)) if cjk_words else None
    return _Matcher(weights, ascii_re, cjk_re)


def matcher(entry: Entry, names: tuple[tuple[str, int], ...] | None = None) -> _Matcher:
    """The matcher of an entry's word lists (``names``: list name -> weight; by default
    the keyword and strong lists)."""
    weights: dict[str, int] = {}
    for name, weight in names or (
        ("keywords_en", WEAK),
        ("keywords_zh", WEAK),
        ("strong_en", STRONG),
        ("strong_zh", STRONG),
    ):
        for word in entry.words(name):
            key = word.casefold()
            weights[key if key.isascii() else _NO_SPACE.sub("", key)] = weight
    return _matcher(tuple(sorted(weights.items())))


def _said(entry: Entry, prefix: str, *texts: str) -> bool:
    """Whether any of ``texts`` carries a phrase of the entry's ``PREFIX_en``/``_zh`` lists."""
    m = matcher(entry, ((f"{prefix}_en", 1), (f"{prefix}_zh", 1)))
    return any(m.score(text)[0] for text in texts)


def _scores(entries: dict[str, Entry], subject: str, body: str) -> dict[str, int]:
    out = {}
    for key, entry in entries.items():
        m = matcher(entry)
        out[key] = SUBJECT * m.score(subject)[0] + m.score(body)[0]
    return out


def draft_texts(draft: Draft) -> tuple[str, str]:
    """(subject, the rest) case-folded: the text keywords are looked for in."""
    rest = [draft.description, draft.expected, draft.actual, *draft.steps]
    rest += [e.what for e in draft.timeline] + draft.error_codes
    return draft.subject.casefold(), "\n".join(rest).casefold()


def suggest(draft: Draft, data: CoachData) -> Suggestion:
    subject, body = draft_texts(draft)
    if not subject and not body:
        subject = draft.all_text().casefold()
    categories = _scores(data.categories, subject, body)
    routes = _scores(data.routes, subject, body)
    if not _disputed(data, subject, body) and not _names_orders(draft):
        routes["self-service"] = routes.get("self-service", 0) + _help_questions(
            data, subject, body
        )
    named = data.category_key(draft.category) if draft.category else None
    category = _choose(categories, named, outranked(data, subject, body), data)
    return Suggestion(category, route_of(routes), categories, routes)


def outranked(data: CoachData, subject: str, body: str) -> dict[str, str]:
    """Category -> the category whose request language outranks it in this draft."""
    out: dict[str, str] = {}
    for rule in data.precedences.values():
        winner = str(rule.values.get("category", ""))
        if winner not in data.categories or not _said(rule, "when", subject, body):
            continue
        if _said(rule, "unless", subject, body):
            continue
        for loser in rule.words("over"):
            if loser != winner:
                out.setdefault(loser, winner)
    return out


def _choose(
    scores: dict[str, int], named: str | None, outranked: dict[str, str], data: CoachData
) -> str:
    open_scores = {k: v for k, v in scores.items() if k not in outranked}
    best = max(open_scores.values(), default=0)
    leader = next((k for k, v in open_scores.items() if v == best), None)
    if named is not None and named not in outranked:
        if leader is None or not _clearly_stronger(best, scores[named], data):
            return named  # the seller's own choice, unless the evidence is clearly against it
        return leader
    if named is not None and (best == 0 or leader is None):
        return outranked[named]
    if best == 0 or leader is None:
        return named or next(iter(data.categories))
    return leader


def _clearly_stronger(other: int, declared: int, data: CoachData) -> bool:
    rule = data.decisions.get("declared-category")
    values = rule.values if rule else {}
    lead = float(values.get("lead", 0))
    ratio = float(values.get("ratio", 1))
    return other > declared and other - declared >= lead and other >= declared * ratio


def _disputed(data: CoachData, subject: str, body: str) -> bool:
    """A strong sign that Amazon must act (a wrong charge, "instead of", 多收 …)."""
    entry = data.routes.get("seller-support")
    return entry is not None and _said(entry, "strong", subject, body)


def _names_orders(draft: Draft) -> bool:
    return any(is_valid("order", o) for o in draft.order_ids) or bool(
        find_all("order", draft.all_text())
    )


def _help_questions(data: CoachData, subject: str, body: str) -> int:
    """STRONG for each place (subject doubled) with a sentence that asks about a help topic."""
    entry = data.routes.get("self-service")
    if entry is None:
        return 0
    asks = matcher(entry, (("question_en", 1), ("question_zh", 1)))
    topics = matcher(entry, (("topics_en", 1), ("topics_zh", 1)))

    def asked(text: str) -> bool:
        return any(
            asks.score(s)[0] and topics.score(s)[0] for s in _SENTENCE.split(text) if s.strip()
        )

    return STRONG * (SUBJECT * asked(subject) + asked(body))


def route_of(scores: dict[str, int]) -> str:
    """A provider's topic (at least one strong phrase) that outweighs the signs that Amazon
    must act goes to a third party, even when asked as a how-to question; otherwise a
    help-page question (at least one strong phrase) that outweighs them goes to
    self-service; everything else to Seller Support."""
    act = scores.get("seller-support", 0)
    if scores.get("third-party", 0) >= STRONG and scores["third-party"] > act:
        return "third-party"
    if scores.get("self-service", 0) >= STRONG and scores["self-service"] > act:
        return "self-service"
    return "seller-support"
