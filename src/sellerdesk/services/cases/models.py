"""What the case services hand back: frozen read models with real datetimes.

The services return these views; the adapters render them (the CLI as text or ``--json``,
the API through pydantic models built ``from_attributes``, the web app as HTML). Nothing
here is JSON: times are ``datetime`` (UTC), sequences are tuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sellerdesk.core.cases.clocks import ClockState

if TYPE_CHECKING:  # the ORM is not imported by the read commands (case list, case show)
    from sellerdesk.core.hours.calendars import CoverageNote
    from sellerdesk.storage.reading import Row
    from sellerdesk.storage.records import CaseRow, EventRow


@dataclass(frozen=True, slots=True)
class AttachmentView:
    name: str
    sha256: str
    size: int
    media_type: str | None
    # a mail's file the byte check doubted: what it is instead (core.file_kinds.verdict)
    check: str | None = None


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    case_id: int
    direction: str
    channel: str | None
    author: str | None
    occurred_at: datetime
    recorded_at: datetime
    body: str
    data: Mapping[str, Any]
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True, slots=True)
class ClockView:
    """One clock (Amazon's or the team's) as of ``now``."""

    running: bool
    started_at: datetime | None
    due_at: datetime | None
    budget_seconds: int
    turn_elapsed_seconds: int
    total_seconds: int
    turns: int
    breached: bool
    overdue_seconds: int | None
    # calendar years this clock's figures rest on that are only guessed (docs/calendars.md)
    estimated_years: tuple[CoverageNote, ...] = ()

    @classmethod
    def of(
        cls, state: ClockState, now: datetime, estimated: tuple[CoverageNote, ...] = ()
    ) -> ClockView:
        overdue = state.overdue_by(now)
        return cls(
            running=state.running,
            started_at=state.started_at,
            due_at=state.due_at,
            budget_seconds=int(state.budget.total_seconds()),
            turn_elapsed_seconds=int(state.turn_elapsed.total_seconds()),
            total_seconds=int(state.total.total_seconds()),
            turns=state.turns,
            breached=state.breached(now),
            overdue_seconds=None if overdue is None else int(overdue.total_seconds()),
            estimated_years=estimated,
        )


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case with its Case IDs, identifiers, events (with attachments) and both clocks."""

    id: int
    store: str
    marketplace: str
    desk: str
    category: str | None
    subject: str
    priority: str
    language: str
    channel: str
    status: str
    amazon_label: str | None
    assignee: str | None
    tags: tuple[str, ...]
    merged_into_id: int | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    submitted_at: datetime | None
    resolved_at: datetime | None
    waiting_on: str | None
    next_breach_at: datetime | None
    body: Mapping[str, Any] = field(default_factory=dict)
    case_ids: tuple[str, ...] = ()
    identifiers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[EventView, ...] = ()
    clocks: Mapping[str, ClockView] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a change reports back: the case, its status and version after the change, and
    what else that change made (the Case ID recorded, the event written, the merge target,
    the tags added or removed); an extra that does not apply is ``None``."""

    id: int
    status: str
    version: int
    case_id: str | None = None
    event_id: int | None = None
    into: int | None = None
    into_version: int | None = None
    added: tuple[str, ...] | None = None
    removed: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None

    @classmethod
    def of(cls, case: CaseRow, **more: Any) -> Outcome:
        return cls(id=case.id, status=case.status, version=case.version, **more)


def event_view(
    event: EventRow | Row[Any], attachments: tuple[AttachmentView, ...] = ()
) -> EventView:
    return EventView(
        id=event.id,
        case_id=event.case_id,
        direction=event.direction,
        channel=event.channel,
        author=event.author,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        body=event.body,
        data=event.data or {},
        attachments=attachments,
    )
