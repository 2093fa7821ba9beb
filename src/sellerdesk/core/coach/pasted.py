"""A whole draft pasted into one box: a form's description that is itself a labelled draft
("店铺：…", "时间线：", "## Steps") is read as the CLI reads a draft file, and its fields join
the form's (what the person typed into a field of its own wins)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sellerdesk.core.coach.text_draft import labelled_fields, parse_text

MIN_LABELS = 2  # one "Note:" in a description is prose; two known labels make a draft


def is_labelled_draft(text: str) -> bool:
    return len(labelled_fields(text)) >= MIN_LABELS


def with_pasted_draft(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` (the draft format's) with a draft pasted into ``description`` read into
    them; the description becomes what the reader left as description."""
    text = fields.get("description")
    out = dict(fields)
    if not isinstance(text, str) or not is_labelled_draft(text):
        return out
    for name, value in parse_text(text).as_dict().items():
        if name == "description" or not fields.get(name):
            out[name] = value
    return out
