"""The dossier's facts laid out in one language: labelled fields, statuses and codes in
words, a human timeline (date, who, channel, what), attachments with size and sha256.

HTML, Markdown and PDF all render the :class:`DossierDocument` made here, so they say the
same thing. The parts are :data:`SECTIONS`, in order: a new part is one more builder in
that list (a builder may return None: the Plan of Action shows only when the case has one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.core.cases.body import DRAFT_FIELDS  # in the order the case page shows them
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.sizes import human_size
from sellerdesk.core.zh_spacing import colon, list_separator
from sellerdesk.services.dossier_appendix import Verdict
from sellerdesk.services.dossier_model import (
    DossierDocument,
    DossierFacts,
    DossierSection,
    FieldRow,
    Table,
    TimelineEntry,
)
from sellerdesk.services.dossier_untranslated import CASE_WORDS, flag_chinese
from sellerdesk.services.dossier_words import SYSTEM_AUTHORS, UTC_NAMES, coach_note, duration, saver

# where each kind of code has its words (the pages read the same: web/layout.LABEL_TABLES)
WORDS_OF = {
    "status": "app.status",
    "priority": "case_page.priority",
    "region": "store_admin.region",
    "channel": "labels.channel",
    "marketplace": "labels.marketplace",
    "category": "labels.category",
    "identifier": "labels.identifier",
}


@dataclass(frozen=True)
class Words:
    """The dossier's words and formats in one language and zone."""

    lang: str
    zone: ZoneInfo

    def __call__(self, key: str, **params: Any) -> str:
        return t(f"dossier2.{key}", self.lang, **params)

    def old(self, key: str) -> str:  # the first dossier's labels (dossier.*)
        return t(f"dossier.{key}", self.lang)

    def code(self, kind: str, code: str | None) -> str:
        if code is None or code == "":
            return "—"
        key = f"{WORDS_OF[kind]}.{code}"
        known = key in catalog(self.lang) or key in catalog("en")
        return t(key, self.lang) if known else code

    def time(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return f"{moment.astimezone(self.zone):%Y-%m-%d %H:%M:%S %z}"

    @property
    def in_utc(self) -> bool:  # the zone is UTC: each time is said once, not twice
        return self.zone.key in UTC_NAMES

    def utc(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        if self.in_utc:  # beside the time itself, "(UTC)" names its zone
            return "UTC"
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"

    def both(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        if self.in_utc:
            return f"{self.time(moment)} (UTC)"
        return f"{self.time(moment)} ({self.zone.key}) / {self.utc(moment)}"

    def size(self, size: int) -> str:
        return self("size_bytes", size=human_size(size), bytes=f"{size:,}")


def _text(value: Any) -> str:
    """A stored value as text: lists one a line, mappings ``key: value`` a line."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return "\n".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _case_fields(facts: DossierFacts, w: Words) -> DossierSection:
    c = facts.case
    language = {"en": w("lang_en"), "zh": w("lang_zh")}.get(c.language or "", c.language or "—")
    rows = [
        (w.old("f_id"), f"#{c.id}"),
        (w.old("f_subject"), c.subject),
        (w.old("f_store"), c.store),
        (w.old("f_marketplace"), w.code("marketplace", c.marketplace)),
        (w.old("f_desk"), w.code("region", c.desk)),
        (w.old("f_category"), w.code("category", c.category)),
        (w.old("f_status"), w.code("status", c.status)),
        (w.old("f_amazon_label"), c.amazon_label or "—"),
        (w.old("f_priority"), w.code("priority", c.priority)),
        (w.old("f_language"), language),
        (w.old("f_channel"), w.code("channel", c.channel)),
        (w.old("f_assignee"), c.assignee or "—"),
        (w.old("f_tags"), list_separator(w.lang).join(c.tags) or "—"),
        (w.old("f_merged_into_id"), f"#{c.merged_into_id}" if c.merged_into_id else "—"),
        (w.old("f_created_at"), w.both(c.created_at)),
        (w.old("f_submitted_at"), w.both(c.submitted_at)),
        (w.old("f_resolved_at"), w.both(c.resolved_at)),
        (w.old("f_updated_at"), w.both(c.updated_at)),
    ]
    return DossierSection("case", w("fields"), fields=tuple(FieldRow(k, v) for k, v in rows))


def _draft_timeline(value: Any, w: Words) -> str:
    if not isinstance(value, list):
        return _text(value)
    lines = []
    for entry in value:
        if isinstance(entry, Mapping):
            at = str(entry.get("at") or "").strip() or w("draft_timeline_none")
            lines.append(f"{at}{colon(w.lang)}{_text(entry.get('what'))}")
        else:
            lines.append(_text(entry))
    return "\n".join(lines) or "—"


def _draft_label(key: str, lang: str) -> str:
    """The case page's label of a draft field, unless the dossier words it for a reader at
    Amazon ("Actual result" as the paste text says, not the page's "What happened")."""
    for label_key in (f"dossier_trial.draft.{key}", f"case_page.draft.{key}"):
        if label_key in catalog(lang) or label_key in catalog("en"):
            return t(label_key, lang)
    return key


def _description(facts: DossierFacts, w: Words) -> DossierSection:
    body = dict(facts.body)
    order = [k for k in DRAFT_FIELDS if k in body] + [k for k in body if k not in DRAFT_FIELDS]
    rows = []
    for key in order:
        value = body[key]
        if value in (None, "", [], {}):
            continue
        if key == "timeline":
            shown = _draft_timeline(value, w)
        elif key == "steps" and isinstance(value, list):
            shown = "\n".join(f"{n}. {_text(v)}" for n, v in enumerate(value, start=1))
        else:
            shown = _text(value)
        rows.append(FieldRow(_draft_label(key, w.lang), shown))
    return DossierSection("description", w("description"), fields=tuple(rows), empty=w("none"))


def _poa(facts: DossierFacts, w: Words) -> DossierSection | None:
    """The plan exactly as pasted to Amazon (in its own language), who saved which version,
    a warning when its check finds errors, and which evidence it names is attached here."""
    poa = facts.poa
    if poa is None:
        return None

    def say(key: str, **params: Any) -> str:
        return t(f"dossier_poa.{key}", w.lang, **params)

    language = {"en": w("lang_en"), "zh": w("lang_zh")}.get(poa.lang, poa.lang)
    intro = say(
        "intro",
        version=poa.version,
        lang=language,
        who=saver(poa.saved_by, w.lang),
        at=w.both(poa.saved_at),
    )
    warning = ""
    if poa.errors:
        warning = say("not_ready_one" if poa.errors == 1 else "not_ready", errors=poa.errors)
    files = [a.file_name for e in facts.events for a in e.attachments]
    rows = []
    for named in poa.evidence:
        found = [f"A{n} {name}" for n, name in enumerate(files, 1) if _names(named, name)]
        rows.append((named, list_separator(w.lang).join(found) or say("not_attached")))
    table = Table((say("col_named"), say("col_attached")), tuple(rows)) if rows else None
    return DossierSection(
        "poa",
        say("title"),
        table=table,
        intro=intro,
        warning=warning,
        preformatted=poa.text.rstrip("\n"),
    )


def _names(named: str, file_name: str) -> bool:
    """Whether evidence the plan names is this attachment: its file name, alone or within
    the words ("Supplier invoices (invoice-0311.pdf)"), letter case aside."""
    name = file_name.strip().casefold()
    return bool(name) and name in named.casefold()


def _case_ids(facts: DossierFacts, w: Words) -> DossierSection:
    rows = tuple((r.amazon_case_id, w.both(r.added_at)) for r in facts.amazon_case_ids)
    table = Table((w.old("case_id"), w("added")), rows, mono=frozenset({0}))
    return DossierSection("case_ids", w("case_ids"), table=table, empty=w("none"))


def _identifiers(facts: DossierFacts, w: Words) -> DossierSection:
    rows = tuple(FieldRow(w.code("identifier", r.kind), r.value) for r in facts.identifiers)
    return DossierSection("identifiers", w("identifiers"), fields=rows, empty=w("none"))


def _who(direction: str, author: str | None, w: Words) -> str:
    person = (author or "").strip()
    if person.split(":")[0] in SYSTEM_AUTHORS:
        person = ""
    if direction == "in":
        return w("who.amazon_named", name=person) if person else w("who.amazon")
    if person:
        return person
    return w("who.system") if direction == "status" else w("who.team")


def _status_words(data: Mapping[str, Any], w: Words) -> str:
    if "merge" in data and isinstance(data["merge"], Mapping):
        merge = data["merge"]
        return w("merge_of", source=merge.get("from"), target=merge.get("into"))
    to = w.code("status", data.get("to"))
    parts = [
        w("status_change", change=f"{w.code('status', data['from'])} → {to}")
        if data.get("from")
        else w("status_first", to=to)
    ]
    if data.get("amazon_case_id"):
        parts.append(w("case_id_given", case_id=data["amazon_case_id"]))
    if data.get("amazon_label"):
        parts.append(w("amazon_label", label=data["amazon_label"]))
    if data.get("into"):
        parts.append(w("merged_into", id=data["into"]))
    return " · ".join(parts)


def _timeline(facts: DossierFacts, w: Words) -> DossierSection:
    entries = []
    number = 0
    for n, e in enumerate(facts.events, start=1):
        what = coach_note(e.data, w.lang) or (e.body or "").strip()
        if e.direction == "status" or "merge" in e.data:
            what = "\n".join(p for p in (_status_words(e.data, w), what) if p)
        files = []
        for a in e.attachments:
            number += 1
            files.append(f"A{number} {a.file_name}")
        entries.append(
            TimelineEntry(
                number=n,
                when=w.time(e.occurred_at),
                when_utc=w.utc(e.occurred_at),
                who=_who(e.direction, e.author, w),
                channel=w.code("channel", e.channel),
                kind=w(f"dir.{e.direction}"),
                what=what or "—",
                files=tuple(files),
            )
        )
    intro = (
        t("dossier_trial.timeline_intro_utc", w.lang)
        if w.in_utc
        else w("timeline_intro", zone=w.zone.key)
    )
    return DossierSection(
        "timeline", w("timeline"), entries=tuple(entries), intro=intro, empty=w("none")
    )


def _attachments(
    facts: DossierFacts, w: Words, verdicts: Sequence[Verdict] | None
) -> DossierSection:
    headers = [w("attachment_no"), w.old("file"), w.old("media_type"), w("size"), "SHA-256"]
    if verdicts is not None:
        headers.append(w("appended"))
    rows = []
    files = [(n, a) for n, e in enumerate(facts.events, start=1) for a in e.attachments]
    for index, (_event, a) in enumerate(files):
        row = [f"A{index + 1}", a.file_name, a.media_type, w.size(a.size), a.sha256]
        if verdicts is not None:
            verdict = verdicts[index]
            if verdict.appended is None:
                row.append(w("not_appended", reason=_reason(verdict.reason, w)))
            elif verdict.appended.kind == "image" or verdict.appended.pages == 1:
                row.append(w("appended_image"))
            else:
                row.append(w("appended_pages", pages=verdict.appended.pages))
        rows.append(tuple(row))
    sha = frozenset({4})  # 64 hex digits: a line of their own in the HTML, never broken
    table = Table(tuple(headers), tuple(rows), mono=sha, heads=2, layout="files", below=sha)
    return DossierSection("attachments", w("attachments"), table=table, empty=w("none"))


def _reason(key: str | None, w: Words) -> str:
    """Why an attachment is not appended, in words (the later reasons: dossier_trial.*)."""
    later = f"dossier_trial.{key}"
    if key and (later in catalog(w.lang) or later in catalog("en")):
        return t(later, w.lang)
    return w(key or "not_pdf_or_image")


def _history(facts: DossierFacts, w: Words) -> DossierSection:
    rows = tuple(
        (
            w.both(h.at),
            w.code("status", h.from_status) if h.from_status else "—",
            w.code("status", h.to_status),
        )
        for h in facts.status_history
    )
    table = Table((w("col_when"), w.old("from"), w.old("to")), rows)
    return DossierSection("history", w("history"), table=table, empty=w("none"))


def _clocks(facts: DossierFacts, w: Words) -> DossierSection:
    headers = ("side", "running", "started", "due", "budget", "total", "turns", "overdue")
    rows = tuple(
        (
            w.old(f"side_{side}"),
            w("yes") if c.running else w("no"),
            w.both(c.started_at),
            w.both(c.due_at),
            duration(c.budget_seconds, w.lang),
            duration(c.total_seconds, w.lang),
            str(c.turns),
            duration(c.overdue_seconds, w.lang) if c.breached else "—",
        )
        for side, c in facts.clocks.items()
    )
    table = Table(tuple(w.old(h) for h in headers), rows)
    return DossierSection("clocks", w("clocks"), table=table, empty=w("none"))


Builder = Callable[[DossierFacts, Words, Sequence[Verdict] | None], DossierSection | None]

# The dossier's parts, in order. The Plan of Action follows what happened: a reviewer reads
# the plan before the evidence it points at (None, so no section, when the case has none).
SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("case", lambda f, w, _v: _case_fields(f, w)),
    ("description", lambda f, w, _v: _description(f, w)),
    ("poa", lambda f, w, _v: _poa(f, w)),
    ("case_ids", lambda f, w, _v: _case_ids(f, w)),
    ("identifiers", lambda f, w, _v: _identifiers(f, w)),
    ("timeline", lambda f, w, _v: _timeline(f, w)),
    ("attachments", _attachments),
    ("history", lambda f, w, _v: _history(f, w)),
    ("clocks", lambda f, w, _v: _clocks(f, w)),
)


def lay_out(
    facts: DossierFacts, *, lang: str, zone: ZoneInfo, verdicts: Sequence[Verdict] | None = None
) -> DossierDocument:
    """The document in ``lang`` with times in ``zone`` (and UTC); ``verdicts`` (one per
    attachment, in timeline order) when the PDF appends the attachments."""
    w = Words(lang, zone)
    appended = tuple(v.appended for v in verdicts or () if v.appended is not None)
    return DossierDocument(
        lang=lang,
        case_id=facts.case.id,
        title=w.old("title").format(id=facts.case.id, subject=facts.case.subject),
        generated=w.old("generated").format(at=w.both(facts.generated_at)),
        footer=w("footer", id=facts.case.id, at=w.time(facts.generated_at)),
        page_words=w("page", page="{page}", pages="{pages}"),
        sections=tuple(
            flag_chinese(s, lang=lang, case_words=tuple(w.old(k) for k in CASE_WORDS))
            for _key, build in SECTIONS
            if (s := build(facts, w, verdicts))
        ),
        timeline_headers=(w("col_when"), w("col_who"), w("col_channel"), w("col_what")),
        pair_words=w("pair", label="{label}", value="{value}"),
        appendix_title=w("appendix") if appended else "",
        appendix_intro=w("appendix_intro") if appended else "",
        appended=appended,
        image_words=w("appendix_image", no="{no}", name="{name}"),
        stamp_words=w("appendix_stamp", no="{no}", name="{name}", page="{page}", pages="{pages}"),
    )
