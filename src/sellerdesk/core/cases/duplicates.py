"""How alike two case subjects are, in Chinese and English alike.

Subjects are normalised (NFKC, case-folded, punctuation dropped, spaces collapsed) and cut
into overlapping character trigrams; similarity is the Jaccard index of the two sets.
Character trigrams need no word segmentation, so they work for Chinese as well as for
"Listing suppressed" vs "listing  suppressed!".
"""

from __future__ import annotations

import unicodedata

SIMILAR_SUBJECT = 0.8  # at or above: "very similar" (S19/S22a duplicate guard)


def normalise_subject(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in folded)
    return " ".join(kept.split())


def shingles(text: str) -> frozenset[str]:
    norm = normalise_subject(text)
    if len(norm) < 3:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i : i + 3] for i in range(len(norm) - 2))


def similarity(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def similar(a: str, b: str, threshold: float = SIMILAR_SUBJECT) -> bool:
    return similarity(a, b) >= threshold
