"""Evidence dossier (S22b): everything about one case in one self-contained file.

:func:`collect` gathers the facts (case fields, Amazon Case IDs, identifiers, the full
timeline of events with attachments, the status history and the current clocks);
:mod:`sellerdesk.services.dossier_layout` lays them out in the chosen language, and
:mod:`~sellerdesk.services.dossier_render` (Markdown, printable HTML) or
:mod:`~sellerdesk.services.dossier_pdf` (one PDF, attachments appended on request) write
them. Every adapter calls :func:`dossier_in`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.clocks import ClockState
from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.input_guard import scrub
from sellerdesk.core.poa.model import has_placeholder
from sellerdesk.core.poa.rules import PoaRules
from sellerdesk.services import access
from sellerdesk.services.cases.followups import states_of
from sellerdesk.services.dossier_appendix import Verdict, judge
from sellerdesk.services.dossier_internal import for_amazon
from sellerdesk.services.dossier_layout import lay_out
from sellerdesk.services.dossier_model import (
    AmazonCaseId,
    AttachedFile,
    DossierCase,
    DossierClock,
    DossierEvent,
    DossierFacts,
    DossierPoa,
    Identifier,
    StatusChange,
)
from sellerdesk.services.dossier_pdf import render_pdf
from sellerdesk.services.dossier_render import render_html, render_markdown
from sellerdesk.services.poa import poa_of, rules_at
from sellerdesk.services.tracker import TrackerContext, read_transaction
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import dossier as dossier_rows
from sellerdesk.storage.repositories import poas as poa_rows
from sellerdesk.storage.session import Session, SessionFactory

FORMATS = ("md", "html", "pdf")
LANGS = ("en", "zh")


def _attachments(session: Session, event_ids: list[int]) -> dict[int, list[AttachedFile]]:
    out: dict[int, list[AttachedFile]] = {}
    for event_id, file_name, att in dossier_rows.attachments(session, event_ids):
        out.setdefault(event_id, []).append(
            AttachedFile(file_name, att.sha256, att.size, att.media_type)
        )
    return out


def _clocks(states: dict[str, ClockState], now: datetime) -> dict[str, DossierClock]:
    out = {}
    for side, s in states.items():
        overdue = s.overdue_by(now)
        out[side] = DossierClock(
            running=s.running,
            started_at=s.started_at,
            due_at=s.due_at,
            budget_seconds=int(s.budget.total_seconds()),
            total_seconds=int(s.total.total_seconds()),
            turns=s.turns,
            breached=s.breached(now),
            overdue_seconds=None if overdue is None else int(overdue.total_seconds()),
        )
    return out


def _poa(
    session: Session, case_id: int, ctx: TrackerContext, rules: PoaRules | None
) -> DossierPoa | None:
    """The case's newest saved Plan of Action, checked by the rules its own pages use."""
    if poa_rows.latest(session, case_id) is None:
        return None  # asked first: a team's broken poa.toml must not break every dossier
    # the POA pages read <data folder>/poa.toml: the same rules, the same verdict. A context
    # built without a data folder (tools, tests) has its attachments in <home>/attachments.
    home = ctx.data_dir if ctx.data_dir is not None else ctx.attachments_dir.parent
    found = poa_of(session, case_id, rules=rules or rules_at(home))
    if found is None:
        return None
    return DossierPoa(
        version=found.version,
        lang=found.poa.lang,
        saved_at=cast(datetime, found.saved_at),
        saved_by=found.saved_by or "",
        text=found.check.text,
        errors=sum(1 for f in found.check.findings if f.severity == "error"),
        evidence=tuple(e for e in found.poa.evidence if not has_placeholder(e)),
    )


def collect(
    session: Session,
    case_id: int,
    *,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None = None,
    poa_rules: PoaRules | None = None,
) -> DossierFacts:
    """The dossier's facts, times as aware UTC datetimes (rendering picks the zones).
    ``poa_rules``: the rules the case's Plan of Action is checked by (default: the data
    folder's, as the POA pages read them)."""

    def missing() -> NotFound:
        return NotFound.of("case.not_found", field="case_id", case_id=case_id)

    case = case_rows.get(session, case_id)
    if case is None:
        raise missing()
    access.check_read(principal, case.store_id, missing)
    store_name = dossier_rows.store_name(session, case.store_id)
    fields = DossierCase(
        id=case.id,
        store=store_name if store_name is not None else str(case.store_id),
        marketplace=case.marketplace,
        desk=case.desk,
        category=case.category,
        subject=case.subject,
        status=case.status,
        amazon_label=case.amazon_label,
        priority=case.priority,
        language=case.language,
        channel=case.channel,
        assignee=case.assignee,
        tags=tuple(case.tags or ()),
        merged_into_id=case.merged_into_id,
        created_at=case.created_at,
        submitted_at=case.submitted_at,
        resolved_at=case.resolved_at,
        updated_at=case.updated_at,
    )
    events = dossier_rows.events(session, case.id)
    files = _attachments(session, [e.id for e in events])
    timeline = tuple(
        DossierEvent(
            id=e.id,
            occurred_at=e.occurred_at,
            recorded_at=e.recorded_at,
            direction=e.direction,
            channel=e.channel,
            author=e.author,
            body=e.body,
            data=e.data,
            attachments=tuple(files.get(e.id, [])),
        )
        for e in events
    )
    try:
        clocks = _clocks(states_of(session, case, now=now, ctx=ctx), now)
    except KeyError:  # the case's desk is no longer configured: no clocks to show
        clocks = {}
    return DossierFacts(
        case=fields,
        body=case.body or {},
        amazon_case_ids=tuple(
            AmazonCaseId(r.amazon_case_id, r.added_at)
            for r in dossier_rows.amazon_case_ids(session, case.id)
        ),
        identifiers=tuple(
            Identifier(kind, value) for kind, value in dossier_rows.identifiers(session, case.id)
        ),
        events=timeline,
        status_history=tuple(
            StatusChange(e.occurred_at, e.data.get("from"), e.data.get("to"))
            for e in timeline
            if e.direction == "status"
        ),
        clocks=clocks,
        generated_at=now,
        poa=_poa(session, case.id, ctx, poa_rules),
    )


def _verdicts(facts: DossierFacts, attachments_dir: Path) -> tuple[Verdict, ...]:
    files = [a for e in facts.events for a in e.attachments]
    return tuple(
        judge(a, f"A{n}", attachments_dir / a.sha256[:2] / a.sha256)
        for n, a in enumerate(files, start=1)
    )


def check_request(fmt: str, lang: str, *, with_attachments: bool = False) -> None:
    """Refuse a format, a language or an option that does not go together, before any work."""
    if fmt not in FORMATS:
        raise InvalidInput.of("dossier.bad_format", field="format", value=fmt)
    if lang not in LANGS:
        raise InvalidInput.of("dossier2.bad_lang", field="lang", value=lang)
    if with_attachments and fmt != "pdf":
        raise InvalidInput.of("dossier2.attachments_need_pdf", field="with_attachments", format=fmt)


def render(
    facts: DossierFacts,
    *,
    fmt: str,
    lang: str,
    zone: str,
    attachments_dir: Path | None = None,
    internal: bool = False,
) -> str | bytes:
    """The dossier as ``md`` or ``html`` text or ``pdf`` bytes, in ``lang`` (independent of
    the reader's interface), times in ``zone`` and in UTC side by side. ``attachments_dir``:
    append the attachments that are PDFs or images (PDF only). ``internal``: the team's
    internal notes in it too (the case coach's notes never are: dossier_internal)."""
    check_request(fmt, lang, with_attachments=attachments_dir is not None)
    facts, left_out = for_amazon(facts, internal=internal)
    verdicts = None if attachments_dir is None else _verdicts(facts, attachments_dir)
    # scrub: text stored before the input checks (a lone surrogate) shows as U+FFFD rather
    # than making the file unwritable
    doc = lay_out(scrubbed(facts), lang=lang, zone=ZoneInfo(zone), verdicts=verdicts)
    doc = replace(doc, notice=left_out.words(lang))
    if fmt == "pdf":
        return render_pdf(doc)
    return render_html(doc) if fmt == "html" else render_markdown(doc)


def scrubbed(facts: DossierFacts) -> DossierFacts:
    """The facts with every text made encodable (a lone surrogate becomes U+FFFD)."""
    return cast(DossierFacts, _scrub_any(facts))


def _scrub_any(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, tuple):
        return tuple(_scrub_any(v) for v in value)
    if isinstance(value, list):
        return [_scrub_any(v) for v in value]
    if isinstance(value, Mapping):
        return {_scrub_any(k): _scrub_any(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _scrub_any(getattr(value, f.name)) for f in fields(value)})
    return value


def dossier(
    session: Session,
    case_id: int,
    *,
    now: datetime,
    ctx: TrackerContext,
    fmt: str = "md",
    lang: str = "en",
    zone: str | None = None,
    principal: Principal | None = None,
    with_attachments: bool = False,
    poa_rules: PoaRules | None = None,
    internal: bool = False,
) -> str | bytes:
    """Collect and render in one go; ``zone`` defaults to the team's zone."""
    check_request(fmt, lang, with_attachments=with_attachments)
    facts = collect(session, case_id, now=now, ctx=ctx, principal=principal, poa_rules=poa_rules)
    folder = ctx.attachments_dir if with_attachments else None
    return render(
        facts,
        fmt=fmt,
        lang=lang,
        zone=zone or ctx.team_zone,
        attachments_dir=folder,
        internal=internal,
    )


def dossier_in(
    sessions: SessionFactory,
    case_id: int,
    *,
    now: datetime,
    ctx: TrackerContext,
    fmt: str = "md",
    lang: str = "en",
    zone: str | None = None,
    principal: Principal | None = None,
    with_attachments: bool = False,
    poa_rules: PoaRules | None = None,
    internal: bool = False,
) -> str | bytes:
    """The one way every adapter makes a dossier (CLI, API, the case page's links): the facts
    read in a read-only transaction of their own, then laid out and rendered outside it."""
    check_request(fmt, lang, with_attachments=with_attachments)
    with read_transaction(sessions) as session:
        facts = collect(
            session, case_id, now=now, ctx=ctx, principal=principal, poa_rules=poa_rules
        )
    folder = ctx.attachments_dir if with_attachments else None
    return render(
        facts,
        fmt=fmt,
        lang=lang,
        zone=zone or ctx.team_zone,
        attachments_dir=folder,
        internal=internal,
    )


def file_name(
    case_id: int, fmt: str, lang: str, *, with_attachments: bool = False, internal: bool = False
) -> str:
    """The name a downloaded dossier is saved under: the case, the language and whether the
    attachments (and the internal notes) are in it, so that the files a seller keeps side by
    side are told apart (the one with internal notes is not the one to send)."""
    extra = ("-internal" if internal else "") + ("-with-attachments" if with_attachments else "")
    return f"case-{case_id}-dossier-{lang}{extra}.{fmt}"


def check_output(path: Path) -> None:
    """Refuse an output that is a folder, or whose folder does not exist: a mistyped path
    must not become a tree of new folders nor crash after the dossier is rendered."""
    if path.is_dir():
        raise InvalidInput.of("dossier_mend.output_is_folder", field="output", path=str(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput.of("dossier_mend.no_folder", field="output", folder=str(folder))


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` whole or not at all (temp file, fsync, rename)."""
    check_output(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # no permission, a full disk: words and exit 2, not a traceback
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise InvalidInput.of(
            "dossier_trial.cannot_write", field="output", path=str(path), reason=reason
        ) from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
