"""The search tokens of a text: words, and CJK bigrams (the way Lucene's CJK analyser cuts).

One function cuts both what is indexed and what is asked, so the two always agree:

* The text is NFKC-normalised (full-width ``ＡＳＩＮ１２`` becomes ``asin12``, half-width
  katakana becomes full-width) and case-folded.
* A run of letters and digits outside the CJK scripts is one word: ``refund``, ``b08n5wrwnw``,
  ``114``. Anything else (spaces, punctuation, ``-``, ``_``) separates words, so an order ID
  ``114-1234567-1234567`` is the three words ``114 1234567 1234567``.
* A run of CJK characters (Han, kana, Hangul) is cut into overlapping bigrams: ``退款未到账`` →
  ``退款 款未 未到 到账``. A run of one character is that character. Punctuation and Latin
  letters end a run, so ``申请退款，到账慢`` has no ``款到``.

A query term (the query split at white space) becomes the token sequence of its own text:
one token is a word lookup, several are a phrase (consecutive tokens), so ``退款未到账`` and
``cutting-board`` match only where those tokens stand next to each other. The last token of
a term may be a prefix:

* a word of :data:`MIN_PREFIX` characters or more in the last term (``refun`` finds
  ``refund`` and ``refunded``; type-ahead). Shorter words are looked up whole: a prefix
  query merges the posting list of every token it starts, and short prefixes start
  thousands (``fba`` starts every FBA shipment ID: 81 ms p95 at 200,000 cases);
* a single CJK character that ends a term (``退`` finds every bigram starting with it).
  A character that ends a CJK run in the text (``要退``, where no bigram starts with it) is
  not found this way; a lone character query is rare and too broad to be useful anyway.

The index side (:func:`index_text`) is a space-separated token string: SQLite's FTS5
``ascii`` tokenizer and PostgreSQL's ``to_tsvector('simple', …)`` each read it back as
exactly these tokens, in this order.

Any text is accepted; what cannot be indexed is skipped, never refused:

* a token longer than :data:`MAX_TOKEN_BYTES` (2,047 bytes of UTF-8, PostgreSQL's limit for
  one lexeme; a run of letters with no space, e.g. a pasted base64 blob) is left out of the
  index on both databases, and out of a query too, so such a word is never found while the
  rest of the text is. The bounds of the whole text are PostgreSQL's
  (``storage/types.py``: :func:`~sellerdesk.storage.types.tsvector_literal`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from operator import add

MIN_PREFIX = 4
MAX_TOKEN_BYTES = 2047  # PostgreSQL: "word is too long (… bytes, max 2047 bytes)"
_ALWAYS_SHORT = MAX_TOKEN_BYTES // 4  # no token of this many characters can be too long

# Han (with extensions and compatibility ideographs), kana (half-width too), Hangul,
# iteration marks
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_SEPARATORS = re.compile(r"[\W_]+")  # what is neither a letter nor a digit
# ASCII letters folded to lower case, digits kept, every other byte a space
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


@dataclass(frozen=True)
class QueryTerm:
    """One query term: its tokens (several = a phrase) and whether the last is a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


def _bigrams(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(map(add, run[:-1], run[1:])) + " "


def index_text(text: str) -> str:
    """The space-separated tokens that the search index holds for ``text``.

    Written for speed (it runs once per case on a bulk load): ASCII text goes through a
    byte translation table; other text has its separators replaced in one regular-expression
    pass, is NFKC-normalised only when it is not already (Chinese punctuation is a separator
    and gone by then), and calls back only for CJK runs. Tokens are separated by single
    spaces (PostgreSQL keeps them as a ``tsvector`` and gives back exactly this string).
    """
    if text.isascii():
        tokens = text.encode().translate(_ASCII_WORDS).decode().split()
    else:
        s = _SEPARATORS.sub(" ", text.casefold())
        if not unicodedata.is_normalized("NFKC", s):
            s = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", s).casefold())
        tokens = _CJK_RUN.sub(_bigrams, s).split()
    if not text.isascii() or len(text) > _ALWAYS_SHORT:  # NFKC may lengthen a word
        tokens = [t for t in tokens if len(t) <= _ALWAYS_SHORT or _indexable(t)]
    return " ".join(tokens)


def _indexable(token: str) -> bool:
    return len(token.encode("utf-8", "surrogatepass")) <= MAX_TOKEN_BYTES


def _is_cjk(token: str) -> bool:
    return _CJK_RUN.match(token) is not None


def query_terms(query: str) -> list[QueryTerm]:
    """The terms of ``query`` (every one must match); terms without a token are dropped.

    Each term is cut by :func:`index_text` itself, so a query finds what the index holds.
    """
    parts = query.split()
    terms: list[QueryTerm] = []
    for i, part in enumerate(parts):
        tokens = tuple(index_text(part).split())
        if not tokens:
            continue
        last = tokens[-1]
        if _is_cjk(last):
            prefix = len(last) == 1  # a one-character run: every bigram starting with it
        else:
            prefix = i == len(parts) - 1 and len(last) >= MIN_PREFIX
        terms.append(QueryTerm(tokens, prefix))
    return terms
