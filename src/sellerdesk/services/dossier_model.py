"""The evidence dossier's facts as a read model: what :func:`services.dossier.collect`
gathers and :mod:`services.dossier_render` lays out. Times are aware UTC datetimes; the
renderer picks the zones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DossierCase:
    """The case's fields, in the order the dossier lists them (each labelled ``f_<name>``)."""

    id: int
    marketplace: str
    desk: str | None
    category: str | None
    subject: str
    status: str
    amazon_label: str | None
    priority: str
    language: str | None
    channel: str | None
    assignee: str | None
    tags: tuple[str, ...]
    merged_into_id: int | None
    created_at: datetime | None
    submitted_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime | None
    store: str  # last: listed after the case's own columns, as it always was


@dataclass(frozen=True)
class AmazonCaseId:
    amazon_case_id: str
    added_at: datetime


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str


@dataclass(frozen=True)
class AttachedFile:
    file_name: str
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True)
class DossierEvent:
    id: int
    occurred_at: datetime
    recorded_at: datetime
    direction: str
    channel: str | None
    author: str | None
    body: str | None
    data: Mapping[str, Any]
    attachments: tuple[AttachedFile, ...]


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    from_status: Any
    to_status: Any


@dataclass(frozen=True)
class DossierClock:
    """One side's response clock, as of the dossier's making."""

    running: bool
    started_at: datetime | None
    due_at: datetime | None
    budget_seconds: int
    total_seconds: int
    turns: int
    breached: bool
    overdue_seconds: int | None


@dataclass(frozen=True)
class DossierPoa:
    """The case's newest saved Plan of Action, as the dossier shows it."""

    version: int
    lang: str  # the plan's own language (its paste text's labels), not the dossier's
    saved_at: datetime
    saved_by: str
    text: str  # the paste text, exactly as it goes to Amazon
    errors: int  # the check's findings that are errors: 0 is ready to send
    evidence: tuple[str, ...]  # what the plan names as evidence (placeholders left out)


@dataclass(frozen=True)
class DossierFacts:
    case: DossierCase
    body: Mapping[str, Any]  # the case's free-form body, as stored
    amazon_case_ids: tuple[AmazonCaseId, ...]
    identifiers: tuple[Identifier, ...]
    events: tuple[DossierEvent, ...]
    status_history: tuple[StatusChange, ...]
    clocks: Mapping[str, DossierClock]  # by side; empty when the case's desk is gone
    generated_at: datetime
    poa: DossierPoa | None = None  # the newest saved Plan of Action, if the case has one


# --- the dossier as laid out: words in one language, one shape for HTML, Markdown and PDF ---


@dataclass(frozen=True)
class FieldRow:
    """One labelled value (a definition list's term and description)."""

    label: str
    value: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event as a person reads it: when, who, by which channel, what."""

    number: int
    when: str  # in the dossier's zone
    when_utc: str
    who: str
    channel: str
    kind: str  # from Amazon / to Amazon / internal note / status change, in words
    what: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    mono: frozenset[int] = frozenset()  # columns of hashes and codes, set in a fixed font
    heads: int = 1  # leading columns that name the row (the PDF's block title): "A1 invoice.pdf"
    # the HTML's fixed column layout for a known table ("files": the attachments); "" lets
    # the browser size the columns
    layout: str = ""
    below: frozenset[int] = frozenset()  # columns the HTML shows on a line of their own


@dataclass(frozen=True)
class DossierSection:
    """A titled part of the dossier: fields, a timeline or a table (or nothing: ``empty``)."""

    key: str  # "case", "description", "poa", "timeline", ...
    title: str
    fields: tuple[FieldRow, ...] = ()
    entries: tuple[TimelineEntry, ...] = ()
    table: Table | None = None
    intro: str = ""
    empty: str = ""
    warning: str = ""  # one line the reader must not miss (a plan not ready to send)
    preformatted: str = ""  # text shown exactly as it is, line for line (the POA's paste text)

    @property
    def is_empty(self) -> bool:
        return not (
            self.fields or self.entries or self.preformatted or (self.table and self.table.rows)
        )


@dataclass(frozen=True)
class Appended:
    """An attachment the PDF appends after the timeline (``kind`` "pdf" or "image")."""

    number: str  # A1, A2, ... as the attachments table numbers it
    name: str
    kind: str
    content: bytes
    pages: int


@dataclass(frozen=True)
class DossierDocument:
    """Everything a renderer needs: no code or raw value left, all in ``lang``."""

    lang: str
    case_id: int
    title: str
    generated: str
    footer: str
    page_words: str  # "Page {page} of {pages}", for the PDF's and the print's page numbers
    sections: tuple[DossierSection, ...]
    timeline_headers: tuple[str, str, str, str]  # date, who, channel, what
    pair_words: str  # "{label}: {value}" (zh: a full-width colon)
    appendix_title: str = ""
    appendix_intro: str = ""
    appended: tuple[Appended, ...] = ()
    image_words: str = ""  # "Attachment {no}: {name}"
    stamp_words: str = ""  # "Attachment {no}: {name} · page {page} of {pages}"
    notice: str = ""  # under the title: what is left out ("Internal notes (2) are left out …")
