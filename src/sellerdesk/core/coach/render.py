"""The case text to paste into Seller Central: subject, summary, identifiers, timeline, error
codes, steps to reproduce, expected vs actual, attachments, request.

This is the one paste function: ``case render``, the coach's API and web pages, and the case
page all call :func:`render_case`. The text is plain (no Markdown marks: Seller Central
shows them as typed), steps are numbered once (a number the seller typed is dropped, the
list numbers them), each identifier and error code is listed once, and dates are not
repeated. A section with nothing in it is left out (no "(none)" scaffolding in what is
pasted); the request always closes the text. Labels follow ``lang``. An English rendering
never passes Chinese text off as ready: each field still holding a Chinese character is
marked, and listed in ``untranslated`` (Seller Desk does not translate).

Chinese spacing (the rule every Chinese rendering Seller Desk composes follows, see
``core/zh_spacing.py``): a Chinese label takes a full-width colon with no space on either
side (``主题：…``), no space sits before or after full-width punctuation, and one space
separates Chinese from Latin letters or digits (``FBA 货件编号``, ``案例 123``). The seller's
own words are left as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.coach.items import code_items, file_items, identifier_items, plain, unmarked
from sellerdesk.core.coach.table_cells import plain_tables
from sellerdesk.core.coach.text_draft import with_found_identifiers
from sellerdesk.core.i18n import t
from sellerdesk.core.zh_spacing import list_separator

_IDENTIFIERS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")
HEADING_OF = {"description": "summary"}  # a field whose heading is not its own name


@dataclass
class Rendered:
    text: str  # the whole paste text: "Subject: …" then the description
    lang: str
    untranslated: list[str] = field(default_factory=list)
    subject: str = ""  # what goes in Seller Central's subject box
    body: str = ""  # what goes in its description box (the text after the subject line)

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

    def after_colon(self) -> str:
        """What separates a label's colon from its value: a space after ":", none after "："."""
        return "" if self.lang == "zh" else " "

    def labelled(self, key: str, flag: str, value: str) -> str:
        """``Label: [flag] value`` (``标签：value`` in Chinese)."""
        return f"{self.label(key)}{self.colon()}{flag}{self.after_colon()}{value}".rstrip()

    def flag(self, name: str, texts: Sequence[str]) -> str:
        """A marker when an English case still carries Chinese in ``texts``; else ""."""
        if self.lang != "en" or not any(detect.has_cjk(x) for x in texts if x):
            return ""
        if name not in self.untranslated:
            self.untranslated.append(name)
        return f" {self.label('untranslated')}"

    def section(
        self, key: str, body: list[str], *, field: str = "", texts: Sequence[str] = ()
    ) -> None:
        """A heading and its lines; nothing at all when ``body`` is empty (Seller Central
        gets no empty scaffolding, and the reader reads a missing section as an empty one)."""
        if not body:
            return
        self.lines += ["", f"{self.label(key)}{self.colon()}{self.flag(field or key, texts)}"]
        self.lines += body


def _once(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _text(text: str) -> str:
    """A free-text field as plain lines (blank lines, Markdown marks dropped, table rows as
    "header: cell; …" lines)."""
    lines = plain_tables(text).splitlines()
    return "\n".join(plain(line).strip() for line in lines if plain(line).strip())


def _lines(text: str) -> list[str]:
    return [f"  {line}" for line in text.splitlines()]


def paste_ready(draft: Draft) -> Draft:
    """The draft as the paste text lists it: items without typed bullets or numbers, one
    identifier per item and each once, an error code already quoted with its message not
    repeated on its own, Markdown marks out of one-line fields."""
    codes = _once([c for value in draft.error_codes for c in code_items(value)])
    codes = [c for c in codes if not any(c != o and _inside(c, o) for o in codes)]
    out = Draft(
        marketplace=plain(draft.marketplace).strip(),
        store=plain(draft.store).strip(),
        category=draft.category,
        subject=" ".join(plain(draft.subject).split()),
        description=_text(draft.description),
        timeline=[_event(e) for e in draft.timeline if e.at.strip() or unmarked(e.what)],
        error_codes=codes,
        steps=_once([" ".join(plain(unmarked(s)).split()) for s in draft.steps]),
        expected=_text(draft.expected),
        actual=_text(draft.actual),
        attachments=_once([a for value in draft.attachments for a in file_items(value)]),
        source_format=draft.source_format,
        error_codes_none_stated=draft.error_codes_none_stated and not codes,
    )
    for name in _IDENTIFIERS:
        values = [v for value in getattr(draft, name) for v in identifier_items(value)]
        setattr(out, name, _once(values))
    # an identifier or code written only in the prose is listed too, as a text draft's is
    return with_found_identifiers(out, draft.all_text())


def _inside(code: str, other: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", other) is not None


def _event(entry: TimelineEntry) -> TimelineEntry:
    what = " ".join(plain(unmarked(entry.what)).split())
    return TimelineEntry(" ".join(entry.at.split()), what)


def _event_line(entry: TimelineEntry, page: _Page) -> str:
    """``- 2026-11-28: what`` (``- 2026-11-28：what``); a date the text already carries is
    not written twice."""
    if not entry.at or entry.at in entry.what:
        return f"  - {entry.what}"
    if not entry.what:
        return f"  - {entry.at}"
    return f"  - {entry.at}{page.colon()}{page.after_colon()}{entry.what}"


def render_case(
    draft: Draft,
    *,
    lang: str,
    category: str,
    marketplace: str | None = None,
    case_id: str = "",
) -> Rendered:
    """The paste text. ``case_id``: the case's own Amazon Case ID (a case already opened
    with Seller Support), said as "Case ID" and never among the earlier ones."""
    draft = paste_ready(draft)
    if case_id:
        draft.case_ids = [c for c in draft.case_ids if c != case_id]
    page = _Page(lang)
    page.lines.append(
        page.labelled("subject", page.flag("subject", [draft.subject]), draft.subject)
    )
    where = marketplace or draft.marketplace
    if where:
        page.lines.append(page.labelled("marketplace", page.flag("marketplace", [where]), where))
    if draft.store:
        page.lines.append(page.labelled("store", page.flag("store", [draft.store]), draft.store))
    if case_id:
        page.lines.append(page.labelled("case_id", "", case_id))
    page.section(
        "summary", _lines(draft.description), field="description", texts=[draft.description]
    )
    ids = [
        "  " + page.labelled(name, page.flag(name, values), list_separator(lang).join(values))
        for name in _IDENTIFIERS
        if (values := getattr(draft, name))
    ]
    page.section("identifiers", ids)
    events = [_event_line(e, page) for e in draft.timeline]
    page.section("timeline", events, texts=[f"{e.at} {e.what}" for e in draft.timeline])
    codes = [f"  - {code}" for code in draft.error_codes]
    if draft.error_codes_none_stated:  # said, so Amazon (and the check) knows none was shown
        codes = [f"  - {t('coach.render.no_error_code', lang)}"]
    page.section("error_codes", codes, texts=draft.error_codes)
    steps = [f"  {i}. {step}" for i, step in enumerate(draft.steps, 1)]
    page.section("steps", steps, texts=draft.steps)
    for key in ("expected", "actual"):
        value: str = getattr(draft, key)
        page.section(key, _lines(value), texts=[value])
    names = [f"  - {name}" for name in draft.attachments]
    page.section("attachments", names, texts=draft.attachments)
    page.section("request", [f"  {t(f'coach.request.{category}', lang)}"])
    if page.untranslated:
        # named as the text labels them ("Summary", "Error codes"), not by their code keys
        fields = ", ".join(page.label(HEADING_OF.get(n, n)) for n in page.untranslated)
        page.lines += ["", t("coach.render.untranslated_note", lang, fields=fields)]
    text = "\n".join(page.lines) + "\n"
    body = "\n".join(page.lines[1:]).strip("\n") + "\n"
    return Rendered(text, lang, page.untranslated, draft.subject, body)
