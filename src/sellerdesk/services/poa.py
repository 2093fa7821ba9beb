"""A case's Plan of Action: drafted from the case's facts, linted, saved as versioned data.

Every save adds the next version of the case's POA (``case_poas``; an older version is never
changed) and an audit row naming who saved which version with the linter's codes. The paste
text and the findings are worked out when asked, in the reader's language, so they never
lag behind the rules. :func:`poa_of` is what the evidence dossier reads.

Access: drafting and saving need write access to the case's store (a viewer is refused, a
store not granted is "not found"); reading needs read access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Conflict, NotFound
from sellerdesk.core.poa.errors import PoaForAnotherCase
from sellerdesk.core.poa.lint import FindingWords, lint_poa, lint_words
from sellerdesk.core.poa.model import Poa, poa_from_mapping, poa_mapping
from sellerdesk.core.poa.render import render_poa
from sellerdesk.core.poa.rules import PoaRules, load_poa_rules
from sellerdesk.core.poa.writer import CaseFacts, FactLine, draft_poa
from sellerdesk.services import access, cases
from sellerdesk.services.cases.models import CaseView
from sellerdesk.services.cases.records import record
from sellerdesk.services.poa_context import team_languages
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.records import CaseRow
from sellerdesk.storage.repositories import attachments as attachment_rows
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import dossier as dossier_rows
from sellerdesk.storage.repositories import poas as poa_rows
from sellerdesk.storage.session import (
    IntegrityError,
    Session,
    SessionFactory,
    read_transaction,
    transaction,
)


@dataclass(frozen=True, slots=True)
class PoaCheck:
    """The linter's verdict on a POA and its paste text, in the reader's language."""

    findings: tuple[FindingWords, ...]
    ready: bool  # no finding is an error
    text: str  # the paste text, labels in the POA's own language
    untranslated: tuple[str, ...]
    chars: int


@dataclass(frozen=True, slots=True)
class PoaVersion:
    version: int
    kind: str
    saved_at: datetime
    saved_by: str


@dataclass(frozen=True, slots=True)
class CasePoa:
    """A case's POA: ``version`` 0 is a draft not saved yet; ``history`` the saved versions."""

    case_id: int
    version: int
    saved_at: datetime | None
    saved_by: str | None
    poa: Poa
    check: PoaCheck
    history: tuple[PoaVersion, ...] = ()
    unchanged: bool = False  # a save of what the newest version already holds: none added


@lru_cache(maxsize=8)
def _rules_cached(home: str, stamp: float) -> PoaRules:
    return load_poa_rules(Path(home))


def rules_at(home: Path) -> PoaRules:
    """The POA rules of the data folder ``home`` (shipped file + its ``poa.toml``), read again
    only when that file changes."""
    own = home / "poa.toml"
    stamp = own.stat().st_mtime if own.is_file() else 0.0
    return _rules_cached(str(home), stamp)


def check(
    poa: Poa, rules: PoaRules, lang: str, attachments: tuple[str, ...] | None = None
) -> PoaCheck:
    """Lint ``poa``; findings worded in ``lang``, the paste text in the POA's language.
    ``attachments``: the case's file names, when the plan's case is known."""
    languages = team_languages(poa.marketplace)
    result = lint_poa(poa, rules, team_languages=languages, attachments=attachments)
    rendered = render_poa(poa, lang=poa.lang, rules=rules)
    return PoaCheck(
        lint_words(result, rules, lang),
        result.ready,
        rendered.text,
        rendered.untranslated,
        rendered.chars,
    )


def facts_of(view: CaseView) -> CaseFacts:
    """What a POA can take from a case: notice, identifiers, files, the dated facts."""
    body = view.body or {}
    timeline = [
        FactLine(str(e.get("at", "")), str(e.get("what", "")))
        for e in body.get("timeline", [])
        if isinstance(e, dict)
    ]
    timeline += [
        FactLine(e.occurred_at.date().isoformat(), e.body.splitlines()[0] if e.body else "")
        for e in view.events
        if e.direction != "status"
    ]
    files = [a.name for e in view.events for a in e.attachments]
    attached = {f.casefold() for f in files}
    mentioned = [str(x) for x in body.get("attachments", []) if str(x).casefold() not in attached]
    ids = view.identifiers
    return CaseFacts(
        case_id=view.id,
        store=view.store,
        marketplace=view.marketplace,
        category=view.category,
        subject=view.subject,
        error_codes=tuple(str(x) for x in body.get("error_codes", [])),
        order_ids=tuple(ids.get("order", ())),
        asins=tuple(ids.get("asin", ())),
        case_ids=view.case_ids,
        attachments=tuple(files),
        mentioned=tuple(mentioned),
        timeline=tuple(timeline),
    )


def _missing(case_id: int) -> NotFound:
    return NotFound.of("case.not_found", field="case_id", case_id=case_id)


def _writable(session: Session, case_id: int, principal: Principal | None) -> CaseRow:
    """The case, once the principal may write to it."""
    case = case_rows.get_for_update(session, case_id)
    if case is None:
        raise _missing(case_id)
    access.check_write(principal, case.store_id, lambda: _missing(case_id))
    return case


def _belongs(session: Session, poa: Poa, case: CaseRow) -> Poa:
    """``poa`` as saved onto ``case``: naming its case, store and marketplace (the header
    line "Store: … | Marketplace: …" the paste text opens with, whichever adapter saved it).

    Refuses a POA written for another case or store: saved onto this case it would tell
    Amazon another case's facts. A plan naming no case or no store is taken as this one's."""
    store = dossier_rows.store_name(session, case.store_id) or ""
    if poa.case_id is not None and poa.case_id != case.id:
        raise PoaForAnotherCase.naming("case", case_id=case.id, named=poa.case_id, store=store)
    if poa.store.strip() and store and poa.store.strip().casefold() != store.casefold():
        raise PoaForAnotherCase.naming("store", case_id=case.id, named=poa.store, store=store)
    return replace(
        poa,
        case_id=case.id,
        store=poa.store.strip() or store,
        marketplace=poa.marketplace.strip() or case.marketplace or "",
    )


def draft(
    *,
    sessions: SessionFactory,
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    kind: str,
    poa_lang: str,
    rules: PoaRules,
    lang: str,
    principal: Principal | None = None,
) -> CasePoa:
    """A new POA of ``kind`` drafted from the case's facts (not saved: version 0)."""
    rules.kind(kind)  # refused first, naming the kind
    with read_transaction(sessions) as session:
        case = case_rows.get(session, case_id)
        if case is None:
            raise _missing(case_id)
        access.check_write(principal, case.store_id, lambda: _missing(case_id))
    view = cases.show(sessions=sessions, now=now, ctx=ctx, case_id=case_id, principal=principal)
    facts = facts_of(view)
    poa = draft_poa(facts, kind=kind, lang=poa_lang, rules=rules)
    return CasePoa(case_id, 0, None, None, poa, check(poa, rules, lang, facts.attachments))


def create(
    *,
    sessions: SessionFactory,
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    kind: str,
    poa_lang: str,
    rules: PoaRules,
    lang: str,
    principal: Principal | None = None,
) -> CasePoa:
    """Draft a POA from the case's facts and save it as the case's next version (an older
    version, edited or not, stays in the history)."""
    drafted = draft(
        sessions=sessions,
        now=now,
        ctx=ctx,
        case_id=case_id,
        kind=kind,
        poa_lang=poa_lang,
        rules=rules,
        lang=lang,
        principal=principal,
    )
    return save(
        sessions=sessions,
        now=now,
        ctx=ctx,
        case_id=case_id,
        poa=drafted.poa,
        rules=rules,
        lang=lang,
        principal=principal,
    )


def _view(session: Session, case_id: int, rules: PoaRules, lang: str) -> CasePoa | None:
    row = poa_rows.latest(session, case_id)
    if row is None:
        return None
    poa = poa_from_mapping(row["data"])
    history = tuple(
        PoaVersion(r["version"], r["kind"], r["saved_at"], r["saved_by"])
        for r in poa_rows.versions(session, case_id)
    )
    return CasePoa(
        case_id,
        row["version"],
        row["saved_at"],
        row["saved_by"],
        poa,
        check(poa, rules, lang, tuple(attachment_rows.file_names_on_case(session, case_id))),
        history,
    )


def save(
    *,
    sessions: SessionFactory,
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    poa: Poa,
    rules: PoaRules,
    lang: str,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> CasePoa:
    """Save ``poa`` as the case's next version; ``expected_version`` (the version read, 0
    for none yet) refuses a save over someone else's newer one. A plan the same as the
    newest version adds nothing: that version comes back with ``unchanged``."""
    rules.kind(poa.kind)
    result = lint_poa(poa, rules)
    try:
        with transaction(sessions) as session:
            poa = _belongs(session, poa, _writable(session, case_id, principal))
            row = poa_rows.latest(session, case_id)
            current = row["version"] if row is not None else 0
            if expected_version is not None and expected_version != current:
                raise _stale(case_id, expected_version, current)
            # a second Save of the same plan is no new version (nor an audit row)
            unchanged = row is not None and row["data"] == poa_mapping(poa)
            version = current + 1
            if not unchanged:
                _add(session, case_id, version, poa, now=now, ctx=ctx, codes=result.codes)
    except IntegrityError:  # a concurrent save took this version between our read and write
        raise _stale(case_id, expected_version or 0, -1) from None
    done = load(sessions=sessions, case_id=case_id, rules=rules, lang=lang, principal=principal)
    return replace(done, unchanged=unchanged)


def _add(
    session: Session,
    case_id: int,
    version: int,
    poa: Poa,
    *,
    now: datetime,
    ctx: TrackerContext,
    codes: Sequence[str],
) -> None:
    poa_rows.add(
        session,
        case_id=case_id,
        version=version,
        kind=poa.kind,
        lang=poa.lang,
        data=poa_mapping(poa),
        now=now,
        actor=ctx.actor,
    )
    detail = {"version": version, "kind": poa.kind, "lint_codes": list(codes)}
    record(session, case_id, "save_poa", now=now, ctx=ctx, detail=detail)


def _stale(case_id: int, seen: int, current: int) -> Conflict:
    return Conflict.of(
        "poa.stale",
        field="expected_version",
        case_id=case_id,
        seen=seen,
        current=current if current >= 0 else "?",
    )


@dataclass(frozen=True, slots=True)
class PoaPage:
    """What the POA page shows: the case (its store and category: the kinds it may need)
    and its newest saved POA, if any."""

    case_id: int
    store: str
    store_id: int
    category: str | None
    subject: str
    kinds: tuple[str, ...]  # the kinds of appeal the case's category suggests (may be none)
    current: CasePoa | None


def page(
    *,
    sessions: SessionFactory,
    case_id: int,
    rules: PoaRules,
    lang: str,
    principal: Principal | None = None,
) -> PoaPage:
    with read_transaction(sessions) as session:
        case = case_rows.get(session, case_id)
        if case is None:
            raise _missing(case_id)
        access.check_read(principal, case.store_id, lambda: _missing(case_id))
        store = dossier_rows.store_name(session, case.store_id) or str(case.store_id)
        current = _view(session, case_id, rules, lang)
    kinds = rules.kinds_for(case.category)
    return PoaPage(case_id, store, case.store_id, case.category, case.subject, kinds, current)


def load(
    *,
    sessions: SessionFactory,
    case_id: int,
    rules: PoaRules,
    lang: str,
    principal: Principal | None = None,
) -> CasePoa:
    """The newest saved POA of the case with its history; NotFound when none is saved."""
    with read_transaction(sessions) as session:
        case = case_rows.get(session, case_id)
        if case is None:
            raise _missing(case_id)
        access.check_read(principal, case.store_id, lambda: _missing(case_id))
        view = _view(session, case_id, rules, lang)
    if view is None:
        raise NotFound.of("poa.not_found", field="case_id", case_id=case_id)
    return view


def poa_of(
    source: Session | SessionFactory,
    case_id: int,
    *,
    rules: PoaRules | None = None,
    lang: str = "en",
) -> CasePoa | None:
    """The newest saved POA of a case, for the dossier (None: the case has none).

    ``source`` is an open session (the dossier's own transaction) or the sessions to open
    one with. No access check: the caller has already checked the case may be read.
    """
    rules = rules or load_poa_rules()
    if isinstance(source, Session):
        return _view(source, case_id, rules, lang)
    with read_transaction(source) as session:
        return _view(session, case_id, rules, lang)


def kinds_for(rules: PoaRules, category: str | None) -> Sequence[str]:
    """The kinds of appeal a case of ``category`` may need (the pages offer these)."""
    return rules.kinds_for(category)
