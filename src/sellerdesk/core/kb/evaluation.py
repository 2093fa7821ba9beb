"""How well the knowledge base answers a labelled question set (bench/ask_bench.py, tests).

A question is labelled with the article a person would want, or ``none`` when nothing in
the knowledge base answers it. Figures:

* precision@1 — of the questions that got an answer, the share whose first answer is the
  labelled article (a ``none`` question that got an answer counts as wrong);
* answered recall@1 — of the answerable questions, the share answered right first;
* no-answer recall — of the ``none`` questions, the share that got "no good answer";
* MRR — mean reciprocal rank of the labelled article in the unthresholded ranking, over the
  answerable questions (ranking quality apart from the threshold);
* calibration — mean |confidence - correct| of the first answers in confidence bins (ECE).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sellerdesk.core.kb.index import KnowledgeBase

NONE = "none"


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    expected: str  # an article id, or "none"
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    question: Question
    shown: tuple[str, ...]  # article ids above the threshold, best first
    top_confidence: float | None
    rank: int | None  # 1-based rank of the expected article in the raw ranking

    @property
    def correct(self) -> bool:
        if self.question.expected == NONE:
            return not self.shown
        return bool(self.shown) and self.shown[0] == self.question.expected


@dataclass(frozen=True)
class Figures:
    questions: int
    answerable: int
    precision_at_1: float
    answered_recall_at_1: float
    no_answer_recall: float
    mrr: float
    expected_calibration_error: float
    outcomes: tuple[Outcome, ...] = field(repr=False, default=())

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]


def read_questions(path: Path) -> list[Question]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Question(q["text"], q["lang"], q["expected"], q.get("note", ""))
        for q in data.get("question", [])
    ]


def evaluate(kb: KnowledgeBase, questions: Sequence[Question], *, limit: int = 3) -> Figures:
    outcomes = []
    for question in questions:
        shown = kb.search(question.text, limit=limit)
        raw = [a.article.id for a in kb.search(question.text, limit=len(kb), min_confidence=0)]
        rank = raw.index(question.expected) + 1 if question.expected in raw else None
        outcomes.append(
            Outcome(
                question,
                tuple(a.article.id for a in shown),
                shown[0].confidence if shown else None,
                rank,
            )
        )
    answerable = [o for o in outcomes if o.question.expected != NONE]
    unanswerable = [o for o in outcomes if o.question.expected == NONE]
    answered = [o for o in outcomes if o.shown]
    return Figures(
        questions=len(outcomes),
        answerable=len(answerable),
        precision_at_1=_share(sum(o.correct for o in answered), len(answered)),
        answered_recall_at_1=_share(sum(o.correct for o in answerable), len(answerable)),
        no_answer_recall=_share(sum(o.correct for o in unanswerable), len(unanswerable)),
        mrr=_share(sum(1 / o.rank for o in answerable if o.rank), len(answerable)),
        expected_calibration_error=_ece(kb, questions),
        outcomes=tuple(outcomes),
    )


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 1.0


def _ece(kb: KnowledgeBase, questions: Sequence[Question], bins: int = 5) -> float:
    """Expected calibration error of each question's first raw answer."""
    pairs = []
    for question in questions:
        raw = kb.search(question.text, limit=1, min_confidence=0)
        if raw:
            pairs.append((raw[0].confidence, raw[0].article.id == question.expected))
    if not pairs:
        return 0.0
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        group = [(c, ok) for c, ok in pairs if low <= c < high or (b == bins - 1 and c == 1.0)]
        if group:
            mean_conf = sum(c for c, _ in group) / len(group)
            accuracy = sum(ok for _, ok in group) / len(group)
            error += len(group) / len(pairs) * abs(mean_conf - accuracy)
    return error
