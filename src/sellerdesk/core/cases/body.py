"""The structured body of a case, validated: what the coach reads and the dossier prints.

``{description, timeline[{at, what}], error_codes[], steps[], expected, actual,
attachments[], order_ids[], asins[], skus[], shipment_ids[]}``; identifiers are checked
against their formats, and a refusal names the body field (``order_ids``, ``asins``, ...):
each adapter spells it its own way (the CLI as ``--order-id``, see ``cli/case_fields.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sellerdesk.core.cases.identifiers import check
from sellerdesk.core.errors import InvalidInput

TEXT_FIELDS = ("description", "expected", "actual")
LIST_FIELDS = ("error_codes", "steps", "attachments")  # attachments: file names a draft lists
# body key (the field an error names) -> (identifier kind or None for free text, row kind)
IDENTIFIER_FIELDS: dict[str, tuple[str | None, str]] = {
    "order_ids": ("order", "order"),
    "asins": ("asin", "asin"),
    "skus": (None, "sku"),
    "shipment_ids": ("shipment", "shipment"),
}
KNOWN = (*TEXT_FIELDS, *LIST_FIELDS, "timeline", *IDENTIFIER_FIELDS)
# the draft's fields in the order the case page and the evidence dossier show them (the one
# list: services/cases/editing.py and services/dossier_layout.py both read it)
DRAFT_FIELDS = (
    "description",
    "timeline",
    "expected",
    "actual",
    "error_codes",
    "steps",
    "order_ids",
    "asins",
    "skus",
    "shipment_ids",
    "attachments",
)
# what a person edits after creation: attachments are the file names the draft listed, kept
# as they were (the files themselves are the events')
EDITABLE_DRAFT_FIELDS = tuple(f for f in DRAFT_FIELDS if f != "attachments")
MAX_TEXT = 20_000
MAX_SKU = 40


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput.of("body.not_text", field=field, name=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput.of(
            "body.too_long", field=field, name=field, size=len(value), most=MAX_TEXT
        )
    return value.strip()


def _texts(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list):
        raise InvalidInput.of("body.not_list", field=field, name=field)
    return [t for t in (_text(v, field) for v in value) if t]


def check_identifier(kind: str | None, value: str, field: str) -> str:
    if kind is not None:
        return check(kind, value, field=field)
    text = value.strip()
    if not text or len(text) > MAX_SKU or any(ord(c) < 32 for c in text):
        raise InvalidInput.of("body.bad_sku", field=field, value=value, most=MAX_SKU)
    return text


def _timeline(value: Any) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput.of("body.timeline_not_list", field="timeline")
    out = []
    for entry in value:
        if not isinstance(entry, Mapping) or not entry.get("what"):
            raise InvalidInput.of("body.bad_timeline_entry", field="timeline", value=entry)
        out.append(
            {
                "at": _text(entry.get("at"), "timeline.at"),
                "what": _text(entry["what"], "timeline.what"),
            }
        )
    return out


def build_body(
    given: Mapping[str, Any] | None, extra_identifiers: Mapping[str, Iterable[str]] | None = None
) -> dict[str, Any]:
    """The checked body; ``extra_identifiers`` (given apart, e.g. as CLI flags or API fields)
    join those of the body."""
    given = dict(given or {})
    unknown = sorted(set(given) - set(KNOWN))
    if unknown:
        raise InvalidInput.of(
            "body.unknown_fields", field="body", names=", ".join(unknown), known=", ".join(KNOWN)
        )
    body: dict[str, Any] = {f: _text(given.get(f), f) for f in TEXT_FIELDS}
    body.update({f: _texts(given.get(f), f) for f in LIST_FIELDS})
    body["timeline"] = _timeline(given.get("timeline"))
    extra = extra_identifiers or {}
    for key, (kind, _row_kind) in IDENTIFIER_FIELDS.items():
        values = _texts(given.get(key), key) + [v for v in extra.get(key, ()) if v.strip()]
        body[key] = list(dict.fromkeys(check_identifier(kind, v, key) for v in values))
    return body


def identifier_pairs(body: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(kind, value)`` rows for the identifier index."""
    return [
        (row_kind, value)
        for key, (_kind, row_kind) in IDENTIFIER_FIELDS.items()
        for value in body.get(key, [])
    ]
