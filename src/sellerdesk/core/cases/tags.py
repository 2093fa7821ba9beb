"""Case tags: free labels the team sorts cases by (``fba``, ``退款``, ``q4-appeal``).

A tag is stored normalised (NFKC, case-folded, inner whitespace collapsed to one space), so
``FBA``, ``fba`` and ``ＦＢＡ`` are one tag on every database, and ``case list --tag`` is an
exact match. Commas separate tags on the command line, so a tag holds none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.input_guard import check_line

MAX_TAG = 40
MAX_TAGS = 20


def normalise_tag(raw: str, *, field: str = "--add") -> str:
    check_line(raw, field)
    tag = " ".join(unicodedata.normalize("NFKC", raw).casefold().split())
    if not tag or len(tag) > MAX_TAG or "," in tag or not tag.isprintable():
        raise InvalidInput.of("tags.bad_tag", field=field, value=raw, most=MAX_TAG)
    return tag


def split_tags(values: Iterable[str], *, field: str) -> list[str]:
    """Normalised tags from repeated and comma-separated values, first spelling kept once."""
    out = [
        normalise_tag(part, field=field) for v in values for part in v.split(",") if part.strip()
    ]
    return list(dict.fromkeys(out))


def retag(current: Sequence[str], add: Sequence[str], remove: Sequence[str]) -> list[str]:
    """``current`` with ``add`` appended (when new) and ``remove`` taken out, order kept."""
    both = sorted(set(add) & set(remove))
    if both:
        raise InvalidInput.of("tags.added_and_removed", field="remove", tags=", ".join(both))
    gone = set(remove)
    tags = [t for t in dict.fromkeys([*current, *add]) if t not in gone]
    if len(tags) > MAX_TAGS:
        raise InvalidInput.of("tags.too_many", field="add", count=len(tags), most=MAX_TAGS)
    return tags
