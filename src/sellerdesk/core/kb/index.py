"""BM25F search over the articles, with a confidence and a "no good answer" threshold.

Ranking: each article is one document with three fields (title, keywords, answer), each in
both languages; a term's frequency is weighted per field and length-normalised per field
(BM25F), then saturated with ``k1``. Chinese questions meet the Chinese fields through CJK
bigrams and unigrams, English ones the English fields through stems; mixed text meets both.

Confidence: BM25 scores are not comparable between questions, so the confidence is a
logistic function of three features in 0..1 (numbers in ``data/kb-ranking.toml``):

* query coverage — the IDF mass of the question's terms the article contains, over the
  mass of all of them; a term the knowledge base has never seen counts with the highest
  IDF, so gibberish and off-topic words pull it down;
* article coverage — the best share of one of the article's names (a title or a keyword
  phrase) found in the question, discounted for a name lighter than ``name_mass``; this is
  what keeps a long case draft, which covers little of itself, recognisable;
* margin — the lead of the article's score over the best other article's, relative to the
  top score (negative for all but the first), times the query coverage: a lead won on one
  word of a question that is otherwise unknown (the only article that says "near") is none.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sellerdesk.core.kb.model import Answer, Article, Ranking, Route
from sellerdesk.core.kb.tokens import BIGRAM, UNIGRAM, WORD, StopWords, deletes, terms

_MIN_FUZZY_LEN = 5  # one letter off a shorter word is as likely another word (cook/book)


@dataclass(frozen=True)
class _Phrase:
    """One name of an article (a title or a keyword): its terms and their IDF mass."""

    weights: dict[str, float]
    mass: float


class KnowledgeBase:
    """The articles and their index; build once, search many times (no I/O)."""

    def __init__(self, articles: Iterable[Article], ranking: Ranking) -> None:
        self.articles: tuple[Article, ...] = tuple(articles)
        self.ranking = ranking
        self._stop = StopWords.of(ranking.stop_en, ranking.stop_zh)
        self._by_id = {a.id: a for a in self.articles}
        self._postings: dict[str, list[tuple[int, float]]] = {}
        self._idf: dict[str, float] = {}
        self._typos: dict[str, set[str]] | None = None  # built on the first unknown word
        self._phrases: dict[int, list[_Phrase]] = {}  # built per article when first ranked
        self._build()

    def __len__(self) -> int:
        return len(self.articles)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        r = self.ranking
        fields = [
            [
                (r.title_weight, terms(f"{a.title_zh}\n{a.title_en}", self._stop)),
                (r.keywords_weight, terms("\n".join((*a.keywords_zh, *a.keywords_en)), self._stop)),
                (r.answer_weight, terms(f"{a.answer_zh}\n{a.answer_en}", self._stop)),
            ]
            for a in self.articles
        ]
        n = max(len(fields), 1)
        averages = [max(sum(len(doc[f][1]) for doc in fields) / n, 1.0) for f in range(3)]
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, doc in enumerate(fields):
            weighted: dict[str, float] = defaultdict(float)
            for f, (weight, field_terms) in enumerate(doc):
                norm = 1 - r.b + r.b * len(field_terms) / averages[f]
                for term, count in Counter(field_terms).items():
                    weighted[term] += weight * count / norm
            for term, tf in weighted.items():
                postings[term].append((i, tf))
        self._postings = dict(postings)
        self._idf = {
            t: math.log(1 + (len(fields) - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self._postings.items()
        }
        self._unseen_idf = math.log(1 + (len(fields) + 0.5) / 0.5)

    def _typo_index(self) -> dict[str, set[str]]:
        """Every known word and every way of leaving one letter out -> the known words."""
        if self._typos is None:
            typos: dict[str, set[str]] = defaultdict(set)
            for term in self._postings:
                if term.startswith(WORD) and len(term) - len(WORD) >= _MIN_FUZZY_LEN:
                    typos[term].add(term)
                    for key in deletes(term[len(WORD) :]):
                        typos[WORD + key].add(term)
            self._typos = dict(typos)
        return self._typos

    def _names(self, doc: int) -> list[_Phrase]:
        if doc in self._phrases:
            return self._phrases[doc]
        article = self.articles[doc]
        names = (article.title_zh, article.title_en, *article.keywords_zh, *article.keywords_en)
        phrases = []
        for name in names:
            weights = self._query_weights(terms(name, self._stop))
            mass = sum(w * self._idf.get(t, 0.0) for t, w in weights.items())
            # a name left with single characters only (its words were stop words) says too
            # little to recognise the article by
            if mass > 0 and any(not t.startswith(UNIGRAM) for t in weights):
                phrases.append(_Phrase(weights, mass))
        self._phrases[doc] = phrases
        return phrases

    # -- searching -----------------------------------------------------------------------

    def _query_weights(self, found: Sequence[str]) -> dict[str, float]:
        weights: dict[str, float] = defaultdict(float)
        for term in found:
            weights[term] += self.ranking.unigram_weight if term.startswith(UNIGRAM) else 1.0
        return dict(weights)

    def _resolve(self, weights: dict[str, float]) -> tuple[dict[str, float], float]:
        """Known terms with their weights (typos mapped to known words) and the mass of all."""
        known: dict[str, float] = defaultdict(float)
        total = 0.0
        for term, weight in weights.items():
            if term in self._idf:
                known[term] += weight
                total += weight * self._idf[term]
                continue
            near = self._near(term)
            if near:
                # the typo counts whole in the question's mass but only partly as a match
                for other in near:
                    known[other] += weight * self.ranking.fuzzy_weight
                total += weight * max(self._idf[o] for o in near)
                continue
            if term.startswith(BIGRAM) and all(UNIGRAM + ch in self._idf for ch in term[2:]):
                # two known characters that do not form a known word: mostly the seam
                # between two words of the question, weak evidence of an unknown topic
                weight *= self.ranking.junction_bigram_weight
            total += weight * self._unseen_idf
        return dict(known), total

    def _near(self, term: str) -> set[str]:
        if not term.startswith(WORD) or len(term) - len(WORD) < _MIN_FUZZY_LEN:
            return set()
        typos = self._typo_index()
        found = set(typos.get(term, ()))
        for key in deletes(term[len(WORD) :]):
            found |= typos.get(WORD + key, set())
        return found

    def search(
        self, text: str, *, limit: int = 3, min_confidence: float | None = None
    ) -> list[Answer]:
        """The best articles for ``text``, most confident first, above the threshold.

        ``min_confidence=0`` returns every article that shares a term with the question
        (the benchmark ranks with it); the default is the shipped threshold.
        """
        floor = self.ranking.threshold if min_confidence is None else min_confidence
        ranked = [a for a in self._rank(text) if a.confidence >= floor]
        return ranked[: max(limit, 0)]

    def _rank(self, text: str) -> list[Answer]:
        weights = self._query_weights(terms(text, self._stop))
        known, total = self._resolve(weights)
        if not known or total <= 0:
            return []
        r = self.ranking
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        for term, weight in known.items():
            idf = self._idf[term]
            for doc, tf in self._postings[term]:
                scores[doc] += weight * idf * tf * (r.k1 + 1) / (tf + r.k1)
                matched[doc] += weight * idf
        order = sorted(scores, key=lambda d: (-scores[d], d))
        top = scores[order[0]]
        second = scores[order[1]] if len(order) > 1 else 0.0
        answers = []
        for rank, doc in enumerate(order):
            other = second if rank == 0 else top
            coverage = min(matched[doc] / total, 1.0)
            features = (
                coverage,
                self._article_coverage(doc, known),
                (scores[doc] - other) / top * coverage,
            )
            answers.append(
                Answer(self.articles[doc], scores[doc], self._confidence(*features), *features)
            )
        answers.sort(key=lambda a: (-a.confidence, -a.score))
        return answers

    def _article_coverage(self, doc: int, known: dict[str, float]) -> float:
        best = 0.0
        for phrase in self._names(doc):
            found = sum(
                min(w, known[t]) * self._idf[t] for t, w in phrase.weights.items() if t in known
            )
            # a name of one common word ("open") is weak evidence: it counts whole only
            # with the IDF mass of about two specific words
            specific = min(phrase.mass / self.ranking.name_mass, 1.0)
            best = max(best, found / phrase.mass * specific)
        return min(best, 1.0)

    def _confidence(self, query_coverage: float, article_coverage: float, margin: float) -> float:
        r = self.ranking
        z = (
            r.bias
            + r.query_coverage * query_coverage
            + r.article_coverage * article_coverage
            + r.margin * margin
        )
        return 1 / (1 + math.exp(-z))

    def best(self, text: str) -> Answer | None:
        """The single best answer above the threshold, or None ("no good answer")."""
        found = self.search(text, limit=1)
        return found[0] if found else None

    def best_for_route(self, text: str, route: Route) -> Answer | None:
        """The best answer when its article has ``route``; else None.

        Only the top answer counts: a question whose best match is a seller-support article
        (a disputed fee on named orders) is not a self-service topic just because a fee help
        article also matches it.
        """
        found = self.best(text)
        return found if found is not None and found.article.route == route else None

    def best_self_service(self, text: str) -> Answer | None:
        """For the coach's ``self-service-topic`` lint: a help page answers this."""
        return self.best_for_route(text, "self-service")

    def best_third_party(self, text: str) -> Answer | None:
        """For the coach's ``third-party-topic`` lint: a provider's work, not Amazon's."""
        return self.best_for_route(text, "third-party")
