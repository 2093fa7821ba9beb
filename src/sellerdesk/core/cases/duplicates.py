"""How alike two case subjects are, in Chinese and English alike.

Subjects are normalised (NFKC, case-folded, punctuation dropped, spaces collapsed) and cut
into overlapping character trigrams; similarity is the Jaccard index of the two sets.
Character trigrams need no word segmentation, so they work for Chinese as well as for
"Listing suppressed" vs "listing  suppressed!".

The duplicate guard does not compare a new subject with every open case: the bounds below
(:func:`size_band`, :func:`min_shared`) say which stored subjects can possibly reach the
threshold, storage counts how many trigrams each of those shares with the new subject, and
:func:`overlap_similarity` turns the counts into the same index :func:`set_similarity` gives.
"""

from __future__ import annotations

import math
import re
import unicodedata

# letters and digits (str.isalnum) are kept; everything else separates words. A regular
# expression does this several times faster than a per-character category lookup, which
# matters when a store has thousands of open cases to compare on every create.
_SEPARATORS = re.compile(r"[\W_]+")

SIMILAR_SUBJECT = 0.8  # at or above: "very similar" (S19/S22a duplicate guard)
# The bounds use a threshold a hair lower than asked: set_similarity divides in floating
# point, and a ratio it rounds up onto the threshold must still fall inside the bounds.
BOUND_SLACK = 1e-9


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
    return overlap_similarity(len(sa), len(sb), len(sa & sb))


def overlap_similarity(n: int, m: int, shared: int) -> float:
    """The Jaccard index of a set of ``n`` and one of ``m`` that have ``shared`` in common.

    The sets' sizes and overlap are all it needs, so storage can count the overlap of a
    stored subject without the subject itself; one function, so both ways round alike.
    """
    if not n or not m:
        return 0.0
    return shared / (n + m - shared)


def could_be_similar(sa: frozenset[str], sb: frozenset[str], threshold: float) -> bool:
    """A cheap bound: Jaccard >= t needs the smaller set to be >= t times the larger one."""
    small, large = sorted((len(sa), len(sb)))
    return small >= threshold * large


def size_band(n: int, threshold: float) -> tuple[int, int]:
    """The shingle counts a set may have and still reach ``threshold`` with a set of ``n``.

    Jaccard(A, B) <= min(|A|, |B|) / max(|A|, |B|), so it needs |B| in [t*n, n/t].
    """
    t = threshold - BOUND_SLACK
    return math.ceil(t * n), math.floor(n / t)


def min_shared(n: int, threshold: float) -> int:
    """How many of a set's ``n`` shingles another set must share to reach ``threshold``.

    |A & B| >= t * |A | B| >= t * |A|; so a set reaching the threshold misses at most
    ``n - min_shared(n, t)`` of A's shingles, whichever they are. Storage probes any
    ``n - min_shared + 1`` of them (the rarest) and cannot miss a match.
    """
    return max(1, math.ceil((threshold - BOUND_SLACK) * n))


def similar(a: str, b: str, threshold: float = SIMILAR_SUBJECT) -> bool:
    return similarity(a, b) >= threshold
