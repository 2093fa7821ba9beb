"""Suggest a draft's category and route from the keyword sets of ``data/coach``.

Each table's ``strong_en``/``strong_zh`` phrases count 3 and its ``keywords_en``/
``keywords_zh`` words 1; a phrase counts once per place, twice as much in the subject as in
the rest of the draft. English (and any ASCII phrase) matches whole words, case-insensitive;
Chinese matches as a substring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sellerdesk.core.coach.data import CoachData, Entry
from sellerdesk.core.coach.draft import Draft

STRONG, WEAK, SUBJECT = 3, 1, 2
_NO_SPACE = re.compile(r"\s+")
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


def matcher(entry: Entry) -> _Matcher:
    weights: dict[str, int] = {}
    for name, weight in (
        ("keywords_en", WEAK),
        ("keywords_zh", WEAK),
        ("strong_en", STRONG),
        ("strong_zh", STRONG),
    ):
        for word in entry.words(name):
            key = word.casefold()
            weights[key if key.isascii() else _NO_SPACE.sub("", key)] = weight
    return _matcher(tuple(sorted(weights.items())))


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
    named = data.category_key(draft.category) if draft.category else None
    best = max(categories.values(), default=0)
    if best == 0:
        category = named or next(iter(data.categories))
    elif named is not None and categories.get(named) == best:
        category = named  # a tie goes to the seller's own choice
    else:
        category = next(k for k, v in categories.items() if v == best)
    return Suggestion(category, route_of(routes), categories, routes)


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
