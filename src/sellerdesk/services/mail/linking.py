"""Which case a mail belongs to, in the issue's order: an Amazon Case ID (from a case link,
then near "Case"/"案例"/"ケース" in the subject, then in the body), the thread headers of
mail already filed, the order IDs / ASINs / shipment IDs of open cases in the store that
owns the source. The first step that names any case decides; one case is a link, several
are candidates for a person."""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.core.cases.identifiers import find_all
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.core.mail.case_ids import find_case_ids
from sellerdesk.core.mail.parse import ParsedMail
from sellerdesk.services.mail.models import MailSource
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.session import Session

IDENTIFIER_KINDS = ("order", "asin", "shipment")


@dataclass(frozen=True)
class Link:
    reason: str | None  # how the cases were found (None: no step found any)
    cases: tuple[int, ...]
    amazon_case_ids: tuple[str, ...] = ()  # Case IDs named that match no case yet


def _visible(session: Session, case_ids: list[int], source: MailSource) -> list[int]:
    """The cases the source may file on, a merged case read as the case it went into."""
    if len(case_ids) == 1 and source.store_ids is None:
        return case_ids  # one case and every store visible: filing follows a merge itself
    out: list[int] = []
    for case_id in case_ids:
        case = case_rows.get(session, case_id)
        hops = 0
        while case is not None and case.merged_into_id is not None and hops < 10:
            case, hops = case_rows.get(session, case.merged_into_id), hops + 1
        if case is None:
            continue
        if source.store_ids is not None and case.store_id not in source.store_ids:
            continue
        out.append(case.id)
    return sorted(set(out))


def find_link(session: Session, mail: ParsedMail, source: MailSource) -> Link:
    found = find_case_ids(mail.subject, mail.text, mail.links)
    unknown: list[str] = []
    for how, ids in found.in_order():
        held = case_rows.cases_by_amazon_id(session, list(ids))
        cases = _visible(session, list(held.values()), source)
        if cases:
            return Link(how, tuple(cases))
        unknown += [i for i in ids if i not in unknown]
    thread = mail_rows.cases_in_thread(session, mail.thread_ids)
    cases = _visible(session, thread, source)
    if cases:
        return Link("thread", tuple(cases), tuple(unknown))
    if source.store_id is not None:
        text = f"{mail.subject}\n{mail.text}"
        pairs = [(k, v) for k in IDENTIFIER_KINDS for v in find_all(k, text)]
        sharing = case_rows.open_cases_sharing(
            session, store_id=source.store_id, open_statuses=OPEN_STATUSES, pairs=pairs[:200]
        )
        cases = _visible(session, sorted({c for c, _, _ in sharing}), source)
        if cases:
            return Link("identifier", tuple(cases), tuple(unknown))
    return Link(None, (), tuple(unknown))
