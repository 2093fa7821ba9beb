"""Terms for the knowledge base: CJK character bigrams + unigrams, English light stems.

No segmenter (jieba) is used: its dictionary takes ~0.5-1 s to load, longer than the whole
``sellerdesk ask`` command, and on a corpus of a few dozen articles bigrams find the same
words (仓储费 -> 仓储, 储费). Chinese stop words are cut out of a run *before* bigrams are
formed, so 怎么算仓储费 does not produce the junction bigram 么算.

A term is a string with a one-letter prefix that keeps the kinds apart in one vocabulary:
``w:`` an English stem, ``b:`` a CJK bigram, ``u:`` a CJK unigram.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = "w:"
BIGRAM = "b:"
UNIGRAM = "u:"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(rf"[{_HAN}]+|[a-z0-9]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
_HAS_DIGIT = re.compile(r"\d")

# Light English stemming: enough to join fee/fees, calculate/calculated/calculation,
# fulfil/fulfill/fulfilment, reopen/reopening. Longest suffix first.
_SUFFIXES = (
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("ies", "y"),
    ("ing", ""),
    ("ied", "y"),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)
_KEEP_ENDINGS = ("ss", "us", "is")
_MIN_STEM = 3
_VOWELS = frozenset("aeiouy")
_DOUBLED = frozenset("bdgmnprt")


@dataclass(frozen=True)
class StopWords:
    """Words that carry no topic: English words (stemmed on use) and Chinese words."""

    en: frozenset[str]
    zh: re.Pattern[str] | None  # alternatives longest first, so 为什么 is cut before 什么

    @classmethod
    def of(cls, en: Iterable[str], zh: Iterable[str]) -> StopWords:
        words = sorted({normalise(w) for w in zh if w.strip()}, key=len, reverse=True)
        return cls(
            frozenset(stem(w.casefold()) for w in en) | frozenset(w.casefold() for w in en),
            re.compile("|".join(map(re.escape, words))) if words else None,
        )


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII (ＦＢＡ -> fba), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    # two passes: a plural first, then a verb or noun ending (listings -> listing -> list)
    for _ in range(2):
        stripped = _strip_suffix(word)
        if stripped == word:
            break
        word = stripped
    if word.endswith("ll") and len(word) > 4:
        word = word[:-1]  # fulfill -> fulfil: US and UK spellings meet
    if word.endswith("e") and len(word) > _MIN_STEM:
        word = word[:-1]  # calculate / calculat(ed) meet
    return word


def _strip_suffix(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if not word.endswith(suffix) or word.endswith(_KEEP_ENDINGS):
            continue
        base = word[: len(word) - len(suffix)] + replacement
        if len(base) < _MIN_STEM or not _VOWELS.intersection(base):
            continue
        if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] in _DOUBLED:
            base = base[:-1]  # shipp(ing) -> ship
        return base
    return word


def is_identifier_like(word: str) -> bool:
    """Numbers and long codes (order IDs, ASINs, shipment IDs) say nothing about a topic."""
    if len(word) < 8:
        return word.isdigit()
    return bool(_HAS_DIGIT.search(word))


def terms(text: str, stop: StopWords) -> list[str]:
    """Every term of ``text`` in order, repeats kept (term frequency matters)."""
    out: list[str] = []
    for piece in _PIECES.findall(normalise(text)):
        if piece[0] > "\u3000":  # pieces are either Han runs or ASCII [a-z0-9]+
            out.extend(_han_terms(piece, stop))
        elif len(piece) > 1 and piece not in stop.en and not is_identifier_like(piece):
            word = stem(piece)
            if word not in stop.en:
                out.append(WORD + word)
    return out


def _han_terms(run: str, stop: StopWords) -> list[str]:
    out: list[str] = []
    for part in stop.zh.split(run) if stop.zh is not None else (run,):
        out.extend(UNIGRAM + ch for ch in part)
        out.extend(BIGRAM + part[i : i + 2] for i in range(len(part) - 1))
    return out


def han_share(text: str) -> float:
    """The share of letters that are Chinese characters (0 for none, 1 for all)."""
    han = sum(len(run) for run in _HAN_RUN.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return han / (han + latin) if han + latin else 0.0


def deletes(word: str) -> set[str]:
    """``word`` with one letter left out, every way: the key of the typo lookup."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
