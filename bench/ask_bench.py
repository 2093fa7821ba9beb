"""How well and how fast `sellerdesk ask` answers the labelled question set.

Prints precision@1, answered recall@1, the recall of "no good answer", MRR, calibration
error, query time p50/p95 (after the index is built; target p95 < 20 ms) and the index
build time. ``--fit`` re-fits the confidence coefficients (a logistic regression on the
features of each question's first five candidates) and prints them for kb-ranking.toml.

    python bench/ask_bench.py [--rounds 20] [--fit]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from sellerdesk.core.kb import KnowledgeBase
from sellerdesk.core.kb.evaluation import Figures, evaluate, read_questions
from sellerdesk.core.kb.loader import (
    builtin_article_paths,
    builtin_ranking_path,
    load_articles,
    load_ranking,
)

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "ask"
QUESTIONS = DATA / "questions.toml"
HOLDOUT = DATA / "holdout.toml"  # never tuned on: an estimate for unseen questions
TARGET_P95_MS = 20.0


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_times(runs: int) -> tuple[list[float], list[float]]:
    """(read files + build, build only) in ms; fresh objects each run."""
    whole, build = [], []
    for _ in range(runs):
        begin = time.perf_counter()
        articles = load_articles(builtin_article_paths())
        ranking = load_ranking([builtin_ranking_path()])
        middle = time.perf_counter()
        KnowledgeBase(articles.values(), ranking)
        end = time.perf_counter()
        whole.append((end - begin) * 1000)
        build.append((end - middle) * 1000)
    return whole, build


def fit(kb: KnowledgeBase, questions: list, candidates: int = 1, l2: float = 0.01) -> list[float]:
    """Logistic regression (Newton's method, a little L2 on the slopes) on the features of
    each question's first ``candidates`` answers: [bias, query_coverage, article_coverage,
    margin]. Label: the answer is the labelled article."""
    rows = []
    for q in questions:
        for answer in kb.search(q.text, limit=candidates, min_confidence=0):
            x = (1.0, answer.query_coverage, answer.article_coverage, answer.margin)
            rows.append((x, 1.0 if answer.article.id == q.expected else 0.0))
    w = [0.0] * 4
    for _ in range(50):
        grad = [0.0] * 4
        hess = [[0.0] * 4 for _ in range(4)]
        for x, y in rows:
            p = 1 / (1 + math.exp(-sum(wi * xi for wi, xi in zip(w, x, strict=True))))
            for i in range(4):
                grad[i] += (p - y) * x[i]
                for j in range(4):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, 4):
            grad[i] += l2 * len(rows) * w[i]
            hess[i][i] += l2 * len(rows)
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(si) for si in step) < 1e-9:
            break
    print(f"fitted on {len(rows)} candidates of {len(questions)} questions")
    return w


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (4 x 4: no numpy needed)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def print_misses(figures: Figures) -> None:
    for miss in figures.misses:
        conf = f"{miss.top_confidence:.2f}" if miss.top_confidence is not None else "-"
        print(
            f"  MISS {miss.question.expected:28} got {list(miss.shown)[:2]} "
            f"(rank {miss.rank}, conf {conf}) {miss.question.text[:50]!r}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the questions")
    parser.add_argument("--fit", action="store_true", help="re-fit the confidence coefficients")
    args = parser.parse_args()
    questions = read_questions(QUESTIONS)
    whole, build = build_times(7)
    kb = KnowledgeBase(
        load_articles(builtin_article_paths()).values(), load_ranking([builtin_ranking_path()])
    )
    if args.fit:
        bias, q, a, m = fit(kb, questions)
        print(f"bias = {bias:.2f}\nquery_coverage = {q:.2f}\narticle_coverage = {a:.2f}")
        print(f"margin = {m:.2f}")
        kb = KnowledgeBase(
            kb.articles,
            replace(kb.ranking, bias=bias, query_coverage=q, article_coverage=a, margin=m),
        )
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            at = evaluate(
                KnowledgeBase(kb.articles, replace(kb.ranking, threshold=threshold)), questions
            )
            print(
                f"  threshold {threshold:.1f}: precision@1 {at.precision_at_1:.3f}  "
                f"recall@1 {at.answered_recall_at_1:.3f}  no-answer recall {at.no_answer_recall:.3f}"
            )
    figures = evaluate(kb, questions)
    for question in questions:  # warm the lazy parts (typo index, article names)
        kb.search(question.text)
    times = []
    for _ in range(args.rounds):
        for question in questions:
            begin = time.perf_counter()
            kb.search(question.text)
            times.append((time.perf_counter() - begin) * 1000)
    zh = sum(q.lang == "zh" for q in questions)
    print(
        f"`sellerdesk ask` on {len(questions)} questions ({zh} zh, {len(questions) - zh} en; "
        f"{figures.answerable} answerable), {len(kb)} articles, threshold {kb.ranking.threshold}"
    )
    print(f"  precision@1                {figures.precision_at_1:.3f}")
    print(f"  answered recall@1          {figures.answered_recall_at_1:.3f}")
    print(f"  no-good-answer recall      {figures.no_answer_recall:.3f}")
    print(f"  MRR (unthresholded)        {figures.mrr:.3f}")
    print(f"  calibration error (ECE)    {figures.expected_calibration_error:.3f}")
    print(
        f"  query p50 / p95            {statistics.median(times):.2f} / {percentile(times, 0.95):.2f} ms "
        f"({len(times)} queries)"
    )
    print(
        f"  index build                {statistics.median(build):.1f} ms median "
        f"(read files + build {statistics.median(whole):.1f} ms)"
    )
    print_misses(figures)
    held = evaluate(kb, read_questions(HOLDOUT))
    print(
        f"held-out set ({held.questions} questions, {held.answerable} answerable, never tuned on):"
    )
    print(
        f"  precision@1 {held.precision_at_1:.3f}  answered recall@1 {held.answered_recall_at_1:.3f}  "
        f"no-good-answer recall {held.no_answer_recall:.3f}  MRR {held.mrr:.3f}"
    )
    print_misses(held)
    verdict = "PASS" if percentile(times, 0.95) < TARGET_P95_MS else "MISS"
    print(f"  {verdict}  query p95 < {TARGET_P95_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
