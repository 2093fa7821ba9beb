"""Identifiers and error codes written anywhere in a draft's text, added to its fields."""

from __future__ import annotations

import re

from sellerdesk.core.cases.identifiers import find_all, formats
from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft

# full-width letters, digits and hyphens typed with a Chinese keyboard ("113－2468135－…")
# what ends or separates a sentence around an identifier ("HW-LAMP-02。")
_PUNCTUATION = ".,;:()（）。，；：！？"
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def with_found_identifiers(d: Draft, text: str) -> Draft:
    """``d`` with the identifiers and error codes written anywhere in ``text`` added (each
    once; a code already quoted in an error message is not added again)."""
    text = text.translate(HALF_WIDTH)
    d.order_ids += [v for v in find_all("order", text) if v not in d.order_ids]
    d.shipment_ids += [v for v in find_all("shipment", text) if v not in d.shipment_ids]
    asin = formats()["asin"].pattern.pattern
    d.asins += [v for v in find_all("asin", text) if v.startswith("B0") and v not in d.asins] + [
        v for v in detect.labelled_asins(text) if re.fullmatch(asin, v) and v not in d.asins
    ]
    d.skus += [v for v in detect.labelled_skus(text) if v not in d.skus]
    d.case_ids += [v for v in detect.labelled_case_ids(text) if v not in d.case_ids]
    if not d.error_codes_none_stated:  # "错误代码：无": a number in the steps is no code
        d.error_codes += [c for c in detect.error_codes(text) if not _said(c, d.error_codes)]
    for name in ("order_ids", "asins", "skus", "shipment_ids", "case_ids"):
        kept = (v.strip(_PUNCTUATION) for v in getattr(d, name))
        setattr(d, name, list(dict.fromkeys(kept)))
    d.error_codes = list(dict.fromkeys(c.strip() for c in d.error_codes if c.strip()))
    return d


def _said(code: str, items: list[str]) -> bool:
    """``5665`` is already in ``Error 5665: You need approval …``: listed once."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])")
    return any(pattern.search(item) for item in items)
