"""A POA as plain text to paste into Seller Central's appeal form.

Plain text only: no Markdown (``**``, ``#``, backticks, ``>`` quotes are dropped), each
part and item numbered once (a number or bullet the seller typed is removed before ours is
put), identifiers listed once each. Labels follow ``lang``; the seller's text is as
written. An English rendering lists in ``untranslated`` every field still holding Chinese
(Seller Desk does not translate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerdesk.core.i18n import t
from sellerdesk.core.poa.dates import shown
from sellerdesk.core.poa.model import Action, Poa
from sellerdesk.core.poa.rules import PoaRules

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_LEAD = re.compile(
    r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|[•·]\s*|\d{1,2}(?:\.\d{1,2})*(?:[.)](?=\s)|[、．])\s*"
    r"|[(（]\d{1,2}[)）]\s*)+"
)
_MARKUP = re.compile(r"\*\*|__|`")


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def plain(text: str) -> str:
    """One item as plain text: the seller's own numbering, bullets and Markdown removed,
    lines joined (an item is one paragraph in the form)."""
    lines = [_MARKUP.sub("", _LEAD.sub("", line)).strip() for line in text.splitlines()]
    return " ".join(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class RenderedPoa:
    text: str
    lang: str
    untranslated: tuple[str, ...]  # fields of an English POA still holding Chinese

    @property
    def chars(self) -> int:
        return len(self.text)


_FROM = re.compile(r"^\s*from\s+", re.IGNORECASE)


def date_words(written: str, lang: str) -> str:
    """An action's date as the paste text says it: days as 2026-12-02 whatever the
    separator typed, and the file's "from <date>" in the POA's language (自 … 起)."""
    day = shown(written)
    found = _FROM.match(day)
    return t("poa.render.from", lang, date=day[found.end() :]) if found else day


def _action(action: Action, lang: str, key: str) -> str:
    what = plain(action.what) or t("poa.render.none", lang)
    when = date_words(action.date, lang)
    if action.date and action.owner:
        return t(f"poa.render.{key}", lang, what=what, date=when, owner=action.owner)
    if action.date:
        return t(f"poa.render.{key}_no_owner", lang, what=what, date=when)
    if action.owner:
        return t("poa.render.action_owner_only", lang, what=what, owner=action.owner)
    return what


def render_poa(poa: Poa, *, lang: str, rules: PoaRules) -> RenderedPoa:
    """The paste text of ``poa`` with labels in ``lang`` (en or zh)."""
    kind = rules.kind(poa.kind)
    colon = "：" if lang == "zh" else ": "
    lines = [t("poa.render.title", lang, kind=kind.name(lang))]
    if poa.store or poa.marketplace:
        parts = [f"{t('poa.render.store', lang)}{colon}{poa.store}"] if poa.store else []
        if poa.marketplace:
            parts.append(f"{t('poa.render.marketplace', lang)}{colon}{poa.marketplace}")
        lines.append(" | ".join(parts))
    if poa.notice:
        lines.append(f"{t('poa.render.notice', lang)}{colon}{plain(poa.notice)}")
    sections: list[tuple[str, list[str]]] = [
        ("root_causes", [plain(x) for x in poa.root_causes]),
        ("corrective_actions", [_action(a, lang, "action_done") for a in poa.corrective_actions]),
        ("preventive_measures", [_action(a, lang, "measure") for a in poa.preventive_measures]),
    ]
    for number, (key, items) in enumerate(sections, 1):
        lines += ["", f"{number}. {t(f'poa.render.{key}', lang)}"]
        if not items:
            lines.append(f"{number}.1 {t('poa.render.none', lang)}")
        lines += [f"{number}.{i} {item}" for i, item in enumerate(items, 1)]
    lines += ["", f"4. {t('poa.render.evidence', lang)}"]
    refs = list(dict.fromkeys(plain(x) for x in poa.evidence))
    lines += [f"4.{i} {x}" for i, x in enumerate(refs, 1)]
    for name in ("order_ids", "asins", "case_ids"):
        values = list(dict.fromkeys(getattr(poa, name)))
        if values:
            lines.append(f"{t(f'poa.render.{name}', lang)}{colon}{', '.join(values)}")
    if not refs and not any((poa.order_ids, poa.asins, poa.case_ids)):
        lines.append(f"4.1 {t('poa.render.none', lang)}")
    lines += ["", t("poa.render.closing", lang)]
    untranslated: tuple[str, ...] = ()
    if lang == "en":
        untranslated = tuple(dict.fromkeys(n for n, text in poa.texts() if has_chinese(text)))
    return RenderedPoa("\n".join(lines) + "\n", lang, untranslated)
