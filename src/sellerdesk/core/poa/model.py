"""A Plan of Action (POA): what a seller sends Amazon to appeal a deactivation, a listing
removal, an IP complaint or a performance notice.

Three parts, as Amazon asks: the root cause(s), the corrective actions already taken (each
with its date and owner), the preventive measures (each with a date or "from <date>" and an
owner); plus the evidence referenced. Nothing here refuses a POA for its content (the
linter reports what is wrong); only a shape that cannot be read is an error.

The file form is a ``[poa]`` table (TOML) or ``{"poa": {...}}`` (JSON); text the seller must
still write is a placeholder ``<<FILL: …>>`` (``<<待填写：…>>`` in Chinese), which the linter
flags until it is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.errors import InvalidInput

LANGS = ("en", "zh")
PLACEHOLDER = re.compile(r"<<[^<>]*>>")
MAX_ITEMS = 50  # items of one part: a POA is short; more is a pasted document, not a plan
MAX_TEXT = 4_000  # characters of one item


def placeholder(hint: str, lang: str) -> str:
    """Text the seller must replace, marked so that no one can paste it by mistake."""
    return f"<<待填写：{hint}>>" if lang == "zh" else f"<<FILL: {hint}>>"


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


@dataclass(frozen=True, slots=True)
class Action:
    """One action: what was (or will be) done, when (a date, or "from <date>"), by whom."""

    what: str
    date: str = ""
    owner: str = ""


@dataclass(frozen=True, slots=True)
class Poa:
    kind: str
    lang: str = "en"  # the language the POA is written in for Amazon
    case_id: int | None = None
    store: str = ""
    marketplace: str = ""
    notice: str = ""  # what Amazon's notice said (the reason given), quoted
    root_causes: tuple[str, ...] = ()
    corrective_actions: tuple[Action, ...] = ()
    preventive_measures: tuple[Action, ...] = ()
    evidence: tuple[str, ...] = ()  # attachment names, invoices, documents
    order_ids: tuple[str, ...] = ()
    asins: tuple[str, ...] = ()
    case_ids: tuple[str, ...] = ()  # Seller Support Case IDs referred to

    def texts(self) -> list[tuple[str, str]]:
        """Every written value with the field it sits in (``corrective_actions[2].what``)."""
        out = [("notice", self.notice)]
        out += [(f"root_causes[{i}]", t) for i, t in enumerate(self.root_causes, 1)]
        for part in ("corrective_actions", "preventive_measures"):
            for i, action in enumerate(getattr(self, part), 1):
                out += [(f"{part}[{i}].{k}", getattr(action, k)) for k in ("what", "date", "owner")]
        out += [(f"evidence[{i}]", t) for i, t in enumerate(self.evidence, 1)]
        return [(name, text) for name, text in out if text]

    def references(self) -> tuple[str, ...]:
        """Everything that points Amazon at evidence: documents and identifiers."""
        return self.evidence + self.order_ids + self.asins + self.case_ids


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput.of("poa.not_text", field=name)
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput.of("poa.too_long", field=name, size=len(text), most=MAX_TEXT)
    return text


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    if len(items) > MAX_ITEMS:
        raise InvalidInput.of("poa.too_many", field=name, size=len(items), most=MAX_ITEMS)
    return list(items)


def _texts(value: Any, name: str) -> tuple[str, ...]:
    out = (_text(v, f"{name}[{i}]") for i, v in enumerate(_list(value, name), 1))
    return tuple(t for t in out if t)


def _actions(value: Any, name: str) -> tuple[Action, ...]:
    out = []
    for i, item in enumerate(_list(value, name), 1):
        where = f"{name}[{i}]"
        if isinstance(item, Mapping):
            unknown = sorted(set(item) - {"what", "date", "owner"})
            if unknown:
                raise InvalidInput.of("poa.unknown_fields", field=where, names=", ".join(unknown))
            action = Action(
                _text(item.get("what"), f"{where}.what"),
                _text(item.get("date"), f"{where}.date"),
                _text(item.get("owner"), f"{where}.owner"),
            )
        else:
            action = Action(_text(item, where))
        if action.what or action.date or action.owner:
            out.append(action)
    return tuple(out)


_FIELDS = (
    "kind",
    "lang",
    "case",
    "store",
    "marketplace",
    "notice",
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "evidence",
    "order_ids",
    "asins",
    "case_ids",
)


def poa_from_mapping(data: Mapping[str, Any]) -> Poa:
    """A POA from the ``[poa]`` table's fields; an unknown field or a bad shape is refused
    naming the field (a typo would otherwise lose a part without a word)."""
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise InvalidInput.of("poa.unknown_fields", field="poa", names=", ".join(unknown))
    kind = _text(data.get("kind"), "kind")
    if not kind:
        raise InvalidInput.of("poa.no_kind", field="kind")
    lang = _text(data.get("lang"), "lang") or "en"
    if lang not in LANGS:
        raise InvalidInput.of("poa.bad_lang", field="lang", value=lang)
    case = data.get("case")
    if case is not None and (isinstance(case, bool) or not isinstance(case, int) or case < 1):
        raise InvalidInput.of("poa.bad_case", field="case", value=case)
    return Poa(
        kind=kind,
        lang=lang,
        case_id=case,
        store=_text(data.get("store"), "store"),
        marketplace=_text(data.get("marketplace"), "marketplace"),
        notice=_text(data.get("notice"), "notice"),
        root_causes=_texts(data.get("root_causes"), "root_causes"),
        corrective_actions=_actions(data.get("corrective_actions"), "corrective_actions"),
        preventive_measures=_actions(data.get("preventive_measures"), "preventive_measures"),
        evidence=_texts(data.get("evidence"), "evidence"),
        order_ids=_texts(data.get("order_ids"), "order_ids"),
        asins=_texts(data.get("asins"), "asins"),
        case_ids=_texts(data.get("case_ids"), "case_ids"),
    )


def poa_mapping(poa: Poa) -> dict[str, Any]:
    """The ``[poa]`` table of a POA (what the file, the API and the store hold)."""
    out: dict[str, Any] = {"kind": poa.kind, "lang": poa.lang}
    if poa.case_id is not None:
        out["case"] = poa.case_id
    out |= {"store": poa.store, "marketplace": poa.marketplace, "notice": poa.notice}
    out["root_causes"] = list(poa.root_causes)
    for part in ("corrective_actions", "preventive_measures"):
        out[part] = [{"what": a.what, "date": a.date, "owner": a.owner} for a in getattr(poa, part)]
    for name in ("evidence", "order_ids", "asins", "case_ids"):
        out[name] = list(getattr(poa, name))
    return out
