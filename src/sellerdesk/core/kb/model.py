"""Knowledge-base articles, search answers and the ranking settings, as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sellerdesk.core.hours.model import Fact

Route = Literal["self-service", "seller-support", "third-party"]
ROUTES: tuple[Route, ...] = ("self-service", "seller-support", "third-party")


@dataclass(frozen=True)
class Article:
    """One answer to a seller's question, in Chinese and English, with where it comes from.

    ``route`` says where the question belongs: a help page answers it (``self-service``),
    Amazon has to act or rule (``seller-support``), or it is a provider's work
    (``third-party``). A user's article may leave one language empty; the other is shown.
    """

    id: str
    route: Route
    title_zh: str
    title_en: str
    answer_zh: str
    answer_en: str
    keywords_zh: tuple[str, ...]
    keywords_en: tuple[str, ...]
    where: str
    fact: Fact
    origin: str = ""  # the file the article was read from

    def title(self, lang: str) -> str:
        return (
            (self.title_zh or self.title_en) if lang == "zh" else (self.title_en or self.title_zh)
        )

    def answer(self, lang: str) -> str:
        if lang == "zh":
            return self.answer_zh or self.answer_en
        return self.answer_en or self.answer_zh


@dataclass(frozen=True)
class Answer:
    """One search result: the article, its BM25 score and a confidence in 0..1.

    The three features the confidence is computed from travel along (for ``--json`` and
    the benchmark): how much of the question the article matches, how much of one of the
    article's names (a title or a keyword) the question contains, and the lead over the
    next article's score.
    """

    article: Article
    score: float
    confidence: float
    query_coverage: float = 0.0
    article_coverage: float = 0.0
    margin: float = 0.0


@dataclass(frozen=True)
class Ranking:
    """The numbers the search runs on; shipped in ``data/kb-ranking.toml`` with reasons.

    ``confidence`` is ``sigmoid(bias + query_coverage * q + article_coverage * a + margin * m)``
    with q, a, m the features of :mod:`.index`; ``threshold`` is the least confidence shown.
    """

    k1: float
    b: float
    title_weight: float
    keywords_weight: float
    answer_weight: float
    unigram_weight: float
    fuzzy_weight: float
    junction_bigram_weight: float
    name_mass: float
    bias: float
    query_coverage: float
    article_coverage: float
    margin: float
    threshold: float
    stop_en: tuple[str, ...]
    stop_zh: tuple[str, ...]
    source: str = ""
