"""A case draft: the fields a seller fills in before a case goes to Seller Support.

Drafts come as JSON, TOML or text; all three become a :class:`Draft`. Nothing here
refuses a draft for its content (the linter reports what is wrong); only a file that
cannot be read at all is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from sellerdesk.core.coach.courtesy import without_courtesy
from sellerdesk.core.coach.items import is_no_value, listed_identifiers, unmarked

LIST_FIELDS = (
    "error_codes",
    "steps",
    "order_ids",
    "asins",
    "skus",
    "shipment_ids",
    "attachments",
    "case_ids",
)
IDENTIFIER_FIELDS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")
TEXT_FIELDS = ("marketplace", "store", "category", "subject", "description", "expected", "actual")


@dataclass
class TimelineEntry:
    at: str
    what: str


@dataclass
class Draft:
    marketplace: str = ""
    store: str = ""
    category: str = ""
    subject: str = ""
    description: str = ""
    timeline: list[TimelineEntry] = field(default_factory=list)
    error_codes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    expected: str = ""
    actual: str = ""
    order_ids: list[str] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    shipment_ids: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)  # Seller Support Case IDs referred to
    # the seller stated there is no error code ("错误代码：无", "Error code: none"): no code is
    # missing and none is picked up from the prose; left out of JSON while false
    error_codes_none_stated: bool = False
    source_format: str = "json"  # json | toml | text

    def prose(self) -> list[str]:
        """The free text a person wrote, field by field (what language and keywords read)."""
        parts = [self.subject, self.description, self.expected, self.actual]
        parts += self.steps + [e.what for e in self.timeline]
        return [p for p in parts if p]

    def all_text(self) -> str:
        """Every written value, one per line (what the pattern checks scan)."""
        parts = self.prose() + [e.at for e in self.timeline] + self.error_codes
        return "\n".join(p for p in parts if p)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "timeline":
                out["timeline"] = [{"at": e.at, "what": e.what} for e in self.timeline]
            elif f.name == "error_codes_none_stated":
                if self.error_codes_none_stated:
                    out[f.name] = True
            elif f.name != "source_format":
                out[f.name] = getattr(self, f.name)
        return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value if v is not None).strip()
    return str(value).strip()


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple):
        items = [_text(v) for v in value]
    else:
        items = [str(value)]
    # a bullet or number typed before an item ("1. Inventory > …") is the list's, not the item's;
    # "无", "N/A", "-" typed into a box say it is empty
    return [unmarked(t) for t in items if t and unmarked(t) and not is_no_value(t)]


def _timeline(value: Any) -> list[TimelineEntry]:
    out = []
    for entry in value if isinstance(value, list) else [value] if value else []:
        if isinstance(entry, Mapping):
            at, what = _text(entry.get("at")), _text(entry.get("what"))
        else:
            at, what = "", unmarked(_text(entry))
        if at or what:
            out.append(TimelineEntry(at, what))
    return out


def draft_from_mapping(data: Mapping[str, Any], source_format: str) -> Draft:
    """A draft from JSON/TOML fields; odd types are coerced (a string for a list is one item)."""
    draft = Draft(source_format=source_format)
    for name in TEXT_FIELDS:
        setattr(draft, name, _text(data.get(name)))
    # "各位好，" … "谢谢！" / a name: left out as the text reader leaves them out
    draft.description = without_courtesy(draft.description)
    for name in LIST_FIELDS:
        setattr(draft, name, _texts(data.get(name)))
    for name in IDENTIFIER_FIELDS:  # "HW-1，HW-2。" in one box or string: two SKUs
        items = [i for v in getattr(draft, name) for i in listed_identifiers(v)]
        setattr(draft, name, list(dict.fromkeys(items)))
    draft.timeline = _timeline(data.get("timeline"))
    draft.error_codes_none_stated = bool(data.get("error_codes_none_stated")) or (
        not draft.error_codes and _states_none(data.get("error_codes"))
    )
    return draft


def _states_none(value: Any) -> bool:
    """An error-code box or list that says there is none ("无", ["N/A"], "Error codes: none")."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
    typed = [_text(v) for v in items if _text(v)]
    return bool(typed) and all(is_no_value(v) for v in typed)
