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
class DossierFacts:
    case: DossierCase
    body: Mapping[str, Any]  # the case's free-form body, as stored
    amazon_case_ids: tuple[AmazonCaseId, ...]
    identifiers: tuple[Identifier, ...]
    events: tuple[DossierEvent, ...]
    status_history: tuple[StatusChange, ...]
    clocks: Mapping[str, DossierClock]  # by side; empty when the case's desk is gone
    generated_at: datetime
