"""How alike two case subjects are, in Chinese and English alike.

Subjects are normalised (NFKC, case-folded, punctuation dropped, spaces collapsed) and cut
into overlapping character trigrams; similarity is the Jaccard index of the two sets.
Character trigrams need no word segmentation, so they work for Chinese as well as for
"Listing suppressed" vs "listing  suppressed!".
"""

from __future__ import annotations

import re
import unicodedata

# letters and digits (str.isalnum) are kept; everything else separates words. A regular
# expression does this several times faster than a per-character category lookup, which
# matters when a store has thousands of open cases to compare on every create.
_SEPARATORS = re.compile(r"[\W_]+")

SIMILAR_SUBJECT = 0.8  # at or above: "very similar" (S19/S22a duplicate guard)


def normalise_subject(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def shingles(text: str) -> frozenset[str]:
    norm = normalise_subject(text)
    if len(norm) < 3:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i : i + 3] for i in range(len(norm) - 2))


def similarity(a: str, b: str) -> float:
    return set_similarity(shingles(a), shingles(b))


def set_similarity(sa: frozenset[str], sb: frozenset[str]) -> float:
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared)


def could_be_similar(sa: frozenset[str], sb: frozenset[str], threshold: float) -> bool:
    """A cheap bound: Jaccard >= t needs the smaller set to be >= t times the larger one."""
    small, large = sorted((len(sa), len(sb)))
    return small >= threshold * large


def similar(a: str, b: str, threshold: float = SIMILAR_SUBJECT) -> bool:
    return similarity(a, b) >= threshold
