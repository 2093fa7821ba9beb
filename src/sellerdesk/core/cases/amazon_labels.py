"""Amazon's own status labels of the Case Log ("Answered", "Work in progress", ...) as codes,
so a page can say them in the reader's language.

The label is stored as Amazon wrote it (a person may type one by hand, and Amazon renames
them), so the code is read from the text: lower case, words joined by hyphens, "Re-opened"
the same as "Reopened". A label that is no code here is shown as it was written.
"""

from __future__ import annotations

import re

AMAZON_LABELS = (
    "open",
    "answered",
    "requires-attention",
    "work-in-progress",
    "pending-amazon-action",
    "reopened",
    "resolved",
    "closed",
)
# spellings Amazon and sellers use for the same label
_SAME_AS = {"re-opened": "reopened", "needs-attention": "requires-attention"}
_NOT_A_LETTER = re.compile(r"[^a-z0-9]+")


def amazon_label_code(text: str | None) -> str | None:
    """``"Work in progress"`` -> ``"work-in-progress"``; None for a label that is no code."""
    code = _NOT_A_LETTER.sub("-", (text or "").lower()).strip("-")
    code = _SAME_AS.get(code, code)
    return code if code in AMAZON_LABELS else None
