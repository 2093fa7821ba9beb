"""Draft a Plan of Action from a case's facts, with placeholders the seller must fill.

The writer never invents a root cause or an action: what only the seller knows is a
placeholder (``<<FILL: …>>``) carrying the kind's prompt from ``data/poa.toml``. What the
case already knows is filled in: Amazon's notice (subject and error codes), the
identifiers, the files attached to the case (a file its draft only names is a placeholder
saying it is not attached yet), and the date the trouble began as a hint for
the actions' dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerdesk.core.coach import detect
from sellerdesk.core.i18n import t
from sellerdesk.core.poa.model import Action, Poa, placeholder
from sellerdesk.core.poa.rules import PoaRules

# a code alone (5665, E-1001, InvalidInput), not an error message quoting one
_BARE_CODE = re.compile(r"#?[A-Za-z]{0,3}[-_]?\d{3,6}|[A-Z][A-Za-z_]+")


@dataclass(frozen=True, slots=True)
class FactLine:
    """One dated fact of the case: a line of the draft's timeline or an event."""

    at: str  # as written or as recorded (an event's date, YYYY-MM-DD)
    what: str


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What a case knows that a POA can use (built by the service from a CaseView)."""

    case_id: int | None = None
    store: str = ""
    marketplace: str = ""
    category: str | None = None
    subject: str = ""
    error_codes: tuple[str, ...] = ()
    order_ids: tuple[str, ...] = ()
    asins: tuple[str, ...] = ()
    case_ids: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # the files attached to the case (its events')
    mentioned: tuple[str, ...] = ()  # files the case's draft names that are not attached
    timeline: tuple[FactLine, ...] = ()


def _since(facts: CaseFacts) -> str:
    """The first date the case names (the notice, usually), or ""."""
    for line in facts.timeline:
        found = detect.first_date(line.at) or detect.first_date(line.what)
        if found:
            return found
    return ""


def _notice(facts: CaseFacts, lang: str) -> str:
    if not facts.subject and not facts.error_codes:
        return placeholder(t("poa.writer.notice", lang), lang)
    codes = ", ".join(facts.error_codes)
    if not codes:
        return facts.subject
    if any(not _BARE_CODE.fullmatch(c) for c in facts.error_codes):
        # "Error 5665: You need approval …" already says it is an error: not "error Error …"
        key = "paste_mend.poa.notice_messages"
        return t(key, lang, subject=facts.subject, codes=codes).strip()
    return t("poa.writer.notice_codes", lang, subject=facts.subject, codes=codes).strip()


def draft_poa(facts: CaseFacts, *, kind: str, lang: str, rules: PoaRules) -> Poa:
    """A POA of ``kind`` in ``lang`` from ``facts``: every part present, each item either
    known from the case or a marked placeholder."""
    spec = rules.kind(kind)
    since = _since(facts)
    done_hint = (
        t("poa.writer.date_done", lang, since=since)
        if since
        else t("poa.writer.date_done_plain", lang)
    )
    owner = placeholder(t("poa.writer.owner", lang), lang)
    corrective = tuple(
        Action(placeholder(hint, lang), placeholder(done_hint, lang), owner)
        for hint in spec.corrective_hints[lang]
    )
    preventive = tuple(
        Action(placeholder(hint, lang), placeholder(t("poa.writer.date_from", lang), lang), owner)
        for hint in spec.preventive_hints[lang]
    )
    files = tuple(dict.fromkeys(facts.attachments))
    # a file the draft only names is not evidence Amazon will see: the seller attaches it
    # or drops the line (a placeholder, so it is never pasted as "attached")
    named = tuple(
        placeholder(t("poa.writer.mentioned", lang, name=name), lang)
        for name in dict.fromkeys(facts.mentioned)
    )
    hints = spec.evidence_hints[lang]
    wanted = () if files or named else tuple(placeholder(h, lang) for h in hints)
    return Poa(
        kind=spec.key,
        lang=lang,
        case_id=facts.case_id,
        store=facts.store,
        marketplace=facts.marketplace,
        notice=_notice(facts, lang),
        root_causes=(placeholder(spec.root_cause_hint[lang], lang),),
        corrective_actions=corrective,
        preventive_measures=preventive,
        evidence=files + named + wanted,
        order_ids=tuple(dict.fromkeys(facts.order_ids)),
        asins=tuple(dict.fromkeys(facts.asins)),
        case_ids=tuple(dict.fromkeys(facts.case_ids)),
    )
