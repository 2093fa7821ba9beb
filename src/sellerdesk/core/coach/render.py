"""The case text to paste into Seller Central: subject, summary, identifiers, timeline, error
codes, steps to reproduce, expected vs actual, attachments, request.

Labels follow ``lang``. An English rendering never passes Chinese text off as ready: each
field still written in Chinese is marked, and listed in ``untranslated`` (Seller Desk does
not translate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.i18n import t

_IDENTIFIERS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")


@dataclass
class Rendered:
    text: str
    lang: str
    untranslated: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "lang": self.lang, "untranslated": self.untranslated}


class _Page:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []
        self.untranslated: list[str] = []

    def label(self, key: str) -> str:
        return t(f"coach.render.{key}", self.lang)

    def colon(self) -> str:
        return "：" if self.lang == "zh" else ":"

    def flag(self, name: str, texts: list[str]) -> str:
        """A marker when an English case still carries Chinese in ``texts``; else ""."""
        if self.lang != "en" or not any(detect.is_chinese(x) for x in texts if x):
            return ""
        if name not in self.untranslated:
            self.untranslated.append(name)
        return f" {self.label('untranslated')}"

    def section(
        self, key: str, body: list[str], *, field: str = "", texts: Sequence[str] = ()
    ) -> None:
        self.lines += ["", f"{self.label(key)}{self.colon()}{self.flag(field or key, list(texts))}"]
        self.lines += body or [f"  {self.label('none')}"]


def render_case(
    draft: Draft, *, lang: str, category: str, marketplace: str | None = None
) -> Rendered:
    page = _Page(lang)
    flag = page.flag("subject", [draft.subject])
    page.lines.append(f"{page.label('subject')}{page.colon()}{flag} {draft.subject}")
    where = marketplace or draft.marketplace
    if where:
        page.lines.append(f"{page.label('marketplace')}{page.colon()} {where}")
    if draft.store:
        page.lines.append(f"{page.label('store')}{page.colon()} {draft.store}")
    lines = [f"  {line.strip()}" for line in draft.description.splitlines() if line.strip()]
    page.section("summary", lines, field="description", texts=[draft.description])
    ids = [
        f"  {page.label(name)}{page.colon()} {', '.join(getattr(draft, name))}"
        for name in _IDENTIFIERS
        if getattr(draft, name)
    ]
    page.section("identifiers", ids)
    events = [f"  - {e.at}: {e.what}" if e.at else f"  - {e.what}" for e in draft.timeline]
    page.section("timeline", events, texts=[e.what for e in draft.timeline])
    page.section("error_codes", [f"  - {code}" for code in draft.error_codes])
    steps = [f"  {i}. {step}" for i, step in enumerate(draft.steps, 1)]
    page.section("steps", steps, texts=draft.steps)
    for key in ("expected", "actual"):
        value: str = getattr(draft, key)
        page.section(key, [f"  {value}"] if value else [], texts=[value])
    page.section("attachments", [f"  - {name}" for name in draft.attachments])
    page.section("request", [f"  {t(f'coach.request.{category}', lang)}"])
    if page.untranslated:
        fields = ", ".join(page.untranslated)
        page.lines += ["", t("coach.render.untranslated_note", lang, fields=fields)]
    return Rendered("\n".join(page.lines) + "\n", lang, page.untranslated)
